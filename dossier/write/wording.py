"""How each source cut a statement: the common words once, each source's additions and omissions.

Every printed wording is aligned word by word (case and punctuation aside) with the quote's
fullest wording. Words every source prints are shown once; a run of words only some sources
print is bracketed and labelled with them ("only in 2", "not in 1"), so the view reads without
colour. "…" (where a source's narration split the quote) is not a word of the statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from . import templates

ELLIPSIS = "…"
_WORDISH = re.compile(r"[\W_]+")


def _norm(word: str) -> str:
    return _WORDISH.sub("", word.casefold().replace("’", "'")) or word


@dataclass
class Segment:
    words: list[str]
    sources: frozenset[int]  # 1-based numbers of the sources that print these words


@dataclass
class SourceCut:
    """What one source prints of the fullest wording."""

    number: int
    printed: int  # words of the fullest wording it prints
    added: int  # words it prints that the fullest wording lacks
    starts_at: list[str] = field(default_factory=list)  # its first words, when it starts later
    stops_at: list[str] = field(default_factory=list)  # its last words, when it stops early


@dataclass
class Comparison:
    total: int  # words in the fullest wording
    segments: list[Segment]
    cuts: list[SourceCut]


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w != ELLIPSIS]


def compare(base: str, wordings: list[str]) -> Comparison | None:
    """The wordings against ``base``; None when they all print the same words."""
    base_words = _words(base)
    base_norm = [_norm(w) for w in base_words]
    printed = [[_norm(w) for w in _words(t)] for t in wordings]
    if len(wordings) < 2 or all(p == printed[0] for p in printed):
        return None
    everyone = frozenset(range(1, len(wordings) + 1))
    has: list[set[int]] = [set() for _ in base_words]
    inserted: list[list[tuple[int, list[str]]]] = [[] for _ in range(len(base_words) + 1)]
    cuts = []
    for n, (text, norm) in enumerate(zip(wordings, printed, strict=True), 1):
        words = _words(text)
        added = 0
        matcher = SequenceMatcher(None, base_norm, norm, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for i in range(i1, i2):
                    has[i].add(n)
            elif j2 > j1:  # insert or replace: words this source has where the base has others
                inserted[i1].append((n, words[j1:j2]))
                added += j2 - j1
        covered = [i for i, s in enumerate(has) if n in s]
        cut = SourceCut(n, len(covered), added)
        if covered and covered[0] > 0:
            cut.starts_at = base_words[covered[0] : covered[0] + 4]
        if covered and covered[-1] < len(base_words) - 1:
            cut.stops_at = base_words[max(covered[0], covered[-1] - 3) : covered[-1] + 1]
        cuts.append(cut)
    segments: list[Segment] = []

    def add(words: list[str], sources: frozenset[int]) -> None:
        if segments and segments[-1].sources == sources:
            segments[-1].words += words
        else:
            segments.append(Segment(list(words), sources))

    for i in range(len(base_words) + 1):
        by_text: dict[tuple[str, ...], set[int]] = {}
        for n, words in inserted[i]:
            by_text.setdefault(tuple(words), set()).add(n)
        for words, ns in by_text.items():
            add(list(words), frozenset(ns))
        if i < len(base_words):
            add([base_words[i]], frozenset(has[i]) if has[i] else everyone)
    return Comparison(len(base_words), segments, cuts)


def _numbers(ns: list[int]) -> str:
    return ", ".join(str(n) for n in sorted(ns))


def label(sources: frozenset[int], count: int) -> str:
    """'only in 2' or 'not in 1': whichever names fewer sources."""
    missing = [n for n in range(1, count + 1) if n not in sources]
    if len(sources) <= len(missing):
        return f"only in {_numbers(list(sources))}"
    return f"not in {_numbers(missing)}"


def comparison_context(c: Comparison, names: list[str]) -> dict:
    """What wording.md gets: a legend of sources, then the text with its cuts."""
    count = len(names)
    everyone = frozenset(range(1, count + 1))
    sources = [
        {
            "number": cut.number,
            "name": name,
            "printed": cut.printed,
            "starts_at": " ".join(cut.starts_at),
            "stops_at": " ".join(cut.stops_at),
            "added": cut.added,
        }
        for cut, name in zip(c.cuts, names, strict=True)
    ]
    segments = [
        {
            "words": " ".join(seg.words),
            "label": None if seg.sources == everyone else label(seg.sources, count),
        }
        for seg in c.segments
    ]
    return {"total": c.total, "sources": sources, "segments": segments}


def render_comparison(c: Comparison, names: list[str]) -> str:
    """The comparison as one raw HTML block (what a quote page shows)."""
    return templates.render("wording.md", {"wording": comparison_context(c, names)})
