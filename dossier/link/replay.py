"""Statements replayed from the previous link in this process: only what an edit reaches is regrouped.

``statements.group`` decomposes exactly over the connected components of the match graph (two
occurrences are linked when their words match and ``statements.could_join``: speakers agree or
one is unknown, and they may join): an occurrence only joins a statement through an earlier
member it is linked to, and the links are symmetric, so the statements inside a component are
those ``group`` makes of the component's occurrences alone, in the same order. (Ignoring
speakers, the synthetic 10k's matches chain a third of all occurrences into one component.) A
rebuild therefore regroups the components that the occurrences it changed touch — before and
after the edit — and keeps every other statement as made before (its Quote copied, not shared:
ids and the editor's notes are put on afresh).

An occurrence is *suspect* when its article is new, gone, re-read or has other people
(``person_of``), or its pieces, speaker, editor's fixes or dropped flag differ: everything
``group`` and ``statement`` read of it. A suspect occurrence whose grouping (its words and join
profile: all ``group`` reads of it) is as before keeps its place, and only the statement holding
it is made again; the others are *changed* and regrouped. The memory (``LinkMemory``) is the
previous build's components, each statement's members and Quote as ``statement`` made it (and
the Quote it gave out, for ``changes``), and an index of the live occurrences' words for finding
which components a changed occurrence reaches.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from operator import eq
from typing import TYPE_CHECKING

from ..model import Article, DateMention, Dossier, ExtractedQuote, Extraction, Person, Quote
from .matching import StatementIndex, skeleton_shingles
from .registry import Kept, Statement
from .statements import (
    KeptOccs,
    Narration,
    Occ,
    PageKey,
    Profile,
    could_join,
    group,
    join_profile,
    page_key,
    registry_statement,
    spots,
    statement,
)

if TYPE_CHECKING:
    from .warm_people import WarmClusters

OccKey = tuple[str, int]  # Occ.key: (article id, start of its first piece)


def occ_key(o: Occ) -> OccKey:
    return o.key


def _signature(o: Occ) -> tuple:
    """What grouping and ``statement`` read of an occurrence beyond its article's text and dates.
    Its pieces are compared whole, as objects: an article not re-read keeps its extraction's (so
    the comparison is by identity), and every occurrence of a re-read one is suspect anyway."""
    return (o.pieces, o.speaker, o.dropped, o.fixes)


def _grouping(o: Occ) -> tuple:
    """What ``group`` reads of a live occurrence besides its key: its words and join profile. One
    whose grouping is as before keeps its place; only its statement is made again."""
    return (tuple(o.words), join_profile(o))


@dataclass(slots=True)
class _Statement:
    members: list[OccKey]  # in article order
    quote: Quote  # as ``statement`` made it: no id, aliases, status or notes
    fullest: OccKey
    given: Quote | None = None  # the Quote the last build gave out (the linker finished it in place)
    fresh: bool = True  # made (again) by this build: ``given`` is not this Quote's former self
    # What the linker reads of it besides the Quote (``statements.registry_statement``,
    # ``page_key``, ``spots``), made with it and kept while it is not made again: its members'
    # pieces, speaker and words are then the same objects.
    asks: Statement | None = None
    page: PageKey | None = None
    spots: list[tuple[str, int]] | None = None
    alive: bool = True  # False once its component is regrouped: it is no statement of this build
    at: int = 0  # its place in this build's grouping order (``LinkMemory.made``)

    def remade(self, quote: Quote, fullest: OccKey) -> None:
        self.quote, self.fullest, self.fresh = quote, fullest, True
        self.asks = self.page = self.spots = None


@dataclass
class Changes:
    """What differs from the build before in this process (``changes``)."""

    records: frozenset[tuple[str, str]]  # Dossier.changed
    tables: dict[str, frozenset[str]]  # Dossier.changed_tables


@dataclass
class LinkMemory:
    """What the link stage keeps for the next build in this process."""

    articles: dict[str, Article]
    quotes_of: dict[str, list[ExtractedQuote]]  # each article's extracted quotes as linked
    person_of: dict[tuple[str, str], str]
    # Every occurrence, dropped ones too, by key: none changes once the build that had it is done
    # (one shared with the next build is never changed, only copied: ``statements.copy_occ``).
    occs: dict[OccKey, Occ]
    grouping: dict[OccKey, tuple]  # every live occurrence's ``_grouping``
    index: StatementIndex  # the words of live occurrences, keyed by serial; dead serials stay
    owner: list[tuple[OccKey, Profile] | None]  # serial -> its occurrence, None once gone
    serial: dict[OccKey, int]
    component: dict[OccKey, int]  # live occurrence -> its component
    statements: dict[int, list[_Statement]]  # component -> its statements
    next_component: int = 0
    regrouped: int = 0  # occurrences the last build regrouped
    restated: int = 0  # statements the last build made again without regrouping them
    replayed: bool = False  # the last build replayed a previous one (else it grouped everything)
    dossier: Dossier | None = field(default=None, repr=False)
    people: dict = field(default_factory=dict, repr=False)  # people.Roster.summaries, for link_people
    clusters: WarmClusters | None = field(default=None, repr=False)  # for link_people
    narration: dict[str, Narration] = field(default_factory=dict, repr=False)  # for narration_dates
    occurrences: dict[str, KeptOccs] = field(default_factory=dict, repr=False)  # for kept_occurrences
    registry: Kept = field(default_factory=Kept, repr=False)  # for registry.assign
    records: dict[str, Person] = field(default_factory=dict, repr=False)  # people.Roster.records
    records_before: dict[str, Person] = field(default_factory=dict, repr=False)  # the last build's
    # What the replay touched, for ``changes``: the Quote each statement of ``made`` gave out last
    # time (None when made again), the ids given to statements since made again, the articles
    # new, gone or re-read, and those whose people (person_of) are others.
    given: list[Quote | None] = field(default_factory=list, repr=False)
    made: list[_Statement] = field(default_factory=list, repr=False)  # every statement, in grouping order
    new: list[_Statement] = field(default_factory=list, repr=False)  # those of ``made`` new in this build
    paged: list[_Statement] = field(default_factory=list, repr=False)  # ``made`` in page order
    dropped: set[str] = field(default_factory=set)
    dirty: set[str] = field(default_factory=set)
    people_moved: set[str] = field(default_factory=set)
    changes: Changes | None = None  # since the build before, when there was one in this process


def _components(n: int, pairs: list[tuple[int, int]]) -> list[int]:
    """The connected component (its smallest position) of each of n positions."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [root(i) for i in range(n)]


def _regroup(
    occs: list[Occ],
    narration: dict[str, list[DateMention]],
    person_of: dict[tuple[str, str], str],
    mem: LinkMemory,
    index: StatementIndex | None = None,
) -> list[_Statement]:
    """Group these occurrences (whole components, in article order) and record their statements and
    components in ``mem``; returns the statements made, in grouping order."""
    pairs: list[tuple[int, int]] = []
    groups = group(occs, pairs, index)
    roots = _components(len(occs), pairs)
    number: dict[int, int] = {}
    for o, r in zip(occs, roots, strict=True):
        if r not in number:
            number[r] = mem.next_component
            mem.statements[mem.next_component] = []
            mem.next_component += 1
        mem.component[occ_key(o)] = number[r]
    made = []
    for g in groups:
        kept = _Statement([occ_key(o) for o in g], *_made(g, narration, person_of))
        mem.statements[mem.component[kept.members[0]]].append(kept)
        made.append(kept)
    mem.regrouped = len(occs)
    return made


def _made(
    g: list[Occ], narration: dict[str, list[DateMention]], person_of: dict[tuple[str, str], str]
) -> tuple[Quote, OccKey]:
    """A group's Quote as ``statement`` makes it (no id, aliases or notes) and its fullest occurrence."""
    q, fullest = statement(g, narration, person_of)
    return replace(q, notes=[], aliases=[]), occ_key(fullest)


def replay_statements(
    prev: LinkMemory | None,
    articles: list[Article],
    extractions: dict[str, Extraction],
    occs: list[Occ],
    narration: dict[str, list[DateMention]],
    person_of: dict[tuple[str, str], str],
) -> tuple[list[Quote], LinkMemory]:
    """Every statement's Quote, in grouping order, as ``group`` and ``statement`` would make them
    from ``occs`` (all of them, in article order, dropped ones included) — copies, for the linker to
    finish — and the memory for next time, whose ``made`` are the statements in the same order."""
    keys = [o.key for o in occs]
    by_key = dict(zip(keys, occs, strict=True))  # dropped ones too: never a member
    mem = LinkMemory(
        {a.id: a for a in articles},
        {a.id: extractions[a.id].quotes for a in articles},
        person_of,
        by_key,
        {},
        StatementIndex(),
        [],
        {},
        {},
        {},
    )
    position = dict(zip(keys, range(len(keys)), strict=True))  # in article order (keys are unique)
    if prev is None:
        live = [o for o in occs if not o.dropped]
        mem.grouping = {o.key: _grouping(o) for o in live}
        order = _regroup(live, narration, person_of, mem, mem.index)  # already in grouping order
        mem.owner = [(o.key, join_profile(o)) for o in live]
        mem.serial = {k: i for i, (k, _p) in enumerate(mem.owner)}
    else:
        made = _replay(
            prev,
            mem,
            lambda: [(k, o) for k, o in zip(keys, occs, strict=True) if not o.dropped],
            by_key,
            position,
            narration,
            person_of,
        )
        order = _in_grouping_order(prev.made, made, mem.dirty, position)
        mem.new, mem.paged = made, prev.paged
        prev.made, prev.paged = [], []  # moved: the old memory is spent
        mem.replayed = True
    quotes = list(map(_copy, (s.quote for s in order)))
    mem.given = [None if s.fresh else s.given for s in order]
    for i, (s, q) in enumerate(zip(order, quotes, strict=True)):
        s.at = i
        if s.asks is None:  # made (again) by this build
            g = [by_key[k] for k in s.members]
            s.asks, s.page, s.spots = (
                registry_statement(s.quote, by_key[s.fullest]),
                page_key(s.quote),
                spots(g),
            )
        s.given, s.fresh = q, False
    mem.made = order
    return quotes, mem


def _in_grouping_order(
    before: list[_Statement], made: list[_Statement], dirty: set[str], position: dict[OccKey, int]
) -> list[_Statement]:
    """Every statement of this build in grouping order (by its first member's place in article
    order), from the last build's order (``before``) and the statements made since (``made``, in
    grouping order). A statement still standing whose first member's article is not re-read keeps
    its place relative to the others like it (articles stay in id order, the occurrences of an
    article not re-read in theirs); the rest are put in by bisection."""
    first = lambda s: position[s.members[0]]  # noqa: E731
    stay = [s for s in before if s.alive and s.members[0][0] not in dirty]
    moved = [s for s in before if s.alive and s.members[0][0] in dirty] if dirty else []
    if len(moved) + len(made) > len(stay) // 16:  # many to put in: sorting all is cheaper
        return sorted(stay + moved + made, key=first)
    for s in sorted(moved + made, key=first):
        insort(stay, s, key=first)
    return stay


def page_order(mem: LinkMemory, keys: list[PageKey]) -> list[int]:
    """Positions in ``mem.made`` sorted by their page keys (``keys``, in the same order), sorted from
    the last build's page order (``mem.paged``, whose statements still standing are this build's)
    with the new ones after: mostly in order already, so a merge more than a sort. No two statements
    share a page key (each is its first printing's (article, start)), so the input order cannot
    change the result; were two keys ever equal, grouping order breaks the tie, as from scratch."""
    hint = [s.at for s in mem.paged if s.alive] + [s.at for s in mem.new]
    if len(hint) != len(keys):  # the first build in this process: no page order before
        hint = list(range(len(keys)))
    order = sorted(hint, key=keys.__getitem__)
    ordered = [keys[i] for i in order]
    if any(map(eq, ordered, ordered[1:])):  # a tie: sort in grouping order, which keeps ties in it
        order = sorted(range(len(keys)), key=keys.__getitem__)
    mem.paged = [mem.made[i] for i in order]
    return order


def statements_like(mem: LinkMemory, order: list[int]) -> Callable[[tuple[str, ...]], list[int]]:
    """``registry.Finder`` from the memory's index of live occurrences' words: the positions in page
    order (``order``: the statements of ``mem.made`` in that order) of the statements whose fullest
    occurrence's words ``same_statement`` accepts. Every fullest occurrence is live, so indexed;
    the map is made on the first call (most builds have no unclaimed entry to ask about)."""
    position: dict[OccKey, int] = {}

    def like(ws: tuple[str, ...]) -> list[int]:
        if not position:
            made = mem.made
            position.update((made[i].fullest, n) for n, i in enumerate(order))
        owners = (mem.owner[serial] for serial in mem.index.matches(list(ws)))
        return [position[o[0]] for o in owners if o is not None and o[0] in position]

    return like


def _copy(q: Quote) -> Quote:
    """A copy of a statement's Quote as ``statement`` made it (dataclasses.replace, without its
    __init__: a rebuild copies every kept statement)."""
    new = Quote.__new__(Quote)
    new.__dict__.update(q.__dict__, notes=[], aliases=[])
    return new


def _dirty_articles(prev: LinkMemory, mem: LinkMemory) -> tuple[set[str], set[str]]:
    """Articles new, gone or re-read, and those whose people are not the same Person ids as before."""
    dirty = set(prev.articles.keys() ^ mem.articles.keys())
    for aid, art in mem.articles.items():
        before = prev.articles.get(aid)
        if before is not art or (
            prev.quotes_of[aid] is not mem.quotes_of[aid] and prev.quotes_of[aid] != mem.quotes_of[aid]
        ):
            dirty.add(aid)
    return dirty, {aid for (aid, _local), _pid in prev.person_of.items() ^ mem.person_of.items()}


def _replay(
    prev: LinkMemory,
    mem: LinkMemory,
    live_keyed: Callable[[], list[tuple[OccKey, Occ]]],
    by_key: dict[OccKey, Occ],
    position: dict[OccKey, int],
    narration: dict[str, list[DateMention]],
    person_of: dict[tuple[str, str], str],
) -> list[_Statement]:
    """``live_keyed()``: the live occurrences, in article order, with their keys (made only to index
    them afresh); ``position``: every occurrence's place in that order. Returns the statements
    regrouped, in grouping order."""
    mem.dirty, mem.people_moved = _dirty_articles(prev, mem)
    dirty = mem.dirty | mem.people_moved
    now, was = mem.occs, prev.occs
    # Occurrences whose statement may read something else now; of these, those whose grouping is
    # as before only have their statement made again ("restated"), the others are regrouped. The
    # very object of the last build reads the same (most are: ``kept_occurrences``).
    suspect = {
        k
        for k, o in was.items()
        if k[0] in dirty or ((o2 := now.get(k)) is not o and (o2 is None or _signature(o2) != _signature(o)))
    }
    suspect |= now.keys() - was.keys()  # the rest of the new ones are compared above
    grouping, prev.grouping = prev.grouping, {}
    mem.grouping = grouping
    gone: list[OccKey] = []
    fresh_keys: set[OccKey] = set()
    restate: set[OccKey] = set()
    for k in suspect:
        was = grouping.pop(k, None)
        o = by_key.get(k)
        now = _grouping(o) if o is not None and not o.dropped else None
        if now is not None:
            grouping[k] = now
        if was is not None and now == was:
            restate.add(k)
            continue
        if was is not None:
            gone.append(k)
        if now is not None:
            fresh_keys.add(k)
    fresh = [by_key[k] for k in sorted(fresh_keys, key=position.__getitem__)]
    # The index, owners and components move over from the previous build, then are updated.
    mem.index, mem.owner, mem.serial = prev.index, prev.owner, prev.serial
    mem.component, mem.statements, mem.next_component = prev.component, prev.statements, prev.next_component
    prev.index, prev.owner, prev.serial = StatementIndex(), [], {}  # moved: the old memory is spent
    prev.component, prev.statements = {}, {}
    touched = {mem.component[k] for k in gone if k in mem.component}
    for k in gone:
        serial = mem.serial.pop(k, None)
        if serial is not None:
            mem.owner[serial] = None
    profiles = [join_profile(o) for o in fresh]
    shingles = [skeleton_shingles(o.words) for o in fresh]
    for o, mine, sh in zip(fresh, profiles, shingles, strict=True):
        for serial in mem.index.matches(o.words, sh):
            seen = mem.owner[serial]
            if seen is not None and could_join(seen[1], mine):
                touched.add(mem.component[seen[0]])
    # Restated occurrences in a component regrouped anyway get their statement made there.
    restate = {k for k in restate if mem.component[k] not in touched}
    members = set(fresh_keys)
    for c in touched:  # every live occurrence of a component is a member of one of its statements
        for s in mem.statements.pop(c):
            s.alive = False
            members.update(s.members)
            for k in s.members:
                del mem.component[k]
            if s.given is not None:
                mem.dropped.add(s.given.id)
    for o, mine, sh in zip(fresh, profiles, shingles, strict=True):
        k = occ_key(o)
        mem.serial[k] = len(mem.owner)
        mem.index.add(len(mem.owner), o.words, sh)
        mem.owner.append((k, mine))
    # The live ones, in article order (gone and dropped members are no one's now).
    live = sorted((k for k in members if k in position and not by_key[k].dropped), key=position.__getitem__)
    made = _regroup([by_key[k] for k in live], narration, person_of, mem)
    mem.restated = _restate(mem, restate, by_key, narration, person_of)
    if len(mem.owner) > 2 * len(mem.serial) + 1000:  # mostly dead serials: index the live ones afresh
        keyed = live_keyed()
        mem.index, mem.owner = StatementIndex(), [(k, join_profile(o)) for k, o in keyed]
        mem.serial = {k: i for i, (k, _p) in enumerate(mem.owner)}
        for i, (_k, o) in enumerate(keyed):
            mem.index.add(i, o.words)
    return made


def _restate(
    mem: LinkMemory,
    restate: set[OccKey],
    by_key: dict[OccKey, Occ],
    narration: dict[str, list[DateMention]],
    person_of: dict[tuple[str, str], str],
) -> int:
    """Make again the statements holding these occurrences (grouped as before, but read from a
    re-read article or with other fixes); returns how many."""
    by_component: dict[int, set[OccKey]] = {}
    for k in restate:
        by_component.setdefault(mem.component[k], set()).add(k)
    n = 0
    for c, keys in by_component.items():
        for s in mem.statements[c]:
            if not keys.isdisjoint(s.members):
                s.remade(*_made([by_key[k] for k in s.members], narration, person_of))
                n += 1
    return n


def changes(before: Dossier, after: Dossier, quotes: list[Quote], mem: LinkMemory) -> Changes:
    """What differs between the last build's dossier and this one, from what the replay touched:
    exactly the records a whole comparison finds, comparing only candidates. ``quotes``: this
    build's Quotes in the order of its ``made`` statements (finished: ids, notes and status on).

    A statement neither regrouped nor made again holds the Quote ``statement`` made before, so its
    Quote is the one it gave out last time but for what the linker puts on afterwards (id,
    aliases, notes, status); an article not re-read is the same object."""
    candidates = set(mem.dropped)
    for q, was in zip(quotes, mem.given, strict=True):
        if was is None:
            candidates.add(q.id)
        elif q.id != was.id or q.aliases != was.aliases or q.notes != was.notes or q.status != was.status:
            candidates.update((q.id, was.id))
    quotes_moved = {i for i in candidates if before.quote(i) != after.quote(i)}
    out = {("q", i) for i in quotes_moved}
    for i in mem.dirty:
        was, now = before.find_article(i), after.find_article(i)
        if was is None or now is None or _article(was) != _article(now):
            out.add(("a", i))
    old_people = {p.id: p for p in before.people}  # Person records are made afresh (or copied)
    new_people = {p.id: p for p in after.people}
    out.update(
        ("p", i)
        for i in old_people.keys() | new_people.keys()
        if _person_differs(
            old_people.get(i), new_people.get(i), mem.records_before.get(i), mem.records.get(i)
        )
    )
    # Articles where a quote's pieces are now another quote's, or no one's: every such quote differs.
    quote_of = set(mem.dirty)
    for i in quotes_moved:
        for q in (before.quote(i), after.quote(i)):
            if q is not None:
                quote_of.update(o.article for o in q.occurrences)
    tables = {
        "quote_of": frozenset(quote_of),
        "person_of": frozenset(mem.people_moved),
        "redirects": _differ(before.redirects, after.redirects),
        "article_notes": _differ(before.article_notes, after.article_notes),
    }
    return Changes(frozenset(out), tables)


def _person_differs(old: Person | None, new: Person | None, was: Person | None, now: Person | None) -> bool:
    """Whether a person's record differs; ``was``, ``now``: the record each is a copy of (people's
    ``_person_alone``), if any. Copies of the very same record differ only in what the editor puts
    on them."""
    if old is not None and new is not None and now is not None and now is was:
        return old.notes != new.notes or old.links != new.links
    return old != new


def _differ(old: dict, new: dict) -> frozenset:
    return frozenset(k for k in old.keys() | new.keys() if old.get(k, _ABSENT) != new.get(k, _ABSENT))


_ABSENT = object()


def _article(a: Article) -> tuple:
    """What the renderer's fingerprint of an article reads."""
    return (a.content_hash, a.id, a.path, a.warnings)
