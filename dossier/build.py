"""The whole pipeline: seeds/ -> read -> extract -> link -> write -> docs/.

Problems with single seeds never stop the build: the other seeds still build and
every problem is listed at the end (the CLI then exits 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import curate, registry
from .cache import CACHE_DIR, read_and_extract
from .curation import Curation
from .curation import load as load_curation
from .errors import DossierError, SeedError
from .extract import extract
from .link import Dossier, link
from .model import Article, Extraction
from .output import SyncReport, sync
from .read import display_name, find_seeds
from .write import HOME_PAGE, render_site


@dataclass
class BuildResult:
    dossier: Dossier
    report: SyncReport
    problems: list[str] = field(default_factory=list)  # one line each, naming the file
    warnings: list[str] = field(default_factory=list)


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
    paths = find_seeds(seeds)
    articles: list[Article] = []
    extractions: dict[str, Extraction] = {}
    problems: list[str] = []
    warnings: list[str] = []
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
    dossier.retired = [(e.id, e.speaker, " ".join(e.words)) for e in assignment.retired]
    dossier.reindex()


def build(
    seeds: Path,
    docs: Path,
    progress: Callable[[int, int], None] | None = None,
    lock: Path | None = None,
    curation: Path | None = None,
    cache: bool = True,
) -> BuildResult:
    """Build the dossier.

    ``lock`` is the quote-id registry and ``curation`` the editor's file; both default to
    files beside seeds/ (dossier.lock, dossier.yml). A broken curation file stops the
    build before anything is written.
    """
    cur = load_curation(curation or seeds.parent / "dossier.yml")
    cache_root = seeds.parent / CACHE_DIR if cache else None
    articles, extractions, problems, warnings = load_articles(seeds, progress, cache_root)
    dossier = run_pipeline(articles, cur, extractions)
    warnings += [f"curation: {p}" for p in dossier.problems]
    lock = lock or seeds.parent / registry.LOCK
    entries, lock_warnings = registry.load(lock)
    warnings += lock_warnings
    assignment = registry.assign(dossier.quotes, entries)
    apply_registry(dossier, assignment)
    # Record new ids before any page is written, so a published id is always registered.
    registry.append(lock, assignment.new_entries)
    pages = render_site(dossier)
    report = sync(docs, pages, optional=frozenset({HOME_PAGE}))
    return BuildResult(dossier, report, problems, warnings + report.warnings)
