"""The index pages' sub-pages: quotes and sources by month, people by initial, the timeline by
month, each at most ``CAP`` entries long however large the dossier grows.

A sub-page's path depends only on its key (``quotes/by-date/2018-04.md``, ``-2``, ``-3`` … for a
month holding more than ``CAP``), in a folder no page id can name (ids hold no "/"), so it exists
as long as its key has entries. Which entries a sub-page lists is decided once for the whole
site (``part_jobs``, over the dossier itself) and carried in its job: rendering one reads only
the records it lists, so an edit re-renders the sub-pages whose entries changed and the
incremental renderer keeps the others.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Dossier
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
    page_link,
    person_page,
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
INDEX_OF = {"quotes": QUOTES_INDEX, "people": PEOPLE_INDEX, "articles": ARTICLES_INDEX, "timeline": TIMELINE}

# Entries on one sub-page (a quote line, a table row, a timeline event or quote): about 50 kB
# of Markdown, which MkDocs renders in well under 0.1 s.
CAP = 200

FOLDERS = {
    "quotes": f"{QUOTES}/by-date",
    "articles": f"{ARTICLES}/by-date",
    "people": f"{PEOPLE}/by-name",
    "timeline": "timeline",
}
TITLES = {"quotes": "Quotes", "articles": "Sources", "people": "People", "timeline": "Timeline"}
UNDATED = "undated"
OTHER = "other"  # people whose name starts with no letter a-z
_MONTH = re.compile(r"\d{4}-\d{2}")

# A sub-page job: ("part", family, key, number, of, entries, previous, next), where previous
# and next are (key, number) or None, and entries are ids in the page's order (the timeline:
# (day, article ids, quote ids) per day listed).
PartJob = tuple


def month_key(date: str | None) -> str:
    """'2018-04-26T17:25' -> '2018-04'; anything else (no date, a malformed one) -> 'undated'."""
    return _month_of(date[:7]) if date else UNDATED


@lru_cache(maxsize=1 << 12)
def _month_of(prefix: str) -> str:
    # (found once per month: person pages ask for tens of thousands of dates on every build)
    return prefix if _MONTH.fullmatch(prefix) else UNDATED


def letter_key(name: str) -> str:
    """A name's initial as a key: 'Émile' -> 'e'; no letter a-z first -> 'other'."""
    for ch in unicodedata.normalize("NFKD", name).lower():
        if ch.isalnum():
            return ch if "a" <= ch <= "z" else OTHER
    return OTHER


def key_label(family: str, key: str) -> str:
    if key == UNDATED:
        return "Undated"
    if key == OTHER:
        return "Other names"
    if family == "people":
        return key.upper()
    return human_date(key + "-01").split(" ", 1)[1]  # "1 April 2018" -> "April 2018"


def part_path(family: str, key: str, number: int = 1) -> str:
    return f"{FOLDERS[family]}/{key}{'' if number == 1 else f'-{number}'}.md"


def fits(entries: int) -> bool:
    """Whether a landing page may list this many entries itself."""
    return entries <= CAP


def split_parts(units: list[tuple[Any, int]]) -> list[list[Any]]:
    """Units (item, entries it holds) in order, cut into parts of at most ``CAP`` entries (a unit
    larger than that alone in its part); all in one part when they fit.

    A part ends where its content says, not at a count: after an item its hash marks (one in a
    third of ``CAP``) once the part holds a quarter of ``CAP``, or before an item passing ``CAP``.
    An item added or removed then changes its own part only (the parts after it keep their
    items, so their pages are not rendered again), unless the item is itself a mark or a part
    reaches ``CAP`` (a cut by count, until the next mark)."""
    if sum(n for _, n in units) <= CAP:
        return [[item for item, _ in units]] if units else []
    return _cut_units(units, 0, [])


def _cut_units(
    units: list[tuple[Any, int]],
    start: int,
    parts: list[list[Any]],
    resume: Callable[[int], list[list[Any]] | None] | None = None,
) -> list[list[Any]]:
    """``parts`` followed by the cut of ``units[start:]``. ``resume(i)``, asked where unit i would
    open a new part, may give the parts to end with instead (those of an earlier cut)."""
    low, stride = max(CAP // 4, 1), max(CAP // 3, 1)
    parts.append([])
    size = 0
    for i in range(start, len(units)):
        item, n = units[i]
        if parts[-1] and size + n > CAP:
            parts.append([])
            size = 0
        if resume is not None and not parts[-1]:
            rest = resume(i)
            if rest is not None:
                parts.pop()
                return parts + rest
        parts[-1].append(item)
        size += n
        if size >= low and zlib.crc32(_anchor(item)) % stride == 0:
            parts.append([])
            size = 0
    return parts if parts[-1] else parts[:-1]


def split_parts_since(
    units: list[tuple[Any, int]], before: list[tuple[Any, int]], cut: list[list[Any]]
) -> list[list[Any]]:
    """``split_parts(units)``, given ``cut``: ``split_parts(before)``. Every part starts afresh
    (nothing carries over a cut), so the parts of ``before`` ending inside the units both lists
    begin with are kept (the same list objects), the cut resumes after them, and stops at the
    first part it starts where both lists end alike at a part ``before`` started: the rest are
    ``before``'s. An edit of a long month cuts its own stretch, not the whole month."""
    total = sum(n for _, n in units)
    if total <= CAP or sum(n for _, n in before) <= CAP:  # (all in one part: no cut to reuse)
        return split_parts(units)
    n_new, n_old = len(units), len(before)
    same = min(n_new, n_old)
    head = 0
    while head < same and units[head] == before[head]:
        head += 1
    tail = 0
    while tail < same - head and units[n_new - 1 - tail] == before[n_old - 1 - tail]:
        tail += 1
    starts: dict[int, int] = {}  # where a part of ``before`` starts -> its number
    parts: list[list[Any]] = []
    start = end = 0
    for number, part in enumerate(cut):
        starts[end] = number
        end += len(part)
        if end < head:  # (a cut before unit i may depend on unit i: that one is alike too)
            parts.append(part)
            start = end
    shift = n_old - n_new

    def resume(i: int) -> list[list[Any]] | None:
        return cut[starts[i + shift] :] if i >= n_new - tail and i + shift in starts else None

    return _cut_units(units, start, parts, resume)


def _anchor(item: Any) -> bytes:
    """What an item's mark is decided by: its id (or ids and day, for the timeline's units)."""
    return (item if type(item) is str else "\0".join(item)).encode("utf-8", "surrogatepass")


def _keyed_jobs(family: str, parts_by_key: dict[str, list[tuple]], order: Callable) -> list[PartJob]:
    """The part jobs of one family: its keys in ``order``, each with its parts' entries, each part
    knowing its neighbours (previous and next across keys)."""
    pages = []
    for key in sorted(parts_by_key, key=order):
        parts = parts_by_key[key]
        pages += [(key, number, len(parts), part) for number, part in enumerate(parts, 1)]
    jobs = []
    for i, (key, number, of, entries) in enumerate(pages):
        before = pages[i - 1][:2] if i else None
        after = pages[i + 1][:2] if i + 1 < len(pages) else None
        jobs.append(("part", family, key, number, of, entries, before, after))
    return jobs


# Each key's parts as the last ``part_jobs`` cut them, with the group they were cut from (held, so
# that it is the same object): a listing updated from the previous one keeps the groups that did
# not change (``listing.listing_since``), and only the others are cut again, from where they
# differ (``split_parts_since``). Keyed by ``CAP`` too: parts cut under another cap (a test
# changing it in this process) are never reused.
@dataclass(slots=True)
class _Cut:
    group: Any
    units: list[tuple[Any, int]]  # what it was cut from
    raw: list[list[Any]]  # split_parts(units)
    parts: list[tuple]  # each raw part as the jobs list it


_CUT: dict[tuple[str, str, int], _Cut] = {}


def _cut(
    family: str, groups: dict[str, Any], units_of: Callable[[Any], list], finish: Callable[[list], tuple]
) -> dict[str, list[tuple]]:
    out = {}
    for key, group in groups.items():
        known = _CUT.get((family, key, CAP))
        if known is None or not _same(known.group, group):
            units = units_of(group)
            if known is None:
                raw = split_parts(units)
                made = [finish(part) for part in raw]
            else:
                raw = split_parts_since(units, known.units, known.raw)
                was = {id(part): done for part, done in zip(known.raw, known.parts, strict=True)}
                made = [was[id(part)] if id(part) in was else finish(part) for part in raw]
            known = _CUT[(family, key, CAP)] = _Cut(group, units, raw, made)
        out[key] = known.parts
    return out


def _same(a: Any, b: Any) -> bool:
    """The same group: the same list, or tuples of the same objects (a timeline month's days)."""
    if a is b:
        return True
    return (
        type(a) is tuple
        and type(b) is tuple
        and len(a) == len(b)
        and all(x is y for x, y in zip(a, b, strict=True))
    )


def dates_first(key: str) -> tuple:
    return (key == UNDATED, key)


def _names_first(key: str) -> tuple:
    return (key == OTHER, key)


@dataclass(slots=True)
class TimelineEvent:
    """A narration sentence naming a date."""

    day: str  # ISO date
    article: str  # id
    sentence: str
    offset: int  # of its paragraph
    words: str  # the date as the sentence gives it


# (article id, seed path, content hash) -> its events: read and extract are pure functions of
# the seed's name (its suffix: .md has front matter) and text, so an article's events are found
# once per process (the timeline's landing page and its part jobs ask for every article's on
# every build). Cleared when it outgrows the bound.
_EVENTS: dict[tuple[str, str, str], list[TimelineEvent]] = {}
_EVENTS_KEPT = 1 << 16


def article_events(d: Any, article_id: str) -> list[TimelineEvent]:
    """The narration sentences of one article that name a date (not inside a quote), each once."""
    a = d.article(article_id)
    key = (article_id, a.path, a.content_hash)  # (what a page listing them depends on, as recorded)
    known = _EVENTS.get(key) if a.content_hash else None
    if known is None:
        known = _find_events(d, a, article_id)
        if a.content_hash:
            if len(_EVENTS) >= _EVENTS_KEPT:
                _EVENTS.clear()
            _EVENTS[key] = known
    return known


def _find_events(d: Any, a: Any, article_id: str) -> list[TimelineEvent]:
    spans = [(q.start, q.end) for q in d.extractions[article_id].quotes]
    seen: set[tuple] = set()
    out = []
    for dm in a.dates:
        para = a.paragraph_at(dm.start)
        if not dm.value or not para or para.kind != "body" or any(s <= dm.start < e for s, e in spans):
            continue
        event = TimelineEvent(
            dm.value[:10], article_id, _sentence(a.raw, para.start, para.end, dm.start), para.start, dm.text
        )
        key = (event.day, event.sentence, event.offset, event.words)
        if key not in seen:
            seen.add(key)
            out.append(event)
    return out


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


def part_jobs(d: Dossier) -> list[PartJob]:
    """Every sub-page of the index pages, with the entries each lists (``Dossier.listing``)."""
    listing = d.listing
    assert listing is not None, "write.listing.prepare(d) first"
    jobs = []
    for family, groups, order in (
        ("quotes", listing.quotes, dates_first),
        ("articles", listing.articles, dates_first),
        ("people", listing.people, _names_first),
    ):
        jobs += _keyed_jobs(family, _cut(family, groups, _id_units, tuple), order)
    # The timeline: a day's sources and quotes are cut into parts by article (an article's events
    # of a day stay together) and by quote; the parts regroup them by day. A month is its days'
    # (day, what it lists) in order, flattened.
    months: dict[str, list] = defaultdict(list)
    for day in sorted(listing.days):
        months[month_key(day)] += (day, listing.days[day])
    jobs += _keyed_jobs(
        "timeline",
        _cut("timeline", {k: tuple(v) for k, v in months.items()}, _day_units, _by_day),
        dates_first,
    )
    if len(_CUT) > 4 * len(jobs) + 1000:  # keys of other dossiers (another project in this process)
        _CUT.clear()
    return jobs


def _id_units(ids: list[str]) -> list[tuple[str, int]]:
    return [(i, 1) for i in ids]


def _day_units(month: tuple) -> list[tuple[Any, int]]:
    units: list[tuple[Any, int]] = []
    for day, (articles, quotes) in zip(month[::2], month[1::2], strict=True):
        units += [((day, "a", aid), n) for aid, n in sorted(articles.items())]
        units += [((day, "q", qid), 1) for qid in quotes]
    return units


def _by_day(units: Iterable[tuple[str, str, str]]) -> tuple:
    days: dict[str, tuple[list[str], list[str]]] = {}
    for day, kind, ident in units:
        entry = days.setdefault(day, ([], []))
        entry[0 if kind == "a" else 1].append(ident)
    return tuple((day, tuple(a), tuple(q)) for day, (a, q) in days.items())


# ---- rendering --------------------------------------------------------------------------------


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


def part_title(family: str, key: str, number: int, of: int) -> str:
    return f"{TITLES[family]}: {key_label(family, key)}" + (f" ({number} of {of})" if of > 1 else "")


def _neighbour(page: str, family: str, at: tuple[str, int] | None) -> Link | None:
    if at is None:
        return None
    return page_link(
        page, part_path(family, *at), key_label(family, at[0]) + (f", part {at[1]}" if at[1] > 1 else "")
    )


def statements_of(d: Any, person_id: str) -> int:
    """The statements one person made (the count every page gives), from their own quotes only."""
    return len(statements(d.relations.said.get(person_id) or []))


def person_row(page: str, d: Any, p: Any, said: int | None = None) -> PersonRow:
    """A row of the people index; ``said``: their statements, when the caller has the count."""
    return PersonRow(
        page_link(page, person_page(p.id), p.name),
        statements_of(d, p.id) if said is None else said,
        len(p.articles),
        p.mention_count,
    )


def article_row(page: str, d: Any, a: Any, slugs: Any) -> ArticleRow:
    return ArticleRow(
        human_date(a.meta.date) + (" *" if a.meta.date_inferred else ""),
        page_link(page, article_page(a.id, slugs), article_label(a)),
        ", ".join(a.meta.authors),
        a.meta.outlet or "",
        len(article_statements(d, a.id)),
    )


def article_statements(d: Any, article_id: str) -> list:
    """The statements an article prints, each once however many times or pieces it prints it."""
    return statements(list({q.id: q for q, _ in d.occurrences_in(article_id)}.values()))


def quote_days(page: str, d: Any, quotes: Iterable[Any]) -> list[QuotesOn]:
    """Quote lines under their day's heading, in the order given."""
    days: dict[str, list[QuoteLine]] = {}
    for q in quotes:
        days.setdefault(q.date[:10] if q.date else "", []).append(quote_line(page, q, d))
    return [QuotesOn(human_date(day) if day else None, lines) for day, lines in days.items()]


def timeline_day(
    page: str, d: Any, day: str, article_ids: Iterable[str], quote_ids: Iterable[str], slugs: Any
) -> Day:
    events = []
    for aid in article_ids:
        source = page_link(page, article_page(aid, slugs), article_label(d.article(aid)))
        happened = sorted(
            (e for e in article_events(d, aid) if e.day == day), key=lambda e: (e.offset, e.sentence, e.words)
        )
        events += [Event(e.words, e.sentence, source) for e in happened]
    return Day(human_date(day), events, [quote_line(page, d.quote(qid), d) for qid in quote_ids])


def render_part(d: Any, slugs: Any, job: PartJob) -> tuple[str, str]:
    """A sub-page: (path, text)."""
    _, family, key, number, of, entries, before, after = job
    page = part_path(family, key, number)
    context: dict[str, Any] = {
        "title": part_title(family, key, number, of),
        "index": page_link(page, INDEX_OF[family], TITLES[family]),
        "previous": _neighbour(page, family, before),
        "next": _neighbour(page, family, after),
    }
    if family == "quotes":
        quotes = [d.quote(qid) for qid in entries]
        context["days"] = quote_days(page, d, quotes)
        context["dates_inferred"] = any(q.date_inferred for q in quotes)
        count = f"{len(quotes)} statements"
    elif family == "people":
        context["people"] = [person_row(page, d, d.person(pid)) for pid in entries]
        count = f"{len(entries)} people"
    elif family == "articles":
        rows = [d.article(aid) for aid in entries]
        context["articles"] = [article_row(page, d, a, slugs) for a in rows]
        context["dates_inferred"] = any(a.meta.date_inferred for a in rows)
        count = f"{len(entries)} sources"
    else:
        days = [timeline_day(page, d, day, aids, qids, slugs) for day, aids, qids in entries]
        context["days"] = days
        context["dates_inferred"] = any(line.quote.date_inferred for day in days for line in day.quotes)
        count = f"{sum(len(x.events) + len(x.quotes) for x in days)} entries"
    meta = {
        "title": context["title"],
        "description": f"{count} of the dossier: {key_label(family, key)}.",
        "search": SEARCH_EXCLUDED,
        "dossier": {"kind": family},
    }
    return page, page_front_matter(meta, templates.render(f"{family}_index_part.md", context))
