"""Permanent quote ids: the committed registry ``dossier.lock`` (JSON Lines, append-only).

Every quote id ever built is recorded once, with its speaker and the words of its statement
when it was first published. On each build a quote takes the registered id whose statement
it still recognisably is (``similarity``): the same words; or an edit, a trim or an extension
that keeps most of them in order; or a long quote cut or extended (``link.same_statement``),
even with a corrected speaker. When two registered statements become one quote, the
younger id redirects to the older. An id whose statement has left the dossier keeps a page
saying so, which links to the closest statement still present. A URL once built therefore
never 404s.

The build only appends to the file, one JSON object a line, and only for new ids: a quote
whose words changed keeps its id without a new line, so the file changes only when the
published ids do. A torn last line from a killed build is ignored.
The file is committed and may be edited or
damaged by hand, so it is read strictly: a line that is not a valid entry stops
the build with ``dossier.lock:LINE`` named (ignoring it would move its quote to a
new URL), and ``dossier check --repair-lock`` sets such lines aside.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ..errors import DossierError
from ..model import RegistryEntry
from ..publish.output import atomic_write
from .matching import StatementIndex, same_statement
from .slugs import RESERVED, unique

LOCK = "dossier.lock"
# What statements.quote_id (a slug, maybe with "-N") and person slugs look like: lowercase ASCII
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


@dataclass
class Assignment:
    ids: list[str] = field(default_factory=list)  # each statement's id, in the order given
    redirects: dict[str, str] = field(default_factory=dict)  # old id -> current id
    retired: list[RegistryEntry] = field(default_factory=list)  # ids whose statement is gone
    closest: dict[str, str] = field(default_factory=dict)  # retired id -> closest current id
    new_entries: list[RegistryEntry] = field(default_factory=list)  # lines to append


@dataclass
class Parsed:
    """dossier.lock read line by line: entries, damaged lines, repeated lines (1-based numbers)."""

    entries: list[RegistryEntry] = field(default_factory=list)
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


def _entry(line: bytes) -> RegistryEntry | str:
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
    return RegistryEntry(obj["id"], speaker, tuple(obj["words"].split()))


# The last registry parsed, with its bytes: a long-lived process (`mkdocs serve`) reads the same
# file on every rebuild, and parsing its thousands of lines cost 0.05 s at 840 articles.
_LAST_PARSED: list[tuple[bytes, str, Parsed]] = []


def parse(data: bytes, name: str = LOCK) -> Parsed:
    """Parse the registry strictly; a torn last line (a build killed while appending) is skipped."""
    if _LAST_PARSED and _LAST_PARSED[0][0] == data and _LAST_PARSED[0][1] == name:
        last = _LAST_PARSED[0][2]  # (lists copied: callers may change theirs)
        return Parsed(list(last.entries), list(last.errors), list(last.warnings), list(last.bad_lines))
    out = _parse(data, name)
    _LAST_PARSED[:] = [(data, name, out)]
    return Parsed(list(out.entries), list(out.errors), list(out.warnings), list(out.bad_lines))


def _parse(data: bytes, name: str) -> Parsed:
    out = Parsed()
    seen: dict[RegistryEntry, int] = {}
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


def load(path: Path) -> tuple[list[RegistryEntry], list[str]]:
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


def _matches(entry: RegistryEntry, quote_words: list[str], speaker: str | None) -> bool:
    """Two registered cuts now printed as one statement (the younger id then redirects)."""
    ws = list(entry.words)
    if not same_statement(ws, quote_words):
        return False
    # Identical short words ("Thank you.") by two people are two statements.
    return entry.speaker == speaker or min(len(ws), len(quote_words)) >= 6


# A quote keeps a registered id when it is still recognisably the registered statement
# (README, "Permanent quote links"): the words the two wordings have in common, in order, are
# at least 3 (all of them for shorter quotes), at least 60% of the shorter wording and 40% of
# the longer one (a few words edited, trimmed or added); or the wordings are the same
# statement by the link stage's rule (a long quote cut shorter or printed longer).
KEEP_WORDS, KEEP_SHORTER, KEEP_LONGER = 3, 0.6, 0.4
CLOSEST_WORDS = 8  # a gone statement's rarest words, by which its closest is found


def _in_order(a: tuple[str, ...] | list[str], b: tuple[str, ...] | list[str]) -> int:
    """How many words of ``a`` and ``b`` match, in order (difflib's matching blocks)."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks)


def similarity(entry: RegistryEntry, quote_words: list[str], speaker: str | None) -> float:
    """How recognisably ``quote_words`` (said by ``speaker``) is the registered statement, 0..1.

    0 when it is not: another speaker (unless both are long and the same statement: a
    corrected speaker keeps the URL), or too few words in common.
    """
    ws = entry.words
    if not ws or not quote_words:
        return 0.0
    shorter, longer = sorted((len(ws), len(quote_words)))
    common = _in_order(ws, quote_words)
    share = common / longer
    same = same_statement(list(ws), quote_words)
    speakers_agree = entry.speaker == speaker or entry.speaker is None or speaker is None
    if not speakers_agree:
        return share if same and shorter >= 6 else 0.0
    edited = common >= min(KEEP_WORDS, shorter) and common >= KEEP_SHORTER * shorter and share >= KEEP_LONGER
    if same or edited:
        return max(share, 0.5) if same else share
    return 0.0


class _WordIndex:
    """Word lists by their words: which share how many words with a query (as multisets).

    The words two wordings have in common in order are never more than their multiset
    overlap, so it bounds ``similarity`` from above: the slow comparison runs only on lists
    that could pass it.
    """

    def __init__(self, items: Mapping[int, Sequence[str]], only: set[str] | None = None) -> None:
        """``only``: index just these words (a query asks only of its own): with a few queries
        against every statement, far less to count."""
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for key, ws in items.items():
            if only is None:
                for w, n in Counter(ws).items():
                    self.postings.setdefault(w, []).append((key, n))
            else:
                for w in only.intersection(ws):
                    self.postings.setdefault(w, []).append((key, ws.count(w)))
        self.size = len(items)

    def overlaps(self, ws: list[str] | tuple[str, ...], rarest: int = 0) -> Counter[int]:
        """Key -> words shared with ``ws``, counted with repeats.

        ``rarest``: count only the query's that many rarest words (in these lists) — a quick
        ranking for finding the closest, not a bound.
        """
        counts = Counter(ws)
        if rarest:
            known = sorted((len(self.postings[w]), w) for w in counts if w in self.postings)
            counts = Counter({w: counts[w] for _, w in known[:rarest]})
        shared: Counter[int] = Counter()
        for w, n in counts.items():
            for key, m in self.postings.get(w, ()):
                shared[key] += min(n, m)
        return shared


def _could_keep(overlap: int, a: int, b: int) -> bool:
    """Whether wordings of ``a`` and ``b`` words sharing ``overlap`` could pass the edit rule."""
    shorter, longer = sorted((a, b))
    return (
        overlap >= min(KEEP_WORDS, shorter)
        and overlap >= KEEP_SHORTER * shorter
        and overlap >= KEEP_LONGER * longer
    )


@dataclass(frozen=True)
class Statement:
    """What the registry knows of a statement: who said it, its words, and the id it asks for."""

    speaker: str | None
    words: list[str]
    wanted: str  # link.statements.quote_id: used when no registered id is its own


# Positions of the statements whose words ``same_statement`` may accept with these words (a
# superset is fine): a caller that keeps its statements' words indexed between builds.
Finder = Callable[[tuple[str, ...]], Iterable[int]]


def assign(
    statements: list[Statement],
    entries: list[RegistryEntry],
    made: list[int] | None = None,
    like: Finder | None = None,
) -> Assignment:
    """Give every statement its id, once: the registered id it still recognisably is, or a new one
    (its wanted id, made unique among every id ever registered or given); decide redirects,
    retired ids and new registry lines.

    ``statements`` come in page order (their order decides which of two similar ones keeps an id);
    ``made``: the order in which new ids are made unique (default: the same); ``like``: finds the
    statements an unclaimed entry may be a cut of, for redirects (default: every statement is
    matched against the unclaimed entries, making each one's 4-grams). New lines are
    written only for new ids: a statement that keeps its id with other words leaves the
    registry as it is, so the file changes only when the published ids do.
    """
    out = Assignment()
    order = {}
    for i, e in enumerate(entries):
        order.setdefault(e.id, i)
    by_id: dict[str, list[RegistryEntry]] = {}
    for e in entries:
        by_id.setdefault(e.id, []).append(e)
    claimed: set[str] = set()
    kept: dict[int, str] = {}

    # Exact words first (the same speaker before another's), so two similar quotes can never
    # swap ids between builds.
    exact_words: dict[tuple[str, ...], list[int]] = {}
    for i, e in enumerate(entries):
        exact_words.setdefault(e.words, []).append(i)
    for qi, st in enumerate(statements):
        near = exact_words.get(tuple(st.words), [])
        if len(near) == 1:  # most statements: their own entry, and no other
            rid = entries[near[0]].id
            if rid not in claimed:
                kept[qi] = rid
                claimed.add(rid)
            continue
        found = sorted(
            {entries[i].id for i in near if entries[i].id not in claimed},
            key=lambda rid: (by_id[rid][0].speaker != st.speaker, order[rid]),
        )
        if found:
            kept[qi] = found[0]
            claimed.add(found[0])
    # Then the edited ones: every unclaimed (statement, id) pair still recognisably the same
    # statement, best first, each statement and id taken once.
    left = [qi for qi in range(len(statements)) if qi not in kept]
    open_entries = {i: e.words for i, e in enumerate(entries) if e.id not in claimed}
    # The entries no statement has by its exact words, by the link stage's rule: candidates for
    # a quote cut or extended, and for older cuts merged into a quote (redirects).
    long_ones = StatementIndex()
    for i, ws in open_entries.items():
        long_ones.add(i, list(ws))
    if left and open_entries:
        index = _WordIndex(open_entries)
        pairs = []
        for n, qi in enumerate(left):
            ws, speaker = statements[qi].words, statements[qi].speaker
            best: dict[str, float] = {}
            near = {
                i for i, k in index.overlaps(ws).items() if _could_keep(k, len(ws), len(entries[i].words))
            }
            for i in near.union(long_ones.matches(ws)):
                score = similarity(entries[i], ws, speaker)
                if score > best.get(entries[i].id, 0.0):
                    best[entries[i].id] = score
            pairs += [(-score, order[rid], n, rid) for rid, score in best.items()]
        for _, _, n, rid in sorted(pairs):
            qi = left[n]
            if qi not in kept and rid not in claimed:
                kept[qi] = rid
                claimed.add(rid)
    # Older cuts of the same statement now merged into a kept one: (statement, entry) pairs in the
    # order of statements, then entries; each id goes to the first.
    if like is None:
        merged = [
            (qi, i)
            for qi, st in enumerate(statements)
            if qi in kept and long_ones.keys_of
            for i in long_ones.matches(st.words)
        ]
    else:  # from the few unclaimed entries' side
        merged = sorted(
            (qi, i)
            for i in open_entries
            if entries[i].id not in claimed
            for qi in set(like(entries[i].words))
            if qi in kept
        )
    for qi, i in merged:
        st, other = statements[qi], entries[i].id
        if other not in claimed and _matches(entries[i], st.words, st.speaker):
            out.redirects[other] = kept[qi]
            claimed.add(other)
    used = set(by_id) | set(kept.values())
    out.ids = [kept.get(qi, "") for qi in range(len(statements))]
    for qi in range(len(statements)) if made is None else made:
        if qi not in kept:
            out.ids[qi] = unique(statements[qi].wanted, used)
    out.new_entries = [
        RegistryEntry(out.ids[qi], st.speaker, tuple(st.words))
        for qi, st in enumerate(statements)
        if qi not in kept
    ]
    current = set(kept.values())
    # (by_id's keys are in the order of their first entries: ``order``'s.)
    gone = [same_id[-1] for rid, same_id in by_id.items() if rid not in current]
    out.retired = [e for e in gone if e.id not in out.redirects]
    out.closest = closest_statements(out.retired, statements, out.ids)
    return out


def closest_statements(
    gone: list[RegistryEntry], statements: list[Statement], ids: list[str]
) -> dict[str, str]:
    """Retired id -> the id of the statement still present most like it.

    Most of its rarest words in common, as a share of the longer wording; the speaker's own
    statements first. An id with no statement sharing such a word with it has none.
    """
    if not gone or not statements:
        return {}
    # Only the retired ids' speakers' statements (a build retires few ids of a dossier's many).
    by_speaker: dict[str | None, dict[int, list[str]]] = {}
    asking = {e.speaker for e in gone}
    for i, st in enumerate(statements):
        if st.speaker in asking:
            by_speaker.setdefault(st.speaker, {})[i] = st.words
    indexes: dict[object, _WordIndex] = {}
    asked = {w for e in gone for w in e.words}  # the only words the indexes are asked about

    def index(key: object, items: dict[int, list[str]]) -> _WordIndex:
        if key not in indexes:
            indexes[key] = _WordIndex(items, asked)
        return indexes[key]

    everyone = object()
    lengths = [len(st.words) for st in statements]
    out = {}
    for e in gone:
        # The speaker's own statements first: another's only when none of theirs shares a word.
        shared = Counter()
        if e.speaker in by_speaker:
            shared = index(e.speaker, by_speaker[e.speaker]).overlaps(e.words, CLOSEST_WORDS)
        if not shared:
            every = {i: st.words for i, st in enumerate(statements)} if everyone not in indexes else {}
            shared = index(everyone, every).overlaps(e.words, CLOSEST_WORDS)
        if shared:
            # Most of those words in common, as a share of the longer wording.
            n = len(e.words)
            best = max(shared.items(), key=lambda kv: (kv[1] / max(n, lengths[kv[0]]), -kv[0]))[0]
            out[e.id] = ids[best]
    return out


def append(path: Path, new: list[RegistryEntry]) -> None:
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
