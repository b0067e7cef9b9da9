"""Write stage: the linked dossier -> generated pages and data files (path -> bytes).

Pure: nothing here touches the disk; ``dossier.output.sync`` does that.
"""

from __future__ import annotations

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


def render_site(d: Dossier) -> dict[str, bytes]:
    slugs = article_slugs(d)
    pages: dict[str, str] = {}
    for a in d.articles:
        pages[article_page(a.id, slugs)] = render_article(d, a, slugs)
    for q in d.quotes:
        pages[quote_page(q.id)] = render_quote(d, q, slugs)
    for p in d.people:
        pages[person_page(p.id)] = render_person(d, p, slugs)
    for old, new in d.redirects.items():
        pages[quote_page(old)] = render_redirect(d, old, new)
    for rid, speaker, ws in d.retired:
        pages[quote_page(rid)] = render_retired(d, rid, speaker, ws)
    pages[QUOTES_INDEX] = render_quotes_index(d)
    pages[PEOPLE_INDEX] = render_people_index(d)
    pages[ARTICLES_INDEX] = render_articles_index(d, slugs)
    pages[TIMELINE] = render_timeline(d, slugs)
    pages[HOME] = render_home(d)
    out = {path: text.encode("utf-8") for path, text in pages.items()}
    out.update(render_data(d, slugs))
    return out
