"""People's name clusters kept between builds in one process: an edit re-clusters where its names reach.

``people._name_clusters`` decides each cluster from three things: the full-name members of its key
(in article order), the one merge of a name with a middle initial into its bare form, and, for
every one-word name (a *single*), the full-name clusters it fits by its word, their article
counts and their genders. None of this depends on the rest of the dossier, so when articles are
new, gone or re-read (other Article or Extraction objects), only these are made again:

  - the full-name clusters whose keys the changed articles name, before or after the edit, and
    those an initial merges into them or out of them (the *affected* keys);
  - the singles whose word is one of an affected cluster's fitting words (before or after), and
    every single of a changed article;
  - the clusters whose members those moved: rebuilt whole, in the same order as from scratch
    (full-name members, the merged initial's, then singles in article order).

Every other cluster is the very object the last build gave out. Curation's ``different_people``
bars joins (and records which pair did), so with any such pair the clusters are made from
scratch (``people._name_clusters``) and nothing is kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Article, Curation, Extraction, LocalPerson
from .matching import name_key
from .people import (
    SUFFIX_KEYS,
    Cluster,
    cluster_gender,
    different_pairs,
    one_fit,
    told_people,
    without_initials,
)

SingleId = tuple[str, int]  # (article id, position among its told people): sorts in article order
Member = tuple[str, LocalPerson]


@dataclass
class _Base:
    """A full-name cluster after the initial merge, before singles join it."""

    members: list[Member]
    names: list[str]
    handles: set[str]

    def fitting_words(self, key: str) -> set[str]:
        """The one-word names that fit this cluster (as ``_name_clusters`` indexes them)."""
        out = {t for t in key.split()[1:] if t not in SUFFIX_KEYS}
        out.add(key.replace(" ", ""))
        out.update(self.handles)
        return out


@dataclass
class WarmClusters:
    """The name clusters of the last build, and what they were made of."""

    seen: dict[str, tuple[Article, Extraction]] = field(default_factory=dict)
    told: dict[str, list[tuple[str, LocalPerson]]] = field(default_factory=dict)  # aid -> (key, lp)
    full: dict[str, list[Member]] = field(default_factory=dict)  # key -> full-name members
    initialled: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # bare -> keys
    base: dict[str, _Base] = field(default_factory=dict)
    fitting: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # word -> keys
    spread: dict[str, int] = field(default_factory=dict)
    genders: dict[str, str | None] = field(default_factory=dict)
    singles: dict[SingleId, tuple[str, LocalPerson]] = field(default_factory=dict)
    by_word: dict[str, set[SingleId]] = field(default_factory=lambda: defaultdict(set))
    home: dict[SingleId, str] = field(default_factory=dict)  # the cluster key it is a member of
    own: set[SingleId] = field(default_factory=set)  # fits no full-name cluster: names its own
    joined: dict[str, set[SingleId]] = field(default_factory=lambda: defaultdict(set))  # key -> singles
    clusters: dict[str, Cluster] = field(default_factory=dict)  # as given out

    def update(self, articles: list[Article], extractions: dict[str, Extraction]) -> dict[str, Cluster]:
        """The clusters ``_name_clusters`` makes of these (no ``different_people``), updated from
        the last call's; the returned dict is this object's own (do not change it)."""
        now = {a.id: a for a in articles}
        changed = [
            aid
            for aid in self.seen.keys() | now.keys()
            if aid not in now
            or aid not in self.seen
            or self.seen[aid][0] is not now[aid]
            or self.seen[aid][1] is not extractions[aid]
        ]
        keys: set[str] = set()  # full-name keys whose members change
        redo: set[SingleId] = set()  # singles whose home is decided again
        touched: set[str] = set()  # cluster keys to rebuild
        gone = set(changed)
        for aid in changed:
            for n, (key, _lp) in enumerate(self.told.pop(aid, [])):
                if len(key.split()) >= 2:
                    keys.add(key)
                else:
                    self._drop_single((aid, n), touched)
            self.seen.pop(aid, None)
        for key in keys:
            self.full[key] = [m for m in self.full[key] if m[0] not in gone]
        for aid in sorted(aid for aid in changed if aid in now):
            art, ex = now[aid], extractions[aid]
            told = [(name_key(lp.name), lp) for lp in told_people(art, ex)]
            self.seen[aid], self.told[aid] = (art, ex), told
            for n, (key, lp) in enumerate(told):
                if len(key.split()) >= 2:
                    keys.add(key)
                    self.full.setdefault(key, []).append((aid, lp))
                else:
                    self.singles[(aid, n)] = (key, lp)
                    self.by_word[key].add((aid, n))
                    redo.add((aid, n))
        for key in keys:
            members = self.full[key]
            members.sort(key=lambda m: m[0])  # stable: an article's people stay in its order
            if not members:
                del self.full[key]
        words = self._rebase(keys, touched)
        for w in words:
            redo.update(self.by_word.get(w, ()))
        homes: dict[tuple[str, str | None], str | None] = {}  # by (word, gender): fits are the same
        for sid in sorted(redo):
            self._place(sid, touched, homes)
        for key in touched:
            self._rebuild(key)
        return self.clusters

    def _drop_single(self, sid: SingleId, touched: set[str]) -> None:
        key, _lp = self.singles.pop(sid)
        self.by_word[key].discard(sid)
        home = self.home.pop(sid)
        self.joined[home].discard(sid)
        self.own.discard(sid)
        touched.add(home)

    def _rebase(self, keys: set[str], touched: set[str]) -> set[str]:
        """Make again the base clusters these full-name keys reach (initial merges included);
        returns the fitting words of every base cluster made again, before and after."""
        affected = set(keys)
        for key in keys:
            bare = without_initials(key)
            if bare != key:
                if key in self.full:
                    self.initialled[bare].add(key)
                else:
                    self.initialled[bare].discard(key)
            affected.add(bare)
            affected.update(self.initialled.get(bare, ()))
        words: set[str] = set()
        for key in affected:
            old = self.base.pop(key, None)
            if old is not None:
                for w in old.fitting_words(key):
                    self.fitting[w].discard(key)
                words |= old.fitting_words(key)
                del self.spread[key], self.genders[key]
        for key in affected:
            new = self._base_of(key)
            if new is not None:
                self.base[key] = new
                for w in new.fitting_words(key):
                    self.fitting[w].add(key)
                words |= new.fitting_words(key)
                self.spread[key] = len({aid for aid, _lp in new.members})
                self.genders[key] = cluster_gender(new.members)
        touched |= affected
        return words

    def _base_of(self, key: str) -> _Base | None:
        """``key``'s cluster before singles join: its members and those of the one initialled
        form merged into it; None when it has no members or is merged into its bare form."""
        if key not in self.full:
            return None
        bare = without_initials(key)
        if bare != key and len(self.initialled.get(bare, ())) == 1 and bare in self.full:
            return None
        members = list(self.full[key])
        into = self.initialled.get(key, set())
        if len(into) == 1:
            members += self.full[next(iter(into))]
        names = [lp.name for _aid, lp in members]
        handles = {name_key(h.lstrip("@")).replace(" ", "") for _aid, lp in members for h in lp.handles}
        return _Base(members, names, handles)

    def _place(
        self, sid: SingleId, touched: set[str], homes: dict[tuple[str, str | None], str | None]
    ) -> None:
        """Decide a single's cluster as ``_name_clusters`` does. ``homes``: the full-name cluster each
        (word, gender) fits, found so far in this update (an edit's new surname may re-place
        thousands of singles of one word)."""
        key, lp = self.singles[sid]
        if (key, lp.gender) in homes:
            home = homes[(key, lp.gender)]
        else:
            flat = key.replace(" ", "")
            fits = sorted(self.fitting.get(key, set()) | self.fitting.get(flat, set())) if key else []
            if lp.gender:
                fits = [k for k in fits if self.genders[k] in (None, lp.gender)] or fits
            home = homes[(key, lp.gender)] = one_fit(fits, self.spread)
        own = home is None
        if home is None:
            home = key or lp.key
        was, was_own = self.home.get(sid), sid in self.own
        if own:
            self.own.add(sid)
        else:
            self.own.discard(sid)
        if was != home or was_own != own:  # (its own name counts among its cluster's names)
            if was is not None:
                self.joined[was].discard(sid)
                touched.add(was)
            self.home[sid] = home
            self.joined[home].add(sid)
            touched.add(home)

    def _rebuild(self, key: str) -> None:
        """A cluster made again: the base's members, then its singles in article order (a single
        with no full-name cluster to join names its own)."""
        base = self.base.get(key)
        singles = sorted(self.joined.get(key, ()))
        if base is None and not singles:
            self.clusters.pop(key, None)
            return
        c = Cluster(key)
        if base is not None:
            c.names, c.members, c.handles = list(base.names), list(base.members), set(base.handles)
        for sid in singles:
            lp = self.singles[sid][1]
            c.members.append((sid[0], lp))
            if sid in self.own:
                c.names.append(lp.name)
        self.clusters[key] = c


def kept_clusters(
    warm: WarmClusters | None,
    articles: list[Article],
    extractions: dict[str, Extraction],
    cur: Curation | None,
) -> tuple[dict[str, Cluster] | None, WarmClusters | None]:
    """The name clusters for ``link_people``, from ``warm`` (the last build's, which this changes)
    or from nothing, and the state to keep; (None, None) when ``different_people`` asks for the
    clusters to be made from scratch."""
    if any(True for _ in different_pairs(cur)):
        return None, None
    warm = WarmClusters() if warm is None else warm
    return warm.update(articles, extractions), warm
