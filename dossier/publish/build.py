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
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DossierError
from ..model import BuildResult, SyncReport
from ..read.seeds import display_name, find_seeds
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
    reuse_unchanged: bool = True,
) -> BuildResult:
    """Build the dossier.

    ``lock`` is the quote-id registry and ``curation`` the editor's file; both default to
    files beside seeds/ (dossier.lock, dossier.yml). A broken curation file stops the
    build before anything is written. ``site``: how the site is published (share cards on or
    off, its address and name), which generated files show. ``reuse_unchanged=False`` runs every
    stage even when nothing changed: a long-lived process (``mkdocs serve``) does it once, so that
    its first edit is rebuilt from the state the pipeline keeps, not from the on-disk caches.
    """
    from ..model import SiteOptions

    try:
        with project_lock(seeds.parent):
            return _build(
                seeds, docs, progress, lock, curation, cache, site or SiteOptions(), reuse_unchanged
            )
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
    reuse_unchanged: bool = True,
) -> BuildResult:
    cur_path = curation or seeds.parent / "dossier.yml"
    lock = lock or seeds.parent / "dossier.lock"  # registry.LOCK, without importing it
    cache_root = seeds.parent / CACHE_DIR if cache else None
    seeds_stamp = _seeds_stamp(seeds, cache_root, site) if cache_root else ""
    if cache_root and reuse_unchanged and seeds.is_dir():
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


# A warm process (`mkdocs serve`) stamps the registry and the manifest (5 MB at 840 articles)
# before and after each build: a file's digest is kept with its bytes, and hashed again only when
# they differ (comparing bytes costs a twentieth of hashing them).
_DIGESTS: dict[Path, tuple[bytes, bytes]] = {}


def _input_stamp(seeds_stamp: str, docs: Path, cur_path: Path, lock: Path) -> tuple[str, bytes | None]:
    """The stamp of every input, and the manifest's bytes (None: absent)."""
    h = hashlib.sha256(seeds_stamp.encode())
    manifest = None
    for extra in (cur_path, lock, docs / MANIFEST):
        try:
            data = extra.read_bytes()
        except OSError:
            _DIGESTS.pop(extra, None)
            h.update(b"\0absent\0")
            continue
        known = _DIGESTS.get(extra)
        if known is None or known[0] != data:
            known = _DIGESTS[extra] = (data, hashlib.sha256(data).digest())
        h.update(known[1])
        manifest = data if extra.name == MANIFEST else manifest
    return h.hexdigest(), manifest


# A folder whose entries change gets a new mtime, but within one tick of the clock a second
# change may leave it as it was (git's "racy" entries): a folder changed this recently before
# it was stamped is listed again instead.
_SETTLED_NS = 2_000_000_000


def folder_stamp(path: str, now_ns: int) -> list[int] | None:
    """(inode, mtime) of a folder that has not changed for a while; None: unknown or too recent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_mtime_ns] if st.st_mtime_ns < now_ns - _SETTLED_NS else None


def _outputs_present(docs: Path, manifest: bytes | None, last: dict) -> dict | None:
    """Whether every generated file is still in docs/: the folders' stamps (see folder_stamp)
    when the last check recorded them, else one listing per folder (a stat per file cost most
    of this path). Returns what to remember for the next check ("folders": their stamps now,
    "files": how many), or None when a file is missing."""
    now = time.time_ns()
    stamps = last.get("folders")
    if not isinstance(stamps, dict) or not isinstance(last.get("files"), int):
        stamps = {}
    elif stamps and all(
        v is not None and folder_stamp(os.path.join(docs, f), now) == v for f, v in stamps.items()
    ):
        return {"folders": stamps, "files": last["files"]}  # no folder changed since all were found
    # The manifest is byte for byte the one the last build wrote (it is in the stamp), so its
    # paths were checked then: reading its names is enough.
    try:
        files = json.loads(manifest)["files"] if manifest else {}
        by_folder: dict[str, set[str]] = {}
        for rel in files:
            folder, _, name = rel.rpartition("/")
            by_folder.setdefault(folder, set()).add(name)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    out = {}
    for folder, names in by_folder.items():
        path = os.path.join(docs, folder)
        out[folder] = stamp = folder_stamp(path, now)
        if stamp is not None and stamps.get(folder) == stamp:
            continue
        try:
            with os.scandir(path) as entries:
                present = {e.name for e in entries if e.name in names and e.is_file()}
        except OSError:
            return None
        if len(present) != len(names):
            return None
    return {"folders": out, "files": len(files)}


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
    found = _outputs_present(docs, manifest, last)
    if found is None:
        return None
    if any(last.get(k) != v for k, v in found.items()):  # remembered: the next check lists nothing
        with contextlib.suppress(OSError):
            atomic_write(
                cache_root / LAST_BUILD, json.dumps({**last, **found}, sort_keys=True).encode("utf-8")
            )
    report = SyncReport(unchanged=found["files"])
    return BuildResult(None, report, list(last["problems"]), list(last["warnings"]), dict(last["summary"]))
