"""Write stage: the linked dossier -> generated pages and data files (path -> bytes).

Pure: nothing here touches the disk; ``dossier.output.sync`` does that.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from ..link import Dossier
from ..slugs import unique_slugs
from .articles import render_article
from .common import article_page, person_page, quote_page
from .data import render_data
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
from .people import render_person
from .quotes import render_quote, render_redirect, render_retired

HOME_PAGE = HOME


def article_slugs(d: Dossier) -> dict[str, str]:
    return unique_slugs([(a.id, a.id) for a in d.articles], "article")


# With this many pages, rendering on every core beats the cost of starting workers.
PARALLEL_PAGES = 2000
_SITE: tuple[Dossier, dict[str, str]] | None = None  # what forked workers render from


def _page_jobs(d: Dossier) -> list[tuple[str, str]]:
    jobs = [("article", a.id) for a in d.articles]
    jobs += [("quote", q.id) for q in d.quotes]
    jobs += [("person", p.id) for p in d.people]
    jobs += [("redirect", old) for old in d.redirects]
    jobs += [("retired", rid) for rid, _, _ in d.retired]
    return jobs


def _render_jobs(jobs: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    assert _SITE is not None
    d, slugs = _SITE
    retired = {rid: (speaker, ws) for rid, speaker, ws in d.retired}
    out = []
    for kind, key in jobs:
        if kind == "article":
            path, text = article_page(key, slugs), render_article(d, d.article(key), slugs)
        elif kind == "quote":
            path, text = quote_page(key), render_quote(d, d.quote(key), slugs)
        elif kind == "person":
            path, text = person_page(key), render_person(d, d.person(key), slugs)
        elif kind == "redirect":
            path, text = quote_page(key), render_redirect(d, key, d.redirects[key])
        else:
            path, text = quote_page(key), render_retired(d, key, *retired[key])
        out.append((path, text.encode("utf-8")))
    return out


def _can_fork() -> bool:
    # Forking a process with other threads (mkdocs serve's watcher) can deadlock on their locks.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def render_site(d: Dossier, workers: int | None = None) -> dict[str, bytes]:
    """Every generated page and data file, path -> bytes; the same for any number of workers."""
    global _SITE
    slugs = article_slugs(d)
    jobs = _page_jobs(d)
    d.relations  # noqa: B018 - build the shared look-ups once, before any fork
    _SITE = (d, slugs)
    try:
        workers = workers or os.cpu_count() or 1
        if len(jobs) >= PARALLEL_PAGES and workers > 1 and _can_fork():
            chunks = [jobs[i::workers] for i in range(workers)]
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                rendered = [item for part in pool.map(_render_jobs, chunks) for item in part]
        else:
            rendered = _render_jobs(jobs)
    finally:
        _SITE = None
    out = dict(sorted(rendered))  # the same mapping, in the same order, however it was split
    for path, text in (
        (QUOTES_INDEX, render_quotes_index(d)),
        (PEOPLE_INDEX, render_people_index(d)),
        (ARTICLES_INDEX, render_articles_index(d, slugs)),
        (TIMELINE, render_timeline(d, slugs)),
        (HOME, render_home(d)),
    ):
        out[path] = text.encode("utf-8")
    out.update(render_data(d, slugs))
    return out
