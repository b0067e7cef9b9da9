"""`mkdocs serve` keeps serving the last good pages when a rebuild meets broken input (issue 18)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from e2e_helpers import make_project

BAD_DATE = '---\ntitle: Bad Date\ndate: 2019-02-30\n---\nBad Date\n\n"It is fine," said Al Bee.\n'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read().decode("utf-8", "replace")


def _wait_for(check, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if check():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_keeps_serving_through_a_bad_seed_and_a_damaged_lock(tmp_path: Path):
    project = make_project(tmp_path / "p")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: _get(base + "quotes/")[0] == 200, 240), (tmp_path / "serve.log").read_text()
        # A seed with an impossible date: that seed is reported, the rest rebuilt and served.
        (project / "seeds" / "bad.md").write_text(BAD_DATE, "utf-8")
        assert _wait_for(lambda: "not a real date" in (tmp_path / "serve.log").read_text(), 120)
        # A damaged registry line fails the dossier build: the last good pages stay up.
        lock = project / "dossier.lock"
        lock.write_text(lock.read_text("utf-8") + '{"id": "index", "speaker": null, "words": "x"}\n', "utf-8")
        (project / "seeds" / "bad.md").write_text(BAD_DATE.replace("02-30", "02-28"), "utf-8")
        assert _wait_for(
            lambda: "still serving the last good pages" in (tmp_path / "serve.log").read_text(), 120
        )
        status, page = _get(base + "quotes/")
        assert status == 200 and "Quotes" in page
        assert server.poll() is None
        text = (tmp_path / "serve.log").read_text()
        assert "Traceback" not in text, text[-2000:]
        assert "dossier.lock:" in text and "reserved name" in text
    finally:
        server.terminate()
        server.wait(30)
        log.close()
