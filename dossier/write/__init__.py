"""Write stage: the linked dossier -> generated pages and data files (path -> bytes).

Pure: nothing here touches the disk; ``dossier.publish.output.sync`` does that. The site is a list
of *jobs* (one per page, index page or data export); ``render_job`` renders one from the
dossier. ``dossier.publish.incremental`` renders only the jobs whose inputs changed since the last
build; ``render_site`` renders them all.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from ..link.slugs import unique_slugs
from ..model import Dossier
from .articles import render_article
from .cards import has_card, render_card_job
from .cite import render_cite_files
from .common import article_page, person_page, quote_page
from .data import render_data
from .feed import render_feeds
from .index_parts import part_jobs, render_part
from .indexes import (
    ARTICLES_INDEX,
    HOME,
    PEOPLE_INDEX,
    QUOTES_INDEX,
    TIMELINE,
    render_articles_index,
    render_home,
    render_people_index,
    render_quotes_index,
    render_timeline,
)
from .listing import prepare
from .people import render_person
from .person_parts import person_jobs, render_bounded_person, render_person_part
from .quotes import render_quote, render_redirect, render_retired
from .templates import use as use_templates

HOME_PAGE = HOME

# A job names what to render; everything else a page shows it reads from the dossier.
#   ("article", id) ("quote", id) ("person", id) ("redirect", old id, new id)
#   ("person", id, months) ("person_part", id, month, number, of, entries, previous, next): the
#   page of a person with many entries and its sub-pages (dossier.write.person_parts)
#   ("retired", id, speaker, words, closest id) ("index", path) ("data",) ("feed",)
#   ("card", "quote"|"person", id): a share card (when the site has cards)
#   ("part", family, key, number, of, entries, previous, next): a sub-page of an index page,
#   naming the entries it lists (dossier.write.index_parts)
Job = tuple
# Index pages, in the order they are written (a later one wins a path clash, as data does).
INDEXES = (QUOTES_INDEX, PEOPLE_INDEX, ARTICLES_INDEX, TIMELINE, HOME)


# The last article slugs made, by the article ids in order (what they are made from): an edit
# rarely adds or removes an article, and making them costs a slugify per article.
_SLUGS: list[tuple[list[str], dict[str, str]]] = []


def article_slugs(d: Dossier) -> dict[str, str]:
    ids = [a.id for a in d.articles]
    if _SLUGS and _SLUGS[0][0] == ids:
        return dict(_SLUGS[0][1])  # (a copy: callers may hold or change theirs)
    slugs = unique_slugs([(i, i) for i in ids], "article")
    _SLUGS[:] = [(ids, dict(slugs))]
    return slugs


def site_jobs(d: Dossier, people: Callable[[Any], tuple] | None = None) -> list[Job]:
    """Every job of the site; ``people``: what gives a person's ``person_jobs`` (a long-lived
    process keeps those of the people an edit cannot change)."""
    prepare(d)  # what the index pages list and count: the part jobs are cut from it
    jobs: list[Job] = [("article", a.id) for a in d.articles]
    jobs += [("quote", q.id) for q in d.quotes]
    subpages: list[Job] = []
    jobs_of = people or (lambda p: person_jobs(d, p))
    for p in d.people:  # a person with many entries: a bounded page, the entries on sub-pages
        months, parts = jobs_of(p)
        jobs.append(("person", p.id) if months is None else ("person", p.id, months))
        subpages += parts
    jobs += subpages
    jobs += [("redirect", old, new) for old, new in d.redirects.items()]
    jobs += [("retired", *retired) for retired in d.retired]
    jobs += [("index", path) for path in INDEXES]
    jobs += part_jobs(d)
    jobs.append(("data",))
    jobs.append(("feed",))
    if d.site.cards:
        jobs += [("card", "quote", q.id) for q in d.quotes]
        jobs += [("card", "person", p.id) for p in d.people if has_card(d, p)]
    return jobs


def job_rank(job: Job) -> int:
    """Which job's file wins when two write the same path: pages < index pages (in order) < data."""
    if job[0] == "index":
        return 1 + INDEXES.index(job[1])
    return 1 + len(INDEXES) if job[0] == "data" else 0


_INDEX_RENDERERS: dict[str, Callable[[Any, Mapping[str, str]], str]] = {
    QUOTES_INDEX: lambda d, slugs: render_quotes_index(d),
    PEOPLE_INDEX: lambda d, slugs: render_people_index(d),
    ARTICLES_INDEX: render_articles_index,
    TIMELINE: render_timeline,
    HOME: lambda d, slugs: render_home(d),
}


def render_job(d: Any, slugs: Mapping[str, str], job: Job) -> dict[str, bytes]:
    """The files of one job. ``d`` is the Dossier or a view of it that behaves the same."""
    kind = job[0]
    if kind == "article":
        path, text = article_page(job[1], slugs), render_article(d, d.article(job[1]), slugs)
    elif kind == "quote":
        q = d.quote(job[1])
        return {quote_page(job[1]): render_quote(d, q, slugs).encode("utf-8"), **render_cite_files(d, q)}
    elif kind == "person":
        p = d.person(job[1])
        text = render_person(d, p, slugs) if len(job) == 2 else render_bounded_person(d, p, slugs, job[2])
        path = person_page(job[1])
    elif kind == "person_part":
        path, text = render_person_part(d, slugs, job)
    elif kind == "redirect":
        path, text = quote_page(job[1]), render_redirect(d, job[1], job[2])
    elif kind == "retired":
        path, text = quote_page(job[1]), render_retired(d, job[1], job[2], job[3], job[4])
    elif kind == "index":
        path, text = job[1], _INDEX_RENDERERS[job[1]](d, slugs)
    elif kind == "part":
        path, text = render_part(d, slugs, job)
    elif kind == "data":
        return render_data(d, slugs)
    elif kind == "feed":
        return render_feeds(d)
    elif kind == "card":
        return render_card_job(d, job[1], job[2])
    else:
        raise ValueError(f"unknown job {job!r}")
    return {path: text.encode("utf-8")}


def combine(
    rendered: list[tuple[Job, Mapping[str, Any]]], content: Callable[[str, Any], bytes] | None = None
) -> dict[str, Any]:
    """All jobs' files as one mapping; a path written twice goes to the higher-ranked job
    (between two pages: the greater bytes), whatever order the jobs ran in. ``content``: a
    file's bytes when the mapping holds something else for them (publish.output.Staged)."""
    best: dict[str, tuple[int, Any]] = {}
    for job, files in rendered:
        rank = job_rank(job)
        for path, data in files.items():
            if path not in best:
                best[path] = (rank, data)
                continue
            top, other = best[path]
            if rank > top or (
                rank == top and (content(path, data) > content(path, other) if content else data > other)
            ):
                best[path] = (rank, data)
    return {path: best[path][1] for path in sorted(best)}


# With this many pages' worth of work, rendering on every core beats the cost of starting
# workers. The data export is worth a few hundred pages when it makes every record (about
# 0.4 s at 6,000 quotes); a landing page reads the tallies only (1-6 ms at 840 articles, a
# page 0.9 ms, through the tracking views) and the feeds 50 quotes (3 ms).
PARALLEL_PAGES = 2000
# A card is worth three pages: 2.3-3.0 ms against 0.6-1.0 ms for an article, quote or person
# page, rendered through the incremental renderer's views and hashed (CPU, first 200 corpus
# articles, caches cold, load 14; the cards were 4-6 ms before they were drawn from cached glyphs).
_WEIGHT = {"index": 5, "data": 600, "feed": 4, "card": 3}
# Jobs are handed out, and their results taken back, this many at a time: what a build holds
# of rendered files at once (with ``then`` writing them out) is a few chunks' worth.
CHUNK = 200
_WORK: tuple[Callable[[list[Job]], list], list[Job]] | None = None  # what forked workers run


def _run_chunk(bounds: tuple[int, int]) -> list:
    assert _WORK is not None
    fn, jobs = _WORK
    return fn(jobs[bounds[0] : bounds[1]])


def _can_fork() -> bool:
    # Forking a process with other threads (mkdocs serve's watcher) can deadlock on their locks.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def run_jobs(
    fn: Callable[[list[Job]], list],
    jobs: list[Job],
    workers: int | None = None,
    then: Callable[[list], list] | None = None,
) -> list:
    """``fn(jobs)`` -> one result per job, on every core when there are many jobs.

    Workers are forked, so ``fn`` sees everything the caller built (the dossier, its
    look-ups) without pickling it; only the results travel back, ``CHUNK`` jobs' at a time.
    ``then`` (in this process) turns each chunk's results into what is kept of them, as they
    arrive: a build writes the files out there rather than holding all of them.
    """
    global _WORK
    then = then or (lambda part: part)
    workers = workers or os.cpu_count() or 1
    weight = sum(_WEIGHT.get(job[0], 1) for job in jobs)
    if weight < PARALLEL_PAGES or workers < 2 or not _can_fork():
        return [r for i in range(0, len(jobs), CHUNK) for r in then(fn(jobs[i : i + CHUNK]))]
    # Interleave kinds (each is listed together) so every chunk gets a fair share of each.
    order = [i for w in range(workers) for i in range(w, len(jobs), workers)]
    spread = [jobs[i] for i in order]
    _WORK = (fn, spread)
    kept: list = []
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            # A few chunks in flight per worker: enough to keep both busy, few enough that the
            # results of chunks done early do not pile up here.
            bounds = iter([(i, i + CHUNK) for i in range(0, len(spread), CHUNK)])
            flight = deque(pool.submit(_run_chunk, b) for b in itertools.islice(bounds, 2 * workers))
            while flight:
                part = flight.popleft().result()
                for b in itertools.islice(bounds, 1):
                    flight.append(pool.submit(_run_chunk, b))
                kept += then(part)
    finally:
        _WORK = None
    results: list = [None] * len(jobs)
    for i, result in zip(order, kept, strict=True):
        results[i] = result
    return results


def render_site(d: Dossier, workers: int | None = None) -> dict[str, bytes]:
    """Every generated page and data file, path -> bytes; the same for any number of workers."""
    slugs = article_slugs(d)
    jobs = site_jobs(d)
    d.relations  # noqa: B018 - build the shared look-ups once, before any fork
    use_templates(d.site.templates)  # and compile nothing twice: forked workers inherit them

    def render(chunk: list[Job]) -> list[dict[str, bytes]]:
        return [render_job(d, slugs, job) for job in chunk]

    return combine(list(zip(jobs, run_jobs(render, jobs, workers), strict=True)))
