"""Which files of a folder are seeds, and how their names are shown: what a build lists before it
knows whether anything changed, kept apart from reading (YAML, dates, paragraph rules) so that a
build with nothing to do imports none of that.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

SEED_SUFFIXES = (".txt", ".md", ".markdown")
# One article is 5-50 KB; 1 MiB is 20 long-reads. Reading and extraction are superlinear
# (a 2 MB seed takes over a minute), so bigger seeds are refused before a byte is read.
MAX_ARTICLE_BYTES = 1024 * 1024


def display_name(name: str) -> str:
    """A file name as printable text: undecodable bytes (kept by Python as surrogates) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def find_seeds(
    root: str | Path, refused: list[str] | None = None, hidden: list[str] | None = None
) -> list[Path]:
    """Seed files under a folder (or the file itself), sorted for deterministic builds.

    A link that leads out of the folder is never a seed (on CI, ``seeds/x.txt -> /etc/passwd``
    would publish the runner's file): ``refused`` collects a line for each. Hidden files are
    skipped: ``hidden`` collects a line for each. Folders are walked as ``Path.rglob("*")`` walks
    them (not into a linked folder), by ``os.scandir``: a build lists the seeds before it knows
    whether anything changed, and rglob's Path per entry was most of that.
    """
    root = Path(root)
    if root.is_file():
        return [root]
    found = []
    home = root.resolve()
    for p, is_link in _walk(root, ()):
        if p.name.startswith("."):
            if hidden is not None:
                hidden.append(f"{display_name(str(p))}: skipped: a hidden file (its name starts with a dot)")
            continue
        # Only a link can lead out (the walk never enters a linked folder): the rest is not resolved.
        if is_link and outside(p, home):
            if refused is not None:
                refused.append(f"{display_name(str(p))}: refused: it links to a file outside {root}")
            continue
        found.append(p)
    return sorted(found, key=lambda q: q.as_posix())


def _walk(folder: Path, parts: tuple[str, ...]) -> Iterator[tuple[Path, bool]]:
    """The entries under ``folder`` named like seeds (not under an "originals" folder, not a README),
    each with whether it is a link; ``parts``: the folder's names below the root. Every entry of a
    folder comes before those of its subfolders, in the order the system lists them, as in rglob."""
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:  # unreadable, or not a folder: nothing, as rglob gives
        return
    subfolders = []
    for e in entries:
        name = e.name
        dot = name.rfind(".")
        seedlike = 0 < dot < len(name) - 1 and name[dot:].lower() in SEED_SUFFIXES
        is_link = e.is_symlink()
        if seedlike and name.lower() != "readme.md" and "originals" not in parts:
            yield folder / name, is_link
        with contextlib.suppress(OSError):
            if not is_link and e.is_dir():
                subfolders.append(e)
    for e in subfolders:
        yield from _walk(folder / e.name, (*parts, e.name))


def outside(path: Path, home: Path) -> bool:
    """Whether a path (through any links in it) leads out of the resolved folder ``home``."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a link loop: reading it reports that
        return False
    return target != home and home not in target.parents
