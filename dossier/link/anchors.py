"""Text anchors in the manner of the W3C Web Annotation TextQuoteSelector.

A curation entry points at a passage by its exact words, with optional prefix and
suffix to tell apart repeated words, and an optional article. Matching ignores
differences that editors can't see or don't type: curly vs straight quotation
marks and apostrophes, dashes, runs of white space (including non-breaking
spaces) and case. So an anchor survives re-extraction and edits elsewhere in the
seed; when the passage itself is removed it is reported as orphaned, and when
it matches several places, as ambiguous — never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Anchor, Article

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\r": " ", "\n": " ",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Match:
    article: str
    start: int
    end: int


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, its offset in the original."""
    out: list[str] = []
    where: list[int] = []
    prev_space = False
    for i, ch in enumerate(text.translate(_FOLD).lower()):
        if ch == " ":
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def _norm(text: str) -> str:
    return fold(text)[0].strip()


def find(anchor: Anchor, articles: list[Article], folded: dict[str, tuple[str, list[int]]]) -> list[Match]:
    """Every place the anchor matches. ``folded`` caches fold(article.raw) by article id."""
    exact = _norm(anchor.exact)
    if not exact:
        return []
    prefix, suffix = _norm(anchor.prefix), _norm(anchor.suffix)
    hits: list[Match] = []
    for art in articles:
        if anchor.article and art.id != anchor.article:
            continue
        got = folded.get(art.id)
        if got is None:  # (setdefault would fold the text on every call)
            got = folded[art.id] = fold(art.raw)
        text, where = got
        i = text.find(exact)
        while i != -1:
            j = i + len(exact)
            before, after = text[:i].rstrip(), text[j:].lstrip()
            if (not prefix or before.endswith(prefix)) and (not suffix or after.startswith(suffix)):
                end = where[j - 1] + 1
                hits.append(Match(art.id, where[i], end))
            i = text.find(exact, i + 1)
    return hits


def problem(where: str, anchor: Anchor, matched: bool, quote_ids: list[str], count: int = 0) -> str:
    """What to tell the editor about an anchor that found no quote, or more than one.

    ``matched``: whether its words are in some seed; ``quote_ids``: the quotes it hits, of which
    there are ``count`` when more are known than have ids.
    """
    if not matched:
        return f"{where}: orphaned: {anchor.describe()} matches no text in the seeds"
    if not quote_ids:
        return f"{where}: orphaned: {anchor.describe()} is in the text but in no quote"
    return (
        f"{where}: ambiguous: {anchor.describe()} matches {max(count, len(quote_ids))} quotes "
        f"({', '.join(quote_ids[:4])}); add prefix, suffix or article"
    )
