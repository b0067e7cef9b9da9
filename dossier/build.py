"""The whole pipeline: seeds/ -> read -> extract -> link -> write -> docs/.

Problems with single seeds never stop the build: the other seeds still build and
every problem is listed at the end (the CLI then exits 1).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import CACHE_DIR, SeedCache, code_version, read_and_extract
from .errors import DossierError, SeedError
from .output import MANIFEST, SyncReport, atomic_write, load_manifest, sync
from .read import display_name, find_seeds
from .site import templates_digest

if TYPE_CHECKING:
    from . import registry
    from .curation import Curation
    from .link import Dossier
    from .model import Article, Extraction
    from .site import SiteOptions

# The pipeline's stages are imported where they run: a build with nothing to do (the
# fast path below) then costs a third of the start-up time.


@dataclass
class BuildResult:
    dossier: Dossier | None  # None when nothing changed since the last build: see summary
    report: SyncReport
    problems: list[str] = field(default_factory=list)  # one line each, naming the file
    warnings: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)  # articles, quotes, people counts
    # Seconds per stage, and "rendered": how many jobs were rendered (benchmarks/ print them).
    timings: dict = field(default_factory=dict)

    @staticmethod
    def summarise(d: Dossier) -> dict:
        return {"articles": len(d.articles), "quotes": len(d.quotes), "people": len(d.people)}


def _display_path(path: Path, seeds: Path) -> str:
    """The seed path as shown on pages: relative to the seeds folder's parent, so builds are portable."""
    try:
        shown = (Path(seeds.name) / path.relative_to(seeds)).as_posix()
    except ValueError:
        shown = path.as_posix()
    return display_name(shown)  # a name with undecodable bytes must still print and encode


def load_articles(
    seeds: Path, progress: Callable[[int, int], None] | None = None, cache_root: Path | None = None
) -> tuple[list[Article], dict[str, Extraction], list[str], list[str]]:
    """Read and extract every seed (from the cache where possible).

    Returns (articles, extractions by article id, problems, warnings).
    """
    if not seeds.exists():
        raise DossierError(f"{seeds}: the seeds folder does not exist")
    problems: list[str] = []
    warnings: list[str] = []
    paths = find_seeds(seeds, refused=problems, hidden=warnings)
    articles: list[Article] = []
    extractions: dict[str, Extraction] = {}
    ids: dict[str, str] = {}
    for n, (path, result) in enumerate(zip(paths, read_and_extract(paths, cache_root), strict=True), 1):
        shown = _display_path(path, seeds)
        if isinstance(result, SeedError):
            problems.append(f"{shown}{':' + str(result.line) if result.line else ''}: {result.message}")
            continue
        article, extraction = result
        article.path = shown
        if article.id in ids:
            problems.append(f"{shown}: has the same name as {ids[article.id]}; rename one of them")
            continue
        ids[article.id] = shown
        warnings += [f"{shown}: {w}" for w in article.warnings]
        articles.append(article)
        extractions[article.id] = extraction
        if progress:
            progress(n, len(paths))
    return articles, extractions, problems, warnings


def run_pipeline(
    articles: list[Article], cur: Curation | None = None, extractions: dict[str, Extraction] | None = None
) -> Dossier:
    """Extract (unless given), link and curate: everything but the id registry and the writing."""
    from . import curate
    from .extract import extract
    from .link import link

    if extractions is None:
        extractions = {a.id: extract(a) for a in articles}
    dossier = link(articles, extractions)
    if cur is not None:
        curate.apply(dossier, cur)
    return dossier


def apply_registry(dossier: Dossier, assignment: registry.Assignment) -> None:
    """Give the dossier's quotes their permanent ids (see registry.py)."""
    for q in dossier.quotes:
        q.id = assignment.renamed[q.id]
    dossier.quote_of = {k: assignment.renamed[v] for k, v in dossier.quote_of.items()}
    dossier.redirects = dict(sorted(assignment.redirects.items()))
    for q in dossier.quotes:
        q.aliases = sorted(old for old, new in dossier.redirects.items() if new == q.id)
    dossier.retired = [
        (e.id, e.speaker, " ".join(e.words), assignment.closest.get(e.id)) for e in assignment.retired
    ]
    dossier.reindex()


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
    from .site import SiteOptions

    try:
        with project_lock(seeds.parent):
            return _build(seeds, docs, progress, lock, curation, cache, site or SiteOptions())
    except OSError as exc:
        # A full disk, a read-only folder: one line naming the file, never a traceback.
        where = display_name(str(exc.filename)) if exc.filename else str(docs)
        raise DossierError(f"{where}: {exc.strerror or exc}") from None


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
    if cache_root and seeds.is_dir():
        unchanged = _unchanged_since_last_build(seeds, docs, cur_path, lock, cache_root, site)
        if unchanged is not None:
            return unchanged
    from . import cards, registry
    from .curation import load as load_curation
    from .write import HOME_PAGE

    # The pipeline makes millions of long-lived objects and almost no cyclic garbage: the
    # collector's passes over them cost a third of a rebuild's time. (Views that refer to each
    # other are freed by hand, see incremental.render_tracked.)
    collecting = gc.isenabled()
    gc.disable()
    try:
        clock = Clock()
        cur = load_curation(cur_path)
        articles, extractions, problems, warnings = load_articles(seeds, progress, cache_root)
        clock("read+extract")
        dossier = run_pipeline(articles, cur, extractions)
        dossier.site = site
        warnings += [f"curation: {p}" for p in dossier.problems]
        clock("link+curate")
        entries, lock_warnings = registry.load(lock)
        warnings += lock_warnings
        assignment = registry.assign(dossier.quotes, entries)
        apply_registry(dossier, assignment)
        # Record new ids before any page is written, so a published id is always registered.
        registry.append(lock, assignment.new_entries)
        clock("registry")
        if cache_root:
            # Only the pages whose inputs changed since the last build are rendered.
            from .incremental import render_incremental

            with cards.reuse_from(docs, _manifest_or_empty(docs)):  # cards drawn before: not again
                plan = render_incremental(dossier, docs, cache_root)
            clock("render")
            report = sync(docs, plan.pages, optional=frozenset({HOME_PAGE}), kept=plan.kept)
            clock("sync")
            plan.save()
            clock("save")
            clock.times.update({f"render.{k}": v for k, v in plan.timings.items() if k != "save"})
            clock.times["rendered"] = plan.rendered_jobs
        else:
            from .write import render_site

            pages = render_site(dossier)
            clock("render")
            report = sync(docs, pages, optional=frozenset({HOME_PAGE}))
            clock("sync")
    finally:
        if collecting:
            gc.enable()
    result = BuildResult(
        dossier,
        report,
        problems + report.errors,
        warnings + report.warnings,
        BuildResult.summarise(dossier),
        clock.times,
    )
    if cache_root:
        _remember_build(seeds, docs, cur_path, lock, cache_root, result, site)
    return result


def _manifest_or_empty(docs: Path) -> dict[str, str]:
    try:
        return load_manifest(docs)
    except DossierError:  # sync reports a damaged manifest
        return {}


class Clock:
    """Wall seconds between calls, by name."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.times[stage] = round(now - self._last, 4)
        self._last = now


# ---- the no-change fast path ---------------------------------------------------------------
# A build is a pure function of the seeds, the curation file, the registry, the code and the
# generated files. When none changed since the last build, its outputs are still right: say so
# without reading, linking or rendering anything.

LAST_BUILD = "last-build.json"


def _input_stamp(
    seeds: Path, docs: Path, cur_path: Path, lock: Path, cache_root: Path, site: SiteOptions
) -> str:
    h = hashlib.sha256(code_version().encode())
    h.update(repr(site).encode("utf-8", "surrogateescape"))
    h.update(templates_digest(site.templates).encode())
    store = SeedCache(cache_root)
    skipped: list[str] = []  # refused links and hidden files: reported, so part of the stamp
    for path in find_seeds(seeds, skipped, skipped):
        h.update(f"{path.as_posix()}\0{store.digest(path)}\0".encode("utf-8", "surrogateescape"))
    h.update("\0".join(skipped).encode("utf-8", "surrogateescape"))
    store.save_index()
    for extra in (cur_path, lock, docs / MANIFEST):
        try:
            h.update(extra.read_bytes())
        except OSError:
            h.update(b"\0absent\0")
    return h.hexdigest()


def _outputs_present(docs: Path) -> bool:
    try:
        files = load_manifest(docs)
    except DossierError:
        return False
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
    seeds: Path, docs: Path, cur_path: Path, lock: Path, cache_root: Path, r: BuildResult, site: SiteOptions
) -> None:
    record = {
        "stamp": _input_stamp(seeds, docs, cur_path, lock, cache_root, site),
        "summary": r.summary,
        "problems": r.problems,
        "warnings": [w for w in r.warnings if "edited by hand" not in w],
    }
    with contextlib.suppress(OSError):
        atomic_write(cache_root / LAST_BUILD, json.dumps(record, sort_keys=True).encode("utf-8"))


def _unchanged_since_last_build(
    seeds: Path, docs: Path, cur_path: Path, lock: Path, cache_root: Path, site: SiteOptions
) -> BuildResult | None:
    try:
        last = json.loads((cache_root / LAST_BUILD).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(last, dict) or last.get("stamp") != _input_stamp(
        seeds, docs, cur_path, lock, cache_root, site
    ):
        return None
    if not _outputs_present(docs):
        return None
    report = SyncReport(unchanged=len(load_manifest(docs)))
    return BuildResult(None, report, list(last["problems"]), list(last["warnings"]), dict(last["summary"]))
