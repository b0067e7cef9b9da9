"""Permanent quote ids: the committed registry ``dossier.lock`` (JSON Lines, append-only).

Every quote id ever built is recorded with the words of its statement. On each
build a quote takes the registered id whose words are the same statement
(``link.same_statement``), so ids survive a new source extending a quote, a
corrected speaker, or re-extraction. When two registered statements become one
quote, the younger id redirects to the older. An id whose statement has left the
dossier keeps a page saying so. A URL once built therefore never 404s.

The build only ever appends to the file (one JSON object a line); a torn last
line from a killed build is ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .link import StatementIndex, same_statement, words
from .model import Quote

LOCK = "dossier.lock"


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


def load(path: Path) -> tuple[list[Entry], list[str]]:
    """Registry entries in file order, and warnings for unreadable lines."""
    if not path.exists():
        return [], []
    entries, warnings = [], []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            entries.append(Entry(str(obj["id"]), obj.get("speaker"), tuple(str(obj["words"]).split())))
        except (ValueError, KeyError, TypeError):
            warnings.append(f"{path}:{n}: not a registry line (ignored)")
    return entries, warnings


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
    needs_newline = path.exists() and path.stat().st_size and not path.read_bytes().endswith(b"\n")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(("\n" if needs_newline else "") + lines)
        fh.flush()
        os.fsync(fh.fileno())
