"""Write generated pages into docs/ without ever harming a file the generator did not create.

The manifest (``docs/.dossier-manifest.json``; MkDocs skips dot-files) records
every file the generator wrote, with the hash of what it wrote. A file that
exists but is not in the manifest belongs to the user: it is never overwritten
or deleted (a clash is an error). Nor is a listed file whose bytes no longer hash
to what the manifest recorded: someone edited it, so it is left alone and named
in an error. The manifest itself is checked: a path leaving docs/ is an error.
Files are written atomically (temp + rename) and only when their content
changes, so ``mkdocs serve`` does not loop and git diffs stay clean. The manifest is written
once, after the files it listed are replaced or deleted and before new paths are created, so a
build killed at any moment leaves every file old or new and every generated file listed.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import DossierError
from ..model import SyncReport

MANIFEST = ".dossier-manifest.json"
# A temp file is ".<name>.<8 random letters or digits>.tmp" beside its target: the names
# mkstemp made before, and the ones TempNames makes now.
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp", re.S)


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of the generator's temp files (see atomic_write)."""
    return _TEMP_NAME.fullmatch(name) is not None


class Hashed(bytes):
    """A file's bytes that a writer in a long-lived process hands out again, the very object,
    while they do not change (the data export's parts): their hash is made once, on the object."""

    sha: str | None = None


def digest(data: bytes) -> str:
    """A file's hash as the manifest records it."""
    if type(data) is Hashed:
        if data.sha is None:
            data.sha = hashlib.sha256(data).hexdigest()
        return data.sha
    return hashlib.sha256(data).hexdigest()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Generated pages are ordinary files (what open() makes under the umask).
FILE_MODE = 0o666 & ~_umask()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class TempNames:
    """Temp file names for one batch of writes: one random part chosen per batch, not per file
    (mkstemp's retry loop and its chmod cost most of a cold build's writing). O_EXCL still
    refuses to reuse a name, so a leftover of a killed batch with the same part is an error,
    never overwritten."""

    def __init__(self) -> None:
        self.tag = secrets.token_hex(4)

    def __call__(self, path: str) -> str:
        folder, name = os.path.split(path)
        return os.path.join(folder, f".{name}.{self.tag}.tmp")


Content = bytes | Callable[[BinaryIO], object]  # the bytes, or what writes them into an open file


def write_replacing(path: str, data: Content, temp: TempNames) -> None:
    """Write data to path through a temp file and a rename: readers, and a build killed at any
    moment, see the old file or the new one, never half of it. The folder must exist.

    fsync policy: none. A rename is atomic for a killed process, which is what a build must
    survive; syncing every page cost most of a build. After a power cut a page may come back
    empty: its hash then differs from the manifest's, and the build names it rather than
    overwriting it (the file is deleted by hand, and the next build writes it again).
    """
    tmp = temp(path)
    _write_new(tmp, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _write_new(tmp: str, data: Content) -> None:
    """Write a new file (never one that exists: O_EXCL); removed again when writing fails."""
    fd = os.open(tmp, _CREATE, FILE_MODE)
    try:
        if not isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                data(fh)
            return
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write(path: Path, data: Content) -> None:
    """Write one file so that readers (and a crash) see either the old file or the new one;
    ``data`` may be a function writing it into the open file (for data too large to hold twice)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_replacing(os.fspath(path), data, TempNames())


@dataclass
class _Known:
    """A manifest as this process last read or wrote it: kept between builds of one process
    (``mkdocs serve``), trusted while the file on disk has the same stamp."""

    stamp: tuple[int, int, int]  # inode, mtime (ns) and size of the manifest file
    files: dict[str, str]
    folders: dict[str, tuple[int, int]]  # folder -> (inode, mtime) after this process's last sync
    # Folders that a sync of this process listed, untouched since (no build killed there after
    # it); of those, the folders this build's Stager found still untouched before it wrote into
    # them, which sync then need not list (a listing of quotes/ is 40,000 names). (A listing only
    # removes the temp files beside the pages written then: others stay until one is written.)
    listed: set[str] = field(default_factory=set)
    clean: set[str] = field(default_factory=set)
    # The file's text as this process last wrote it, kept so that the next sync changes only the
    # lines of the files it wrote or removed (``_ManifestLines``); None after a read.
    lines: _ManifestLines | None = None


_KNOWN: dict[str, _Known] = {}  # by the manifest's path


def file_stamp(path: str | os.PathLike) -> tuple[int, int, int] | None:
    """(inode, mtime in ns, size), or None when absent: another process's replacement changes it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _known(docs: Path) -> _Known | None:
    """The manifest this process last read or wrote, if the file is still that one."""
    path = os.fspath(docs / MANIFEST)
    known = _KNOWN.get(path)
    if known is not None and file_stamp(path) == known.stamp:
        return known
    _KNOWN.pop(path, None)
    return None


@dataclass(frozen=True, slots=True)  # one per rendered file, held until sync
class Staged:
    """A rendered file whose bytes the build no longer holds (``Stager``): written to a temp file
    beside its target, which sync renames into place; ``tmp`` None: the file in docs/ already
    holds them, as the manifest records."""

    tmp: str | None
    sha: str
    size: int

    def read(self, docs: Path, rel: str) -> bytes:
        return Path(self.tmp or docs / rel).read_bytes()


class Stager:
    """Writes rendered files as they come, so a build never holds the bytes of the whole site
    (a cold build's pages and share cards were most of its memory): each becomes a temp file
    beside its target, or nothing when docs/ already holds those bytes. A file that cannot be
    staged (a path sync refuses, a folder that cannot be made) stays bytes: sync says why.
    Temp files use one tag: sync's clean-up of a killed build's temp files leaves these alone,
    and ``discard`` removes those sync did not take."""

    def __init__(self, docs: Path, manifest: dict[str, str]) -> None:
        self.root = os.fspath(docs)
        self.manifest = manifest
        self.temp = TempNames()
        self.made: list[str] = []
        self._folders: set[str] = set()
        self.known = _known(docs)
        if self.known is not None:
            self.known.clean = set()

    def __call__(self, files: dict[str, bytes]) -> dict[str, bytes | Staged]:
        out: dict[str, bytes | Staged] = {}
        for rel, data in files.items():
            if _outside(rel):
                out[rel] = data
                continue
            sha = digest(data)
            target = os.path.join(self.root, rel)
            if self.manifest.get(rel) == sha and _same_size(target, len(data)):
                out[rel] = Staged(None, sha, len(data))
                continue
            folder = rel.rpartition("/")[0]
            try:
                if folder not in self._folders:
                    known = self.known
                    if (
                        known is not None
                        and folder in known.listed
                        and _folder_stamp(docs_folder(self.root, folder)) == known.folders.get(folder)
                    ):
                        known.clean.add(folder)  # as this process's last sync left it
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    self._folders.add(folder)
                tmp = self.temp(target)
                _write_new(tmp, data)
            except OSError:
                out[rel] = data
                continue
            self.made.append(tmp)
            out[rel] = Staged(tmp, sha, len(data))
        return out

    def discard(self) -> None:
        """Remove the temp files not renamed into place (a file that lost a clash, a failed build)."""
        if self.known is not None:
            self.known.clean = set()
        for tmp in self.made:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self.made.clear()


def load_manifest(docs: Path) -> dict[str, str]:
    """The generator's files in docs/ (path -> sha256); a copy, the caller may change it."""
    known = _known(docs)
    if known is not None:
        return dict(known.files)
    path = docs / MANIFEST
    before = file_stamp(os.fspath(path))
    if before is None:
        return {}
    files = _read_manifest(docs, path)
    if file_stamp(os.fspath(path)) == before:  # not replaced while it was read
        _KNOWN[os.fspath(path)] = _Known(before, files, {})
    return dict(files)


def _read_manifest(docs: Path, path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text("utf-8"))
        files = data["files"]
        if not isinstance(files, dict):
            raise ValueError("files is not a mapping")
        for rel, sha in files.items():
            if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
                raise ValueError(f"{rel!r} has no sha256")
            if _outside(rel):
                raise ValueError(f"it lists {rel!r}, which is not a path inside {docs}")
        return files
    except (ValueError, KeyError, TypeError) as exc:
        raise DossierError(
            f"{path}: the generator's manifest is damaged ({exc}); delete it only if every file it "
            "listed is generated"
        ) from None
    except OSError as exc:
        raise DossierError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def touched_folders(docs: Path) -> set[str] | None:
    """The folders of generated files whose entries changed since this process's last sync left
    them as the manifest says (another inode or mtime: a file added, removed or renamed there);
    None when unknown (this process did not write the manifest now in docs/): check every file.

    A file rewritten in place leaves its folder's mtime alone: such a hand edit of a page kept
    as it was is found when the page is rendered again, or by a build in a new process.
    """
    known = _known(docs)
    if known is None or not known.folders:
        return None
    root = os.fspath(docs)
    return {
        folder for folder, stamp in known.folders.items() if _folder_stamp(docs_folder(root, folder)) != stamp
    }


def docs_folder(root: str, folder: str) -> str:
    return os.path.join(root, folder) if folder else root


def _folder_stamp(path: str) -> tuple[int, int] | None:
    """(inode, mtime in ns) of a folder: another when a file was added, removed or renamed there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns)


# The manifest's text around its entry lines, and between them.
_HEAD, _SEP, _TAIL = '{\n "files": {\n  ', ",\n  ", '\n },\n "version": 1\n}\n'


def manifest_text(files: dict[str, str]) -> str:
    """The manifest file: one line per file, sorted, so a committed docs/ diffs cleanly.

    The bytes of ``json.dumps({"version": 1, "files": files}, indent=1, sort_keys=True)``, made
    by json's C encoder (with ``indent`` json encodes in Python: 0.5 s at 144,000 files, twice
    in a rebuild, for a one-seed edit at 10,000 articles), with the lines' separators instead.
    """
    if not files:
        return '{\n "files": {},\n "version": 1\n}\n'
    inner = json.dumps(files, sort_keys=True, separators=(_SEP, ": "))
    return _HEAD + inner[1:-1] + _TAIL


@dataclass
class _ManifestLines:
    """A manifest's text as its entry lines (``"path": "sha256"``) in the order of their paths,
    with those paths: an edit's sync replaces, inserts and removes the lines of the files it
    changed (a bisection each) instead of sorting and encoding 140,000 entries again (0.3 s
    at 10,000 articles). The text made is ``manifest_text``'s, byte for byte."""

    paths: list[str]  # sorted
    lines: list[str]  # parallel to paths

    @classmethod
    def of(cls, files: dict[str, str], text: str) -> _ManifestLines:
        """From a manifest and its text as ``manifest_text`` made it."""
        paths = sorted(files)
        # (JSON escapes every newline inside a string: the separator is only ever between lines)
        lines = text[len(_HEAD) : -len(_TAIL)].split(_SEP) if paths else []
        return cls(paths, lines)

    def update(self, files: dict[str, str], rels: Iterable[str]) -> str:
        """The text of ``files``, which differ from those of these lines at most in ``rels``."""
        paths, lines = self.paths, self.lines
        for rel in rels:
            i = bisect.bisect_left(paths, rel)
            here = i < len(paths) and paths[i] == rel
            sha = files.get(rel)
            if sha is None:
                if here:
                    del paths[i], lines[i]
                continue
            line = json.dumps({rel: sha}, separators=(",", ": "))[1:-1]
            if here:
                lines[i] = line
            else:
                paths.insert(i, rel)
                lines.insert(i, line)
        if not lines:
            return manifest_text({})
        return _HEAD + _SEP.join(lines) + _TAIL


def _save_manifest(
    docs: Path, files: dict[str, str], base: _ManifestLines | None = None, rels: Iterable[str] = ()
) -> None:
    """Write the manifest; ``base``: the lines of the manifest last written, from which ``files``
    differ at most in ``rels`` (then only those lines are made again)."""
    path = docs / MANIFEST
    _KNOWN.pop(os.fspath(path), None)  # (``base`` changes now: it is the lines of no file until written)
    if base is not None:
        text = base.update(files, rels)
        lines = base
    else:
        text = manifest_text(files)
        lines = _ManifestLines.of(files, text)
    atomic_write(path, text.encode("utf-8"))
    stamp = file_stamp(os.fspath(path))
    if stamp is not None:
        # (a copy: the caller's table is what the file says now, whatever it does with it later)
        _KNOWN[os.fspath(path)] = _Known(stamp, dict(files), {}, lines=lines)


def _stamp_folders(docs: Path, folders: set[str], listed: set[str]) -> None:
    """After a sync: the stamps of the folders holding generated files (see touched_folders), and
    which of them this process listed (``_Known.listed``)."""
    known = _known(docs)
    if known is None:
        return
    root = os.fspath(docs)
    stamps = {}
    for folder in folders:
        stamp = _folder_stamp(docs_folder(root, folder))
        if stamp is not None:
            stamps[folder] = stamp
    known.folders = stamps
    known.listed = listed & stamps.keys()


_SHA256 = re.compile(r"[0-9a-f]{64}")


# A part of a path that is empty, "." or "..", or a character no generated path has.
_UNSAFE_PART = re.compile(r"(?:^|/)\.{0,2}(?:/|$)|[\\\x00:]")


def _outside(rel: object) -> bool:
    """Whether a docs-relative path could name something outside docs/ (or is no path at all)."""
    if not isinstance(rel, str) or not rel or rel == MANIFEST:
        return True
    return _UNSAFE_PART.search(rel) is not None  # one search: the manifest checks every path


def _safe_target(docs: Path, rel: str) -> Path:
    """The path of a generated page, refusing anything that would leave docs/."""
    if _outside(rel):
        raise DossierError(f"refusing to write {rel!r}: generated paths must stay inside {docs}")
    return docs.joinpath(*rel.split("/"))


def _on_disk(target: Path) -> bytes | None | bool:
    """A generated file's bytes; None when it is gone; False when it is no longer a plain file."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    try:
        return target.read_bytes()
    except OSError:
        return False


def _written(action: str, target: Path | str, do) -> None:
    """Run a file operation; a full disk or a read-only folder is a one-line error naming the file."""
    try:
        do()
    except OSError as exc:
        raise DossierError(f"{target}: cannot {action}: {exc.strerror or exc}") from None


def sync(
    docs: Path,
    pages: Mapping[str, bytes | Staged],
    optional: frozenset[str] = frozenset(),
    kept: dict[str, str] | None = None,
) -> SyncReport:
    """Make docs/ hold exactly ``pages`` and ``kept`` among the generator's files.

    ``pages``: each file's bytes, or the temp file a ``Stager`` wrote them to.
    ``optional`` pages (the home page) are skipped, not an error, when the user has their own.
    ``kept`` (path -> sha256) are generated files the caller knows are in docs/ as the manifest
    records them and still wanted as they are: they are left alone (see dossier.publish.incremental).
    """
    try:
        return _sync(docs, pages, optional, kept)
    finally:
        for data in pages.values():  # staged files not renamed into place (a clash, an edit, an error)
            if type(data) is Staged and data.tmp:
                with contextlib.suppress(OSError):
                    os.unlink(data.tmp)


def _sha(data: bytes | Staged) -> str:
    return data.sha if type(data) is Staged else digest(data)


def _sync(
    docs: Path, pages: Mapping[str, bytes | Staged], optional: frozenset[str], kept: dict[str, str] | None
) -> SyncReport:
    docs.mkdir(parents=True, exist_ok=True)
    report = SyncReport()
    known = _known(docs)
    folders_before = set(known.folders) if known is not None else set()
    clean: set[str] = set()  # (see Stager)
    still_listed: set[str] = set()  # listed by a sync of this process, untouched since
    if known is not None:
        clean, known.clean = known.clean, set()
        root = os.fspath(docs)
        still_listed = {
            f
            for f in known.listed
            if f in clean or _folder_stamp(docs_folder(root, f)) == known.folders.get(f)
        }
    old = load_manifest(docs)
    # (Set operations on the tables: a rebuild keeps most of 140,000 files at 10,000 articles.)
    kept = dict(kept or {})
    for rel in pages:
        kept.pop(rel, None)
    if not kept.items() <= old.items():
        raise DossierError(f"{docs / MANIFEST}: changed during the build (another build?); build again")
    for rel in pages:
        if _outside(rel):  # refuse a path leaving docs/ before anything is written
            _safe_target(docs, rel)
    # One listing per folder answers "is there a file of that name" for every page (a stat per
    # page cost more than writing it) and finds the temp files a killed build left beside them
    # (it was writing pages the next build writes again: the same inputs make the same pages).
    # Folders holding only kept files are not listed: a rebuild costs what it writes.
    staged = {os.path.basename(d.tmp) for d in pages.values() if type(d) is Staged and d.tmp}
    present = _listings(docs, {*pages, MANIFEST}, staged, clean)
    clashes = []
    for rel in sorted(pages):
        folder, _, name = rel.rpartition("/")
        if rel not in old and name in present.get(folder, ()):
            if rel in optional:
                report.skipped.append(rel)
            else:
                clashes.append(rel)
    if clashes:
        listed = ", ".join(str(docs / c) for c in clashes[:5])
        raise DossierError(
            f"{listed}: exists and was not written by dossier; rename or move it (the generator never "
            f"overwrites your files){' and ' + str(len(clashes) - 5) + ' more' if len(clashes) > 5 else ''}"
        )
    wanted = {rel: data for rel, data in pages.items() if rel not in report.skipped}
    new = {rel: _sha(data) for rel, data in wanted.items()} | kept
    report.unchanged += len(kept)
    temp = TempNames()
    root = os.fspath(docs)
    for folder in sorted({rel.rpartition("/")[0] for rel in wanted} - present.keys()):
        # Folders made once each, before the files (not a mkdir per file).
        path = os.path.join(root, folder)
        _written("create", path, lambda p=path: os.makedirs(p, exist_ok=True))
    # The manifest is written once: files it lists already are replaced and the ones no longer
    # generated deleted first, then the manifest, then the new paths created. A build killed at
    # any moment leaves every generated file listed (a listed file that is missing is written
    # again), and a replaced file the next build renders the same is found unchanged.
    for rel in sorted(r for r in wanted if r in old):
        _put(docs, rel, wanted[rel], present, old, new, optional, temp, report)
    removed = old.keys() - new.keys()
    for rel in sorted(removed - set(report.skipped)):
        target = _safe_target(docs, rel)
        current = _on_disk(target)
        if current is None:
            pass
        elif current is not False and digest(current) == old[rel]:
            _written("delete", target, target.unlink)
            report.removed.append(rel)
        else:
            report.errors.append(
                f"{target}: its page is no longer generated, but the file was changed after dossier "
                "wrote it, so it is kept (it is yours now; delete it if you don't want it)"
            )
        _prune_empty_dirs(docs, target.parent)
    created = sorted(r for r in wanted if r not in old)
    for rel in created:
        data = wanted[rel]
        if type(data) is Staged and data.tmp is None:  # (as _put says: docs/ no longer holds it)
            report.errors.append(f"{docs / rel}: changed during the build; build again")
            del new[rel]
    # ``new`` differs from ``old`` only in the files written now and those removed (the kept ones
    # are the manifest's, checked above): only their lines are made again.
    base = known.lines if known is not None and _known(docs) is known else None  # (old: known.files)
    if new != old:
        rels = [*wanted, *removed]
        _written("write", docs / MANIFEST, lambda: _save_manifest(docs, new, base, rels))
    for folder in sorted({rel.rpartition("/")[0] for rel in created}):
        # (again: deleting the last old file of a folder removed it)
        path = os.path.join(root, folder)
        _written("create", path, lambda p=path: os.makedirs(p, exist_ok=True))
    for rel in created:
        if rel in new:
            _put(docs, rel, wanted[rel], present, old, new, optional, temp, report)
    listed = still_listed | present.keys()
    if folders_before:  # the folders stamped last time, and those written into now
        _stamp_folders(docs, folders_before | {rel.rpartition("/")[0] for rel in wanted}, listed)
    else:
        _stamp_folders(docs, {rel.rpartition("/")[0] for rel in new}, listed)
    return report


def _put(
    docs: Path,
    rel: str,
    data: bytes | Staged,
    present: dict[str, set[str]],
    old: dict[str, str],
    new: dict[str, str],
    optional: frozenset[str],
    temp: TempNames,
    report: SyncReport,
) -> None:
    """Write one generated file unless docs/ holds it already; a file someone else changed is left
    alone and named (``new`` then keeps its old entry, or drops it)."""
    folder, _, name = rel.rpartition("/")
    target = os.path.join(os.fspath(docs), rel)  # checked by _outside: no "..", no "\\"
    size = data.size if type(data) is Staged else len(data)
    if name in present.get(folder, ()):
        if old.get(rel) == new[rel] and _same_size(target, size):
            report.unchanged += 1  # as last written, and untouched: no need to read it back
            return
        current = _on_disk(Path(target))
        if current is not None and current is not False and digest(current) == new[rel]:
            report.unchanged += 1
            return
        if current is not None and rel in old and (current is False or digest(current) != old[rel]):
            # Not what the generator wrote: someone's edit, or their own file in its place.
            if rel in optional:
                report.skipped.append(rel)  # the home page is theirs now
                del new[rel]
                return
            report.errors.append(
                f"{target}: was changed after dossier wrote it, so it is not overwritten; move your "
                "version elsewhere (or delete it) and build again"
            )
            new[rel] = old[rel]  # still ours to rewrite once the edit is gone
            return
    if type(data) is not Staged:
        _written("write", target, lambda: write_replacing(target, data, temp))
    elif data.tmp is not None:
        _written("write", target, lambda: os.replace(data.tmp, target))
    else:  # docs/ held these bytes when they were rendered, and no longer does
        report.errors.append(f"{target}: changed during the build; build again")
        if rel in old:
            new[rel] = old[rel]
        else:
            del new[rel]
        return
    report.written.append(rel)


def _same_size(path: str, size: int) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size == size


def _listings(
    docs: Path, rels: set[str], staged: set[str] = frozenset(), clean: set[str] = frozenset()
) -> dict[str, set[str]]:
    """The names in each existing folder of the given docs-relative paths (a folder that is not
    there has no entry), after deleting the temp files a killed build left beside those paths
    (not this build's ``staged`` ones). A ``clean`` folder holds no such file (see
    ``_Known.clean``): the given names in it that exist, found one by one, stand for it."""
    wanted: dict[str, set[str]] = {}
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        wanted.setdefault(folder, set()).add(name)
    present: dict[str, set[str]] = {}
    root = os.fspath(docs)
    for folder, names in wanted.items():
        if folder in clean:
            here = docs_folder(root, folder)
            present[folder] = {name for name in names if os.path.lexists(os.path.join(here, name))}
            continue
        try:
            with os.scandir(os.path.join(docs, *folder.split("/")) if folder else docs) as it:
                entries = list(it)
        except FileNotFoundError:
            continue
        except OSError:
            present[folder] = set()  # not a folder (a file in its place): writing into it will say so
            continue
        here = present[folder] = set()
        for entry in entries:
            name = entry.name
            ours = (
                name[0] == "."  # (most names are pages: no regex for them)
                and is_temp_name(name)
                and name[1:].rsplit(".", 2)[0] in names
                and name not in staged
            )
            if ours and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                continue
            here.add(name)
    return present


def _prune_empty_dirs(docs: Path, folder: Path) -> None:
    while folder != docs and docs in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
