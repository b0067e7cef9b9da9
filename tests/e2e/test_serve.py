"""`dossier serve` as a user runs it: edits and removals show in the running site, and a
signal stops everything it started.

Each test starts `dossier serve` on a free port in a copy of the demo project and talks to it
over HTTP (and Chromium, for the page a reader sees after an edit).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from e2e_helpers import make_project, screenshot

from dossier.write.data import read_export  # (serve writes the export in parts)

STARTUP = 120.0  # seconds: a first build of the demo plus mkdocs' own, on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(url: str, ok, timeout: float = STARTUP) -> str:
    """Poll ``url`` until ``ok(status, body)``; returns the body."""
    deadline = time.monotonic() + timeout
    status, body = 0, ""
    while time.monotonic() < deadline:
        status, body = fetch(url)
        if ok(status, body):
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url}: still {status} after {timeout:.0f} s")


class Serve:
    """`dossier serve` running in a project folder."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.log = open(project / "serve.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dossier.cli", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(self.url, lambda status, body: status == 200)
        except AssertionError:
            self.stop()
            raise AssertionError((project / "serve.log").read_text("utf-8", "replace")) from None

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(x) for x in path.read_text().split()] if path.exists() else []

    def stop(self) -> None:
        """Stop `dossier serve` and whatever it started, even when a test failed half-way."""
        children = self.children()  # known only while the parent lives
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.log.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too (its parent has not collected it yet).
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = Serve(make_project(tmp_path_factory.mktemp("serve")))
    yield server
    server.stop()


def shortest_quote(project: Path) -> dict:
    """The shortest quote of four words or more, from the data export of the running dossier."""
    quotes = read_export(project / "docs", "quotes")
    return min((q for q in quotes if len(q["quotation"].split()) >= 4), key=lambda q: len(q["quotation"]))


def test_an_edited_quote_keeps_its_url_under_serve(served, new_page):
    quote = shortest_quote(served.project)
    occurrence = quote["occurrences"][0]
    seed = served.project / "seeds" / f"{occurrence['article']}.txt"
    text = seed.read_text("utf-8")
    printed = occurrence["wording"]
    assert printed in text
    first, rest = printed.split(" ", 1)
    edited = "Honestly " + rest  # a few words changed at the start of a short quote
    seed.write_text(text.replace(printed, edited, 1), "utf-8")
    url = served.url + quote["url"].lstrip("/")
    wait_for(url, lambda status, body: status == 200 and "Honestly" in body, timeout=90)
    page, watch = new_page(served.url)
    page.goto(url)
    words = page.locator("article blockquote").first.inner_text()
    assert "Honestly" in words and first not in words.split()
    assert "no longer in the dossier" not in page.content()
    assert page.locator("h1").first.inner_text().startswith("Quote by")
    screenshot(page, "serve-edited-quote")
    assert not watch.bad_status


def test_a_removed_seed_leaves_the_running_site(served):
    articles = read_export(served.project / "docs", "articles")
    gone = articles[-1]
    url = served.url + gone["url"].lstrip("/")
    assert fetch(url)[0] == 200
    (served.project / "seeds" / gone["seed"].split("/")[-1]).unlink()
    wait_for(url, lambda status, body: status == 404, timeout=90)
    status, home = fetch(served.url)
    assert status == 200 and gone["title"] not in home


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_everything_serve_started(tmp_path, sig):
    server = Serve(make_project(tmp_path / "project"))
    try:
        children = server.children()
        assert children, "dossier serve runs mkdocs serve as a child"
        server.proc.send_signal(sig)
        assert server.proc.wait(timeout=30) == 0
        assert not any(alive(pid) for pid in children)
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", server.port), timeout=2):
            pass
    finally:
        server.stop()
