"""The pipeline, stage by stage: seeds/ -> read -> extract -> link (the curation and the id
registry are its input) -> write -> publish into docs/.

``publish.build.build`` is the entry point: it takes the project lock and skips all of this
when nothing changed since the last build. Problems with single seeds never stop the build:
the other seeds still build and every problem is listed at the end (the CLI then exits 1).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import DossierError, SeedError
from .extract import extract, quote_record
from .link import registry
from .link.curation import load as load_curation
from .link.linker import link, relink
from .link.replay import LinkMemory
from .model import Article, BuildResult, Curation, Dossier, Extraction, RegistryEntry, SiteOptions
from .publish.cache import read_and_extract
from .publish.clock import Clock
from .publish.incremental import STORE, render_incremental
from .publish.incremental import keep_warm as keep_render_state
from .publish.output import MANIFEST, file_stamp, load_manifest, sync
from .read.article import display_name, find_seeds
from .write import HOME_PAGE, card_image, render_site


def _display_path(path: Path, seeds: Path) -> str:
    """The seed path as shown on pages: relative to the seeds folder's parent, so builds are portable."""
    try:
        shown = (Path(seeds.name) / path.relative_to(seeds)).as_posix()
    except ValueError:
        shown = path.as_posix()
    return display_name(shown)  # a name with undecodable bytes must still print and encode


def load_articles(
    seeds: Path,
    progress: Callable[[int, int], None] | None = None,
    cache_root: Path | None = None,
    warm: bool = False,
) -> tuple[list[Article], dict[str, Extraction], list[str], list[str]]:
    """Read and extract every seed (from the cache where possible; with ``warm``, unchanged seeds'
    from this process's previous build first).

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
    for n, (path, result) in enumerate(
        zip(paths, read_and_extract(paths, cache_root, warm=warm), strict=True), 1
    ):
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
    articles: list[Article],
    cur: Curation | None = None,
    extractions: dict[str, Extraction] | None = None,
    registered: list[RegistryEntry] | None = None,
) -> Dossier:
    """Extract (unless given) and link, with the curation and the registry's entries as the
    linker's input: everything but the writing."""
    if extractions is None:
        extractions = {a.id: extract(a) for a in articles}
    return link(articles, extractions, cur, registered)


def build_site(
    seeds: Path,
    docs: Path,
    cur_path: Path,
    lock: Path,
    cache_root: Path | None,
    site: SiteOptions,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Every stage, in order. With a ``cache_root``, extractions and pages whose inputs did not
    change are reused."""
    # The pipeline makes millions of long-lived objects and almost no cyclic garbage: the
    # collector's passes over them cost a third of a rebuild's time. (Views that refer to each
    # other are freed by hand, see incremental.render_tracked.)
    collecting = gc.isenabled()
    gc.disable()
    try:
        clock = Clock()
        cur = load_curation(cur_path)  # first: a broken curation file stops the build before any write
        warm = KEEP_WARM and cache_root is not None
        articles, extractions, problems, warnings = load_articles(seeds, progress, cache_root, warm)
        clock("read+extract")
        entries, lock_warnings = _load_lock(lock, warm)  # permanent quote ids
        if warm and cache_root:  # link: replayed from this process's last build of the project
            dossier = _relink_warm((seeds, docs, cache_root), articles, extractions, cur, entries)
            if _WARM is not None:
                clock.times["link.replayed"] = float(_WARM.memory.replayed)
                clock.times["link.regrouped"] = _WARM.memory.regrouped
        else:
            dossier = run_pipeline(articles, cur, extractions, entries)  # curation and ids included
        dossier.site = site
        warnings += [f"curation: {p}" for p in dossier.problems] + lock_warnings
        clock("link")
        # Record new ids before any page is written, so a published id is always registered.
        registry.append(lock, dossier.new_entries)
        if warm:
            _keep_lock(lock, entries + dossier.new_entries, lock_warnings)
        clock("registry")
        if cache_root:  # write: only the pages whose inputs changed since the last build
            manifest = _manifest_or_empty(docs)  # read once: the cards and the page check use it
            cards = cache_root / card_image.FOLDER  # cards drawn before, here or in docs/: not again
            with card_image.reuse_from(docs, manifest, kept=cards):
                plan = render_incremental(dossier, docs, cache_root, manifest=manifest)
            clock("render")
            report = sync(docs, plan.pages, optional=frozenset({HOME_PAGE}), kept=plan.kept)  # publish
            card_image.forget(cards, report.removed)
            clock("sync")
            plan.save()
            clock("save")
            if warm and _WARM is not None:
                _WARM.outputs = _output_stamps(docs, cache_root)
            clock.times.update({f"render.{k}": v for k, v in plan.timings.items() if k != "save"})
            clock.times["rendered"] = plan.rendered_jobs
        else:
            pages = render_site(dossier)  # write: every page
            clock("render")
            report = sync(docs, pages, optional=frozenset({HOME_PAGE}))  # publish
            clock("sync")
    finally:
        if collecting:
            gc.enable()
    return BuildResult(
        dossier,
        report,
        problems + report.errors,
        warnings + report.warnings,
        BuildResult.summarise(dossier),
        clock.times,
    )


@dataclass
class _WarmLink:
    """The link memory of this process's last build (``link/replay.py``), and the stamps of the
    outputs that build left, so the next one knows whether what is on disk is still its own."""

    project: tuple[Path, Path, Path]  # seeds, docs, cache folder
    memory: LinkMemory
    outputs: tuple | None = None


_WARM: _WarmLink | None = None
KEEP_WARM = False  # see keep_warm
# dossier.lock as this process's last build left it: (path, its stamp then, its entries).
_LOCK: tuple[Path, tuple | None, list[RegistryEntry]] | None = None


def _load_lock(lock: Path, warm: bool) -> tuple[list[RegistryEntry], list[str]]:
    """The registry's entries and warnings; with ``warm``, the entries the last build in this process
    left when the file is still as it left it (42,000 lines take half a second to parse again)."""
    if warm and _LOCK is not None and _LOCK[0] == lock and _LOCK[1] == file_stamp(lock):
        return list(_LOCK[2]), []
    return registry.load(lock)


def _keep_lock(lock: Path, entries: list[RegistryEntry], warnings: list[str]) -> None:
    """Remember the registry as this build left it. Not when it was read with warnings (a torn or
    repeated line): those must be told again, and a torn last line is no longer last once appended to."""
    global _LOCK
    _LOCK = None if warnings else (lock, file_stamp(lock), entries)


def keep_warm(on: bool = True) -> None:
    """Keep each build's state in this process for the next build: a long-lived process (the MkDocs
    plugin under ``mkdocs serve``) rebuilds an edit from it. A one-shot build (the CLI) does not
    pay for keeping what no later build will use."""
    global KEEP_WARM, _WARM, _LOCK
    KEEP_WARM, _WARM = on, (_WARM if on else None)
    _LOCK = _LOCK if on else None
    keep_render_state(on)  # the render side's store and table copies too


def _output_stamps(docs: Path, cache_root: Path) -> tuple:
    """The page record and the manifest as a build left them: another process's build changes them."""
    return (file_stamp(cache_root / STORE), file_stamp(docs / MANIFEST))


def _relink_warm(
    project: tuple[Path, Path, Path],
    articles: list[Article],
    extractions: dict[str, Extraction],
    cur: Curation | None,
    entries: list[RegistryEntry],
) -> Dossier:
    """Link, replayed from the last build in this process when it was of this project; ``changed``
    set when the pages on disk are still that build's (no other process built since)."""
    global _WARM
    prev, _WARM = (_WARM if _WARM is not None and _WARM.project == project else None), None
    dossier, memory = relink(prev.memory if prev else None, articles, extractions, cur, entries)
    if (
        prev is not None
        and memory.changes is not None
        and prev.outputs == _output_stamps(project[1], project[2])
    ):
        dossier.changed, dossier.changed_tables = memory.changes.records, memory.changes.tables
    _WARM = _WarmLink(project, memory)  # the previous memory is spent: relink moved it over
    return dossier


def _manifest_or_empty(docs: Path) -> dict[str, str]:
    try:
        return load_manifest(docs)
    except DossierError:  # sync reports a damaged manifest
        return {}


def quote_rows(articles: list[Article], cur: Curation | None) -> list[dict]:
    """`dossier quotes`: one record per quotation each article prints, in the evaluator's format;
    with a curation, its speaker, addressee, medium and status as the site shows them, and
    without the quotations the editor said are none."""
    d = run_pipeline(articles, cur)
    rows = []
    for article in articles:
        ex = d.extractions[article.id]
        for q in ex.quotes:
            row = quote_record(article, ex, q)
            if cur is not None:
                linked = d.quote(d.quote_of.get((article.id, q.start)))
                if linked is None:  # the editor said it is not a quote
                    continue
                speaker, to = d.person(linked.speaker), d.person(linked.addressee)
                row.update(speaker=speaker.name if speaker else None, medium=linked.medium)
                row.update(addressee=to.name if to else row["addressee"], status=linked.status)
            rows.append(row)
    return rows
