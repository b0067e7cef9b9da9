"""Person pages: names, their quotes by date, quotes to and about them, articles, companions."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from functools import partial

from ..model import Dossier, Person, Quote
from . import templates
from .common import (
    Link,
    article_label,
    article_page,
    human_date,
    is_fragment,
    notes,
    page_link,
    person_page,
    quote_page,
    short,
)
from .head import person_preview
from .markup import page_front_matter


def render_person(d: Dossier, p: Person, slugs: dict[str, str], context: dict | None = None) -> str:
    """A person's page; ``context``: person.md's, when not ``person_context``'s (a page whose
    entries are on sub-pages: person_parts.render_bounded_person)."""
    context = context if context is not None else person_context(d, p, slugs)
    summary = f"{p.name}: {context['statements']} quotes in {len(p.articles)} articles of this dossier."
    fm = {
        "title": p.name,
        "description": summary,
        "dossier": {
            "kind": "person",
            "id": p.id,
            "name": p.name,
            "entity": p.kind,
            "called": p.called,
            "aliases": p.aliases,
            "description": p.description,
            "links": p.links,
            "notes": p.notes,
            # Its articles and quotes (thousands of ids for the most quoted) are in data/people.json.
            "mentions": p.mention_count,
            "preview": person_preview(d, p, summary),
        },
    }
    return page_front_matter(fm, templates.render("person.md", context))


def person_context(d: Dossier, p: Person, slugs: dict[str, str]) -> dict:
    """What person.md gets (the README lists it)."""
    page = person_page(p.id)
    rel = d.relations
    said, to, about, together = rel.said[p.id], rel.addressed[p.id], rel.about[p.id], rel.together[p.id]
    # A quote addressed to them is about them too: listed once, under "addressed to them".
    addressed = {q.id for q in to}
    about = [q for q in about if q.id not in addressed]
    fragments = [q for q in said if is_fragment(q)]
    said = [q for q in said if not is_fragment(q)]

    dated = partial(said_line, page)
    return {
        **about_them(d, p, page, together),
        "statements": len(said),
        "quote_ids": [q.id for q in said],
        "fragment_ids": [q.id for q in fragments],
        "dates_inferred": any(q.date_inferred for q in said + fragments),
        # Wikiquote's discipline: sourced quotes, then disputed, then misattributed ones.
        "quotes": [dated(q) for q in said if q.status not in ("disputed", "misattributed")],
        "disputed": [dated(q) for q in said if q.status == "disputed"],
        "misattributed": [dated(q) for q in said if q.status == "misattributed"],
        # Fewer than four words: a phrase quoted in the reporter's sentence, not a statement.
        "phrases": [dated(q) for q in fragments],
        "addressed_to": [quote_line(page, q, d) for q in to],
        "about": [quote_line(page, q, d) for q in about],
        "articles": [
            {
                "link": page_link(page, article_page(aid, slugs), article_label(d.article(aid))),
                "date": human_date(d.article(aid).meta.date),
            }
            for aid in p.articles
        ],
        "months": [],
    }


def about_them(d: Dossier, p: Person, page: str, together: dict[str, int]) -> dict:
    """The part of person.md's context that says who they are, whatever the page lists."""
    links = []
    for k, v in sorted(p.links.items()):
        if k == "wikidata" or v.lower().startswith(("http://", "https://")):
            url = f"https://www.wikidata.org/wiki/{v}" if k == "wikidata" and not v.startswith("http") else v
            links.append({"name": k.capitalize(), "url": url})
    ranked = heapq.nsmallest(APPEARS_WITH_SHOWN, together.items(), key=lambda kv: (-kv[1], kv[0]))
    companions = [(d.person(pid), n) for pid, n in ranked]
    return {
        "page": page,
        "person": p,
        "notes": notes(p.notes),
        "links": links,
        "appears_with": [
            {"link": page_link(page, person_page(other.id), other.name), "times": n}
            for other, n in companions
            if other
        ],
        "others": max(len(together) - APPEARS_WITH_SHOWN, 0),
    }


def said_line(page: str, q: Quote) -> TheirQuote:
    """A quote on its speaker's page (or sub-page): its words linked, its date, medium, status."""
    bits = [human_date(q.date)] + ([q.medium] if q.medium else [])
    if q.status == "verified":
        bits.append("verified")
    return TheirQuote(page_link(page, quote_page(q.id), "“" + short(q.text, 100) + "”"), ", ".join(bits))


# Most frequent companions shown on a person page: every person of a crowded article listing
# every other one made pages quadratic in the article's size.
APPEARS_WITH_SHOWN = 30


@dataclass(slots=True)
class TheirQuote:
    link: Link
    about: str  # date, medium, "verified"


@dataclass(slots=True)
class TheirArticle:
    link: Link
    date: str


@dataclass(slots=True)
class Companion:
    link: Link  # to their page
    times: int  # articles naming both


@dataclass(slots=True)
class QuoteLine:
    """A quote in a list (macros.md's ``quote_items``): its words linked to its page, its speaker."""

    link: Link
    speaker: str
    quote: Quote
    date: str | None = None  # shown when the list gives dates


def quote_line(page: str, q: Quote, d: Dossier) -> QuoteLine:
    who = d.person(q.speaker)
    link = page_link(page, quote_page(q.id), "“" + short(q.text, 90) + "”")
    return QuoteLine(link, who.name if who else "unattributed", q)
