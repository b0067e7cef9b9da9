"""What the index pages list, grouped by key (``Dossier.listing``), and what their landing pages
count and rank (``Dossier.tallies``).

The sub-pages' jobs (``index_parts.part_jobs``) are cut from the groups; the landing pages read
only the tallies, a few hundred numbers and ids, not every record. In a long-lived process the
listing is updated from the previous dossier's (``listing_since``): only the groups holding a
record that changed, before or now, are made again.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Dossier
from .common import is_fragment
from .index_parts import UNDATED, article_events, fits, letter_key, month_key

# Speakers a landing page names (most quoted first); the people index's sub-pages name them all.
SPEAKERS = 50
HOME_SPEAKERS = HOME_QUOTES = 10
FEED_ENTRIES = 50  # the feeds' newest statements

Day = tuple[dict[str, int], list[str]]  # ({article id: events it dates that day}, statement ids)


@dataclass
class Listing:
    """The entries of the index pages' sub-pages, by key (each key's entries in page order)."""

    quotes: dict[str, list[str]]  # month -> statement ids by date (within a date, as d.quotes)
    articles: dict[str, list[str]]  # month -> article ids by (date, id)
    people: dict[str, list[str]]  # initial -> person ids by (name in lower case, id)
    days: dict[str, Day]  # the timeline: day -> what it lists (statements as d.quotes)
    said: dict[str, int]  # speaker id -> statements they made (the count every page gives)
    newest: list[str]  # the feeds' entries: quote ids, newest first (see newest_quotes)


@dataclass
class Tallies:
    """What the landing pages show of the whole dossier: counts, and the few records they name."""

    statements: int
    phrases: int
    articles: int
    people: int
    unattributed: int  # statements whose speaker is no person of the dossier
    speakers: list[tuple[str, int]]  # the most quoted: (person id, statements), at most SPEAKERS
    more_speakers: int  # people with statements beyond those
    ranked: list[str]  # people by statements, names: SPEAKERS of them, or all while they fit
    # the statements of each of them (counted from their quotes through the views, the people
    # index re-read every quote of the most quoted on each edit: 0.26 s profiled at 10k)
    ranked_statements: list[int]
    home_speakers: list[tuple[str, int]]  # the home page's most quoted (ties by name, then as listed)
    latest: list[str]  # the newest dated statements, newest first (see latest_statements)
    newest: list[str]  # the feeds' entries (Listing.newest)
    months: dict[str, dict[str, int]]  # family -> key -> entries of that key


def _feed_order(q: Any) -> tuple:
    # A date's first ten characters: a quote's date may be a bare day or carry a time. Then the
    # last printed first; (article, start) is one quote's only, the id a tie-break that never acts.
    return ((q.date or "")[:10], q.occurrences[0].article, q.occurrences[0].start, q.id)


def newest_quotes(quotes: Iterable[Any]) -> list[str]:
    """The feeds' entries: the ``FEED_ENTRIES`` latest-dated quotes, then last printed, newest first."""
    return [q.id for q in heapq.nlargest(FEED_ENTRIES, quotes, key=_feed_order)]


def _statement(q: Any) -> bool:
    return q is not None and not is_fragment(q)


def _day(q: Any) -> str | None:
    """The timeline day a statement is listed on (None: not on the timeline)."""
    return q.date[:10] if month_key(q.date) != UNDATED else None


def listing_of(d: Dossier) -> Listing:
    quotes: dict[str, list[str]] = defaultdict(list)
    said: dict[str, int] = defaultdict(int)
    days: dict[str, Day] = defaultdict(lambda: ({}, []))
    listed = [q for q in d.quotes if not is_fragment(q)]
    for q in sorted(listed, key=lambda q: q.date or ""):
        quotes[month_key(q.date)].append(q.id)
    for q in listed:
        if q.speaker:
            said[q.speaker] += 1
        if month_key(q.date) != UNDATED:
            days[q.date[:10]][1].append(q.id)
    articles: dict[str, list[str]] = defaultdict(list)
    for a in sorted(d.articles, key=lambda a: (a.meta.date or "", a.id)):
        articles[month_key(a.meta.date)].append(a.id)
    for a in d.articles:
        _add_events(days, d, a.id)
    people: dict[str, list[str]] = defaultdict(list)
    for p in sorted(d.people, key=lambda p: (p.name.lower(), p.id)):
        people[letter_key(p.name)].append(p.id)
    return Listing(
        dict(quotes), dict(articles), dict(people), dict(days), dict(said), newest_quotes(d.quotes)
    )


def _add_events(days: dict[str, Day], d: Dossier, article_id: str) -> None:
    for e in article_events(d, article_id):
        if month_key(e.day) != UNDATED:  # a date no calendar holds: not on the timeline
            counts = days[e.day][0]
            counts[article_id] = counts.get(article_id, 0) + 1


def _regroup(
    groups: dict[str, list[str]], dirty: set[str], gone: set[str], new: dict[str, list[str]], order: Callable
) -> dict:
    """``groups`` with each dirty key's members: its kept ones (not in ``gone``) and ``new``'s, by ``order``."""
    out = dict(groups)
    for key in dirty:
        members = [i for i in groups.get(key, ()) if i not in gone] + new.get(key, [])
        if members:
            out[key] = sorted(members, key=order)
        else:
            out.pop(key, None)
    return out


def prepare(d: Dossier) -> None:
    """Make ``d.listing`` (unless an update made it) and ``d.tallies``, before any job renders:
    jobs read them through the tracking views, which record but do not make them."""
    if d.listing is None:
        d.listing = listing_of(d)
    if d.tallies is None:
        d.tallies = tallies_of(d)


def _regrouped(
    ids: set[str], was: Callable[[str], Any], now: Callable[[str], Any], key: Callable[[Any], str]
) -> tuple[set[str], dict[str, list[str]]]:
    """The groups the changed records were or are in, and the records each group gains now."""
    keys: set[str] = set()
    gained: dict[str, list[str]] = defaultdict(list)
    for ident in ids:
        old, new = was(ident), now(ident)
        if old is not None:
            keys.add(key(old))
        if new is not None:
            keys.add(key(new))
            gained[key(new)].append(ident)
    return keys, gained


def listing_since(before: Dossier, d: Dossier, changed: frozenset, same_order: bool) -> Listing:
    """``d.listing`` from the previous dossier's (``changed``: as ``Dossier.changed`` relative to
    it; ``same_order``: the quotes that did not change are in the same order in both)."""
    old = before.listing
    if old is None or not same_order:
        return listing_of(d)
    ids: dict[str, set[str]] = {"a": set(), "q": set(), "p": set()}
    for kind, ident in changed:
        ids[kind].add(ident)
    said = dict(old.said)
    months: set[str] = set()
    quote_days: set[str] = set()
    new_quotes: dict[str, list[str]] = defaultdict(list)
    for qid in ids["q"]:
        for dd, sign in ((before, -1), (d, 1)):
            q = dd.quote(qid)
            if not _statement(q):
                continue
            months.add(month_key(q.date))
            if _day(q):
                quote_days.add(q.date[:10])
            if q.speaker:
                said[q.speaker] = said.get(q.speaker, 0) + sign
                if not said[q.speaker]:
                    del said[q.speaker]
            if sign > 0:
                new_quotes[month_key(q.date)].append(qid)
    position: dict[str, int] = {}
    if months:
        position = {q.id: i for i, q in enumerate(d.quotes)}
    quote = d._quotes_by_id
    quotes = _regroup(old.quotes, months, ids["q"], new_quotes, lambda i: (quote[i].date or "", position[i]))

    article_months, new_articles = _regrouped(
        ids["a"], before.find_article, d.find_article, lambda a: month_key(a.meta.date)
    )
    article = d._articles_by_id
    articles = _regroup(
        old.articles, article_months, ids["a"], new_articles, lambda i: (article[i].meta.date or "", i)
    )

    letters, new_people = _regrouped(ids["p"], before.person, d.person, lambda p: letter_key(p.name))
    person = d._people_by_id
    people = _regroup(old.people, letters, ids["p"], new_people, lambda i: (person[i].name.lower(), i))

    days = dict(old.days)
    # The days a changed article's events were or are on: counted again without it, then with it.
    event_days: set[str] = set()
    for aid in ids["a"]:
        for dd in (before, d):
            if dd.find_article(aid) is not None:
                event_days.update(e.day for e in article_events(dd, aid) if month_key(e.day) != UNDATED)
    for day in event_days:
        counts, listed = days.get(day, ({}, []))
        days[day] = ({k: n for k, n in counts.items() if k not in ids["a"]}, listed)
    for aid in ids["a"] & d._articles_by_id.keys():
        _add_events(days, d, aid)  # (its days are fresh entries above: nothing shared changes)
    for day in quote_days:
        counts, listed = days.get(day, ({}, []))
        kept = [i for i in listed if i not in ids["q"]]
        kept += [qid for qid in ids["q"] if _statement(d.quote(qid)) and _day(d.quote(qid)) == day]
        days[day] = (counts, sorted(kept, key=position.__getitem__))
    for day in quote_days | event_days:
        if day in days and not days[day][0] and not days[day][1]:
            del days[day]
    # The feeds: the last newest and the changed quotes hold the new newest, unless one of the
    # last newest changed or is gone (then every quote is looked at).
    if ids["q"].isdisjoint(old.newest):
        newest = newest_quotes([*map(quote.__getitem__, old.newest), *filter(None, map(d.quote, ids["q"]))])
    else:
        newest = newest_quotes(d.quotes)
    return Listing(quotes, articles, people, days, said, newest)


def latest_statements(d: Dossier, listing: Listing, n: int) -> list[str]:
    """The ``n`` newest dated statements, newest first; on one date those whose speaker is known
    first, then in the order of d.quotes. Only the newest months (and the dates no month holds)
    are looked at: equal dates are in one group, in that order, so the result is that of all."""
    candidates: list[str] = []
    dated = sorted((k for k in listing.quotes if k != UNDATED), reverse=True)
    for key in dated:
        if len(candidates) >= n:
            break
        candidates += listing.quotes[key]
    quote = d._quotes_by_id
    candidates += [i for i in listing.quotes.get(UNDATED, ()) if quote[i].date]
    return heapq.nlargest(n, candidates, key=lambda i: (quote[i].date, quote[i].speaker is not None))


def _ranked(people: Iterable[Any], n: int | None, key: Callable) -> list[Any]:
    return sorted(people, key=key) if n is None else heapq.nsmallest(n, people, key=key)


def tallies_of(d: Dossier) -> Tallies:
    listing = d.listing
    said = listing.said
    people = d._people_by_id
    statements = sum(len(ids) for ids in listing.quotes.values())
    speaking = [p for p in d.people if said.get(p.id)]

    def by_count(p: Any) -> tuple:
        return (-said.get(p.id, 0), p.name.lower(), p.id)

    ranked = _ranked(d.people, None if fits(len(d.people)) else SPEAKERS, by_count)
    timeline: dict[str, int] = defaultdict(int)
    for day, (articles, quotes) in listing.days.items():
        timeline[month_key(day)] += sum(articles.values()) + len(quotes)
    timeline.pop(UNDATED, None)
    return Tallies(
        statements=statements,
        phrases=len(d.quotes) - statements,
        articles=len(d.articles),
        people=len(d.people),
        unattributed=statements - sum(n for pid, n in said.items() if pid in people),
        speakers=[(p.id, said[p.id]) for p in _ranked(speaking, SPEAKERS, by_count)],
        more_speakers=max(len(speaking) - SPEAKERS, 0),
        ranked=[p.id for p in ranked],
        ranked_statements=[said.get(p.id, 0) for p in ranked],
        home_speakers=[
            (p.id, said[p.id]) for p in _ranked(speaking, HOME_SPEAKERS, lambda p: (-said[p.id], p.name))
        ],
        latest=latest_statements(d, listing, HOME_QUOTES),
        newest=listing.newest,
        months={
            "quotes": {k: len(v) for k, v in sorted(listing.quotes.items())},
            "articles": {k: len(v) for k, v in sorted(listing.articles.items())},
            "people": {k: len(v) for k, v in sorted(listing.people.items())},
            "timeline": dict(sorted(timeline.items())),
        },
    )
