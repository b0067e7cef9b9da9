"""Write generated pages into docs/ without ever harming a file the generator did not create.

The manifest (``docs/.dossier-manifest.json``; MkDocs skips dot-files) records
every file the generator wrote, with the hash of what it wrote. A file that
exists but is not in the manifest belongs to the user: it is never overwritten
or deleted (a clash is an error). Nor is a listed file whose bytes no longer hash
to what the manifest recorded: someone edited it, so it is left alone and named
in an error. The manifest itself is checked: a path leaving docs/ is an error.
Files are written atomically (temp + rename) and only when their content
changes, so ``mkdocs serve`` does not loop and git diffs stay clean. The manifest is written first as the union of old and new
entries, so a build killed at any moment leaves every file old or new and every
generated file listed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
from json.encoder import encode_basestring_ascii
from pathlib import Path

from ..errors import DossierError
from ..model import SyncReport

MANIFEST = ".dossier-manifest.json"
# What follows ".<name>" in atomic_write's temp names: mkstemp's 8 random characters.
_TEMP = re.compile(r"\.[a-z0-9_]{8}\.tmp")


def digest(data: bytes) -> str:
    """A file's hash as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp makes files only their owner can read; generated pages are ordinary files.
FILE_MODE = 0o666 & ~_umask()


def atomic_write(path: Path, data: bytes) -> None:
    """Write data so that readers (and a crash) see either the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            # No fsync: rename is atomic for a killed process; syncing 10,000 pages cost most of a build.
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def load_manifest(docs: Path) -> dict[str, str]:
    path = docs / MANIFEST
    if not path.exists():
        return {}
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
        return dict(files)
    except (ValueError, KeyError, TypeError) as exc:
        raise DossierError(
            f"{path}: the generator's manifest is damaged ({exc}); delete it only if every file it "
            "listed is generated"
        ) from None
    except OSError as exc:
        raise DossierError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def manifest_text(files: dict[str, str]) -> str:
    """``json.dumps({"version": 1, "files": files}, indent=1, sort_keys=True) + "\n"``, written out
    directly: json's indenting encoder is pure Python and took 0.07 s per save at 10,000 files."""
    if not files:
        return '{\n "files": {},\n "version": 1\n}\n'
    q = encode_basestring_ascii
    body = ",\n".join(f"  {q(k)}: {q(v)}" for k, v in sorted(files.items()))
    return '{\n "files": {\n' + body + '\n },\n "version": 1\n}\n'


def _save_manifest(docs: Path, files: dict[str, str]) -> None:
    atomic_write(docs / MANIFEST, manifest_text(files).encode("utf-8"))


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _outside(rel: object) -> bool:
    """Whether a docs-relative path could name something outside docs/ (or is no path at all)."""
    if not isinstance(rel, str) or not rel or rel.startswith("/") or rel == MANIFEST:
        return True
    return any(p in ("", ".", "..") or "\\" in p or "\x00" in p or ":" in p for p in rel.split("/"))


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


def _written(action: str, target: Path, do) -> None:
    """Run a file operation; a full disk or a read-only folder is a one-line error naming the file."""
    try:
        do()
    except OSError as exc:
        raise DossierError(f"{target}: cannot {action}: {exc.strerror or exc}") from None


def sync(
    docs: Path,
    pages: dict[str, bytes],
    optional: frozenset[str] = frozenset(),
    kept: dict[str, str] | None = None,
) -> SyncReport:
    """Make docs/ hold exactly ``pages`` and ``kept`` among the generator's files.

    ``optional`` pages (the home page) are skipped, not an error, when the user has their own.
    ``kept`` (path -> sha256) are generated files the caller knows are in docs/ as the manifest
    records them and still wanted as they are: they are left alone (see dossier.publish.incremental).
    """
    docs.mkdir(parents=True, exist_ok=True)
    report = SyncReport()
    old = load_manifest(docs)
    kept = {rel: sha for rel, sha in (kept or {}).items() if rel not in pages}
    if any(old.get(rel) != sha for rel, sha in kept.items()):
        raise DossierError(f"{docs / MANIFEST}: changed during the build (another build?); build again")
    clashes = []
    for rel in sorted(pages):
        target = _safe_target(docs, rel)
        if rel not in old and (target.exists() or target.is_symlink()):
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
    new = {rel: digest(data) for rel, data in wanted.items()} | kept
    report.unchanged += len(kept)
    _remove_stale_temps(docs, set(old) | set(new) | {MANIFEST})
    if set(new) - set(old):
        # Old hashes win in the interim manifest: a file not yet rewritten when the build is
        # killed still matches its entry, so the next build doesn't call it hand-edited.
        _written("write", docs / MANIFEST, lambda: _save_manifest(docs, {**new, **old}))
    for rel in sorted(wanted):
        target = _safe_target(docs, rel)
        data = wanted[rel]
        if old.get(rel) == new[rel] and _same_size(target, len(data)):
            report.unchanged += 1  # as last written, and untouched: no need to read it back
            continue
        current = _on_disk(target)
        if current == data:
            report.unchanged += 1
            continue
        if current is not None and rel in old and (current is False or digest(current) != old[rel]):
            # Not what the generator wrote: someone's edit, or their own file in its place.
            if rel in optional:
                report.skipped.append(rel)  # the home page is theirs now
                del new[rel]
                continue
            report.errors.append(
                f"{target}: was changed after dossier wrote it, so it is not overwritten; move your "
                "version elsewhere (or delete it) and build again"
            )
            new[rel] = old[rel]  # still ours to rewrite once the edit is gone
            continue
        _written("write", target, lambda t=target, b=data: atomic_write(t, b))
        report.written.append(rel)
    for rel in sorted(set(old) - set(new) - set(report.skipped)):
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
    if new != old:
        _written("write", docs / MANIFEST, lambda: _save_manifest(docs, new))
    return report


def _same_size(path: Path, size: int) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size == size


def _remove_stale_temps(docs: Path, rels: set[str]) -> None:
    """Delete temp files a killed build left beside generated files (only names atomic_write makes)."""
    names: dict[str, set[str]] = {}
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        names.setdefault(folder, set()).add(name)
    for folder, wanted in sorted(names.items()):
        try:
            entries = list(os.scandir(docs / folder if folder else docs))
        except OSError:
            continue
        for entry in entries:  # one listing per folder: a glob per file was quadratic
            name = entry.name
            if not (name.startswith(".") and name.endswith(".tmp")):
                continue
            base, _, suffix = name[1:].rpartition(".")[0].rpartition(".")
            if base in wanted and _TEMP.fullmatch(f".{suffix}.tmp") and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


def _prune_empty_dirs(docs: Path, folder: Path) -> None:
    while folder != docs and docs in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
