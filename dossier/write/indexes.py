"""Index pages (quotes, people, sources), the timeline and the generated home page."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Dossier, Quote
from . import templates
from .common import (
    SEARCH_EXCLUDED,
    Link,
    human_date,
    notes,
    page_link,
    person_page,
    quote_page,
    statements,
)
from .index_parts import (
    ARTICLES_INDEX,
    HOME,
    OTHER,
    PEOPLE_INDEX,
    QUOTES_INDEX,
    TIMELINE,
    UNDATED,
    article_row,
    fits,
    key_label,
    part_path,
    person_row,
    timeline_day,
)
from .markup import page_front_matter
from .people import QuoteLine, quote_line


def _page(name: str, title: str, description: str, kind: str, context: dict) -> str:
    meta = {"title": title, "description": description, "search": SEARCH_EXCLUDED, "dossier": {"kind": kind}}
    return page_front_matter(meta, templates.render(name, context))


@dataclass(slots=True)
class KeyLink:
    """A sub-page in a landing page's overview: its key's label linked, with its entries."""

    link: Link
    count: int


@dataclass(slots=True)
class Shelf:
    """A row of the overview: a year's months, or the initials of names (label None)."""

    label: str | None
    keys: list[KeyLink]


def overview(page: str, family: str, counts: dict[str, int]) -> list[Shelf]:
    """Links to every key's first sub-page with its count: months by year, or initials."""
    shelves: dict[str | None, list[KeyLink]] = {}
    for key in sorted(counts, key=lambda k: (k in (UNDATED, OTHER), k)):
        label = key_label(family, key)
        if family == "people" or key == UNDATED:
            shelf = None
        else:
            shelf, label = key[:4], label.split(" ", 1)[0]
        shelves.setdefault(shelf, []).append(
            KeyLink(page_link(page, part_path(family, key), label), counts[key])
        )
    return [Shelf(label, keys) for label, keys in shelves.items()]


def dated_line(page: str, q: Quote, d: Dossier) -> QuoteLine:
    """A quote in a list that shows its date (the quotes index, the home page)."""
    line = quote_line(page, q, d)
    line.date = human_date(q.date)
    return line


def render_quotes_index(d: Dossier) -> str:
    page = QUOTES_INDEX
    t = d.tallies
    # Every statement inline only while they fit on one page; the sub-pages list them anyway.
    inline = sorted(statements(d.quotes), key=lambda q: q.date or "\uffff") if fits(t.statements) else []
    context = {
        "statements": t.statements,
        "sources": t.articles,
        "phrases": t.phrases,
        "speakers": [
            KeyLink(page_link(page, person_page(pid), d.person(pid).name), n) for pid, n in t.speakers
        ],
        "more_speakers": t.more_speakers,
        "people": page_link(page, PEOPLE_INDEX, "people index"),
        "unattributed": t.unattributed,
        "months": overview(page, "quotes", t.months["quotes"]),
        "dates_inferred": any(q.date_inferred for q in inline),
        "quotes": [dated_line(page, q, d) for q in inline],
    }
    description = f"The {t.statements} statements in the dossier, by speaker and by month."
    return _page("quotes_index.md", "Quotes", description, "quotes", context)


def render_people_index(d: Dossier) -> str:
    page = PEOPLE_INDEX
    t = d.tallies
    context = {
        "count": t.people,
        "all_shown": len(t.ranked) == t.people,
        "people": [
            person_row(page, d, d.person(pid), n)
            for pid, n in zip(t.ranked, t.ranked_statements, strict=True)
        ],
        "names": overview(page, "people", t.months["people"]),
    }
    return _page("people_index.md", "People", f"The {t.people} people of the dossier.", "people", context)


def render_articles_index(d: Dossier, slugs: dict[str, str]) -> str:
    page = ARTICLES_INDEX
    t = d.tallies
    inline = []
    if fits(t.articles):
        groups = d.listing.articles
        inline = [
            d.article(aid) for key in sorted(groups, key=lambda k: (k == UNDATED, k)) for aid in groups[key]
        ]
    context = {
        "count": t.articles,
        # Notes on the whole dossier are about its sources: shown here as well as on the home page,
        # which is generated only when the dossier has none of its own.
        "notes": notes(d.notes),
        "months": overview(page, "articles", t.months["articles"]),
        "dates_inferred": any(a.meta.date_inferred for a in inline),
        "articles": [article_row(page, d, a, slugs) for a in inline],
    }
    description = f"The {t.articles} source articles of the dossier."
    return _page("articles_index.md", "Sources", description, "articles", context)


def render_timeline(d: Dossier, slugs: dict[str, str]) -> str:
    page = TIMELINE
    t = d.tallies
    inline = []
    if fits(sum(t.months["timeline"].values())):
        inline = [
            timeline_day(page, d, day, sorted(articles), quotes, slugs)
            for day, (articles, quotes) in sorted(d.listing.days.items())
        ]
    context = {
        "months": overview(page, "timeline", t.months["timeline"]),
        "dates_inferred": any(line.quote.date_inferred for day in inline for line in day.quotes),
        "days": inline,
    }
    return _page(
        "timeline.md", "Timeline", "What happened when, from the dates in the sources.", "timeline", context
    )


def render_home(d: Dossier) -> str:
    page = HOME
    t = d.tallies
    # The latest statements: dated ones, newest first; fragments are not statements to announce.
    # On one day, the quotes whose speaker is known come first, then as the quotes index lists them.
    latest = [d.quote(qid) for qid in t.latest]
    context = {
        "sources": t.articles,
        "statements": t.statements,
        "people": t.people,
        "pages": {
            name: page_link(page, target, name)
            for name, target in (
                ("sources", ARTICLES_INDEX),
                ("quotes", QUOTES_INDEX),
                ("people", PEOPLE_INDEX),
                ("timeline", TIMELINE),
            )
        },
        "notes": notes(d.notes),
        "most_quoted": [
            {"link": page_link(page, person_page(pid), d.person(pid).name), "quotes": n}
            for pid, n in t.home_speakers
        ],
        "latest": [dated_line(page, q, d) for q in latest],
        "dates_inferred": any(q.date_inferred for q in latest),
    }
    description = f"{t.statements} quotes by {t.people} people in {t.articles} sources."
    return _page("home.md", "Dossier", description, "home", context)


__all__ = [
    "render_quotes_index",
    "render_people_index",
    "render_articles_index",
    "render_timeline",
    "render_home",
    "quote_page",
]
