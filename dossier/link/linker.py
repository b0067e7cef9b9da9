"""The link stage: every article's extraction, with the editor's curation and the id registry as
input, becomes the dossier's people and statements, each made once.

In order: people (``people.py``: name rules, with the curated people, same_person and
different_people as must- and cannot-links); their occurrences of statements, with curated
phrases and quote corrections applied to them (``corrections.py``); statements grouped and
recorded (``statements.py``); ids given once (``registry.assign``: the registered id a
statement still recognisably is, else a new unique one); then the editor's notes
(``curate.annotate``). Stages after this one find quotes by stable keys: ``quote_of`` maps
(article id, start offset of an ExtractedQuote) to its quote's id.
"""

from __future__ import annotations

from ..model import Article, Curation, Dossier, Extraction, Quote, RegistryEntry
from . import registry
from .anchors import problem
from .corrections import Unresolved, apply_corrections, attribute_descriptions
from .curate import annotate
from .people import link_people
from .replay import LinkMemory, changes, page_order, replay_statements, statements_like
from .statements import (
    PageKey,
    group,
    kept_occurrences,
    narration_dates,
    occurrences,
    page_key,
    registry_statement,
    spots,
    statement,
)
from .warm_people import kept_clusters


def link(
    articles: list[Article],
    extractions: dict[str, Extraction],
    cur: Curation | None = None,
    registered: list[RegistryEntry] | None = None,
) -> Dossier:
    """A pure function of the read articles, their extractions, the curation and the registry's entries.

    Without a registry every statement takes a new id; the registry lines to append for new ids are
    in ``Dossier.new_entries``.
    """
    return _link(articles, extractions, cur, registered, None, keep=False)[0]


def relink(
    prev: LinkMemory | None,
    articles: list[Article],
    extractions: dict[str, Extraction],
    cur: Curation | None = None,
    registered: list[RegistryEntry] | None = None,
) -> tuple[Dossier, LinkMemory]:
    """``link``, with the statements the edit since ``prev`` (the memory of the previous call in this
    process, which this spends) does not reach kept as they were (``replay.py``), and the memory for
    the next call. Articles (and extractions) not re-read must be the same objects as before."""
    d, mem = _link(articles, extractions, cur, registered, prev, keep=True)
    assert mem is not None
    mem.dossier = d
    return d, mem


def _link(
    articles: list[Article],
    extractions: dict[str, Extraction],
    cur: Curation | None,
    registered: list[RegistryEntry] | None,
    prev: LinkMemory | None,
    keep: bool,
) -> tuple[Dossier, LinkMemory | None]:
    articles = sorted(articles, key=lambda a: a.id)
    warm = None
    clusters = None
    if keep:
        clusters, warm = kept_clusters(prev.clusters if prev else None, articles, extractions, cur)
        if prev is not None:
            prev.clusters = None  # moved: the old memory is spent
    roster = link_people(articles, extractions, cur, prev.people if prev else None, clusters)
    roster.people.sort(key=lambda p: p.id)
    extractions = roster.extractions
    kept_occs = (prev.occurrences if prev else {}) if keep else None  # moved to this build's memory
    if kept_occs is None:
        occs = [o for art in articles for o in occurrences(art, extractions[art.id], roster.person_of)]
    else:
        occs = kept_occurrences(articles, extractions, roster.person_of, kept_occs)
    folded: dict = {}  # anchors.fold of each article, shared by every anchor
    found: list[str | Unresolved] = []
    if cur is not None:
        attribute_descriptions(occs, cur, roster.people)
        found = apply_corrections(occs, articles, cur, roster, folded)
    kept_dates = (prev.narration if prev else {}) if keep else None  # moved to this build's memory
    narration = narration_dates(articles, extractions, kept_dates)
    mem = None
    if keep:
        made, mem = replay_statements(prev, articles, extractions, occs, narration, roster.person_of)
        keys = [s.page for s in mem.made]
        asks = [s.asks for s in mem.made]
        at = [s.spots for s in mem.made]
        mem.people, mem.clusters = roster.summaries, warm
        mem.narration, mem.occurrences = kept_dates or {}, kept_occs or {}
        mem.records = roster.records
        if prev is not None:  # moved: the old memory is spent
            mem.registry, prev.registry = prev.registry, registry.Kept()
            mem.records_before = prev.records
    else:
        groups = group([o for o in occs if not o.dropped])
        statements = [statement(g, narration, roster.person_of) for g in groups]
        made = [q for q, _fullest in statements]
        keys = list(map(page_key, made))
        asks = [registry_statement(q, fullest) for q, fullest in statements]
        at = list(map(spots, groups))
    quotes, assignment = _with_ids(made, keys, asks, registered or [], mem)
    # In grouping order, each statement's keys in its members' order.
    quote_of = {k: q.id for q, ks in zip(made, at, strict=True) for k in ks}
    statement_of: dict[int, str] = {}  # id(Occ) -> quote id, for the problems below
    if any(isinstance(p, Unresolved) for p in found):
        if mem is not None:
            by_key = {o.key: o for o in occs}
            groups = [[by_key[k] for k in s.members] for s in mem.made]
        statement_of = {id(o): q.id for q, g in zip(made, groups, strict=True) for o in g}
    d = Dossier(articles, extractions, roster.people, quotes, roster.person_of, quote_of)
    d.redirects = dict(sorted(assignment.redirects.items()))
    d.retired = [
        (e.id, e.speaker, " ".join(e.words), assignment.closest.get(e.id)) for e in assignment.retired
    ]
    d.new_entries = assignment.new_entries
    d.problems = roster.problems + [_said(p, statement_of) for p in found]
    if cur is not None:
        d.problems += annotate(d, cur, roster, folded)
    d.people.sort(key=lambda p: p.id)
    if mem is not None and prev is not None and prev.dossier is not None:
        mem.changes = changes(prev.dossier, d, made, mem)
    return d, mem


def _with_ids(
    made: list[Quote],
    keys: list[PageKey],
    asks: list[registry.Statement],
    registered: list[RegistryEntry],
    mem: LinkMemory | None = None,
) -> tuple[list[Quote], registry.Assignment]:
    """The quotes (``made``: in grouping order, with each one's page key and registry question) in
    page order, each with its id given once (``registry.assign``), and the assignment. ``mem``: this
    build's link memory, whose index of words finds redirects."""
    # Stable: ties keep the grouping order. A warm build sorts from the last build's page order.
    order = sorted(range(len(made)), key=keys.__getitem__) if mem is None else page_order(mem, keys)
    statements = [asks[i] for i in order]
    # New ids are made unique in grouping order (the order of first printing), page order aside.
    like = None if mem is None else statements_like(mem, order)
    made_order = [0] * len(made)  # each statement's place in page order, in grouping order
    for n, gi in enumerate(order):
        made_order[gi] = n
    assignment = registry.assign(statements, registered, made_order, like, mem.registry if mem else None)
    quotes = [made[i] for i in order]
    aliases: dict[str, list[str]] = {}
    for old, new in assignment.redirects.items():
        aliases.setdefault(new, []).append(old)
    for q, qid in zip(quotes, assignment.ids, strict=True):
        q.id = qid
        q.aliases = sorted(aliases.get(qid, []))
    return quotes, assignment


def _said(found: str | Unresolved, statement_of: dict[int, str]) -> str:
    """A correction's problem as the editor reads it, naming the quotes by their final ids."""
    if isinstance(found, str):
        return found
    ids = list(dict.fromkeys(statement_of[id(o)] for o in found.hits if id(o) in statement_of))
    return problem(found.where, found.anchor, True, ids, found.statements)
