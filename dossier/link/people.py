"""Link stage, people: one Person per individual across articles, the editor's people included.

Article-local people merge across articles when their full names agree (ignoring case, accents
and punctuation), when a handle spells a full name ("@KimKardashian"), or when a one-word name
(a surname or nickname) names exactly one person of the dossier. A shared first name alone is
never evidence.

The curation is part of the clustering, not a repair after it:
  - cannot-link (``different_people: [A, B]``): a local person named exactly B never joins a
    cluster named A, whether as a one-word name or through a dropped middle initial;
  - must-link: every cluster named by a curated person's name or alias is that one person, who
    is also found wherever an article names them (``curated_mentions``), even where the
    extractor found no one; ``same_person`` joins the clusters its names name.
Person records and ids are made once, from the final clusters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from operator import is_, itemgetter

from ..model import Article, Correction, CuratedPerson, Curation, Extraction, LocalPerson, Mention, Person
from .matching import name_key
from .slugs import slugify, unique

SUFFIX_KEYS = frozenset(["jr", "sr", "ii", "iii", "iv"])
# Paragraph kinds that credit rather than tell: a name there is no person of the story.
_CREDIT_KINDS = frozenset(["credit", "byline"])
# Paragraphs that tell the story: a curated name in a byline or credit is not a mention of them.
_STORY_KINDS = frozenset(["headline", "dek", "body", "caption"])
# A one-word name goes to the most written-about person it fits when that one has this many times
# the articles of the next ("Obama" in 2016 news), and at least two.
DOMINANT = 2


def told_people(art: Article, ex: Extraction) -> list[LocalPerson]:
    """The article's people minus those named only in credit lines and bylines (a photographer)."""
    credit = [(p.start, p.end) for p in art.paragraphs if p.kind in _CREDIT_KINDS]
    if not credit:
        return ex.people
    return [
        lp
        for lp in ex.people
        if not lp.mentions or any(not any(s <= m.start < e for s, e in credit) for m in lp.mentions)
    ]


def without_initials(key: str) -> str:
    """'donald j trump' -> 'donald trump': a middle initial dropped (first and last words kept)."""
    toks = key.split()
    if len(toks) < 3:
        return key
    return " ".join([toks[0], *(t for t in toks[1:-1] if len(t) > 1), toks[-1]])


def cluster_gender(members: list[tuple[str, LocalPerson]]) -> str | None:
    genders = Counter(lp.gender for _a, lp in members if lp.gender)
    return genders.most_common(1)[0][0] if genders else None


def one_fit(fits: list[str], spread: dict[str, int]) -> str | None:
    """The cluster a one-word name joins: the only one it fits, or one that dominates the others."""
    if len(fits) == 1:
        return fits[0]
    if len(fits) < 2:
        return None
    ranked = sorted(fits, key=lambda k: -spread[k])
    top, second = spread[ranked[0]], spread[ranked[1]]
    return ranked[0] if top >= 2 and top >= DOMINANT * second else None


def curated_mentions(article: Article, cp: CuratedPerson) -> list[Mention]:
    """Where the article names a curated person by their name or an alias: whole words, case as
    written in dossier.yml, longest names first, in story paragraphs only."""
    names = sorted({cp.name, *cp.aliases}, key=len, reverse=True)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    raw = article.raw
    for p in article.paragraphs:
        if p.kind not in _STORY_KINDS:
            continue
        for name in names:
            spaced = r"[ \u00a0]+".join(re.escape(w) for w in name.split())
            rx = re.compile(rf"(?<![\w@#]){spaced}(?!\w)")
            for m in rx.finditer(raw, p.start, p.end):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                kind = "name" if name == cp.name else "alias"
                found.append(Mention(m.start(), m.end(), m.group(0), cp.name, kind))
    return sorted(found, key=lambda m: m.start)


@dataclass
class Cluster:
    """Local people the name rules put together; a unit of the editor's must-links."""

    key: str
    names: list[str] = field(default_factory=list)  # full names, for the display name
    members: list[tuple[str, LocalPerson]] = field(default_factory=list)
    handles: set[str] = field(default_factory=set)
    curated: CuratedPerson | None = None  # a curated person's own mentions (see _add_curated)

    def display(self) -> str:
        if self.curated:
            return self.curated.name
        # Over the distinct names (the key holds the name itself, so the largest is the same one):
        # a large cluster's thousands of names are a few spellings.
        return max(set(self.names), key=lambda n: (len(n.split()), len(n), n)) if self.names else self.key

    def name_keys(self) -> set[str]:
        """The keys of every name, variant and handle its people go by (what a curation name matches)."""
        out = {name_key(self.display())}
        if self.curated is None:
            out.update(name_key(x) for _a, lp in self.members for x in (lp.name, *lp.variants, *lp.handles))
        return out


def different_pairs(cur: Curation | None) -> Iterator[tuple[Correction, str, str]]:
    """(correction, first name, a later name) of every ``different_people`` entry."""
    for c in cur.corrections if cur else []:
        for other in c.different_people[1:]:
            yield c, c.different_people[0], other


@dataclass
class _Apart:
    """``different_people`` as cannot-links between name keys, and which of them held a join back."""

    pairs: dict[str, set[str]] = field(default_factory=dict)  # later name's key -> the first names' keys
    used: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def of(cls, cur: Curation | None) -> _Apart:
        out = cls()
        for _c, first, other in different_pairs(cur):
            out.pairs.setdefault(name_key(other), set()).add(name_key(first))
        return out

    def bars(self, key: str, target: set[str]) -> bool:
        """Whether a local person keyed ``key`` may not join a cluster going by ``target`` names."""
        barred = self.pairs.get(key, set()) & target
        self.used.update((first, key) for first in barred)
        return bool(barred)


def _name_clusters(
    articles: list[Article], extractions: dict[str, Extraction], apart: _Apart
) -> dict[str, Cluster]:
    clusters: dict[str, Cluster] = {}  # full-name key -> cluster
    singles: list[tuple[str, LocalPerson]] = []
    for art in articles:
        for lp in told_people(art, extractions[art.id]):
            key = name_key(lp.name)
            if len(key.split()) >= 2:
                c = clusters.setdefault(key, Cluster(key))
                c.names.append(lp.name)
                c.members.append((art.id, lp))
                c.handles.update(name_key(h.lstrip("@")).replace(" ", "") for h in lp.handles)
            else:
                singles.append((art.id, lp))
    # "Donald J. Trump" joins "Donald Trump" when no other initial shares that first and last name
    # ("George W. Bush" and "George H. W. Bush" stay apart, and apart from "George Bush").
    initialled: dict[str, list[str]] = defaultdict(list)
    for k in clusters:
        bare = without_initials(k)
        if bare != k:
            initialled[bare].append(k)
    for bare, keys in initialled.items():
        if len(keys) == 1 and bare in clusters:
            if apart.bars(keys[0], clusters[bare].name_keys()) or apart.bars(
                bare, clusters[keys[0]].name_keys()
            ):
                continue
            c, into = clusters.pop(keys[0]), clusters[bare]
            into.names.extend(c.names)
            into.members.extend(c.members)
            into.handles.update(c.handles)
    # One-word names and handles join the unique full-name cluster they fit.
    fitting: dict[str, set[str]] = defaultdict(set)  # a one-word name -> full-name clusters it fits
    for k, c in clusters.items():
        for token in k.split()[1:]:
            if token not in SUFFIX_KEYS:
                fitting[token].add(k)
        fitting[k.replace(" ", "")].add(k)
        for handle in c.handles:
            fitting[handle].add(k)
    spread = {k: len({a for a, _lp in c.members}) for k, c in clusters.items()}
    genders = {k: cluster_gender(c.members) for k, c in clusters.items()}
    named = {k: c.name_keys() for k, c in clusters.items()} if apart.pairs else {}
    for art_id, lp in singles:
        key = name_key(lp.name)
        flat = key.replace(" ", "")
        fits = sorted(fitting.get(key, set()) | fitting.get(flat, set())) if key else []
        if lp.gender:  # "Mr. Obama" is not Michelle Obama (a pronoun's guess may be wrong: a hint only)
            fits = [k for k in fits if genders[k] in (None, lp.gender)] or fits
        home = one_fit(fits, spread)
        if home is not None and not (named and apart.bars(key, named[home])):
            clusters[home].members.append((art_id, lp))
        else:
            c = clusters.setdefault(key or lp.key, Cluster(key or lp.key))
            c.names.append(lp.name)
            c.members.append((art_id, lp))
    return clusters


def _add_curated(
    articles: list[Article], extractions: dict[str, Extraction], cur: Curation
) -> tuple[dict[str, Extraction], list[Cluster]]:
    """Curation wins: a curated person is in every article that names them by their name or an alias,
    even where the extractor found no one there ("Ebro Darden" beside a radio station's name).

    Names the extractor already gave someone stay theirs. Returns the extractions with these
    people added (copies: the extractions as read are cached) and one cluster per curated person.
    """
    out = dict(extractions)
    units = []
    added: dict[str, list[LocalPerson]] = defaultdict(list)  # by article: curated people found so far
    for cp in cur.people:
        unit = Cluster(f"{cp.name} (curated)", curated=cp)
        for art in articles:
            found = curated_mentions(art, cp)
            if not found:
                continue
            ex = out[art.id]
            people = [*told_people(art, extractions[art.id]), *added[art.id]]
            known = [(m.start, m.end) for lp in people for m in lp.mentions]
            new = [m for m in found if not any(s < m.end and m.start < e for s, e in known)]
            if not new:
                continue
            key = unit.key
            lp = LocalPerson(
                key=key,
                name=cp.name,
                variants=sorted({m.text for m in new} - {cp.name}),
                mentions=[Mention(m.start, m.end, m.text, key, m.kind) for m in new],
            )
            out[art.id] = replace(ex, people=[*ex.people, lp])
            added[art.id].append(lp)
            unit.members.append((art.id, lp))
        units.append(unit)
    return out, units


class _Groups:
    """Clusters as a union-find, so the editor's must-links compose."""

    def __init__(self, units: list[Cluster]) -> None:
        self.units = units
        self.parent = list(range(len(units)))
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for i, u in enumerate(units):
            for k in u.name_keys():
                self.by_name[k].append(i)
        # Order of the units when several are named: by the slug they would take.
        self.rank = {i: (slugify(u.display(), "person"), u.key) for i, u in enumerate(units)}

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, keep: int, other: int) -> None:
        a, b = self.root(keep), self.root(other)
        if a != b:
            self.parent[b] = a

    def named(self, name: str) -> list[int]:
        """The groups going by this name (ignoring case and punctuation), first by rank."""
        return sorted({self.root(i) for i in self.by_name.get(name_key(name), ())}, key=self.rank.__getitem__)


@dataclass
class Roster:
    """The dossier's people and who each article-local person is; the editor may name new ones."""

    people: list[Person]
    person_of: dict[tuple[str, str], str]  # (article id, LocalPerson.key) -> Person.id
    extractions: dict[str, Extraction]  # as read, plus the curated people found in them
    taken: set[str]  # person ids
    problems: list[str]
    summaries: dict[str, _Summary] = field(default_factory=dict)  # by cluster key, for the next call
    # Person id -> the record its Person is a copy of (``_person_alone``): two builds' people copied
    # from the very same record differ at most in the editor's notes.
    records: dict[str, Person] = field(default_factory=dict)

    def id_for(self, name: str) -> str:
        """The person going by this name, or a new curated person of the editor's (no articles)."""
        key = name_key(name)
        for p in sorted(self.people, key=lambda p: p.id):
            if key in {name_key(n) for n in [p.name, *p.aliases]}:
                return p.id
        # A name new to the dossier: its slug may be another person's id ("Index" and "Index Person").
        person = Person(id=unique(slugify(name, "person"), self.taken), name=name, curated=True)
        self.people.append(person)
        return person.id


def link_people(
    articles: list[Article],
    extractions: dict[str, Extraction],
    cur: Curation | None,
    memo: dict[str, _Summary] | None = None,
    clusters: dict[str, Cluster] | None = None,
) -> Roster:
    """People with the curation applied while clustering; ``articles`` sorted by id. ``memo``: the
    clusters' summaries of this process's last call (``Roster.summaries``), reused where a cluster
    holds the same local people; ``clusters``: the name clusters when the caller kept them
    (``warm_people``; never with ``different_people``)."""
    problems: list[str] = []
    apart = _Apart.of(cur)
    if clusters is None:
        clusters = _name_clusters(articles, extractions, apart)
    units = [c for _k, c in sorted(clusters.items(), key=lambda kv: (-len(kv[1].members), kv[0]))]
    merged: list[tuple[CuratedPerson | None, list[Cluster]]] = [(None, [u]) for u in units]
    if cur is not None:
        _check_apart(cur, apart, units, problems)
        if cur.people or any(c.same_person for c in cur.corrections):
            extractions, curated_units = _add_curated(articles, extractions, cur)
            merged = _must_link(units, curated_units, cur, problems)
    return _roster(merged, extractions, problems, memo or {})


def _must_link(
    units: list[Cluster], curated_units: list[Cluster], cur: Curation, problems: list[str]
) -> list[tuple[CuratedPerson | None, list[Cluster]]]:
    """The clusters joined as the editor says: every cluster a curated person's name or alias names
    is theirs (``curated_units[n]`` holds ``cur.people[n]``'s own mentions); same_person joins."""
    first_curated = len(units)
    units = units + curated_units
    groups = _Groups(units)
    for n, cp in enumerate(cur.people):
        for g in {g for name in [cp.name, *cp.aliases] for g in groups.named(name)}:
            groups.union(first_curated + n, g)
    for c in cur.corrections:
        if c.same_person:
            found = [groups.named(n) for n in c.same_person]
            missing = [n for n, ids in zip(c.same_person, found, strict=True) if not ids]
            if missing:
                problems.append(
                    f"{cur.path}:{c.line}: same_person names nobody in the dossier: {', '.join(missing)}"
                )
            ids = sorted({i for ids in found for i in ids}, key=groups.rank.__getitem__)
            for g in ids[1:]:
                groups.union(ids[0], g)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(units)):
        members[groups.root(i)].append(i)
    # A group with a curated person is theirs (the last named, should the editor name two).
    curated_of = {groups.root(first_curated + n): cp for n, cp in enumerate(cur.people)}
    return [(curated_of.get(root), [units[i] for i in group]) for root, group in members.items()]


def _check_apart(cur: Curation, apart: _Apart, units: list[Cluster], problems: list[str]) -> None:
    """Tell the editor about a ``different_people`` pair that separated no one."""
    for c, first, other in different_pairs(cur):
        pair = (name_key(first), name_key(other))
        if pair in apart.used:
            continue
        if any(set(pair) <= u.name_keys() for u in units):
            problems.append(
                f"{cur.path}:{c.line}: {other!r} is only another name of {first!r} in the articles; "
                "no one named so to separate"
            )
        else:
            problems.append(f"{cur.path}:{c.line}: {first!r} and {other!r} are already different people")


@dataclass
class _Summary:
    """What a Person record reads of one cluster; reused while the cluster holds the very same
    local people (by identity: an article not re-read keeps its extraction's objects)."""

    people: tuple[LocalPerson, ...]
    article_ids: list[str]  # of each member, in order
    display: str
    articles: set[str]
    mentions: int
    aliases: set[str]  # its display name and, unless curated, every name its people go by
    kind: str | None  # None for a curated person's own mentions: the articles tell the kind
    called: set[str]
    unit: Cluster | None = None  # the cluster it was made of: one given out again is unchanged
    local_keys: tuple[tuple[str, str], ...] = ()  # (article id, LocalPerson.key) of each member
    slug: str = ""  # slugify(display): the id its group asks for when this is the group's first
    # The Person record of the last build whose group was this summary alone (not curated), with
    # its id: the same summary with the same id makes the same record (see _person_alone).
    record: Person | None = None


def _summary(unit: Cluster, memo: dict[str, _Summary]) -> _Summary:
    known = memo.get(unit.key)
    if known is not None and known.unit is unit:
        return known
    people = tuple(map(itemgetter(1), unit.members))
    ids = list(map(itemgetter(0), unit.members))
    if (
        known is not None
        and len(known.people) == len(people)
        and all(map(is_, known.people, people))
        and known.article_ids == ids
    ):
        return known
    display = unit.display()  # a max over every name: thousands in a large cluster
    aliases = {display}
    if unit.curated is None:
        for lp in people:
            aliases.update(lp.variants)
            aliases.update(lp.handles)
            aliases.add(lp.name)
    return _Summary(
        people,
        ids,
        display,
        set(ids),
        sum(len(lp.mentions) for lp in people),
        aliases,
        None if unit.curated else _kind(unit),
        {x for lp in people for x in lp.called},
        unit,
        tuple(zip(ids, (lp.key for lp in people), strict=True)),
        slugify(display, "person"),
    )


def _roster(
    merged: list[tuple[CuratedPerson | None, list[Cluster]]],
    extractions: dict[str, Extraction],
    problems: list[str],
    memo: dict[str, _Summary],
) -> Roster:
    """One Person per group, ids given once: curated people first (their ids are their names), then
    the others by the name key of their first cluster."""
    summaries = {u.key: _summary(u, memo) for _cp, group in merged for u in group}

    def first(group: list[Cluster]) -> tuple[str, str]:
        """The key and slug of the cluster whose name a group's id is made of."""
        slug, key = min((summaries[u.key].slug, u.key) for u in group)
        return key, slug

    asked = [(0, slugify(cp.name, "person"), "") if cp else (1, *first(group)) for cp, group in merged]
    taken: set[str] = set()
    people: list[Person] = []
    person_of: dict[tuple[str, str], str] = {}
    records: dict[str, Person] = {}
    for n in sorted(range(len(merged)), key=asked.__getitem__):
        cp, group = merged[n]
        parts = [summaries[u.key] for u in group]
        if cp:
            name, base = cp.name, asked[n][1]
        else:
            name = max((s.display for s in parts), key=lambda x: (len(x.split()), len(x), x))
            base = asked[n][2]
        pid = unique(base, taken)
        if cp is None and len(parts) == 1:
            people.append(_person_alone(parts[0], pid))
            records[pid] = parts[0].record  # type: ignore[assignment]
            person_of.update(dict.fromkeys(parts[0].local_keys, pid))
            continue
        aliases: set[str] = set(cp.aliases if cp else [])
        articles: set[str] = set()
        called: set[str] = set()
        for s in parts:
            aliases |= s.aliases
            articles |= s.articles
            called |= s.called
            person_of.update(dict.fromkeys(s.local_keys, pid))
        aliases.discard(name)
        # The editor's own record of a person says nothing of their kind: the articles do.
        kinds = [s.kind for s in parts if s.kind is not None] or ["person"]
        people.append(
            Person(
                id=pid,
                name=name,
                aliases=sorted(aliases),
                description=cp.description if cp else None,
                links=dict(cp.links) if cp else {},
                articles=sorted(articles),
                mention_count=sum(s.mentions for s in parts),
                image_credit=cp.image_credit if cp else None,
                curated=bool(cp),
                kind="organisation" if all(k == "organisation" for k in kinds) else "person",
                called=sorted(called),
            )
        )
    return Roster(people, person_of, extractions, taken, problems, summaries, records)


def _person_alone(s: _Summary, pid: str) -> Person:
    """The Person record of a group that is one cluster and no curated person: made once per summary
    and id, then copied (the editor's notes are put on the copies in place; the lists are never
    changed after, so they are shared)."""
    if s.record is None or s.record.id != pid:
        aliases = set(s.aliases)
        aliases.discard(s.display)
        s.record = Person(
            id=pid,
            name=s.display,
            aliases=sorted(aliases),
            articles=sorted(s.articles),
            mention_count=s.mentions,
            kind="organisation" if s.kind == "organisation" else "person",
            called=sorted(s.called),
        )
    person = Person.__new__(Person)
    person.__dict__.update(s.record.__dict__, notes=[], links={})
    return person


def _kind(unit: Cluster) -> str:
    return Counter(getattr(lp, "kind", "person") for _a, lp in unit.members).most_common(1)[0][0]
