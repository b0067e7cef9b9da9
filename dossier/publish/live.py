"""Live preview under ``mkdocs serve``: one rebuild per edit, and a search index that stays whole.

Two things MkDocs' serve loop gets wrong for a generator that writes into docs/:

- MkDocs watches docs/ (a polling watcher, every 0.5 s). The plugin's build writes the changed
  pages there during a rebuild, the watcher sees them afterwards and asks for a second rebuild
  that changes nothing (1.2-1.4 s at 840 articles). ``OwnWritesFilter`` watches docs/ in its
  place and passes on only changes the generator did not make.
- With ``--dirty`` only changed pages are rendered, so Material's search plugin indexes only
  them; its own merge drops every old entry whose URL starts with the first rebuilt page's URL
  — all of them when the home page (URL "") is among the rebuilt. ``merge_search_index`` keeps
  the last index's entries of every page not rebuilt this time instead.

And one thing it does slowly at the scale of a dossier: its watcher polls, listing every file of
docs/ (30,000 at 840 articles) and of the seeds folder every 0.5 s, which keeps a core busy while
nothing changes and notices an edit only at its next look. ``LiveWatch`` watches docs/ and the
seeds with the operating system's own notifications (inotify, FSEvents, ...: watchdog's default
observer) and falls back to MkDocs' polling observer where none can be had. And each rebuild
makes new Jinja environments (MkDocs' own, and three more for Material's search to translate its
settings), which compile the theme's templates again: ``CompiledTemplates`` keeps their compiled
code for the server's life (``compile_once``).

Both reach into MkDocs' and Material's objects (the server's rebuild flag, the search plugin's
index); with versions where those are not there, serving works as before (``watch_docs`` says
so in the log) — tests/e2e/test_serve_live.py pins the behaviour for the versions we lock.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

import jinja2

from .output import MANIFEST, digest, is_temp_name

log = logging.getLogger("mkdocs.plugins.dossier")
# Events of a file being read (the build reads every seed, MkDocs the pages): no change. Only
# notification observers report them; MkDocs' polling one never does.
READS = frozenset({"opened", "closed_no_write"})


class OwnWritesFilter:
    """A watchdog event handler for docs/: requests a rebuild for every change except the
    generator's own writes (a file now holding exactly the bytes the last build wrote, a file
    it removed and that is still gone, the manifest, its temp files).

    Events that arrive while a build runs are judged once it has finished, against what it wrote.
    """

    def __init__(self, docs: Path, request_rebuild: Callable[[], None]) -> None:
        self.docs = os.path.abspath(docs)
        self.request_rebuild = request_rebuild
        self._lock = threading.Lock()
        self._building = False
        self._pending: list = []
        self._expected: dict[str, str | None] = {}  # path -> sha256 written; None: removed
        self._generated: set[str] = set()  # the paths of _expected with a sha256
        self._gone: set[str] = set()  # the paths the last build removed (None in _expected)
        self._foreign: set[str] = set()  # paths changed by others since the last build started

    def build_started(self) -> set[str]:
        """Mark a build as running; returns the paths under docs/ changed by others (not the
        generator) since the last one started: MkDocs must render those again."""
        with self._lock:
            self._building = True
            foreign, self._foreign = self._foreign, set()
        return foreign

    def generated(self) -> set[str]:
        """The generator's files in docs/ after the last build (paths relative to docs/)."""
        with self._lock:
            return set(self._generated)

    def build_finished(
        self, removed: list[str], *, manifest: dict[str, str] | None = None, written: list[str] = ()
    ) -> None:
        """What docs/ holds of ours after a build: the files it deleted, and either its whole
        manifest or, after a first build, the files it wrote (hashed here: reading back a few
        files costs less than reading the manifest of the whole dossier). After a build that wrote
        files, the last build's record is updated in place: a rebuild touches a few of its 30,000
        paths, not all of them."""
        fresh = {rel: sha for rel in written if (sha := self._digest(rel)) is not None}
        with self._lock:
            if manifest is not None:
                self._expected = {**dict.fromkeys(removed), **manifest}
                self._generated = set(manifest)
            else:
                for rel in self._gone:  # the last build's removals: forgotten, as a manifest would
                    if rel in self._expected and self._expected[rel] is None:
                        del self._expected[rel]
                for rel in removed:
                    if rel not in fresh:
                        self._expected[rel] = None
                        self._generated.discard(rel)
                self._expected.update(fresh)
                self._generated.update(fresh)
            self._gone = set(removed)
            self._building = False
            pending, self._pending = self._pending, []
        for event in pending:
            self.dispatch(event)

    def dispatch(self, event) -> None:  # watchdog's handler interface
        if event.is_directory or event.event_type in READS:
            return
        with self._lock:
            if self._building:
                self._pending.append(event)
                return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        foreign = [rel for rel in (self._rel(p) for p in paths if p) if not self._ours(rel)]
        if foreign:
            with self._lock:
                self._foreign.update(foreign)
            self.request_rebuild()

    def _rel(self, path: str | bytes) -> str:
        return os.path.relpath(os.fsdecode(path), self.docs).replace(os.sep, "/")

    def _ours(self, rel: str) -> bool:
        path = os.path.join(self.docs, rel)
        if rel == MANIFEST or is_temp_name(os.path.basename(rel)):
            return True
        if rel not in self._expected:
            return False
        sha = self._expected[rel]
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            return sha is None
        except OSError:
            return False
        return sha is not None and digest(data) == sha

    def _digest(self, rel: str) -> str | None:
        try:
            with open(os.path.join(self.docs, rel), "rb") as fh:
                return digest(fh.read())
        except OSError:
            return None


class RebuildOnChange:
    """A watchdog event handler that asks for a rebuild on any change to a file (the seeds)."""

    def __init__(self, request_rebuild: Callable[[], None]) -> None:
        self.request_rebuild = request_rebuild

    def dispatch(self, event) -> None:  # watchdog's handler interface
        if not event.is_directory and event.event_type not in READS:
            self.request_rebuild()


def rebuild_requester(server) -> Callable[[], None] | None:
    """A function asking MkDocs' server for a rebuild, as its own watch callback does; None when
    this MkDocs' server has no rebuild flag to set."""
    cond = getattr(server, "_rebuild_cond", None)
    if cond is None or not hasattr(server, "_want_rebuild") or not hasattr(server, "observer"):
        return None

    def request() -> None:
        with cond:
            server._want_rebuild = True
            cond.notify_all()

    return request


class LiveWatch:
    """Folders watched with the system's change notifications, for one `mkdocs serve`; where they
    cannot be had (no inotify, its watch limit reached) the folder goes to MkDocs' polling observer."""

    def __init__(self, server) -> None:
        self.server = server
        self.observer = None
        with contextlib.suppress(Exception):  # noqa: BLE001 - any failure means: poll instead
            from watchdog.observers import Observer

            observer = Observer()
            observer.start()
            self.observer = observer

    def schedule(self, handler, path: str | os.PathLike) -> None:
        path = os.path.abspath(path)
        if self.observer is not None:
            try:
                self.observer.schedule(handler, path, recursive=True)
                return
            except OSError as exc:
                log.info(f"dossier: {path} is polled: no change notifications ({exc})")
        self.server.observer.schedule(handler, path, recursive=True)

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None


def watch_docs(server, docs_dir: str, handler: OwnWritesFilter, live: LiveWatch) -> bool:
    """Watch docs/ through ``handler`` instead of MkDocs' own watch; False (nothing changed)
    when this MkDocs' server has no rebuild flag to set."""
    request = rebuild_requester(server)
    if request is None:
        log.info("dossier: this MkDocs' server is not the one known; its own writes may rebuild twice")
        return False
    handler.request_rebuild = request
    with contextlib.suppress(KeyError, ValueError):  # not watched (it is, under serve with live reload)
        server.unwatch(docs_dir)
    live.schedule(handler, docs_dir)
    return True


def material_search(plugins) -> object | None:
    """Material's search plugin among the configured plugins, if there."""
    for plugin in plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search"):
            return plugin
    return None


def merge_search_index(search, rebuilt: set[str], gone: set[str]) -> int | None:
    """Before Material's search writes its index after a dirty build: add the last index's
    entries of every page that was not rendered again (``rebuilt``) and is still in the site (not
    in ``gone``). Returns the number of entries kept from the last build (None when there was no
    last index: nothing to merge)."""
    prev = getattr(search, "search_index_prev", None)
    index = getattr(search, "search_index", None)
    if prev is None or index is None:
        return None
    kept = [
        e
        for e in prev.entries
        if (page := e["location"].split("#", 1)[0]) not in rebuilt and page not in gone
    ]
    index.entries = kept + index.entries
    search.search_index_prev = None  # the index is whole now: Material's own merge must not run
    return len(kept)


class SearchIndexText:
    """Material's search index written from each entry's JSON kept between rebuilds under serve.

    After a dirty rebuild the index holds every page's entries again (``merge_search_index``), and
    Material encodes them all into search_index.json: 11,000 entries, ≈ 0.03 s CPU a rebuild at 840
    articles, for the few entries an edit changed. Kept here: each entry's text, by the entry object
    (kept alive with it, so its id is not reused; entries are not changed once made). The index's
    text is Material's own for no entries, with every entry's text put in its list: the same bytes.
    """

    def __init__(self) -> None:
        self._texts: dict[int, tuple[dict, str]] = {}

    def install(self, index) -> None:
        """Make ``index`` (a Material SearchIndex) write its text from the kept entries' texts."""
        generate = index.generate_search_index

        def generate_from_kept(prev):
            if prev is not None:  # Material's own merge runs: its own encoding
                return generate(prev)
            entries = index.entries
            index.entries = []
            try:
                empty = generate(None)
            finally:
                index.entries = entries
            if not empty.endswith('"docs":[]}'):  # a layout not known: encoded whole, as Material does
                return generate(None)
            return empty[:-2] + ",".join(self.texts(entries)) + "]}"

        index.generate_search_index = generate_from_kept

    def texts(self, entries: list[dict]) -> list[str]:
        """Each entry's JSON as Material's index encodes it; only these entries are kept for next time."""
        kept, self._texts = self._texts, {}
        out = []
        for entry in entries:
            known = kept.get(id(entry))
            if known is None or known[0] is not entry:
                known = (entry, json.dumps(entry, separators=(",", ":"), default=str))
            self._texts[id(entry)] = known
            out.append(known[1])
        return out


# An Environment's settings that the code it compiles from a template's source depends on.
_COMPILE_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
)


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per `mkdocs serve`, not once per rebuild.

    MkDocs makes a new Jinja environment for every build, and a new environment compiles every
    template it renders again (Material's main.html, base.html and their partials: ≈ 0.2 s CPU of
    each rebuild, for the ~25 pages an edit renders). Kept here: each template's compiled code,
    by its name and file, the environment settings it was compiled under (autoescape as it
    applies to that name) and the checksum of its source, so an edited template, or one read by
    an environment set up differently, is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}

    def get_bucket(self, environment, name: str, filename: str | None, source: str) -> jinja2.bccache.Bucket:
        auto = environment.autoescape
        finalize = environment.finalize
        key = repr(
            (
                name,
                filename,
                auto(name) if callable(auto) else auto,
                None if finalize is None else getattr(finalize, "__qualname__", repr(finalize)),
                sorted(environment.extensions),
                *(getattr(environment, s) for s in _COMPILE_SETTINGS),
            )
        )
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self._code.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


def compile_once(theme, compiled: CompiledTemplates) -> None:
    """Give every Jinja environment ``theme`` makes the compiled templates kept in ``compiled``: the
    build's, and those Material's search makes in its ``on_config`` (three a build, each compiling
    the theme's language partials again). The config, and its theme, are made anew for each build."""
    make = theme.get_env

    def get_env():
        env = make()
        if env.bytecode_cache is None:
            env.bytecode_cache = compiled
        return env

    theme.get_env = get_env
