"""``jixiao serve`` in a real browser: Debian's chromium, headless, driven through DevTools.

The page shows every page of the PDF as an image and the current findings; a saved edit
appears without a reload (the page's version moves on, its images change, the finding the
edit causes is listed); a mistake is shown as its line; Ctrl-C stops the server cleanly.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from jixiao.cli import main
from pdf_reading import page_texts

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium "
                                "(apt-get install chromium)")
SERVE = "import sys; from jixiao.cli import main; sys.exit(main(sys.argv[1:]))"
CHINESE = {k: v for k, v in os.environ.items() if k not in ("JIXIAO_LANG", "LANG", "LC_ALL")}
WAIT = 90  # seconds before a wait gives up: a busy machine is slow, never this slow


def wait_for(predicate, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


class DevTools:
    """The smallest DevTools protocol client: one page, commands answered by id."""

    def __init__(self, url: str):
        import websocket

        self.socket = websocket.create_connection(url, timeout=WAIT, suppress_origin=True)
        self.last = 0

    def call(self, method: str, **params):
        self.last += 1
        self.socket.send(json.dumps({"id": self.last, "method": method, "params": params}))
        while True:
            answer = json.loads(self.socket.recv())
            if answer.get("id") == self.last:
                if "error" in answer:
                    raise AssertionError(f"{method}: {answer['error']}")
                return answer["result"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")


@pytest.fixture
def browser(tmp_path):
    profile = tmp_path / "chromium-profile"
    process = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        active = profile / "DevToolsActivePort"
        port = wait_for(lambda: active.is_file() and active.read_text().split("\n")[0],
                        "chromium's DevTools port")
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        tools = DevTools(page["webSocketDebuggerUrl"])
        yield tools
        tools.socket.close()
    finally:
        process.terminate()
        process.wait(timeout=WAIT)


class Server:
    """``jixiao serve`` as a user starts it, its printed lines collected as they come."""

    def __init__(self, report: Path, *options: str):
        self.process = subprocess.Popen([sys.executable, "-c", SERVE, *options, "serve",
                                         "--report", str(report)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=CHINESE)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = wait_for(lambda: self.lines and self.lines[0], "the server's address")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))


def page_state(browser: DevTools) -> dict:
    return browser.evaluate("""({
        version: Number(document.body.dataset.version),
        images: [...document.querySelectorAll('img.page')].map(i => i.src),
        loaded: [...document.querySelectorAll('img.page')].every(
            i => i.complete && i.naturalWidth > 0),
        findings: [...document.querySelectorAll('#findings li')].map(li => li.textContent),
        error: document.getElementById('error').textContent})""")


def digests(urls: list[str]) -> list[str]:
    return [hashlib.sha256(urllib.request.urlopen(url).read()).hexdigest() for url in urls]


def test_the_page_shows_the_pages_and_a_saved_edit_appears(browser, report_copy,
                                                          example_build, tmp_path):
    server = Server(report_copy)
    assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/")
    try:
        browser.call("Page.navigate", url=server.url)
        pages = sum(len(page_texts(example_build[k])) for k in ("整体.pdf", "项目.pdf"))
        first = wait_for(lambda: (s := page_state(browser))["version"] >= 1 and s["loaded"]
                         and s, "the first pages")
        assert len(first["images"]) == pages
        assert not any(" CLAIM " in f for f in first["findings"])
        before = digests(first["images"])

        section = report_copy / "整体" / "02-一般公共预算支出情况.md"
        lines = section.read_text(encoding="utf-8").count("\n")
        with section.open("a", encoding="utf-8") as edit:
            edit.write("\n本年度预算执行率为12.34%。\n")
        edited = wait_for(lambda: (s := page_state(browser))["version"] > first["version"]
                          and s["loaded"] and s, "the edited pages")
        assert len(edited["images"]) >= pages
        assert digests(edited["images"]) != before
        claim = [f for f in edited["findings"] if " CLAIM " in f]
        assert claim and f"02-一般公共预算支出情况.md:{lines + 2}:" in claim[0]

        with section.open("a", encoding="utf-8") as edit:
            edit.write("\n{{ 预算.不存在 }}\n")
        broken = wait_for(lambda: (s := page_state(browser))["version"] > edited["version"]
                          and s, "the mistake shown")
        assert "预算.不存在" in broken["error"] and broken["images"] == edited["images"]
    finally:
        server.process.send_signal(2)  # Ctrl-C
        assert server.process.wait(timeout=WAIT) == 0
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
