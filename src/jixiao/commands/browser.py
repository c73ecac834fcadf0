"""The live preview as a writer sees it: ``jixiao serve`` run as a command, and a headless
chromium driven through its DevTools protocol, for the preview's test and ``invoke bench``.

Debian's chromium (``apt-get install chromium``) is started with a fresh profile and nothing
that reaches out (no background networking, component updates or sync); the DevTools
websocket (the ``websocket-client`` package, a test dependency) takes commands answered by id.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run")
WAIT = 90  # seconds before a wait gives up: a busy machine is slow, never this slow

# The preview page as the browser shows it: its version, images (all loaded?), findings, error;
# null before the page has arrived.
PAGE_STATE = """!document.getElementById('error') ? null : ({
    version: Number(document.body.dataset.version),
    images: [...document.querySelectorAll('img.page')].map(i => i.src),
    loaded: [...document.querySelectorAll('img.page')].every(
        i => i.complete && i.naturalWidth > 0),
    findings: [...document.querySelectorAll('#findings li')].map(li => li.textContent),
    error: document.getElementById('error').textContent})"""


SERVE = "import sys; from jixiao.cli import main; sys.exit(main(sys.argv[1:]))"


class ServeProcess:
    """``jixiao serve --report FOLDER`` as a user starts it; its printed lines as they come.

    ``env`` defaults to this process's environment; ``stop()`` is Ctrl-C, and returns the
    exit status.
    """

    def __init__(self, report: Path, *options: str, env: dict[str, str] | None = None):
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE, *options, "serve", "--report", str(report)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env if env is not None else dict(os.environ))
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self.url = wait_for(lambda: self.lines and self.lines[0], "the server's address")
        except BaseException:
            self.process.kill()
            raise

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self) -> int:
        self.process.send_signal(2)  # SIGINT, as Ctrl-C sends
        return self.process.wait(timeout=WAIT)


def chromium() -> str | None:
    return shutil.which("chromium")


def wait_for(predicate: Callable[[], Any], what: str, seconds: float = WAIT,
             every: float = 0.1) -> Any:
    """The first true value of ``predicate()``; AssertionError naming ``what`` after
    ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"gave up waiting for {what}")


class Browser:
    """One headless chromium with one page; ``with Browser() as page: page.navigate(url)``."""

    def __init__(self, executable: str | None = None):
        self.executable = executable or chromium()
        if self.executable is None:
            raise RuntimeError("chromium is not installed (apt-get install chromium)")

    def __enter__(self) -> Browser:
        import websocket

        self.profile = tempfile.TemporaryDirectory(prefix="jixiao-chromium-")
        self.process = subprocess.Popen(
            [self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile.name}",
             "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            active = Path(self.profile.name) / "DevToolsActivePort"
            port = wait_for(lambda: active.is_file() and active.read_text().split("\n")[0],
                            "chromium's DevTools port")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as listing:
                page = next(t for t in json.load(listing) if t["type"] == "page")
            self.socket = websocket.create_connection(page["webSocketDebuggerUrl"],
                                                      timeout=WAIT, suppress_origin=True)
        except BaseException:
            self._stop()
            raise
        self.last = 0
        return self

    def __exit__(self, *_exc) -> None:
        self.socket.close()
        self._stop()

    def _stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=WAIT)
        self.profile.cleanup()

    def call(self, method: str, **params) -> dict:
        """Send one DevTools command and return its result (events in between are dropped)."""
        self.last += 1
        self.socket.send(json.dumps({"id": self.last, "method": method, "params": params}))
        while True:
            answer = json.loads(self.socket.recv())
            if answer.get("id") == self.last:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def navigate(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def evaluate(self, expression: str, wait: bool = False) -> Any:
        """The value of a JavaScript expression in the page (awaited when ``wait``)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=wait)
        return result["result"].get("value")

    def preview_state(self) -> dict | None:
        return self.evaluate(PAGE_STATE)

    def preview_shown(self) -> dict:
        """The preview's first state with every page image loaded."""
        return wait_for(lambda: (s := self.preview_state()) and s["version"] >= 1
                        and s["loaded"] and s, "the first pages")

    def preview_updated(self, version: int) -> dict:
        """The preview's state once it shows a version past ``version`` with every image
        loaded: the page's own wait, polled inside the browser every 5 ms."""
        return self.evaluate(f"""new Promise(resolve => {{
            const ready = () => {{
                const state = {PAGE_STATE};
                if (state && state.version > {version} && state.loaded) resolve(state);
                else setTimeout(ready, 5);
            }};
            ready();
        }})""", wait=True)
