"""``jixiao serve`` in a real browser: Debian's chromium, headless, driven through DevTools.

The page shows every page of the PDF as an image and the current findings; a saved edit
appears without a reload (the page's version moves on, its images change, the finding the
edit causes is listed); a mistake is shown as its line; Ctrl-C stops the server cleanly.
"""

from __future__ import annotations

import hashlib
import os
import socket
import urllib.request

import pytest

from jixiao.cli import main
from jixiao.commands.browser import Browser, ServeProcess, chromium
from pdf_reading import page_texts

pytestmark = pytest.mark.skipif(chromium() is None, reason="needs Debian's chromium "
                                "(apt-get install chromium)")
CHINESE = {k: v for k, v in os.environ.items() if k not in ("JIXIAO_LANG", "LANG", "LC_ALL")}


@pytest.fixture
def browser():
    with Browser() as page:
        yield page


def digests(urls: list[str]) -> list[str]:
    return [hashlib.sha256(urllib.request.urlopen(url).read()).hexdigest() for url in urls]


def test_the_page_shows_the_pages_and_a_saved_edit_appears(browser, report_copy,
                                                          example_build):
    server = ServeProcess(report_copy, env=CHINESE)
    assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/")
    try:
        browser.navigate(server.url)
        pages = sum(len(page_texts(example_build[k])) for k in ("整体.pdf", "项目.pdf"))
        first = browser.preview_shown()
        assert len(first["images"]) == pages
        assert not any(" CLAIM " in f for f in first["findings"])
        before = digests(first["images"])

        section = report_copy / "整体" / "02-一般公共预算支出情况.md"
        lines = section.read_text(encoding="utf-8").count("\n")
        with section.open("a", encoding="utf-8") as edit:
            edit.write("\n本年度预算执行率为12.34%。\n")
        edited = browser.preview_updated(first["version"])
        assert len(edited["images"]) >= pages
        assert digests(edited["images"]) != before
        claim = [f for f in edited["findings"] if " CLAIM " in f]
        assert claim and f"02-一般公共预算支出情况.md:{lines + 2}:" in claim[0]

        with section.open("a", encoding="utf-8") as edit:
            edit.write("\n{{ 预算.不存在 }}\n")
        broken = browser.preview_updated(edited["version"])
        assert "预算.不存在" in broken["error"] and broken["images"] == edited["images"]
    finally:
        assert server.stop() == 0  # Ctrl-C
    assert server.lines[-1] == "已停止"
    assert "Traceback" not in server.process.stderr.read()


def test_a_port_in_use_is_one_line(report_copy, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--lang", "en", "serve", "--report", str(report_copy),
                     "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"port {port} is in use" in err
