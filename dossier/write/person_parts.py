"""A person page of bounded size: when a person's entries (the quotes they said, the quotes to or
about them, the articles naming them) pass ``index_parts.CAP``, their page keeps its URL and
shows who they are and their entries' months with counts, and the entries move to sub-pages by
month: ``people/<id>/<yyyy-mm>.md`` (``-2``, ``-3`` … for a month holding more, cut as the index
pages' sub-pages are, where the entries' ids mark, so an added quote changes its own part only).

The folder is the person's id, which holds no "/": it cannot clash with a page. A month key is
``yyyy-mm`` or ``undated``, never a letter key of ``people/by-name/``.

Which entries a sub-page lists, and the landing's counts, are decided once over the dossier
(``person_jobs``) and carried in the jobs, as for the index pages' sub-pages: an edit re-renders
the person's landing when a count changes, and the sub-pages whose entries changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from . import index_parts, templates
from .common import (
    PEOPLE,
    SEARCH_EXCLUDED,
    Link,
    article_label,
    article_page,
    human_date,
    is_fragment,
    page_link,
    person_page,
)
from .index_parts import CAP, UNDATED, dates_first, key_label, month_key, split_parts
from .markup import page_front_matter
from .people import QuoteLine, TheirArticle, about_them, quote_line, render_person, said_line

# An entry of a sub-page: its section's letter and the id, one string (a job's entries are hashed
# whenever the job is looked up: a string keeps its hash, a tuple does not). "s": a quote they
# said, "t": addressed to them, "b": about them (not addressed to them), "a": an article naming them.
SAID, TO, ABOUT, ARTICLE = "s", "t", "b", "a"

# A person's landing job: ("person", id, months), months a tuple of (key, statements, entries,
# parts) newest first; a sub-page job: ("person_part", id, key, number, of, entries, previous,
# next), previous and next (key, number) or None.
PersonPartJob = tuple


def part_page(person_id: str, key: str, number: int = 1) -> str:
    return f"{PEOPLE}/{person_id}/{key}{'' if number == 1 else f'-{number}'}.md"


def person_jobs(d: Any, p: Any) -> tuple[tuple | None, list[PersonPartJob]]:
    """The months summary of a person's bounded page and its sub-page jobs; (None, []) when the
    page lists every entry itself (it fits)."""
    rel = d.relations
    said = rel.said.get(p.id) or ()
    to = rel.addressed.get(p.id) or ()
    about = rel.about.get(p.id) or ()
    if len(said) + len(to) + len(about) + len(p.articles) <= CAP:
        return None, []
    addressed = {q.id for q in to}
    months: dict[str, list[str]] = defaultdict(list)
    statements: dict[str, int] = defaultdict(int)
    for q in said:
        key = month_key(q.date)
        months[key].append(SAID + q.id)
        statements[key] += not is_fragment(q)
    for section, quotes in ((TO, to), (ABOUT, [q for q in about if q.id not in addressed])):
        for q in quotes:
            months[month_key(q.date)].append(section + q.id)
    for aid in p.articles:
        months[month_key(d.article(aid).meta.date)].append(ARTICLE + aid)
    pages = []
    summary = []
    for key in sorted(months, key=dates_first):
        parts = _parts(p.id, key, months[key])
        pages += [(key, n, len(parts), tuple(part)) for n, part in enumerate(parts, 1)]
        summary.append((key, statements[key], len(months[key]), len(parts)))
    jobs = []
    for i, (key, number, of, entries) in enumerate(pages):
        before = pages[i - 1][:2] if i else None
        after = pages[i + 1][:2] if i + 1 < len(pages) else None
        jobs.append(("person_part", p.id, key, number, of, entries, before, after))
    # The landing lists the newest month first (undated last): what a reader looks for first.
    dated = [m for m in summary if m[0] != UNDATED]
    return tuple(dated[::-1] + [m for m in summary if m[0] == UNDATED]), jobs


# (person id, month) -> (its entries, their parts) as last cut: a month's entries are cut again only
# when they differ (most of a person's months do not change in an edit; cutting reads every id).
_CUTS: dict[tuple[str, str, int], tuple[list[str], list[list[str]]]] = {}
_CUTS_KEPT = 1 << 15


def _parts(person_id: str, key: str, entries: list[str]) -> list[list[str]]:
    cut = (person_id, key, index_parts.CAP)
    known = _CUTS.get(cut)
    if known is None or known[0] != entries:
        if len(_CUTS) >= _CUTS_KEPT:
            _CUTS.clear()
        known = _CUTS[cut] = (entries, split_parts([(e, 1) for e in entries]))
    return known[1]


@dataclass(slots=True)
class MonthLink:
    link: Link  # to the month's first sub-page
    count: int  # its entries
    statements: int  # of them, quotes the person said (not phrases)
    parts: list[Link]  # the month's further sub-pages


@dataclass(slots=True)
class Shelf:
    """A year's months on the landing (index_macros.overview's shape)."""

    label: str
    keys: list[MonthLink]


def month_shelves(page: str, person_id: str, months: tuple) -> list[Shelf]:
    shelves: list[Shelf] = []
    for key, statements, count, parts in months:
        label = "Undated" if key == UNDATED else key[:4]
        name = key_label("quotes", key).split(" ")[0] if key != UNDATED else "Undated"
        link = page_link(page, part_page(person_id, key), name)
        more = [page_link(page, part_page(person_id, key, n), str(n)) for n in range(2, parts + 1)]
        if not shelves or shelves[-1].label != label:
            shelves.append(Shelf(label, []))
        shelves[-1].keys.append(MonthLink(link, count, statements, more))
    return shelves


def render_bounded_person(d: Any, p: Any, slugs: Any, months: tuple) -> str:
    """The page of a person whose entries are on sub-pages: person.md with no lists but
    ``months`` (a shelf a year, newest first, each month linking its sub-pages)."""
    page = person_page(p.id)
    empty: list = []
    context = {
        **about_them(d, p, page, d.relations.together[p.id]),
        "statements": sum(m[1] for m in months),
        "quote_ids": empty,
        "fragment_ids": empty,
        "dates_inferred": False,  # (said on the sub-pages, where the dates are)
        "quotes": empty,
        "disputed": empty,
        "misattributed": empty,
        "phrases": empty,
        "addressed_to": empty,
        "about": empty,
        "articles": empty,
        "months": month_shelves(page, p.id, months),
    }
    return render_person(d, p, slugs, context)


def _neighbour(page: str, person_id: str, at: tuple[str, int] | None) -> Link | None:
    if at is None:
        return None
    label = key_label("quotes", at[0]) + (f", part {at[1]}" if at[1] > 1 else "")
    return page_link(page, part_page(person_id, *at), label)


def render_person_part(d: Any, slugs: Any, job: PersonPartJob) -> tuple[str, str]:
    """One month (part) of a person's entries: (path, text)."""
    _, person_id, key, number, of, entries, before, after = job
    p = d.person(person_id)
    page = part_page(person_id, key, number)
    by: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        by[entry[0]].append(entry[1:])
    said = [d.quote(qid) for qid in by[SAID]]
    lines = {
        status: [said_line(page, q) for q in said if _status(q) == status]
        for status in ("quotes", "disputed", "misattributed", "phrases")
    }
    title = f"{p.name}: {key_label('quotes', key)}" + (f" ({number} of {of})" if of > 1 else "")
    to: list[QuoteLine] = [quote_line(page, d.quote(qid), d) for qid in by[TO]]
    about: list[QuoteLine] = [quote_line(page, d.quote(qid), d) for qid in by[ABOUT]]
    articles = []
    for aid in by[ARTICLE]:
        a = d.article(aid)
        articles.append(
            TheirArticle(page_link(page, article_page(aid, slugs), article_label(a)), human_date(a.meta.date))
        )
    context = {
        "title": title,
        "index": page_link(page, person_page(person_id), p.name),
        "previous": _neighbour(page, person_id, before),
        "next": _neighbour(page, person_id, after),
        "dates_inferred": any(q.date_inferred for q in said),
        **lines,
        "addressed_to": to,
        "about": about,
        "articles": articles,
    }
    meta = {
        "title": title,
        "description": f"{p.name}, {key_label('quotes', key)}: {len(entries)} of their entries.",
        "search": SEARCH_EXCLUDED,
        "dossier": {"kind": "person_part", "id": person_id},
    }
    return page, page_front_matter(meta, templates.render("person_part.md", context))


def _status(q: Any) -> str:
    """Which list of a person page a quote they said is on (person.md's sections)."""
    if is_fragment(q):
        return "phrases"
    return q.status if q.status in ("disputed", "misattributed") else "quotes"
