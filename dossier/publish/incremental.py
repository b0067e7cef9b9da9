"""Page-level incremental rendering: a rebuild renders only the pages whose inputs changed.

Every job of the site (``dossier.write.site_jobs``: a page, an index page, the data export)
is rendered from a *view* of the dossier that behaves like it and records what the job
reads, as keys:

  ("a"|"q"|"p", id, field)   a field of one article, quote or person reached through
                             ``d.article(id)``, ``d.quote(id)``, ``d.person(id)``; field ""
                             is whether it exists, "*" the whole object (a method was called,
                             or many fields were read); an article's "extraction" is
                             ``d.extractions[id]``
  ("g", group, id, field)    that field of *every* member of a list the job iterated, in
                             order: ``d.quotes`` (group "quotes", id ""), ``d.relations.said[id]``
                             ("said"), ``d.occurrences_in(id)`` ("occ") ...; "" is the members
  ("m", table, id)           the entries of a look-up table for one id: the ``quote_of`` and
                             ``person_of`` entries of an article, an article's slug, a person's
                             ``relations.together``, a redirect
  ("m*", table) ("d", name)  a whole table; any other attribute of the dossier
  ("t", name)                a page template (dossier.write.templates), with what it includes

Anything the views do not know is read through a coarser key, never through none. A key's
*fingerprint* is a hash of the value read through it (pickled without memo: equal values
of the same shape give equal bytes; values that merely look different only cost a render).

``.dossier-cache/pages.pickle`` keeps, for the code version that wrote it, every key with
its fingerprint, and every job with its files' hashes and the keys it read. A rebuild
fingerprints the keys again, re-renders the jobs that are new, read a changed key, or whose
files in docs/ are not as the manifest says they were written, and keeps the other files as
they are. Rendering is deterministic, so the result is byte-identical to rendering every
page (tests/test_incremental_render.py checks that on many kinds of edits, against builds
with no cache, which render with the plain writers).

Fingerprinting again is cheap where nothing changed: an article, quote or person whose own
fingerprint is unchanged keeps its fields' (an article's is its seed text's hash, path and
warnings: read and extract are pure, and no later stage changes them), and a group whose
members and their fingerprints are unchanged keeps its keys'. A new code version starts
afresh. The data export (``ALWAYS``) is rendered on every build, untracked as a job: in a
long-lived process it makes again only the records whose inputs' fingerprints moved
(``_export_changes``, ``dossier.write.data``).
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import dataclasses
import gc
import hashlib
import io
import os
import pickle
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..model import Article, Dossier, Person, Quote
from ..write import (
    HOME_PAGE,
    Job,
    article_slugs,
    combine,
    index_parts,
    person_parts,
    render_job,
    run_jobs,
    site_jobs,
    templates,
)
from ..write.data import RecordChanges, keep_records, render_data
from ..write.listing import listing_since
from ..write.person_parts import person_jobs
from ..write.relations import RelationsChange, forget_index, relations_since
from .cache import code_version
from .clock import Clock
from .output import Staged, Stager, atomic_write, digest, file_stamp, load_manifest, touched_folders

STORE = "pages.pickle"
FORMAT = 1


def _prune_due(size: int, pruned: int) -> bool:
    """Whether the key table has grown enough since it was last pruned to prune it again."""
    return size > pruned + max(1000, pruned // 2)


Key = tuple

_ENTITY_KINDS = ("a", "q", "p")
_MEMBER_KIND = {
    "articles": "a",
    "people": "p",
    "quotes": "q",
    "said": "q",
    "addressed": "q",
    "about": "q",
    "occ": "q",
}
_ABSENT = b"\0absent"


# ---- views: the dossier as a page sees it -----------------------------------------------------
# A job reads through views; each records what is read in a set of field names per key prefix
# (cheap: no tuple per read), turned into keys once the job is done (_DossierView.keys).

_MISS = object()
COARSE = 4  # fields of one article, quote or person read beyond which it counts as read whole
_WHOLE = object()  # in a table's ids: the whole table was read


class _Entity:
    """An article, quote or person; each field read is added to ``names`` ("*": any field).

    Each model class gets a subclass with one property per field (``_view_class``): a
    property is several times cheaper than ``__getattr__``, which only sees the rest.
    """

    __slots__ = ("_obj", "_names")

    def __init__(self, obj: Any, names: set[str]) -> None:
        self._obj = obj
        self._names = names

    def __getattr__(self, name: str) -> Any:
        self._names.add("*")  # a method, property or attribute beyond the fields: may read any field
        return getattr(self._obj, name)

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # isinstance(view, Quote) holds
        return type(self._obj)

    def __eq__(self, other: object) -> bool:
        self._names.add("*")
        return self._obj == (other._obj if isinstance(other, _Entity) else other)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # as the dataclasses it stands for

    def __repr__(self) -> str:
        self._names.add("*")
        return repr(self._obj)


class _Field:
    """A field of a view: the first read is recorded and the value kept in the view, so later
    reads are plain attribute look-ups (a non-data descriptor, as functools.cached_property)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, view: Any, owner: type | None = None) -> Any:
        if view is None:
            return self
        name = self.name
        view._names.add(name)
        value = view.__dict__[name] = getattr(view._obj, name)
        return value


_VIEW_CLASSES: dict[type, type] = {}


def _view_class(cls: type) -> type:
    view = _VIEW_CLASSES.get(cls)
    if view is None:
        names = [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else []
        ns: dict[str, Any] = {n: _Field(n) for n in names if n not in _Entity.__dict__}
        if "id" in ns:
            # An object's id is the key it was looked up by, and a group's members are part of
            # its "" key: reading it needs no record (and a C-level property costs least).
            ns["id"] = property(attrgetter("_obj.id"))
        view = _VIEW_CLASSES[cls] = type(f"_{cls.__name__}View", (_Entity,), ns)  # with a __dict__
    return view


for _cls in (Article, Quote, Person):
    _view_class(_cls)


class _Table:
    """A read-only look-up table; the ids looked up are recorded (``by_article``: key[0])."""

    __slots__ = ("_data", "_ids", "_by_article", "_wrap")

    def __init__(self, data: Any, by_article: bool = False, wrap: Any = None) -> None:
        self._data, self._by_article, self._wrap = data, by_article, wrap
        self._ids: set = set()

    def _note(self, k: Any) -> None:
        if not self._by_article:
            self._ids.add(k)
        elif type(k) is tuple and k:
            self._ids.add(k[0])
        else:
            self._ids.add(_WHOLE)

    # A table of groups (``wrap``: d.relations.said ...) leaves recording to the group it hands
    # out, which records who its members are.

    def __getitem__(self, k: Any) -> Any:
        if self._wrap is not None:
            return self._wrap(k, self._data[k])
        self._note(k)
        return self._data[k]

    def get(self, k: Any, default: Any = None) -> Any:
        if self._wrap is not None:
            if k in self._data:
                return self._wrap(k, self._data[k])
            self._note(k)  # no group yet: its key's fingerprint says whether it has members
            return default
        self._note(k)
        return self._data.get(k, default)

    def __contains__(self, k: Any) -> bool:
        if self._wrap is not None:
            # A default dict of groups holds empty ones other jobs' reads left: only the whole
            # table tells whether a key is in it.
            self._ids.add(_WHOLE)
        else:
            self._note(k)
        return k in self._data

    def _whole(self) -> Any:
        self._ids.add(_WHOLE)
        return self._data

    def __iter__(self) -> Iterator:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def items(self) -> Any:
        return [(k, self._wrap(k, v) if self._wrap else v) for k, v in self._whole().items()]

    def keys(self) -> Any:
        return self._whole().keys()

    def values(self) -> Any:
        return [v for _, v in self.items()]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._whole(), name)


# Each table a job can read: the key of one id (the whole table is ("m*", name)).
_TABLE_KEYS = {
    "extractions": lambda k: ("a", k, "extraction"),
    "quote_of": lambda k: ("m", "quote_of", k),
    "person_of": lambda k: ("m", "person_of", k),
    "article_notes": lambda k: ("m", "article_notes", k),
    "redirects": lambda k: ("m", "redirects", k),
    "slugs": lambda k: ("m", "slugs", k),
    "relations.together": lambda k: ("m", "together", k),
    "relations.said": lambda k: ("g", "said", k, ""),
    "relations.addressed": lambda k: ("g", "addressed", k, ""),
    "relations.about": lambda k: ("g", "about", k, ""),
}
_BY_ARTICLE = ("quote_of", "person_of")  # keyed by (article id, ...): recorded per article
_LISTS = ("articles", "quotes", "people")
_GROUPS = ("said", "addressed", "about")


class _Relations:
    """``d.relations`` as a job sees it."""

    def __init__(self, view: _DossierView) -> None:
        self._view = view

    def __getattr__(self, name: str) -> Any:
        v = self._view
        if name in _GROUPS:

            def wrap(k: Any, members: list, name: str = name) -> list:
                return v._group(name, k, members)

            t = v._tables[f"relations.{name}"] = _Table(getattr(v._d.relations, name), wrap=wrap)
        elif name == "together":
            t = v._tables["relations.together"] = _Table(v._d.relations.together)
        else:
            v._other.add(("d", "relations"))
            return getattr(v._d.relations, name)
        setattr(self, name, t)  # later reads find it without __getattr__
        return t


class _DossierView:
    """What a job sees instead of the Dossier: the same look-ups, each read recorded.

    Tables and lists are made on first use and kept as attributes of the view.
    """

    def __init__(self, d: Dossier) -> None:
        self._d = d
        # What was read, by kind: id -> (field names read, the view handed out); "" in the
        # names: whether it exists (groups: who the members are).
        self._a: dict[Any, tuple[set[str], Any]] = {}
        self._q: dict[Any, tuple[set[str], Any]] = {}
        self._p: dict[Any, tuple[set[str], Any]] = {}
        self._g: dict[Key, tuple[set[str], list]] = {}  # (group, id) -> (names, member views)
        self._tables: dict[str, _Table] = {}
        self._other: set[Key] = set()

    def keys(self) -> list[Key]:
        """Every key the job read.

        A field's fingerprint covers whether its object exists, so "" only counts when nothing
        else of it was read; an object read in many fields counts as read whole (its own page
        reads nearly all), at no cost in precision.
        """
        out: list[Key] = []
        add = out.append
        for kind, seen in (("a", self._a), ("q", self._q), ("p", self._p)):
            for ident, (names, _) in seen.items():
                if len(names) == 1:
                    add((kind, ident, ""))
                elif len(names) > COARSE or "*" in names:
                    add((kind, ident, "*"))
                else:
                    for name in names:  # a loop, not a comprehension: most hold one or two
                        if name:
                            add((kind, ident, name))
        for (group, ident), (names, _) in self._g.items():
            # Who the members are ("") always counts: their ids are read without a record.
            if "*" in names:
                names = {"", "*"}
            for name in names:
                add(("g", group, ident, name))
        for table, t in self._tables.items():
            key = _TABLE_KEYS[table]
            out += [("m*", table) if k is _WHOLE else key(k) for k in t._ids]
        out += self._other
        return out

    def _group(self, group: str, ident: Any, members: list) -> list:
        seen = self._g.get((group, ident))
        if seen is None:
            names = {""}
            views = [(_VIEW_CLASSES.get(type(m)) or _view_class(type(m)))(m, names) for m in members]
            seen = self._g[(group, ident)] = (names, views)
        return seen[1]

    def _lookup(self, seen: dict, ident: Any, obj: Any) -> Any:
        names = {""}
        view = None if obj is None else (_VIEW_CLASSES.get(type(obj)) or _view_class(type(obj)))(obj, names)
        seen[ident] = (names, view)
        return view

    # The look-ups by id: a repeated one (most are) costs one dict look-up.

    def article(self, article_id: str) -> Any:
        known = self._a.get(article_id)
        view = (
            known[1] if known else self._lookup(self._a, article_id, self._d._articles_by_id.get(article_id))
        )
        return view if view is not None else self._d.article(article_id)  # raises as the Dossier does

    def person(self, person_id: str | None) -> Any:
        if not person_id:
            return None
        known = self._p.get(person_id)
        return known[1] if known else self._lookup(self._p, person_id, self._d._people_by_id.get(person_id))

    def quote(self, quote_id: str | None) -> Any:
        if not quote_id:
            return None
        known = self._q.get(quote_id)
        return known[1] if known else self._lookup(self._q, quote_id, self._d._quotes_by_id.get(quote_id))

    def occurrences_in(self, article_id: str) -> list:
        pairs = self._d.occurrences_in(article_id)
        views = self._group("occ", article_id, [q for q, _ in pairs])
        return [(v, o) for v, (_, o) in zip(views, pairs, strict=True)]

    def __getattr__(self, name: str) -> Any:
        if name in _TABLE_KEYS:
            value: Any = _Table(getattr(self._d, name), by_article=name in _BY_ARTICLE)
            self._tables[name] = value
        elif name in _LISTS:
            value = self._group(name, "", getattr(self._d, name))
        elif name == "relations":
            value = _Relations(self)
        else:
            self._other.add(("d", name))
            return getattr(self._d, name)
        setattr(self, name, value)  # later reads find it without __getattr__
        return value


# Jobs rendered on every build, without recording what they read: the data export reads every
# quote's occurrences and every article's hash, so nearly any edit changes it, and recording its
# tens of thousands of reads would cost more than it ever saves (its records are kept instead).
DATA_JOB = ("data",)
ALWAYS = frozenset({DATA_JOB})
_ALWAYS_KEY = ("always",)  # Fingerprints.key gives it a new fingerprint on every build


def render_tracked(
    d: Dossier, slugs: dict[str, str], job: Job, export: RecordChanges | None = None
) -> tuple[dict[str, bytes], list[Key]]:
    """One job's files and the keys it read; ``export``: which of the data export's kept records
    to make again."""
    if job in ALWAYS:
        return render_data(d, slugs, export) if job == DATA_JOB else render_job(d, slugs, job), [_ALWAYS_KEY]
    view = _DossierView(d)
    view._tables["slugs"] = table = _Table(slugs)
    try:
        with templates.recording() as used:
            files = render_job(view, table, job)
        return files, [*view.keys(), *(("t", name) for name in used)]
    finally:
        view.__dict__.clear()  # the view and its tables refer to each other: free them now


# ---- fingerprints -----------------------------------------------------------------------------

_SHORT = 64  # a text up to this long is its own fingerprint
_FEW_ARTICLES = 64  # up to this many articles' table entries are found by filtering, not grouping


class Fingerprints:
    """The fingerprint of any key, for the dossier as it is now."""

    def __init__(self, d: Dossier, slugs: dict[str, str]) -> None:
        self.d = d
        self.slugs = slugs
        self._buf = io.BytesIO()
        self._pickler = pickle.Pickler(self._buf, protocol=5)
        self._pickler.fast = True  # no memo: shared and copied strings pickle alike
        self._by_article: dict[str, dict[str, list]] = {}
        self._some: set[str] = set()  # tables of _by_article grouped for some articles only
        self._entities: dict[tuple[str, str], Any] | None = None

    def of_value(self, value: Any) -> Any:
        if type(value) is str:
            if len(value) <= _SHORT:
                return value  # compared as it is: cheaper than hashing, and never equal to bytes
            # A long text (an article's, a quote's) is hashed: the store holds a digest, not a copy
            # of every text of the dossier (a third of a cold build's store at 10,000 articles).
            # No pickle starts as UTF-8 does (0x80), so no value's digest is a text's.
            return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        buf = self._buf
        buf.seek(0)
        buf.truncate()
        try:
            self._pickler.dump(value)
        except Exception:  # noqa: BLE001 - an unpicklable value: always "changed"
            return os.urandom(16)
        return hashlib.blake2b(buf.getbuffer(), digest_size=16).digest()

    def _object(self, kind: str, ident: Any) -> Any:
        d = self.d
        if not isinstance(ident, str):
            return None
        if kind == "a":
            return d.find_article(ident)
        return d.quote(ident) if kind == "q" else d.person(ident)

    def entities(self) -> dict[tuple[str, str], Any]:
        """The fingerprint of every article, quote and person as a whole."""
        if self._entities is None:
            d = self.d
            out: dict[tuple[str, str], Any] = {}
            for a in d.articles:
                # read + extract are pure functions of the seed's text, name and warnings (and the
                # code version, which the store is keyed by); later stages never change them.
                out[("a", a.id)] = self.of_value((a.content_hash, a.id, a.path, a.warnings))
            for q in d.quotes:
                out[("q", q.id)] = self.of_value(q)
            for p in d.people:
                out[("p", p.id)] = self.of_value(p)
            self._entities = out
        return self._entities

    def entities_since(self, before: dict[tuple[str, str], Any], changed: frozenset) -> dict:
        """``entities()`` from the last build's, given every (kind, id) whose value may differ."""
        out = dict(before)
        for kind, ident in changed:
            obj = self._object(kind, ident)
            if obj is None:
                out.pop((kind, ident), None)
            elif kind == "a":
                out[(kind, ident)] = self.of_value((obj.content_hash, obj.id, obj.path, obj.warnings))
            else:
                out[(kind, ident)] = self.of_value(obj)
        self._entities = out
        return out

    def member_ids(self, prefix: Key) -> list:
        _, name, ident = prefix
        return [m.id for m in self._members(name, ident)]

    def _members(self, name: str, ident: Any) -> list:
        d = self.d
        if name in _LISTS:
            return getattr(d, name)
        if name == "occ":
            return [q for q, _ in d.occurrences_in(ident)]
        return getattr(d.relations, name).get(ident, [])

    def group(self, prefix: Key) -> Any:
        """A group's members and each one's fingerprint: while it holds, so do all its keys."""
        _, name, ident = prefix
        members = self._members(name, ident)
        if not members:
            return "empty"  # most people are addressed by nobody: no need to hash that
        ents, of = self.entities(), _MEMBER_KIND[name]
        return self.of_value([(m.id, ents.get((of, m.id))) for m in members])

    def _article_entries(self, table: str, article_id: str) -> list:
        by = self._by_article.get(table)
        if by is None or (table in self._some and article_id not in by):
            by = self._by_article[table] = defaultdict(list)
            self._some.discard(table)
            for k, v in getattr(self.d, table).items():
                by[k[0]].append((k, v))
        return by.get(article_id, [])

    def some_articles(self, table: str, ids: Iterable[str]) -> None:
        """Group the entries of these articles only (in the table's order, as the whole grouping
        has them): a warm rebuild reads the few articles whose entries differ, and one filtering
        pass costs a fraction of grouping 200,000 entries. Another article read groups them all."""
        if table in self._by_article:
            return
        wanted = set(ids)
        by: dict[str, list] = {aid: [] for aid in wanted}
        for k, v in getattr(self.d, table).items():
            if k[0] in wanted:
                by[k[0]].append((k, v))
        self._by_article[table] = by
        self._some.add(table)

    def key(self, key: Key) -> Any:
        kind = key[0]
        if kind in _ENTITY_KINDS:
            _, ident, name = key
            obj = self._object(kind, ident)
            if obj is None:
                return _ABSENT
            if name == "":
                return b"present"
            if name == "*":
                return self.entities().get((kind, ident), _ABSENT)
            if kind == "a" and name == "extraction":
                return self.of_value(self.d.extractions.get(ident))
            return self.of_value(obj.__dict__.get(name, _ABSENT))
        if kind == "g":
            _, name, ident, attr = key
            if name == "occ" and attr == "":
                return self.of_value([(q.id, o) for q, o in self.d.occurrences_in(ident)])
            members = self._members(name, ident)
            if attr == "":
                return self.of_value([m.id for m in members])
            if attr == "*":
                ents, of = self.entities(), _MEMBER_KIND[name]
                return self.of_value([ents.get((of, m.id)) for m in members])
            return self.of_value([m.__dict__.get(attr, _ABSENT) for m in members])
        if kind == "m":
            _, table, ident = key
            d = self.d
            if table in _BY_ARTICLE:
                return self.of_value(self._article_entries(table, ident))
            if table == "slugs":
                return self.of_value(self.slugs.get(ident))
            if table == "together":
                return self.of_value(sorted(d.relations.together.get(ident, {}).items()))
            return self.of_value(getattr(d, table).get(ident, _ABSENT))
        if kind == "m*":
            name = key[1]
            if name == "slugs":
                return self.of_value(self.slugs)
            obj: Any = self.d
            for part in name.split("."):
                obj = getattr(obj, part)
            return self.of_value(dict(obj))  # noqa: C417
        if kind == "d":
            return self.of_value(getattr(self.d, key[1], _ABSENT))
        if kind == "t":  # a page template: its source and those it includes or imports
            return templates.active().digest(key[1])
        return os.urandom(16)  # a key this code does not know: always changed


@dataclass
class _NewKeys:
    """Keys a chunk of jobs read that the key table did not have when the chunk started (``base``
    keys: a job numbers the i-th of them ``base + i``), with their fingerprints."""

    base: int
    keys: list[Key] = field(default_factory=list)
    fps: list[Any] = field(default_factory=list)


# ---- the store --------------------------------------------------------------------------------


@dataclass
class Store:
    """What the last build rendered from what: ``.dossier-cache/pages.pickle``."""

    code: str = ""
    keys: list[Key] = field(default_factory=list)
    fps: list[Any] = field(default_factory=list)  # parallel to keys
    entities: dict[tuple[str, str], Any] = field(default_factory=dict)  # Fingerprints.entities
    groups: dict[Key, Any] = field(default_factory=dict)  # group prefix -> Fingerprints.group
    jobs: list[Job] = field(default_factory=list)
    files: list[tuple] = field(default_factory=list)  # per job: (path, sha256, size, path, ...)
    deps: list[bytes] = field(default_factory=list)  # per job: array("I") of indexes into keys
    pruned: int = 0  # how many keys the table had when keys no job reads were last dropped


def load_store(path: Path) -> Store | None:
    try:
        with open(path, "rb") as fh:
            fmt, store = pickle.load(fh)
    except Exception:  # noqa: BLE001 - a missing or damaged store only costs a full render
        return None
    if fmt != FORMAT or not isinstance(store, Store) or store.code != code_version():
        return None
    return store


@dataclass
class _Warm:
    """The last build's store as this process holds it, between builds of one long-lived process
    (``mkdocs serve``): trusted while the store file on disk is the one it last wrote or read
    (another process's build replaces it)."""

    stamp: tuple[int, int, int] | None  # inode, mtime (ns), size of the store file then
    store: Store
    members: dict[Key, list]  # group prefix -> its members' ids, as fingerprinted
    before: _Before | None  # the build's dossier and look-ups, which the next build compares with
    unsaved: int = 0  # jobs rendered since the store was last written to disk
    index: _KeyIndex | None = None  # the store's keys by what they read
    # Key number -> jobs that read it (a job may be listed for a key it no longer reads, or be
    # gone: each one found is checked against its recorded keys), so a rebuild looks at the jobs
    # of the keys that changed, not at every job's keys.
    readers: dict[int, list[Job]] | None = None
    # Every file the store's jobs wrote (path -> sha256), when no two wrote one path: the next
    # build's kept files are this less the files of the jobs it does not keep.
    files: dict[str, str] | None = None


@dataclass
class _KeyIndex:
    """The store's keys (their numbers) by what they read: a rebuild in the same process looks
    only at the keys of the records, groups and table entries that may have changed (and at the
    few others: templates, whole tables), not at every key of the store."""

    covered: int = 0  # keys[:covered] are indexed
    entity: dict[tuple[str, Any], list[int]] = field(default_factory=dict)  # (kind, id) -> keys
    group: dict[Key, list[int]] = field(default_factory=dict)  # group prefix -> keys
    table: dict[str, dict[Any, list[int]]] = field(default_factory=dict)  # "m" table -> id -> keys
    rest: list[int] = field(default_factory=list)
    # key -> its number: the next build numbers the keys its jobs read from it, and adds the new
    # ones (329,000 keys at 10,000 articles: 0.14 s to make again on every build)
    numbered: dict[Key, int] = field(default_factory=dict)

    def extend(self, keys: list[Key]) -> None:
        """Index the keys added since (keys keep their numbers until the store is pruned)."""
        entity, group, table, numbered = self.entity, self.group, self.table, self.numbered
        for i in range(self.covered, len(keys)):
            key = keys[i]
            numbered[key] = i
            kind = key[0]
            if kind in _ENTITY_KINDS:
                entity.setdefault(key[:2], []).append(i)
            elif kind == "g":
                group.setdefault(key[:3], []).append(i)
            elif kind == "m":
                table.setdefault(key[1], {}).setdefault(key[2], []).append(i)
            else:
                self.rest.append(i)
        self.covered = len(keys)

    def of_changes(self, moved: set, groups: list[Key], differ: dict[str, set] | None) -> list[int]:
        """The keys that may read something else now: those of the records whose fingerprint
        moved, of the groups given, of the table entries ``differ`` names (every entry of a
        table it does not compare), and the rest."""
        out = list(self.rest)
        for e in moved:
            out += self.entity.get(e, ())
        for prefix in groups:
            out += self.group.get(prefix, ())
        for name, by_id in self.table.items():
            ids = differ.get(name) if differ is not None else None
            if ids is None:
                out += [i for keys in by_id.values() for i in keys]
            else:
                for ident in ids:
                    out += by_id.get(ident, ())
        return out


@dataclass
class _Before:
    """The last build's dossier as the next build in this process compares with it: its look-up
    tables (``_tables_differ``) and its relations, which the next one updates
    (``write.relations``). A dossier is never changed once built; its notes are copied (lists a
    later build's curation may share)."""

    dossier: Dossier
    slugs: dict[str, str]
    article_notes: dict[str, list[dict]]
    # Each person's ``person_parts.person_jobs`` as that build made them, and the cap they were
    # cut under: the next build makes again only those of the people an edit can change.
    people_jobs: dict[str, tuple] = field(default_factory=dict)
    caps: tuple[int, int] = (0, 0)


def _people_jobs(
    d: Dossier, before: _Before | None, since: frozenset | None, change: RelationsChange | None
) -> tuple[Callable[[Person], tuple], dict[str, tuple]]:
    """What gives each person's ``person_jobs`` for ``site_jobs``, and the table it fills.

    A person's jobs are made from their record (the articles naming them), the quotes they said
    or that are to or about them (ids, dates, words) and those articles' dates: they can differ
    only for a person whose record changed, whom the relations' update names (said, addressed,
    about: a changed quote's speaker and addressee, before and now, and the people its articles
    name), or who appears in an article read again. The others' are the last build's."""
    made: dict[str, tuple] = {}
    known = before.people_jobs if before is not None and before.caps == _caps() else {}
    may_differ: set[str] | None = None
    if since is not None and change is not None and before is not None and known:
        may_differ = {ident for kind, ident in since if kind == "p"}
        may_differ |= change.said | change.addressed | change.about
        for shares in (before.dossier.relations.by_article, d.relations.by_article):
            for aid in change.articles:
                links = shares.get(aid)
                if links is not None:
                    may_differ.update(links.present)

    def jobs_of(p: Person) -> tuple:
        found = known.get(p.id) if may_differ is not None and p.id not in may_differ else None
        if found is None:
            found = person_jobs(d, p)
        made[p.id] = found
        return found

    return jobs_of, made


_WARM: dict[str, _Warm] = {}  # by the store's path
KEEP_WARM = False  # set by pipeline.keep_warm: a one-shot build keeps nothing for a next build


def keep_warm(on: bool) -> None:
    """Hold each build's store and table copies for the next build in this process, or stop."""
    global KEEP_WARM
    KEEP_WARM = on
    keep_records(on)  # the data export's records, encoded once
    if not on:
        _WARM.clear()
        forget_index()


# An older store is a correct base for a rebuild (a job kept must read what it read then and
# have its files as it wrote them; every other job is rendered), so a long-lived process writes
# its store only when this share of the jobs was rendered since it last did, and when it exits.
SAVE_SHARE = 0.05


# The look-up tables pages read by id ("m" keys), compared with the last build's in a long-lived
# process: only the ids whose entries differ are fingerprinted again.
_WHOLE_TABLES = {t: t for t in ("quote_of", "person_of", "article_notes", "redirects", "slugs")}
_WHOLE_TABLES["relations.together"] = "together"


def _groups_that_may_differ(change: RelationsChange | None) -> set[Key] | None:
    """The groups (prefixes of "g" keys) whose members may be others than at the last build, from
    the relations' update; None: any may."""
    if change is None or not change.same_order:
        return None
    out: set[Key] = {("g", name, "") for name in _LISTS}
    for name, ids in (
        ("said", change.said),
        ("addressed", change.addressed),
        ("about", change.about),
        ("occ", change.articles),
    ):
        out.update(("g", name, ident) for ident in ids)
    return out


def _before(d: Dossier, slugs: dict[str, str], people_jobs: dict[str, tuple]) -> _Before:
    return _Before(d, slugs, copy.deepcopy(d.article_notes), people_jobs, _caps())


def _caps() -> tuple[int, int]:
    """The caps a person's jobs are decided under (whether their page fits; its parts' size)."""
    return person_parts.CAP, index_parts.CAP


def _export_changes(
    d: Dossier, before: Dossier, moved: dict[str, set], slugs_differ: set, change: RelationsChange | None
) -> RecordChanges:
    """The data export's records whose inputs may differ from ``before``'s (see
    ``write.data.RecordChanges``), from the records whose fingerprint moved (by kind) and the
    articles whose slug differs."""
    quotes = set(moved["q"])
    people = moved["p"]
    articles = moved["a"] | slugs_differ
    rel = d.relations
    for pid in people:  # (a quote whose speaker or addressee is another now moved itself)
        quotes.update(q.id for q in rel.said.get(pid, ()))
        quotes.update(q.id for q in rel.addressed.get(pid, ()))
    for aid in articles:
        quotes.update(q.id for q, _ in d.occurrences_in(aid))
    # A person's record lists the quotes they said: only changed quotes' speakers' lists differ.
    speakers = people | change.said if change is not None else {p.id for p in d.people}
    return RecordChanges(before, {"quotes": quotes, "people": speakers, "articles": articles})


def _keys_differ(before: dict, now: dict) -> set:
    if before == now:
        return set()
    return (before.keys() ^ now.keys()) | {k for k in now.keys() & before.keys() if now[k] != before[k]}


def _tables_differ(
    before: _Before, d: Dossier, slugs: dict[str, str], together: set[str] | None
) -> dict[str, set]:
    """Per table, the ids ("m" keys' third part) whose entries differ from the last build's: by
    article for the tables keyed by (article id, ...); ``together``: the people whose entry the
    relations' update says may differ (None: compared). A table missing here is not compared:
    every key of it is fingerprinted again."""
    b = before.dossier
    out: dict[str, set] = {}
    # The linker says which articles' entries may differ since its last build, the one before
    # (``changed_tables`` comes with ``changed``, which the caller trusts only after this
    # process's last build): no need to compare 70,000 entries at 10,000 articles.
    told = d.changed_tables if d.changed is not None else None
    for name in _BY_ARTICLE:
        old, now = getattr(b, name), getattr(d, name)
        if told is not None and name in told:
            out[name] = set(told[name])
        elif old is not now:  # (one dict changed in place could not be compared)
            out[name] = {k[0] for k, _ in old.items() ^ now.items()}
    out["article_notes"] = _keys_differ(before.article_notes, d.article_notes)
    out["redirects"] = _keys_differ(b.redirects, d.redirects)
    out["slugs"] = _keys_differ(before.slugs, slugs)
    if together is None:
        old_pairs, new_pairs = b.relations.together, d.relations.together
        # (an empty entry, which a page's look-up leaves in the table, reads as a missing one)
        together = {k for k in old_pairs.keys() | new_pairs.keys() if old_pairs.get(k) != new_pairs.get(k)}
    out["together"] = together
    return out


def _kept_files(kept_jobs: dict[Job, tuple[tuple, bytes]]) -> tuple[dict[str, str], int]:
    """The kept jobs' files (path -> sha256), and how many they write (more than the paths when
    two of them write one path)."""
    kept: dict[str, str] = {}
    copies = 0
    for files, _ in kept_jobs.values():
        kept.update(zip(files[::3], files[1::3], strict=True))
        copies += len(files)
    return kept, copies // 3


def _kept_since(last: dict[str, str], old_files: list[tuple], not_kept: Iterable[int]) -> dict[str, str]:
    """``_kept_files`` from the last build's files of every job (no path written twice), less
    those of the recorded jobs not kept now (``not_kept``: their numbers in the store)."""
    kept = dict(last)
    for i in not_kept:
        for path in old_files[i][::3]:
            del kept[path]
    return kept


def _unmarked(marks: bytearray) -> Iterator[int]:
    """The positions of the zero bytes."""
    i = marks.find(0)
    while i >= 0:
        yield i
        i = marks.find(0, i + 1)


def _may_clash(results: dict[Job, tuple[dict, bytes]], kept: dict[str, str], copies: int) -> bool:
    """Whether two jobs may write one path: two kept ones, or a rendered one and another."""
    if len(kept) != copies:
        return True
    seen: set[str] = set()
    for files, _ in results.values():
        for path in files:
            if path in kept or path in seen:
                return True
            seen.add(path)
    return False


def _readers(jobs: list[Job], deps: list[bytes]) -> dict[int, list[Job]]:
    """Key number -> the jobs that read it (``_Warm.readers``), made from every job's keys."""
    out: dict[int, list[Job]] = {}
    for job, ids in zip(jobs, deps, strict=True):
        _list_reader(out, array("I", ids), job)
    return out


def _list_reader(readers: dict[int, list[Job]], keys: Iterable[int], job: Job) -> None:
    """List ``job`` among the readers of each of ``keys``."""
    for k in keys:
        found = readers.get(k)
        if found is None:
            readers[k] = [job]
        else:
            found.append(job)


def _readers_since(
    readers: dict[int, list[Job]] | None,
    results: dict[Job, tuple[Any, bytes]],
    recorded: dict[Job, int],
    old: Store | None,
) -> dict[int, list[Job]] | None:
    """The last build's readers, with each job rendered now listed for the keys it reads and did
    not read then; None when this build had none (the first of this process)."""
    if readers is None or old is None:
        return None
    for job, (_, deps) in results.items():
        i = recorded.get(job)
        before = set(array("I", old.deps[i])) if i is not None else set()
        _list_reader(readers, (k for k in array("I", deps) if k not in before), job)
    return readers


def _last_store(path: Path) -> tuple[Store | None, _Warm | None]:
    """The store of the last build: from memory when this process holds it, else from disk."""
    warm = _WARM.pop(os.fspath(path), None)
    if warm is not None and file_stamp(path) == warm.stamp and warm.store.code == code_version():
        return warm.store, warm
    return load_store(path), None


def _write_store(path: Path, store: Store) -> tuple[int, int, int] | None:
    with contextlib.suppress(OSError):
        # Pickled straight into the file: the store is tens of MB at 10,000 articles.
        atomic_write(path, lambda fh: pickle.dump((FORMAT, store), fh, protocol=pickle.HIGHEST_PROTOCOL))
    return file_stamp(path)


def _flush() -> None:
    """At exit: write the stores held in memory that are newer than the files on disk. Without
    the project lock (a build may hold it, in this process too): a store written since by
    another build is left alone, and should one land just after ours, any store is a base."""
    while _WARM:
        path, warm = _WARM.popitem()
        if warm.unsaved and file_stamp(Path(path)) == warm.stamp:
            _write_store(Path(path), warm.store)


atexit.register(_flush)


@dataclass
class Plan:
    """What a rebuild renders, what it keeps, and how to record it afterwards."""

    pages: dict[str, bytes | Staged]  # files rendered now (sync writes those that changed)
    kept: dict[str, str]  # files kept as they are in docs/: path -> sha256
    rendered_jobs: int
    total_jobs: int
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase
    _save: Any = None

    def save(self) -> None:
        """Record this build's pages and fingerprints; call once docs/ holds them."""
        if self._save:
            self._save()


def _sha_size(data: bytes | Staged) -> tuple[str, int]:
    return (data.sha, data.size) if type(data) is Staged else (digest(data), len(data))


# Keys many jobs read (templates, whole tables and lists): fingerprinted once per process.
_SHARED_KINDS = frozenset({"t", "m*", "d", "always"})


def _files_intact(files: tuple, manifest: dict[str, str], docs: str, touched: set[str] | None) -> bool:
    """Whether a job's files are in docs/ as it wrote them (as sync judges: hash in the
    manifest, and the size on disk); ``touched``: only files in those folders can differ
    (see output.touched_folders), None: any can. The home page is always looked at: it is the
    page the user may replace with their own (sync then leaves it to them)."""
    for i in range(0, len(files), 3):
        path, sha, size = files[i : i + 3]
        if touched is not None and path != HOME_PAGE and path.rpartition("/")[0] not in touched:
            continue
        if manifest.get(path) != sha:
            return False
        try:
            if os.lstat(os.path.join(docs, path)).st_size != size:
                return False
        except OSError:
            return False
    return True


def render_incremental(
    d: Dossier,
    docs: Path,
    cache_root: Path | None,
    workers: int | None = None,
    manifest: dict[str, str] | None = None,
) -> Plan:
    """Render the jobs whose inputs changed since the build recorded in ``cache_root``;
    ``manifest``: docs/'s manifest when the caller has read it already."""
    clock = Clock()
    store_path = cache_root / STORE if cache_root else None
    old, warm = _last_store(store_path) if store_path else (None, None)
    # After a build in this process the linker may say which records can differ (``d.changed``).
    since: frozenset | None = getattr(d, "changed", None) if warm is not None else None
    before = warm.before if warm is not None else None
    change: RelationsChange | None = None
    if since is not None and before is not None and "relations" not in d.__dict__:
        d.relations, change = relations_since(before.dossier, d, since)
    if change is not None and before is not None and d.listing is None:
        d.listing = listing_since(before.dossier, d, since, change.same_order)  # type: ignore[arg-type]
    slugs = article_slugs(d)
    jobs_of_person, people_jobs = _people_jobs(d, before, since, change)
    jobs = site_jobs(d, jobs_of_person)
    d.relations  # noqa: B018 - build the shared look-ups once, before any fork
    templates.use(d.site.templates)
    fps = Fingerprints(d, slugs)
    if manifest is None:
        try:
            manifest = load_manifest(docs)
        except Exception:  # noqa: BLE001 - sync reports a damaged manifest
            manifest = {}
    clock("load")

    # Which recorded keys read something else now. An article, quote or person whose own
    # fingerprint holds keeps its fields'; a group whose members and their fingerprints hold
    # keeps its keys'; the other keys are fingerprinted again. With ``since``, only the records
    # it names are fingerprinted, and only the groups holding one whose fingerprint moved, or
    # whose members are others.
    if not store_path:
        entities = {}
    elif since is not None and old is not None:
        entities = fps.entities_since(old.entities, since)
    else:
        entities = fps.entities()
    groups: dict[Key, Any] = {}
    members: dict[Key, list] = {}
    new_fps: list[Any] = list(old.fps) if old else []
    changed: set[int] = set()
    export: RecordChanges | None = None  # the data export's records to make again
    if old is not None:
        maybe = since if since is not None else entities.keys() | old.entities.keys()
        moved = {e for e in maybe if entities.get(e) != old.entities.get(e)}
        moved_ids: dict[str, set] = defaultdict(set)
        for kind, ident in moved:
            moved_ids[kind].add(ident)
        may_differ = _groups_that_may_differ(change) if warm is not None else None
        for prefix in old.groups:
            ids = warm.members.get(prefix) if warm is not None and may_differ is not None else None
            if ids is None or prefix in may_differ:  # type: ignore[operator]
                ids = fps.member_ids(prefix)
            members[prefix] = ids
            if (
                warm is not None
                and warm.members.get(prefix) == ids
                and moved_ids[_MEMBER_KIND[prefix[1]]].isdisjoint(ids)
            ):
                groups[prefix] = old.groups[prefix]  # the same members, none of them changed
            else:
                groups[prefix] = fps.group(prefix)
        kept_groups = {prefix for prefix, fp in old.groups.items() if groups[prefix] == fp}
        together = change.together if change is not None else None
        differ = _tables_differ(before, d, slugs, together) if before is not None else None
        index = warm.index if warm is not None else None
        if differ is not None:
            for table in _BY_ARTICLE:
                if len(differ[table]) <= _FEW_ARTICLES:
                    fps.some_articles(table, differ[table])
        if index is not None:  # the keys of what changed, found through the index
            candidates: Any = index.of_changes(moved, [p for p in old.groups if p not in kept_groups], differ)
        else:
            candidates = range(len(old.keys))
        for i in candidates:
            key = old.keys[i]
            kind = key[0]
            if kind in _ENTITY_KINDS:
                if (kind, key[1]) not in moved:
                    continue
            elif kind == "g" and key[:3] in kept_groups:
                continue
            elif differ is not None and kind == "m" and key[2] not in differ.get(key[1], (key[2],)):
                continue  # that id's entries are as they were
            elif differ is not None and kind == "m*" and differ.get(_WHOLE_TABLES.get(key[1])) == set():
                continue  # the whole table is as it was
            now = fps.key(key)
            if now != new_fps[i]:
                new_fps[i] = now
                changed.add(i)
        if before is not None and differ is not None:
            export = _export_changes(d, before.dossier, moved_ids, differ["slugs"], change)
    clock("fingerprints")

    dirty: list[Job] = []
    kept_jobs: dict[Job, tuple[tuple, bytes]] = {}  # job -> (files, deps) as recorded
    recorded = dict(zip(old.jobs, range(len(old.jobs)), strict=True)) if old else {}  # (made in C)
    # After this process's last build, only files in folders someone changed since are checked.
    touched = touched_folders(docs) if warm is not None else None
    home = ("index", HOME_PAGE)  # the home page is always looked at (see _files_intact)
    readers = warm.readers if warm is not None else None
    suspects: set[Job] | None = None  # None: any job may have read a changed key
    if readers is not None:
        suspects = set()
        for k in changed:
            suspects.update(readers.get(k, ()))
    kept_marks = bytearray(len(old.jobs) if old else 0)  # 1: the recorded job is kept
    # The store's lists for this build, made as the jobs are looked at: a kept job's entries are
    # its recorded ones, a rendered job's (None here) are filled in at save.
    files_of: list[tuple | None] = []
    deps_of: list[bytes | None] = []
    for job in jobs:
        i = recorded.get(job)
        if (
            old is None
            or i is None
            or (
                changed
                and (suspects is None or job in suspects)
                and not changed.isdisjoint(array("I", old.deps[i]))
            )
            or (
                (touched is None or touched or job == home)
                and not _files_intact(old.files[i], manifest, os.fspath(docs), touched)
            )
        ):
            dirty.append(job)
            files_of.append(None)
            deps_of.append(None)
        else:
            kept_jobs[job] = (old.files[i], old.deps[i])  # type: ignore[union-attr]
            kept_marks[i] = 1
            files_of.append(old.files[i])  # type: ignore[union-attr]
            deps_of.append(old.deps[i])  # type: ignore[union-attr]
    clock("check")

    # Keys are numbered as in the store: a key it has keeps its index (its fingerprint now is
    # in new_fps). The keys a chunk of jobs finds new join the table as the chunk comes back, so
    # a key many chunks read is held once (a cold build's chunks read 1.7 million keys at 840
    # articles, most of them shared), and their strings are shared with the table's.
    old_keys = old.keys if old else []
    keys: list[Key] = list(old_keys)
    # The last build's numbering, kept by its index (this build adds to it: a build that fails
    # leaves no warm state, see _last_store).
    kept_index = warm.index if warm is not None else None
    if kept_index is not None and kept_index.covered == len(old_keys):
        numbered = kept_index.numbered
    else:
        numbered = {k: i for i, k in enumerate(old_keys)}
    parts: dict[Any, Any] = {}  # one string object per key part

    def render(chunk: list[Job]) -> list[tuple[dict[str, bytes], bytes, _NewKeys]]:
        # Run in forked workers for many jobs: only files, numbers and new keys travel back (the
        # chunk's _NewKeys once: pickle shares it), and new keys are fingerprinted here, in parallel.
        new = _NewKeys(len(keys))  # (a forked worker's table is the one it was forked with)
        local: dict[Key, int] = {}
        out = []
        for job in chunk:
            files, reads = render_tracked(d, slugs, job, export)
            ids = array("I")
            for k in reads:
                i = numbered.get(k)
                if i is None:
                    i = local.get(k)
                    if i is None:
                        i = local[k] = new.base + len(new.keys)
                        new.keys.append(k)
                ids.append(i)
            out.append((files, ids.tobytes(), new))
        new.fps = [_shared_fp(k) if k[0] in _SHARED_KINDS else fps.key(k) for k in new.keys]
        return out

    shared_fps: dict[Key, Any] = {}  # in each process, across its chunks

    def _shared_fp(k: Key) -> Any:
        fp = shared_fps.get(k, _MISS)
        if fp is _MISS:
            fp = shared_fps[k] = fps.key(k)
        return fp

    def number(new: _NewKeys) -> list[int]:
        """A chunk's new keys' numbers in the table, adding those it does not have yet."""
        out = []
        for k, fp in zip(new.keys, new.fps, strict=True):
            i = numbered.get(k)
            if i is None:
                k = tuple([parts.setdefault(x, x) for x in k])
                i = numbered[k] = len(keys)
                keys.append(k)
                new_fps.append(fp)
            out.append(i)
        return out

    # job -> (its files, the numbers of the keys it read: a sorted array("I") as bytes)
    results: dict[Job, tuple[dict[str, bytes | Staged], bytes]] = {}
    stage = Stager(docs, manifest)

    def staged(part: list[tuple[dict[str, bytes], bytes, _NewKeys]]) -> list:
        out = []
        remaps: dict[int, list[int]] = {}
        for files, ids, new in part:
            numbers = array("I", ids)
            if new.keys and any(i >= new.base for i in numbers):
                remap = remaps.get(id(new))
                if remap is None:
                    remap = remaps[id(new)] = number(new)
                base = new.base
                numbers = array("I", [i if i < base else remap[i - base] for i in numbers])
            out.append((stage(files), array("I", sorted(numbers)).tobytes()))
        return out

    def render_now(todo: list[Job]) -> None:
        # The data export keeps its records' texts where it renders (write.data.keep_records):
        # in a long-lived process, here, not in a forked worker that exits with them (the next
        # build would encode all of them again: 0.5 s at 840 articles).
        parts = [(todo, workers)]
        if KEEP_WARM and DATA_JOB in todo:
            parts = [([j for j in todo if j != DATA_JOB], workers), ([DATA_JOB], 1)]
        for part, n in parts:
            for job, result in zip(part, run_jobs(render, part, n, staged), strict=True):
                results[job] = result

    gc.freeze()  # the dossier's objects live to the end: spare the collector walking them
    try:
        render_now(dirty)
        # A path two jobs write goes to one of them by rank (write.combine): render every job
        # writing a shared path, so the choice is made on bytes as in a full render. Most builds
        # have none: the kept jobs' paths are all different, and no job rendered writes one of
        # them or another rendered one's (then the jobs' paths need not be listed by writer).
        last_files = warm.files if warm is not None else None
        if last_files is not None and old is not None and len(kept_jobs) == sum(kept_marks):
            kept = _kept_since(last_files, old.files, _unmarked(kept_marks))
            copies = len(kept)
        else:
            kept, copies = _kept_files(kept_jobs)
        while _may_clash(results, kept, copies):
            writers: dict[str, list[Job]] = defaultdict(list)
            for job, (files, _) in results.items():
                for path in files:
                    writers[path].append(job)
            for job, (files, _) in kept_jobs.items():
                for path in files[::3]:
                    writers[path].append(job)
            clash = {j for ws in writers.values() if len(ws) > 1 for j in ws if j in kept_jobs}
            if not clash:
                break
            for job in clash:
                del kept_jobs[job]
            render_now([j for j in jobs if j in clash])
            kept, copies = _kept_files(kept_jobs)
        pages = combine(
            [(job, files) for job, (files, _) in results.items()],
            lambda rel, data: data.read(docs, rel) if type(data) is Staged else data,
        )
    except BaseException:
        stage.discard()
        raise
    finally:
        gc.unfreeze()
    chosen = {id(data) for data in pages.values()}
    for files, _ in results.values():  # a file that lost a clash is not written
        for data in files.values():
            if type(data) is Staged and data.tmp and id(data) not in chosen:
                with contextlib.suppress(OSError):
                    os.unlink(data.tmp)
    clock("render")

    def save() -> None:
        assert store_path is not None and cache_root is not None
        table, fp_list = keys, new_fps  # (new keys joined them as their chunks came back)
        pruned = old.pruned if old else 0
        files_now: dict[str, str] | None = dict(kept) if KEEP_WARM and len(kept) == copies else None
        # Only the rendered jobs' entries are made (unless a clash made kept jobs render too).
        all_files, all_deps = files_of, deps_of
        if len(kept_jobs) + len(dirty) != len(jobs):
            all_files, all_deps = [None] * len(jobs), [None] * len(jobs)
        for pos, job in enumerate(jobs):
            if all_files[pos] is not None:
                continue
            got = kept_jobs.get(job)
            if got is not None:
                all_files[pos], all_deps[pos] = got
                continue
            rendered, deps = results[job]
            files = tuple(x for p, b in sorted(rendered.items()) for x in (p, *_sha_size(b)))
            all_files[pos], all_deps[pos] = files, deps
            if files_now is not None:
                size = len(files_now)
                files_now.update(zip(files[::3], files[1::3], strict=True))
                if len(files_now) != size + len(files) // 3:  # a path two jobs write
                    files_now = None
        pruned_now = old is not None and _prune_due(len(table), pruned)
        if pruned_now:  # forget keys no job reads any more
            used = sorted(set().union(*(array("I", deps) for deps in all_deps)))
            renumber = {old_i: new_i for new_i, old_i in enumerate(used)}
            table = [table[i] for i in used]
            fp_list = [fp_list[i] for i in used]
            all_deps = [array("I", [renumber[i] for i in array("I", deps)]).tobytes() for deps in all_deps]
            pruned = len(table)
        # The index of the keys, for the next build in this process: the last one's, extended with
        # the keys added, unless they were renumbered.
        index = None
        if KEEP_WARM:
            index = warm.index if warm is not None and warm.index is not None and not pruned_now else None
            if index is None or index.covered > len(table):
                index = _KeyIndex()
            index.extend(table)
        readers_now = _readers_since(readers, results, recorded, old) if not pruned_now else None
        if KEEP_WARM and readers_now is None:
            readers_now = _readers(jobs, all_deps)
        group_fps = {}
        for prefix in index.group if index is not None else {k[:3]: 0 for k in table if k[0] == "g"}:
            group_fps[prefix] = groups[prefix] if prefix in groups else fps.group(prefix)
            if prefix not in members:
                members[prefix] = fps.member_ids(prefix)
        store = Store(
            code_version(),
            table,
            fp_list,
            entities,
            group_fps,
            list(jobs),
            all_files,
            all_deps,
            pruned or len(table),
        )
        unsaved = (warm.unsaved if warm else 0) + len(results)
        stamp = warm.stamp if warm else None
        if warm is None or unsaved > SAVE_SHARE * len(jobs):
            stamp, unsaved = _write_store(store_path, store), 0
        if stamp is not None and KEEP_WARM:
            members_now = {prefix: members[prefix] for prefix in group_fps}
            _WARM[os.fspath(store_path)] = _Warm(
                stamp,
                store,
                members_now,
                _before(d, slugs, people_jobs),
                unsaved,
                index,
                readers_now,
                files_now,
            )
        clock("save")

    return Plan(pages, kept, len(results), len(jobs), clock.times, save if store_path else None)
