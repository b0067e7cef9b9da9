"""Permanent quote ids: the committed registry ``dossier.lock`` (JSON Lines, append-only).

Every quote id ever built is recorded with the words of its statement. On each
build a quote takes the registered id whose words are the same statement
(``link.same_statement``), so ids survive a new source extending a quote, a
corrected speaker, or re-extraction. When two registered statements become one
quote, the younger id redirects to the older. An id whose statement has left the
dossier keeps a page saying so. A URL once built therefore never 404s.

The build only ever appends to the file (one JSON object a line); a torn last
line from a killed build is ignored. The file is committed and may be edited or
damaged by hand, so it is read strictly: a line that is not a valid entry stops
the build with ``dossier.lock:LINE`` named (ignoring it would move its quote to a
new URL), and ``dossier check --repair-lock`` sets such lines aside.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DossierError
from .link import StatementIndex, same_statement, words
from .model import Quote
from .output import atomic_write
from .slugs import RESERVED

LOCK = "dossier.lock"
# What link.quote_id (a slug, maybe with "-N") and person slugs look like: lowercase ASCII
# words joined by "-". Anything else could break out of a URL, an attribute or docs/quotes/.
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_ID = 120
_KEYS = {"id", "speaker", "words"}
REPAIR_HINT = (
    "run `dossier check --repair-lock` to set the damaged lines aside (their quotes get new URLs), "
    "or restore the file from git"
)


class RegistryError(DossierError):
    """dossier.lock has lines that are not entries; each problem names its line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems) + f"; {REPAIR_HINT}")


@dataclass(frozen=True)
class Entry:
    id: str
    speaker: str | None
    words: tuple[str, ...]


@dataclass
class Assignment:
    renamed: dict[str, str] = field(default_factory=dict)  # fresh link-stage id -> permanent id
    redirects: dict[str, str] = field(default_factory=dict)  # old id -> current id
    retired: list[Entry] = field(default_factory=list)  # ids whose statement is gone
    new_entries: list[Entry] = field(default_factory=list)  # lines to append


@dataclass
class Parsed:
    """dossier.lock read line by line: entries, damaged lines, repeated lines (1-based numbers)."""

    entries: list[Entry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)  # damaged or repeated: what a repair drops


def valid_id(value: object) -> str | None:
    """Why a registry id is unusable, or None when it is fine."""
    if not isinstance(value, str) or not value:
        return "the id must be non-empty text"
    if len(value) > _MAX_ID or not _ID.fullmatch(value):
        return f"id {value[:60]!r} is not a quote id (lowercase letters, digits and single '-')"
    if value in RESERVED:
        return f"id {value!r} is a reserved name (it would replace another page)"
    return None


def _entry(line: bytes) -> Entry | str:
    """One line as an entry, or what is wrong with it."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 (byte {exc.start + 1} of the line)"
    try:
        obj = json.loads(text)
    except ValueError as exc:
        return f"not a JSON object ({exc.msg})"
    if not isinstance(obj, dict):
        return "not a JSON object"
    if set(obj) != _KEYS:
        return f"keys must be exactly id, speaker, words (has: {', '.join(sorted(map(str, obj)))})"
    if problem := valid_id(obj["id"]):
        return problem
    speaker = obj["speaker"]
    if speaker is not None and (not isinstance(speaker, str) or not _ID.fullmatch(speaker)):
        return "speaker must be a person id or null"
    if not isinstance(obj["words"], str):  # may be empty: a quote of emoji alone has no words
        return "words must be text"
    return Entry(obj["id"], speaker, tuple(obj["words"].split()))


def parse(data: bytes, name: str = LOCK) -> Parsed:
    """Parse the registry strictly; a torn last line (a build killed while appending) is skipped."""
    out = Parsed()
    seen: dict[Entry, int] = {}
    lines = data.split(b"\n")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        got = _entry(line.rstrip(b"\r"))
        if isinstance(got, str):
            if n == len(lines) and not line.endswith(b"}"):
                # No newline after it and cut short: the append that wrote it never finished,
                # so no page was written with its id (ids are recorded before pages).
                out.warnings.append(f"{name}:{n}: an unfinished line (a build was interrupted); ignored")
            else:
                out.errors.append(f"{name}:{n}: {got}")
            out.bad_lines.append(n)
        elif got in seen:
            out.warnings.append(f"{name}:{n}: repeats line {seen[got]}; ignored")
            out.bad_lines.append(n)
        else:
            seen[got] = n
            out.entries.append(got)
    return out


def read(path: Path) -> Parsed:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Parsed()
    except OSError as exc:
        raise DossierError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return parse(data, str(path))


def load(path: Path) -> tuple[list[Entry], list[str]]:
    """Registry entries in file order, and warnings. Raises RegistryError on a damaged line."""
    parsed = read(path)
    if parsed.errors:
        raise RegistryError(parsed.errors)
    return parsed.entries, parsed.warnings


def repair(path: Path) -> list[int]:
    """Move damaged and repeated lines to ``<path>.damaged`` (appended, nothing is lost);
    returns their line numbers."""
    parsed = read(path)
    if not parsed.bad_lines:
        return []
    lines = path.read_bytes().split(b"\n")
    drop = set(parsed.bad_lines)
    kept = b"".join(line + b"\n" for n, line in enumerate(lines, 1) if n not in drop and line.strip())
    damaged = b"".join(lines[n - 1] + b"\n" for n in sorted(drop))
    with open(path.with_name(path.name + ".damaged"), "ab") as fh:
        fh.write(damaged)
    atomic_write(path, kept)
    return sorted(drop)


def _matches(entry: Entry, quote_words: list[str], speaker: str | None) -> bool:
    ws = list(entry.words)
    if not same_statement(ws, quote_words):
        return False
    # Identical short words ("Thank you.") by two people are two statements.
    return entry.speaker == speaker or min(len(ws), len(quote_words)) >= 6


def assign(quotes: list[Quote], entries: list[Entry]) -> Assignment:
    """Give every quote its permanent id; decide redirects, retired ids and new registry lines."""
    out = Assignment()
    order = {}
    for i, e in enumerate(entries):
        order.setdefault(e.id, i)
    by_id: dict[str, list[Entry]] = {}
    for e in entries:
        by_id.setdefault(e.id, []).append(e)
    claimed: set[str] = set()
    used = set(by_id)
    qwords = {q.id: words(q.text) for q in quotes}

    exact_words: dict[tuple[str, ...], list[int]] = {}
    for i, e in enumerate(entries):
        exact_words.setdefault(e.words, []).append(i)
    index = StatementIndex()

    def hits(q: Quote, exact: bool) -> list[str]:
        ws = qwords[q.id]
        near = exact_words.get(tuple(ws), []) if exact else index.matches(ws) if index.sizes else []
        found = {
            entries[i].id
            for i in near
            if entries[i].id not in claimed and (exact or _matches(entries[i], ws, q.speaker))
        }
        return sorted(found, key=lambda i: order[i])

    # Exact words first, so two similar quotes can never swap ids between builds.
    for exact in (True, False):
        if not exact:
            # hits() never returns a claimed id, and ids stay claimed: only the entries still
            # unclaimed need indexing (on a rebuild, a few: most quotes kept their words).
            for i, e in enumerate(entries):
                if e.id not in claimed:
                    index.add(i, list(e.words))
        for q in quotes:
            if q.id in out.renamed:
                continue
            found = hits(q, exact)
            if found:
                out.renamed[q.id] = found[0]
                claimed.add(found[0])
    for q in quotes:
        if q.id in out.renamed:
            permanent = out.renamed[q.id]
            for other in hits(q, False):  # older cuts of the same statement now merged into this one
                out.redirects[other] = permanent
                claimed.add(other)
            if tuple(qwords[q.id]) not in {e.words for e in by_id[permanent]}:
                out.new_entries.append(Entry(permanent, q.speaker, tuple(qwords[q.id])))
        else:
            permanent, n = q.id, 2
            while permanent in used:
                permanent, n = f"{q.id}-{n}", n + 1
            out.new_entries.append(Entry(permanent, q.speaker, tuple(qwords[q.id])))
            out.renamed[q.id] = permanent
        used.add(permanent)
    current = set(out.renamed.values())
    for rid in sorted(by_id, key=lambda i: order[i]):
        if rid not in current and rid not in out.redirects:
            out.retired.append(by_id[rid][-1])
    return out


def append(path: Path, new: list[Entry]) -> None:
    """Append entries durably; existing lines are never rewritten."""
    if not new:
        return
    lines = "".join(
        json.dumps({"id": e.id, "speaker": e.speaker, "words": " ".join(e.words)}, ensure_ascii=False) + "\n"
        for e in new
    )
    for line in lines.splitlines():
        # Never write a line the next build would refuse (it would stop every build after).
        if isinstance(got := _entry(line.encode("utf-8")), str):
            raise DossierError(f"{path}: refusing to record {line[:80]!r}: {got}")
    needs_newline = path.exists() and path.stat().st_size and not path.read_bytes().endswith(b"\n")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(("\n" if needs_newline else "") + lines)
        fh.flush()
        os.fsync(fh.fileno())
