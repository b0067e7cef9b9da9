"""Index pages (quotes, people, sources), the timeline and the generated home page."""

from __future__ import annotations

from collections import defaultdict
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
    article_groups,
    article_row,
    fits,
    key_label,
    month_key,
    part_path,
    people_groups,
    person_row,
    quote_groups,
    timeline_day,
    timeline_days,
)
from .markup import page_front_matter
from .people import QuoteLine, quote_line

# Speakers a landing page names (most quoted first); the people index's sub-pages name them all.
SPEAKERS = 50


def _page(name: str, title: str, description: str, kind: str, context: dict) -> str:
    meta = {"title": title, "description": description, "search": SEARCH_EXCLUDED, "dossier": {"kind": kind}}
    return page_front_matter(meta, templates.render(name, context))


def statement_counts(d: Dossier) -> dict[str, int]:
    """Person id -> statements they made: the one count every page gives (fragments aside)."""
    counts: dict[str, int] = defaultdict(int)
    for q in statements(d.quotes):
        if q.speaker:
            counts[q.speaker] += 1
    return counts


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
    listed = statements(d.quotes)
    counts = statement_counts(d)
    speakers = sorted(
        (p for p in d.people if counts[p.id]), key=lambda p: (-counts[p.id], p.name.lower(), p.id)
    )
    unattributed = sum(1 for q in listed if not d.person(q.speaker))
    # Every statement inline only while they fit on one page; the sub-pages list them anyway.
    inline = sorted(listed, key=lambda q: q.date or "\uffff") if fits(len(listed)) else []
    context = {
        "statements": len(listed),
        "sources": len(d.articles),
        "phrases": len(d.quotes) - len(listed),
        "speakers": [
            KeyLink(page_link(page, person_page(p.id), p.name), counts[p.id]) for p in speakers[:SPEAKERS]
        ],
        "more_speakers": len(speakers) - SPEAKERS if len(speakers) > SPEAKERS else 0,
        "people": page_link(page, PEOPLE_INDEX, "people index"),
        "unattributed": unattributed,
        "months": overview(page, "quotes", {k: len(v) for k, v in quote_groups(d).items()}),
        "dates_inferred": any(q.date_inferred for q in inline),
        "quotes": [dated_line(page, q, d) for q in inline],
    }
    description = f"The {len(listed)} statements in the dossier, by speaker and by month."
    return _page("quotes_index.md", "Quotes", description, "quotes", context)


def render_people_index(d: Dossier) -> str:
    page = PEOPLE_INDEX
    counts = statement_counts(d)
    ranked = sorted(d.people, key=lambda p: (-counts[p.id], p.name.lower(), p.id))
    shown = ranked if fits(len(ranked)) else ranked[:SPEAKERS]
    people = [person_row(page, d, p) for p in shown]
    context = {
        "count": len(d.people),
        "all_shown": len(shown) == len(ranked),
        "people": people,
        "names": overview(page, "people", {k: len(v) for k, v in people_groups(d).items()}),
    }
    return _page(
        "people_index.md", "People", f"The {len(d.people)} people of the dossier.", "people", context
    )


def render_articles_index(d: Dossier, slugs: dict[str, str]) -> str:
    page = ARTICLES_INDEX
    groups = article_groups(d)
    inline = (
        [a for key in sorted(groups, key=lambda k: (k == UNDATED, k)) for a in groups[key]]
        if fits(len(d.articles))
        else []
    )
    context = {
        "count": len(d.articles),
        # Notes on the whole dossier are about its sources: shown here as well as on the home page,
        # which is generated only when the dossier has none of its own.
        "notes": notes(d.notes),
        "months": overview(page, "articles", {k: len(v) for k, v in groups.items()}),
        "dates_inferred": any(a.meta.date_inferred for a in inline),
        "articles": [article_row(page, d, a, slugs) for a in inline],
    }
    description = f"The {len(d.articles)} source articles of the dossier."
    return _page("articles_index.md", "Sources", description, "articles", context)


def render_timeline(d: Dossier, slugs: dict[str, str]) -> str:
    page = TIMELINE
    days = sorted(timeline_days(d).items())
    counts: dict[str, int] = defaultdict(int)
    for day, (articles, quotes) in days:
        counts[month_key(day)] += sum(articles.values()) + len(quotes)
    counts.pop(UNDATED, None)
    inline = []
    if fits(sum(counts.values())):
        inline = [
            timeline_day(page, d, day, sorted(articles), quotes, slugs) for day, (articles, quotes) in days
        ]
    context = {
        "months": overview(page, "timeline", counts),
        "dates_inferred": any(line.quote.date_inferred for day in inline for line in day.quotes),
        "days": inline,
    }
    return _page(
        "timeline.md", "Timeline", "What happened when, from the dates in the sources.", "timeline", context
    )


def render_home(d: Dossier) -> str:
    page = HOME
    counts = statement_counts(d)
    listed = statements(d.quotes)
    top = sorted((p for p in d.people if counts[p.id]), key=lambda p: (-counts[p.id], p.name))[:10]
    # The latest statements: dated ones, newest first; fragments are not statements to announce.
    # On one day, the quotes whose speaker is known come first, then as the quotes index lists them.
    latest = sorted(
        (q for q in listed if q.date), key=lambda q: (q.date, q.speaker is not None), reverse=True
    )[:10]
    context = {
        "sources": len(d.articles),
        "statements": len(listed),
        "people": len(d.people),
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
            {"link": page_link(page, person_page(p.id), p.name), "quotes": counts[p.id]} for p in top
        ],
        "latest": [dated_line(page, q, d) for q in latest],
        "dates_inferred": any(q.date_inferred for q in latest),
    }
    description = f"{len(listed)} quotes by {len(d.people)} people in {len(d.articles)} sources."
    return _page("home.md", "Dossier", description, "home", context)


__all__ = [
    "render_quotes_index",
    "render_people_index",
    "render_articles_index",
    "render_timeline",
    "render_home",
    "quote_page",
]
