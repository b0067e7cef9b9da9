"""The editor's quote corrections, applied to occurrences before they are grouped into statements.

A correction's anchor (``anchors.find``) points at the occurrences whose pieces it overlaps.
``not_a_quote`` drops them; ``speaker`` (a name, or null) becomes their speaker, so they group
with that speaker's statements; ``medium``, ``date`` and ``addressee`` ride along to the
statement they end up in. Curated descriptive phrases ("the rapper") attribute the unattributed
occurrences they introduce. An anchor that matches nothing, or occurrences that cannot be one
statement, is reported (``anchors.problem``) and changes nothing.

The occurrences given in may be shared with the link memory (``statements.kept_occurrences``):
both functions change copies (``copy_occ``), put in the list in their place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Anchor, Article, Curation, Person
from .anchors import Match, find, problem
from .people import Roster
from .statements import Occ, copy_occ, same_statement_as


@dataclass
class Unresolved:
    """A correction whose anchor hit several statements: reported once the statements have ids."""

    where: str
    anchor: Anchor
    hits: list[Occ]
    statements: int  # how many at least


def _hits(matches: list[Match], by_article: dict[str, list[Occ]]) -> list[Occ]:
    hits: list[Occ] = []
    for m in matches:
        for o in by_article.get(m.article, ()):
            if not o.dropped and o not in hits and any(s < m.end and m.start < e for s, e in _spans(o)):
                hits.append(o)
    return hits


def _spans(o: Occ) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in o.pieces]


def _statements_among(hits: list[Occ]) -> int:
    """How many statements the hit occurrences make at least: joined when they could be one."""
    parent = list(range(len(hits)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(hits):
        for j in range(i):
            b = hits[j]
            if (a.speaker is None or b.speaker is None or a.speaker == b.speaker) and same_statement_as(a, b):
                parent[root(i)] = root(j)
    return len({root(i) for i in range(len(hits))})


def attribute_descriptions(occs: list[Occ], cur: Curation, people: list[Person]) -> None:
    """An unattributed occurrence whose source mention is a curated phrase ("the rapper") gets that person."""
    phrases: dict[str, str | None] = {}
    for cp in cur.people:
        pid = next((p.id for p in people if p.name == cp.name), None)
        for phrase in cp.descriptions:
            phrases[" ".join(phrase.lower().split())] = pid
    if not phrases:
        return
    bare = {p.removeprefix("the ") for p in phrases}
    for i, o in enumerate(occs):
        first = o.pieces[0]
        if o.speaker or first.source_start is None or first.source_end is None:
            continue
        said_by = " ".join(o.article.raw[first.source_start : first.source_end].lower().split())
        if said_by in phrases or said_by.removeprefix("the ") in bare:
            o = occs[i] = copy_occ(o)
            o.speaker = phrases.get(said_by) or next(
                (v for k, v in phrases.items() if k.endswith(said_by)), None
            )


def apply_corrections(
    occs: list[Occ], articles: list[Article], cur: Curation, roster: Roster, folded: dict
) -> list[str | Unresolved]:
    """Apply every quote correction to the occurrences; returns the problems in file order."""
    matched = {n: find(c.quote, articles, folded) for n, c in enumerate(cur.corrections) if c.quote}
    # Every occurrence of an article a correction reaches is copied before any is applied: an
    # ambiguous correction's hits must stay the objects that are grouped.
    reached = {m.article for matches in matched.values() for m in matches}
    by_article: dict[str, list[Occ]] = defaultdict(list)
    for i, o in enumerate(occs):
        if o.article.id in reached:
            o = occs[i] = copy_occ(o)
            by_article[o.article.id].append(o)
    problems: list[str | Unresolved] = []
    for n, c in enumerate(cur.corrections):
        if not c.quote:
            continue
        where = f"{cur.path}:{c.line}"
        matches = matched[n]
        hits = _hits(matches, by_article)
        if not hits:
            problems.append(problem(where, c.quote, bool(matches), []))
            continue
        count = _statements_among(hits)
        if count > 1:
            problems.append(Unresolved(where, c.quote, hits, count))
            continue
        if c.not_a_quote:
            for o in hits:
                o.dropped = True
            continue
        fixes: list[tuple[str, str | None]] = []
        if c.speaker_set:
            fixes.append(("speaker", roster.id_for(c.speaker) if c.speaker else None))
        if c.addressee:
            fixes.append(("addressee", roster.id_for(c.addressee)))
        if c.medium:
            fixes.append(("medium", c.medium))
        if c.date:
            fixes.append(("date", c.date))
        for o in hits:
            o.fixes += [(n, name, value) for name, value in fixes]
            if c.speaker_set:
                o.speaker = fixes[0][1]
    return problems
