"""Index pages (quotes, people, sources), the timeline and the generated home page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Dossier, Quote
from . import templates
from .common import (
    ARTICLES,
    PEOPLE,
    QUOTES,
    SEARCH_EXCLUDED,
    Link,
    article_label,
    article_page,
    human_date,
    notes,
    page_link,
    person_page,
    quote_page,
    statements,
)
from .markup import page_front_matter
from .people import QuoteLine, quote_line

QUOTES_INDEX, PEOPLE_INDEX, ARTICLES_INDEX, TIMELINE, HOME = (
    f"{QUOTES}/index.md",
    f"{PEOPLE}/index.md",
    f"{ARTICLES}/index.md",
    "timeline.md",
    "index.md",
)


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


def render_quotes_index(d: Dossier) -> str:
    page = QUOTES_INDEX
    listed = statements(d.quotes)
    by_speaker: dict[str, list] = defaultdict(list)
    for q in listed:
        by_speaker[q.speaker or ""].append(q)
    speakers = []
    for pid in sorted(by_speaker, key=lambda k: (k == "", d.person(k).name if d.person(k) else "")):
        person = d.person(pid)
        link = page_link(page, person_page(pid), person.name) if person else None
        speakers.append(QuotesOf(link, [dated_line(page, q, d) for q in by_speaker[pid]]))
    by_date: dict[str, list] = defaultdict(list)
    for q in listed:
        by_date[q.date or ""].append(q)
    dates = [
        QuotesOn(human_date(date) if date else None, [quote_line(page, q, d) for q in by_date[date]])
        for date in sorted(by_date, key=lambda k: (k == "", k))
    ]
    context = {
        "statements": len(listed),
        "sources": len(d.articles),
        "phrases": len(d.quotes) - len(listed),
        "dates_inferred": any(q.date_inferred for q in listed),
        "by_speaker": speakers,
        "by_date": dates,
    }
    description = f"All {len(listed)} statements in the dossier, by speaker and by date."
    return _page("quotes_index.md", "Quotes", description, "quotes", context)


def dated_line(page: str, q: Quote, d: Dossier) -> QuoteLine:
    """A quote in a list that shows its date (the quotes index by speaker, the home page)."""
    line = quote_line(page, q, d)
    line.date = human_date(q.date)
    return line


@dataclass(slots=True)
class QuotesOf:
    link: Link | None  # to the speaker's page; None: unattributed
    quotes: list[QuoteLine]  # dated


@dataclass(slots=True)
class QuotesOn:
    date: str | None  # None: undated
    quotes: list[QuoteLine]


@dataclass(slots=True)
class PersonRow:
    link: Link
    quotes: int
    articles: int
    mentions: int


@dataclass(slots=True)
class ArticleRow:
    date: str  # " *" after an inferred one
    link: Link
    authors: str
    outlet: str
    quotes: int


@dataclass(slots=True)
class Event:
    """A narration sentence naming a date (the timeline)."""

    words: str  # the date as the sentence gives it
    sentence: str
    source: Link


@dataclass(slots=True)
class Day:
    date: str
    events: list[Event]
    quotes: list[QuoteLine]


def render_people_index(d: Dossier) -> str:
    page = PEOPLE_INDEX
    counts = statement_counts(d)
    people = [
        PersonRow(page_link(page, person_page(p.id), p.name), counts[p.id], len(p.articles), p.mention_count)
        for p in sorted(d.people, key=lambda p: (-counts[p.id], p.name.lower()))
    ]
    return _page(
        "people_index.md",
        "People",
        f"The {len(d.people)} people of the dossier.",
        "people",
        {"people": people},
    )


def render_articles_index(d: Dossier, slugs: dict[str, str]) -> str:
    page = ARTICLES_INDEX
    articles = [
        ArticleRow(
            human_date(a.meta.date) + (" *" if a.meta.date_inferred else ""),
            page_link(page, article_page(a.id, slugs), article_label(a)),
            ", ".join(a.meta.authors),
            a.meta.outlet or "",
            len(article_statements(d, a.id)),
        )
        for a in sorted(d.articles, key=lambda a: (a.meta.date or "", a.id))
    ]
    context = {
        # Notes on the whole dossier are about its sources: shown here as well as on the home page,
        # which is generated only when the dossier has none of its own.
        "notes": notes(d.notes),
        "dates_inferred": any(a.meta.date_inferred for a in d.articles),
        "articles": articles,
    }
    description = f"The {len(d.articles)} source articles of the dossier."
    return _page("articles_index.md", "Sources", description, "articles", context)


def article_statements(d: Dossier, article_id: str) -> list:
    """The statements an article prints, each once however many times or pieces it prints it."""
    return statements(list({q.id: q for q, _ in d.occurrences_in(article_id)}.values()))


def timeline_events(d: Dossier) -> dict[str, list[tuple[str, str, int, str]]]:
    """Date -> [(article id, sentence, offset, date words)]: narration sentences that name a date."""
    events: dict[str, list[tuple[str, str, int, str]]] = defaultdict(list)
    for a in d.articles:
        spans = [(q.start, q.end) for q in d.extractions[a.id].quotes]
        for dm in a.dates:
            para = a.paragraph_at(dm.start)
            if not dm.value or not para or para.kind != "body" or any(s <= dm.start < e for s, e in spans):
                continue
            events[dm.value[:10]].append(
                (a.id, _sentence(a.raw, para.start, para.end, dm.start), para.start, dm.text)
            )
    return events


def _sentence(raw: str, lo: int, hi: int, at: int) -> str:
    """The sentence of raw[lo:hi] around offset ``at`` (news sentences end in . ! ? before a space)."""
    start = lo
    for i in range(at, lo, -1):
        if raw[i - 1] in ".!?" and raw[i].isspace() and not raw[i - 2 : i].isupper():
            start = i
            break
    end = hi
    for i in range(at, hi - 1):
        if raw[i] in ".!?" and raw[i + 1].isspace():
            end = i + 1
            break
    return raw[start:end].strip()


def render_timeline(d: Dossier, slugs: dict[str, str]) -> str:
    page = TIMELINE
    events = timeline_events(d)
    quotes_by_date = defaultdict(list)
    for q in statements(d.quotes):
        if q.date:
            quotes_by_date[q.date[:10]].append(q)
    days = []
    for date in sorted(set(events) | set(quotes_by_date)):
        happened = sorted(set(events.get(date, [])), key=lambda e: (e[0], e[2], e[1], e[3]))
        dated = [
            Event(said, sentence, page_link(page, article_page(aid, slugs), article_label(d.article(aid))))
            for aid, sentence, _, said in happened
        ]
        days.append(
            Day(human_date(date), dated, [quote_line(page, q, d) for q in quotes_by_date.get(date, [])])
        )
    context = {
        "dates_inferred": any(q.date_inferred for qs in quotes_by_date.values() for q in qs),
        "days": days,
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
