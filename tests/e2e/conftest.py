"""End-to-end fixtures: build a site with `mkdocs build`, serve it on 127.0.0.1, drive Chromium.

The browser is Debian's Chromium (``scripts/install-browser.sh`` installs it), driven by
Playwright for Python; Playwright's own browser download is never used. When Chromium or
Playwright is missing the browser tests skip with the reason; the file-level checks
(links, assets, canonical URLs, sitemap) still run.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import ROOT, make_project, mkdocs_build

CHROMIUM = os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Hosts the theme loads on purpose (Material's default web font); answered locally with an
# empty response so the tests never leave the machine. Any other outside host is a finding.
FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")
HOSTILE = ROOT / "tests" / "hostile"

# A small hostile corpus used only when tests/hostile/ is not there.
INLINE_HOSTILE = {
    "evil.md": (
        "---\n"
        "title: \"<script>alert('title')</script> Senator Defends Vote\"\n"
        'author: ["<img src=x onerror=alert(2)>"]\n'
        "date: 2019-05-01\n"
        "url: \"javascript:alert('url')\"\n"
        "---\n"
        'Senator Jane Roe said on Tuesday, "<script>alert(1)</script> I stand by it."\n\n'
        '"Look at <img src=x onerror=alert(1)> and [x](javascript:alert(1)) now," Roe said.\n'
    ),
}


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end test of a built site (deselect with -m 'not e2e')")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo dossier, built with plain `mkdocs build` from a copy of the repository's project."""
    return mkdocs_build(make_project(tmp_path_factory.mktemp("demo")))


# Hand-edited files of the hostile dossier (issue 18): notes that try attr_list, raw HTML and
# script links; curated names that are markup or slug to a reserved page name; a registry line
# whose recorded words are markup (it names no current quote, so its retired page shows them).
HOSTILE_CURATION = """\
people:
  - name: Index
    description: "<img src=x onerror=alert('description')> a curated person named like the index page"
  - name: "<b onmouseover=alert('name')>Markup</b> Person"
    aliases: [Jane Roe]
    links:
      website: https://example.org/
corrections:
  - quote: Names can be strange
    speaker: Index
notes:
  - quote: We are ready
    status: disputed
    author: "<script>alert('author')</script>"
    text: |
      ![chart](https://example.org/x.png){: onerror=alert('note-img') }

      A paragraph {: onmouseover=alert('note-p') autofocus onfocus=alert('note-focus') tabindex=1 }

      [the source](https://example.org/){: onclick=alert('note-link') } and [js](javascript:alert('note-js'))

      <img src=x onerror=alert('note-raw')> <details open ontoggle=alert('note-details')>x</details>
  - person: Index
    text: "<svg onload=alert('person-note')> {: onload=alert('person-attr') }"
"""
HOSTILE_LOCK = (
    '{"id": "retired-payload-quote", "speaker": null, '
    "\"words\": \"<script>alert('lock')</script> <img src=x onerror=alert('lock')>\"}\n"
)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from the hostile corpus (tests/hostile/, or a small inline one if absent),
    with a hostile curation file and registry."""
    root = tmp_path_factory.mktemp("hostile")
    files = sorted(p for p in HOSTILE.glob("*") if p.is_file() and p.suffix in (".txt", ".md"))
    if (HOSTILE / "seeds").is_dir():
        seeds: Path | dict[str, str] = HOSTILE / "seeds"
    elif files:
        seeds = root / "corpus"
        seeds.mkdir()
        for p in files:
            shutil.copy(p, seeds / p.name)
    else:
        seeds = INLINE_HOSTILE
    project = make_project(root / "project", seeds)
    (project / "dossier.yml").write_text(HOSTILE_CURATION, "utf-8")
    (project / "dossier.lock").write_text(HOSTILE_LOCK, "utf-8")
    return mkdocs_build(project)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the browser leaving a page mid-download closes the connection: not a test failure


@contextlib.contextmanager
def _serve(directory: str) -> Iterator[str]:
    """A local HTTP server for a built site, stopped (its thread ended) after each test module:
    a thread left running would keep later tests from forking render workers (write._can_fork)."""
    handler = functools.partial(_QuietHandler, directory=directory)
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def demo_url(demo_site) -> Iterator[str]:
    with _serve(str(demo_site)) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_url(hostile_site) -> Iterator[str]:
    with _serve(str(hostile_site)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the module (never Playwright's downloaded browsers)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: run `bash scripts/setup.sh test`")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"no Chromium at {CHROMIUM}: run `bash scripts/install-browser.sh` "
            "(apt-get install chromium) to run the browser tests"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Watch:
    """What a page did that a reader would not want: console errors, dialogs, failed requests."""

    def __init__(self, page, base: str) -> None:
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.failed: list[str] = []
        self.bad_status: list[str] = []
        self.outside: list[str] = []
        self.fonts: list[str] = []
        self.base = base
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        # only requests leaving the test server go through Python (routing all of them is slow)
        page.route(re.compile(r"^(?!" + re.escape(base) + ")"), self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _failed(self, request) -> None:
        # ERR_ABORTED: the page was left while loading (e.g. the search index); a missing file is a 404
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.url.startswith(self.base) and response.status >= 400:
            self.bad_status.append(f"{response.status} {response.url}")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
            return
        host = url.split("/")[2] if "://" in url else url
        if host in FONT_HOSTS:
            self.fonts.append(url)
            ctype = "text/css" if host == "fonts.googleapis.com" else "font/woff2"
            route.fulfill(status=200, body=b"", content_type=ctype)
        else:
            self.outside.append(url)
            route.abort()

    @property
    def console_errors(self) -> list[str]:
        return [c for c in self.console if c.startswith(("error", "warning"))] + self.errors


@pytest.fixture
def new_page(browser):
    """A fresh context (own storage, like a new visitor) and page, watched by a Watch."""
    contexts = []

    def make(base: str, **context_args):
        ctx = browser.new_context(**{"viewport": {"width": 1280, "height": 800}, **context_args})
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(15_000)
        return page, Watch(page, base)

    yield make
    for ctx in contexts:
        ctx.close()
