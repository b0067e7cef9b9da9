"""`dossier serve`: build, then run `mkdocs serve` as a child that stops when this process is told to."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..model import NO_CARDS_ENV

# How long `mkdocs serve` gets to shut down after being told to, before it is killed.
STOP_GRACE = 5.0


def mkdocs_settings(path: Path) -> dict:
    """site_url and site_name from an mkdocs.yml, if there is one that reads as a mapping."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    import yaml  # only when there is a file: its import is a tenth of a no-change build

    class AnyTagLoader(yaml.SafeLoader):
        """mkdocs.yml may hold !!python/name tags (Material's extensions): read them as nothing."""

    AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(text, Loader=AnyTagLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def served_url(config_file: Path, dev_addr: str) -> str:
    """The address `mkdocs serve` gives the site: the build uses it, so the plugin's build that
    follows finds nothing to change."""
    mount = urlsplit(str(mkdocs_settings(config_file).get("site_url") or "/")).path or "/"
    return f"http://{dev_addr}{mount}"


def serve_command(
    config_file: Path, dev_addr: str, full: bool, cards: bool
) -> tuple[list[str], dict[str, str]]:
    """The `mkdocs serve` command line and environment."""
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "-a", dev_addr]
    if not full:
        # The generator rewrites only pages whose content changed, so MkDocs' dirty mode
        # re-renders exactly those: an edit shows in the browser without a full rebuild.
        cmd.append("--dirty")
    env = dict(os.environ, **({} if cards else {NO_CARDS_ENV: "1"}))
    return cmd, env


def run_until_stopped(cmd: list[str], env: dict[str, str] | None = None) -> int:
    """Run a child until it exits or this process is told to stop; then stop it too.

    SIGINT (Ctrl-C), SIGTERM and SIGHUP to this process are passed on to the child as SIGINT,
    on which `mkdocs serve` shuts its server down; a child still running STOP_GRACE seconds
    later is killed. The child has a process group of its own, so Ctrl-C reaches it once,
    through here. Returns the child's exit status, or 0 when stopped by a signal.
    """
    proc = subprocess.Popen(cmd, process_group=0, env=env)
    stopping: list[int] = []

    def forward(signum: int, frame: object) -> None:
        stopping.append(signum)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        while True:
            try:
                status = proc.wait(timeout=STOP_GRACE if stopping else None)
                return 0 if stopping else status
            except subprocess.TimeoutExpired:
                proc.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
