"""A dossier's relations (``Dossier.relations``) updated from the previous build's in this process,
reading again only the articles whose share of them can differ.

An article's share (``Dossier.article_links``: who appears in it, whom its quotes name) is a
function of its extraction, its ``person_of`` entries and the quotes printed in it. So it is
read again for the articles that are new, gone or re-read, whose ``person_of`` entries differ,
and that print (before or now) a quote the linker says changed; every other article's share is
the previous one. ``about`` and ``together`` are then redone only for the people those shares
name; ``said`` and ``addressed`` only for the speakers and addressees of the changed quotes.
The result equals ``Dossier.relations`` of the new dossier (tests/test_relations_update.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from ..model import ArticleLinks, Dossier, Quote, Relations


@dataclass
class RelationsChange:
    """What may differ from the previous build's relations: the articles read again (whose
    ``occurrences_in`` may differ too), and per relation the person ids whose entry may."""

    articles: set[str]
    said: set[str]
    addressed: set[str]
    about: set[str]
    together: set[str]
    # The quotes that did not change are in the same order as before: lists made in the order of
    # ``d.quotes`` (``addressed``, ``occurrences_in``) hold theirs in the same order.
    same_order: bool


def dirty_articles(before: Dossier, d: Dossier, changed: frozenset) -> set[str]:
    """The articles whose share of the relations may differ between two dossiers, given every
    (kind, id) of a record that may differ (``Dossier.changed``)."""
    old_articles = before._articles_by_id
    dirty = {a.id for a in d.articles if old_articles.get(a.id) is not a}
    dirty |= old_articles.keys() - d._articles_by_id.keys()
    dirty |= {aid for aid in d._articles_by_id if before.extractions.get(aid) is not d.extractions.get(aid)}
    told = (d.changed_tables or {}).get("person_of") if changed is d.changed else None
    if told is not None:  # the linker's: the articles whose entries differ
        dirty |= told
    elif before.person_of is d.person_of:  # one table changed in place: no telling what moved
        dirty |= d._articles_by_id.keys()
    else:
        dirty |= {aid for (aid, _key), _pid in before.person_of.items() ^ d.person_of.items()}
    for kind, qid in changed:
        if kind == "q":
            for q in (before.quote(qid), d.quote(qid)):
                if q is not None:
                    dirty.update(o.article for o in q.occurrences)
    return dirty


class _QuotesByArticle:
    """Article id -> the ids of the quotes printed in it, for one dossier (``made_for``), kept
    between the builds of a long-lived process and moved along with the quotes that changed."""

    def __init__(self, d: Dossier) -> None:
        self.made_for = d
        self.ids: dict[str, set[str]] = defaultdict(set)
        for q in d.quotes:
            for o in q.occurrences:
                self.ids[o.article].add(q.id)

    def move_to(self, before: Dossier, d: Dossier, changed: frozenset) -> None:
        for kind, qid in changed:
            if kind == "q":
                was, now = before.quote(qid), d.quote(qid)
                for o in was.occurrences if was is not None else ():
                    self.ids[o.article].discard(qid)
                for o in now.occurrences if now is not None else ():
                    self.ids[o.article].add(qid)
        self.made_for = d


_KEPT_INDEX: list[_QuotesByArticle] = []  # at most one: the last dossier's


class OccurrencesByArticle(dict):
    """``Dossier._occurrences_by_article`` made one article at a time, as asked
    (``Dossier.occurrences_in`` reads it with ``get``): the article's quotes from the kept index,
    in the dossier's quote order, each with its occurrences in that article, in order. A warm
    edit asks for a few articles' (0.23 s profiled to make every article's at 10,000)."""

    def __init__(self, d: Dossier, index: _QuotesByArticle) -> None:
        super().__init__()
        self._d, self._index = d, index
        self._position: dict[str, int] | None = None

    def get(self, article_id: str, default: Any = None) -> Any:  # type: ignore[override]
        got = super().get(article_id)
        if got is None:
            ids = self._index.ids.get(article_id)
            if not ids:
                return default
            if self._position is None:
                self._position = {q.id: i for i, q in enumerate(self._d.quotes)}
            quote, position = self._d._quotes_by_id, self._position
            got = [
                (q, o)
                for q in sorted((quote[i] for i in ids), key=lambda q: position[q.id])
                for o in q.occurrences
                if o.article == article_id
            ]
            self[article_id] = got
        return got


def forget_index() -> None:
    """Drop the kept index (a process that stops keeping builds warm)."""
    _KEPT_INDEX.clear()


def occurrences_since(before: Dossier, d: Dossier, changed: frozenset) -> None:
    """Give ``d`` its occurrences by article made as asked (``OccurrencesByArticle``), from the
    index of ``before``'s kept in this process, moved along with the changed quotes."""
    index = _KEPT_INDEX[0] if _KEPT_INDEX else None
    if index is None or index.made_for is not before:
        index = _QuotesByArticle(before)
    index.move_to(before, d, changed)
    _KEPT_INDEX[:] = [index]
    d.use_occurrences_by_article(OccurrencesByArticle(d, index))


def relations_since(before: Dossier, d: Dossier, changed: frozenset) -> tuple[Relations, RelationsChange]:
    """``d.relations`` from ``before.relations`` (``before``: the previous dossier of the same
    project; ``changed``: as ``Dossier.changed`` relative to it), and what may differ."""
    old = before.relations
    if not d.occurrences_by_article_made():
        occurrences_since(before, d, changed)
    dirty = dirty_articles(before, d, changed)
    by_article = dict(old.by_article)
    gone: dict[str, ArticleLinks] = {}
    for aid in dirty:
        was = by_article.pop(aid, None)
        if was is not None:
            gone[aid] = was
        if aid in d._articles_by_id:
            by_article[aid] = d.article_links(aid)
    speakers: set[str] = set()
    addressees: set[str] = set()
    for kind, qid in changed:
        if kind == "q":
            for q in (before.quote(qid), d.quote(qid)):
                if q is not None:
                    speakers.add(q.speaker or "")
                    addressees.add(q.addressee or "")
    said, addressed = _quote_relations_since(before, d, changed, speakers, addressees)
    together: dict[str, Counter[str]] = defaultdict(Counter, {k: v for k, v in old.together.items() if v})
    about: dict[str, list] = defaultdict(list, {k: v for k, v in old.about.items() if v})
    pair_people: set[str] = set()
    about_people: set[str] = set()
    for aid in dirty:
        for links in (gone.get(aid), by_article.get(aid)):
            if links is not None:
                if len(links.present) > 1:
                    pair_people.update(links.present)
                about_people.update(links.about)
    # ``together``: each person's counts again from the articles that name them. The counts of
    # an unchanged article hold; only the changed ones' pairs are taken away and added.
    for pid in pair_people:
        counts = Counter(together.get(pid, ()))
        for aid in dirty:
            for links, sign in ((gone.get(aid), -1), (by_article.get(aid), 1)):
                if links is not None and pid in links.present and len(links.present) > 1:
                    for other in links.present:
                        if other != pid:
                            counts[other] += sign
        counts = +counts  # (only positive counts, in order)
        if counts:
            together[pid] = counts
        else:
            together.pop(pid, None)
    # ``about``: a person's list is the articles' lists in article order, each quote once.
    if about_people:
        lists = d.about_lists(by_article, about_people)
        for pid in about_people:
            if pid in lists:
                about[pid] = lists[pid]
            else:
                about.pop(pid, None)
    # Quotes kept in ``about`` lists of people no changed article names are the previous build's
    # objects: the current ones (equal: the quote did not change) take their place.
    current = d._quotes_by_id
    for pid, quotes in about.items():
        if pid not in about_people:
            about[pid] = [current[q.id] for q in quotes]
    kept_before = [q.id for q in before.quotes if ("q", q.id) not in changed]
    kept_now = [q.id for q in d.quotes if ("q", q.id) not in changed]
    change = RelationsChange(dirty, speakers, addressees, about_people, pair_people, kept_before == kept_now)
    return Relations(said, addressed, about, together, by_article), change


def _quote_relations_since(
    before: Dossier, d: Dossier, changed: frozenset, speakers: set[str], addressees: set[str]
) -> tuple[dict[str, list[Quote]], dict[str, list[Quote]]]:
    """``d.quote_relations()`` from the previous build's: the lists of the people a changed quote
    was or is said by or addressed to are made again (their unchanged quotes and the changed
    ones they have now, in the order ``quote_relations`` gives), the others hold the current
    objects of the same quotes. A quote of a kept list that is gone without being named in
    ``changed`` (never, as the linker reports) makes them all again."""
    current = d._quotes_by_id
    old = before.relations
    said: dict[str, list[Quote]] = defaultdict(list)
    addressed: dict[str, list[Quote]] = defaultdict(list)
    now = [q for kind, qid in changed if kind == "q" and (q := current.get(qid)) is not None]
    try:
        for lists, out, touched, of in (
            (old.said, said, speakers, attrgetter("speaker")),
            (old.addressed, addressed, addressees, attrgetter("addressee")),
        ):
            for pid, quotes in lists.items():
                if not quotes:
                    continue
                if pid in touched:
                    out[pid] = [current[q.id] for q in quotes if ("q", q.id) not in changed]
                else:
                    out[pid] = [current[q.id] for q in quotes]
            for q in now:
                pid = of(q)
                if pid:
                    out[pid].append(q)
    except KeyError:
        return d.quote_relations()
    for pid in speakers:
        if said.get(pid):
            said[pid].sort(key=lambda x: (x.date or "9999", x.id))
    position: dict[str, int] | None = None
    for pid in addressees:
        if addressed.get(pid):
            if position is None:
                position = {q.id: i for i, q in enumerate(d.quotes)}
            addressed[pid].sort(key=lambda x: position[x.id])  # type: ignore[index]
    return said, addressed
