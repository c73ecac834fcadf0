"""``jixiao serve``: a live preview of a report, in the browser, as the writer saves.

A local web server (127.0.0.1 only) shows the report's PDF pages as images (pdftoppm) and its
current findings. A watcher polls the files the report reads — its folder, the prose blocks on
its search path, last year's report — and on every save rebuilds the PDF alone (no DOCX),
then pushes the new state to every open page by server-sent events: the page swaps its images
and findings in place, without a reload. A report with check errors is shown as the draft
(草稿) that ``jixiao build --draft`` would make, its errors among the findings; a mistake that
stops the build is shown as its one line, the last good pages kept beneath it.

The server runs in a thread; the main thread watches and rebuilds, and Ctrl-C stops both.
"""

from __future__ import annotations

import errno
import html
import json
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from jixiao.build.report import Built, ChecksFailed, build_report
from jixiao.errors import ConversionError, UserError, display_path
from jixiao.load.previous import previous_folder
from jixiao.load.search_path import search_path
from jixiao.load.settings import REPORT_FILE, load_report
from jixiao.messages import _
from jixiao.paths import CONTENT

HOST = "127.0.0.1"
DPI = 72
POLL_SECONDS = 0.1
KEEPALIVE_SECONDS = 15
KEPT_BUILDS = 2  # the page may still be fetching the images of the build before the last


@dataclass
class State:
    """What the page shows: a version that grows with each rebuild, pages, findings, error."""

    version: int = 0
    pages: list[tuple[str, list[str]]] = field(default_factory=list)  # (document, image URLs)
    findings: list[str] = field(default_factory=list)
    error: str = ""

    def as_json(self) -> str:
        return json.dumps({
            "version": self.version,
            "documents": [{"title": title, "pages": urls} for title, urls in self.pages],
            "findings": self.findings, "error": self.error}, ensure_ascii=False)


class Preview:
    """One report's live preview: rebuilds into a private folder and notifies listeners."""

    def __init__(self, folder: Path, work: Path):
        self.folder = folder
        self.work = work
        self.state = State()
        self.changed = threading.Condition()
        self.images: dict[str, Path] = {}  # URL → image file, for the builds kept
        self.stopping = False
        self.seconds = 0.0  # how long the last rebuild took

    def rebuild(self) -> None:
        """The PDF of the report as saved now, its pages as images, and its findings.

        A mistake that stops the build keeps the last good pages and findings, and says so.
        """
        started = time.perf_counter()
        version = self.state.version + 1
        out = self.work / str(version)
        try:
            built = self._build(out)
            images = self._images(built.outputs, version)
            pages = [(pdf.stem, urls) for pdf, urls in zip(built.outputs, images, strict=True)]
            findings = [str(f) for f in built.findings]
            error = ""
        except (UserError, ConversionError) as exc:
            pages, findings, error = self.state.pages, self.state.findings, str(exc)
        with self.changed:
            self.state = State(version, pages, findings, error)
            self.changed.notify_all()
        if not error:
            self._forget_before(version - KEPT_BUILDS + 1)
        self.seconds = time.perf_counter() - started

    def _build(self, out: Path) -> Built:
        """The PDF alone, as ``jixiao build`` would make it; with check errors, the draft
        (草稿 on every page) that ``jixiao build --draft`` would make."""
        options = {"progress": lambda _line: None, "cache": self.work / "cache", "docx": False}
        try:
            return build_report(self.folder, out, **options)
        except ChecksFailed:
            return build_report(self.folder, out, draft=True, **options)

    def _images(self, pdfs: tuple[Path, ...], version: int) -> list[list[str]]:
        """The pages of each PDF as JPEG images (quick to write), by the URLs that serve them;
        one pdftoppm per document, side by side."""
        runs = [subprocess.Popen(["pdftoppm", "-jpeg", "-r", str(DPI), str(pdf),
                                  str(pdf.parent / f"d{index}")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for index, pdf in enumerate(pdfs)]
        complaints = [run.communicate()[1].decode().strip() for run in runs]
        documents = []
        for index, (pdf, run) in enumerate(zip(pdfs, runs, strict=True)):
            if run.returncode != 0:
                raise ConversionError(_("pdftoppm failed on {pdf}: {reason}").format(
                    pdf=pdf, reason=complaints[index]))
            found = sorted(pdf.parent.glob(f"d{index}-*.jpg"),
                           key=lambda p: int(re.search(r"-(\d+)\.jpg$", p.name).group(1)))
            urls = [f"/pages/{version}/{path.name}" for path in found]
            self.images.update(zip(urls, found, strict=True))
            documents.append(urls)
        return documents

    def _forget_before(self, version: int) -> None:
        for url in [url for url in self.images if int(url.split("/")[2]) < version]:
            del self.images[url]
        for build in self.work.iterdir():
            if build.name.isdigit() and int(build.name) < version:
                shutil.rmtree(build, ignore_errors=True)

    def wait(self, version: int, timeout: float) -> State:
        """The state once its version passes ``version`` (or as it is after ``timeout``)."""
        with self.changed:
            self.changed.wait_for(lambda: self.state.version > version or self.stopping,
                                  timeout)
            return self.state

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


def watched_files(folder: Path) -> dict[Path, float]:
    """Every file the report reads, with its modification time: its own folder, the .md files
    of the folders on its search path (blocks), and last year's report.yaml and data."""
    roots = [(folder, True)]
    roots += [(path, path.name == "blocks") for path in search_path(folder, CONTENT)
              if path.resolve() != folder.resolve()]
    try:
        previous = previous_folder(load_report(folder))
    except UserError:
        previous = None
    if previous is not None:
        roots.append((previous / "data", True))
    found: dict[Path, float] = {}
    for root, deep in roots:
        if not root.is_dir():
            continue
        paths = root.rglob("*") if deep else root.glob("*.md")
        for path in paths:
            try:
                if path.is_file():
                    found[path] = path.stat().st_mtime_ns
            except OSError:
                continue
    if previous is not None and (previous / REPORT_FILE).is_file():
        found[previous / REPORT_FILE] = (previous / REPORT_FILE).stat().st_mtime_ns
    return found


PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 0; background: #eee; }}
header {{ position: sticky; top: 0; background: #fff; padding: .5em 1em;
          box-shadow: 0 1px 4px #999; }}
#error {{ color: #b00; white-space: pre-wrap; }}
#findings {{ max-height: 12em; overflow: auto; font-size: 90%; margin: .3em 0; }}
#findings li.error {{ color: #b00; }}
h2 {{ font-size: 100%; margin: 1em; }}
img.page {{ display: block; margin: 1em auto; background: #fff; box-shadow: 0 0 4px #888; }}
</style></head>
<body data-version="0">
<header><strong>{title}</strong> <span id="status">{connecting}</span>
<div id="error"></div><ul id="findings"></ul></header>
<main id="documents"></main>
<script>
const errorWords = {error_words};
function show(state) {{
  document.getElementById("error").textContent = state.error;
  const findings = document.getElementById("findings");
  findings.replaceChildren(...state.findings.map(text => {{
    const item = document.createElement("li");
    item.textContent = text;
    if (errorWords.some(word => text.includes(": " + word + " "))) item.className = "error";
    return item;
  }}));
  const documents = document.getElementById("documents");
  documents.replaceChildren(...state.documents.flatMap(doc => {{
    const heading = document.createElement("h2");
    heading.textContent = doc.title;
    return [heading, ...doc.pages.map(src => {{
      const image = document.createElement("img");
      image.className = "page"; image.src = src; image.alt = doc.title;
      return image;
    }})];
  }}));
  document.body.dataset.version = state.version;
  document.getElementById("status").textContent = {updated};
}}
const events = new EventSource("/events");
events.onmessage = message => show(JSON.parse(message.data));
events.onerror = () => {{ document.getElementById("status").textContent = {offline}; }};
</script></body></html>
"""


def page_html(title: str) -> str:
    return PAGE.format(title=html.escape(title), connecting=html.escape(_("connecting…")),
                       error_words=json.dumps([_("error"), "error"], ensure_ascii=False),
                       updated=json.dumps(_("updated"), ensure_ascii=False),
                       offline=json.dumps(_("the server has stopped"), ensure_ascii=False))


def handler_for(preview: Preview, title: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args) -> None:  # the terminal shows rebuilds, not requests
            pass

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            path = unquote(self.path.split("?", 1)[0])
            if path == "/":
                self._send(200, "text/html; charset=utf-8", page_html(title).encode())
            elif path == "/state":
                self._send(200, "application/json", preview.state.as_json().encode())
            elif path == "/events":
                self._events()
            elif path in preview.images:
                image = preview.images[path]
                try:
                    self._send(200, "image/jpeg", image.read_bytes(), cache=True)
                except OSError:
                    self._send(404, "text/plain", b"gone")
            else:
                self._send(404, "text/plain", b"not found")

        def _send(self, status: int, kind: str, body: bytes, cache: bool = False) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            """The state now, then each new one, until the page goes or the server stops."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while not preview.stopping:
                    state = preview.wait(seen, KEEPALIVE_SECONDS)
                    if state.version > seen:
                        seen = state.version
                        self.wfile.write(f"data: {state.as_json()}\n\n".encode())
                    else:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return
            self.close_connection = True

    return Handler


def open_server(handler: type[BaseHTTPRequestHandler], port: int | None) -> ThreadingHTTPServer:
    """A server on ``port``, or on a free one when none was asked for."""
    try:
        server = ThreadingHTTPServer((HOST, port or 0), handler)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise UserError(f"{HOST}:{port}", _("port {port} is in use").format(port=port),
                        _("a free port, or no --port to take one")) from None
    server.daemon_threads = True
    return server


def serve(folder: Path, port: int | None = None, announce=print,
          stop: threading.Event | None = None) -> None:
    """Serve the live preview of ``folder`` until Ctrl-C (or ``stop`` is set)."""
    if not (folder / REPORT_FILE).is_file():
        raise UserError(folder / REPORT_FILE, _("no report.yaml"),
                        _("a report folder holding report.yaml"))
    if not shutil.which("pdftoppm"):
        raise UserError(Path("pdftoppm"), _("pdftoppm is not installed"),
                        _("pdftoppm on the PATH (Debian package poppler-utils)"))
    title = display_path(folder)
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C (and a plain kill) stop the server cleanly, even when started in the
        # background of a shell, which starts its jobs with SIGINT ignored.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="jixiao-serve-") as work:
        preview = Preview(folder, Path(work))
        server = open_server(handler_for(preview, title), port)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            announce(f"http://{HOST}:{server.server_address[1]}/")
            seen = watched_files(folder)
            preview.rebuild()
            announce(_("built in {seconds:.1f} s; watching for saves (Ctrl-C stops)").format(
                seconds=preview.seconds))
            while not (stop and stop.is_set()):
                time.sleep(POLL_SECONDS)
                now = watched_files(folder)
                if now != seen:
                    seen = now
                    preview.rebuild()
                    announce(_("rebuilt in {seconds:.1f} s").format(seconds=preview.seconds)
                             + (f": {preview.state.error}" if preview.state.error else ""))
        except KeyboardInterrupt:
            pass
        finally:
            preview.stop()
            server.shutdown()
            server.server_close()
    announce(_("stopped"))
