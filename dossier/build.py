"""The whole pipeline: seeds/ -> read -> extract -> link -> write -> docs/.

Problems with single seeds never stop the build: the other seeds still build and
every problem is listed at the end (the CLI then exits 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DossierError, SeedError
from .extract import extract
from .link import Dossier, link
from .model import Article
from .output import SyncReport, sync
from .read import find_seeds, read_article
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
        return (Path(seeds.name) / path.relative_to(seeds)).as_posix()
    except ValueError:
        return path.as_posix()


def load_articles(
    seeds: Path, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Article], list[str], list[str]]:
    """Read every seed; returns (articles, problems, warnings)."""
    if not seeds.exists():
        raise DossierError(f"{seeds}: the seeds folder does not exist")
    paths = find_seeds(seeds)
    articles: list[Article] = []
    problems: list[str] = []
    warnings: list[str] = []
    ids: dict[str, str] = {}
    for n, path in enumerate(paths, 1):
        shown = _display_path(path, seeds)
        try:
            article = read_article(path)
        except SeedError as exc:
            problems.append(f"{shown}{':' + str(exc.line) if exc.line else ''}: {exc.message}")
            continue
        article.path = shown
        if article.id in ids:
            problems.append(f"{shown}: has the same name as {ids[article.id]}; rename one of them")
            continue
        ids[article.id] = shown
        warnings += [f"{shown}: {w}" for w in article.warnings]
        articles.append(article)
        if progress:
            progress(n, len(paths))
    return articles, problems, warnings


def run_pipeline(articles: list[Article]) -> Dossier:
    extractions = {a.id: extract(a) for a in articles}
    return link(articles, extractions)


def build(seeds: Path, docs: Path, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    articles, problems, warnings = load_articles(seeds, progress)
    dossier = run_pipeline(articles)
    pages = render_site(dossier)
    report = sync(docs, pages, optional=frozenset({HOME_PAGE}))
    return BuildResult(dossier, report, problems, warnings + report.warnings)
