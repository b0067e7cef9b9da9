"""``build``: the project's build, as the CLI and the MkDocs plugin run it — one build at a time
per project (a lock), and none at all when nothing changed since the last one (the fast path
below); otherwise every stage of ``dossier.pipeline``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DossierError
from ..model import BuildResult, SyncReport
from ..read.article import display_name, find_seeds
from ..templates import templates_digest
from .cache import CACHE_DIR, SeedCache, code_version
from .output import MANIFEST, atomic_write

if TYPE_CHECKING:
    from ..model import SiteOptions

# The pipeline (and with it every stage) is imported only when the fast path finds work: a build
# with nothing to do then costs a third of the start-up time.


def build(
    seeds: Path,
    docs: Path,
    progress: Callable[[int, int], None] | None = None,
    lock: Path | None = None,
    curation: Path | None = None,
    cache: bool = True,
    site: SiteOptions | None = None,
) -> BuildResult:
    """Build the dossier.

    ``lock`` is the quote-id registry and ``curation`` the editor's file; both default to
    files beside seeds/ (dossier.lock, dossier.yml). A broken curation file stops the
    build before anything is written. ``site``: how the site is published (share cards on or
    off, its address and name), which generated files show.
    """
    from ..model import SiteOptions

    try:
        with project_lock(seeds.parent):
            return _build(seeds, docs, progress, lock, curation, cache, site or SiteOptions())
    except OSError as exc:
        # A full disk, a read-only folder: one line naming the file, never a traceback.
        where = display_name(str(exc.filename)) if exc.filename else str(docs)
        raise DossierError(f"{where}: {exc.strerror or exc}") from None


def _build(
    seeds: Path,
    docs: Path,
    progress: Callable[[int, int], None] | None,
    lock: Path | None,
    curation: Path | None,
    cache: bool,
    site: SiteOptions,
) -> BuildResult:
    cur_path = curation or seeds.parent / "dossier.yml"
    lock = lock or seeds.parent / "dossier.lock"  # registry.LOCK, without importing it
    cache_root = seeds.parent / CACHE_DIR if cache else None
    seeds_stamp = _seeds_stamp(seeds, cache_root, site) if cache_root else ""
    if cache_root and seeds.is_dir():
        unchanged = _unchanged_since_last_build(seeds_stamp, docs, cur_path, lock, cache_root)
        if unchanged is not None:
            return unchanged
    from ..pipeline import build_site

    result = build_site(seeds, docs, cur_path, lock, cache_root, site, progress)
    if cache_root:
        _remember_build(seeds_stamp, docs, cur_path, lock, cache_root, result)
    return result


@contextlib.contextmanager
def project_lock(project: Path) -> Iterator[None]:
    """Hold an exclusive lock on the project for a build, so two builds (a CLI build and
    ``mkdocs serve``, two CI steps) never interleave their registry appends or page writes:
    the second waits for the first.

    A POSIX record lock on a file named after the project's real path in the temp folder:
    nothing is added to the project, and unlike flock the processes a build forks (render
    workers) do not inherit it, so none can outlive the build holding it.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no POSIX locks
        yield
        return
    key = hashlib.sha256(os.fsencode(project.resolve())).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"dossier-build-{key}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:  # another user's lock file: their builds are not ours to wait for
        yield
        return
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# ---- the no-change fast path ---------------------------------------------------------------
# A build is a pure function of the seeds, the curation file, the registry, the code and the
# generated files. When none changed since the last build, its outputs are still right: say so
# without reading, linking or rendering anything.

LAST_BUILD = "last-build.json"


def _seeds_stamp(seeds: Path, cache_root: Path, site: SiteOptions) -> str:
    """The inputs a build reads before it starts: the code, the site options, the templates and
    every seed (its path and digest, from the stat index when unchanged)."""
    h = hashlib.sha256(code_version().encode())
    h.update(repr(site).encode("utf-8", "surrogateescape"))
    h.update(templates_digest(site.templates).encode())
    store = SeedCache(cache_root)
    skipped: list[str] = []  # refused links and hidden files: reported, so part of the stamp
    for path in find_seeds(seeds, skipped, skipped):
        h.update(f"{path.as_posix()}\0{store.digest(path)}\0".encode("utf-8", "surrogateescape"))
    h.update("\0".join(skipped).encode("utf-8", "surrogateescape"))
    store.save_index()
    return h.hexdigest()


def _input_stamp(seeds_stamp: str, docs: Path, cur_path: Path, lock: Path) -> tuple[str, bytes | None]:
    """The stamp of every input, and the manifest's bytes (None: absent)."""
    h = hashlib.sha256(seeds_stamp.encode())
    manifest = None
    for extra in (cur_path, lock, docs / MANIFEST):
        try:
            data = extra.read_bytes()
        except OSError:
            h.update(b"\0absent\0")
            continue
        h.update(data)
        manifest = data if extra.name == MANIFEST else manifest
    return h.hexdigest(), manifest


def _outputs_present(docs: Path, files: dict[str, str]) -> bool:
    # One listing per folder (as output.sync does): a stat per file cost most of this path.
    by_folder: dict[str, set[str]] = {}
    for rel in files:
        folder, _, name = rel.rpartition("/")
        by_folder.setdefault(folder, set()).add(name)
    for folder, names in by_folder.items():
        try:
            with os.scandir(os.path.join(docs, folder) if folder else docs) as entries:
                present = {e.name for e in entries if e.name in names and e.is_file()}
        except OSError:
            return False
        if len(present) != len(names):
            return False
    return True


def _remember_build(
    seeds_stamp: str, docs: Path, cur_path: Path, lock: Path, cache_root: Path, r: BuildResult
) -> None:
    # The seeds as they were when the build started: one edited during the build makes the next
    # build look again, where their state after it would have hidden the edit.
    record = {
        "stamp": _input_stamp(seeds_stamp, docs, cur_path, lock)[0],
        "summary": r.summary,
        "problems": r.problems,
        "warnings": [w for w in r.warnings if "edited by hand" not in w],
    }
    with contextlib.suppress(OSError):
        atomic_write(cache_root / LAST_BUILD, json.dumps(record, sort_keys=True).encode("utf-8"))


def _unchanged_since_last_build(
    seeds_stamp: str, docs: Path, cur_path: Path, lock: Path, cache_root: Path
) -> BuildResult | None:
    try:
        last = json.loads((cache_root / LAST_BUILD).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    stamp, manifest = _input_stamp(seeds_stamp, docs, cur_path, lock)
    if not isinstance(last, dict) or last.get("stamp") != stamp:
        return None
    # The manifest is byte for byte the one the last build wrote (it is in the stamp), so its
    # paths were checked then: reading its names is enough.
    try:
        files = json.loads(manifest)["files"] if manifest else {}
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, dict) or not _outputs_present(docs, files):
        return None
    report = SyncReport(unchanged=len(files))
    return BuildResult(None, report, list(last["problems"]), list(last["warnings"]), dict(last["summary"]))
