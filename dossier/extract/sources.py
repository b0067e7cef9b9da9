"""Who said it: the source phrase next to a cue, and its resolution to a person.

The source is the noun phrase that is the subject of the cue verb: before it
("Legend said", "he argued", "the Grammy winning musician went on to tweet") or,
inverted, after it ("said Elaine Kamarck, a …"). It is a name, a pronoun or a
description; its span is what PolNeAR annotates. Resolving it to a person:

* a name links through the people index;
* a pronoun goes to the first gender-compatible person named in the current or
  an earlier sentence, scanning each sentence left to right (subjects first),
  with mentions inside quotations skipped — the words of a quote name people
  the speaker talks about, not the speaker;
* a description goes to the person it was put in apposition with, else to a
  person already described with the same head noun ("the rapper" after "the
  40-year-old rapper"), else, like a pronoun, to the salient person.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mypy_extensions import mypyc_attr

from .cues import SPEECH_BASES
from .lexicon import words
from .mentions import COMMON_CAPITALISED, TITLES

PRONOUNS = {
    "he": "m",
    "she": "f",
    "they": None,
    "i": None,
    "we": None,
    "it": None,
    "who": None,
    "which": None,
}
DETERMINERS = words("determiners")
# Words between a subject and its verb that are not part of the subject.
ADVERBS = words("adverbs")
_WORD = re.compile(r"[\w@][\w’'.\-@]*|[(),:;—–]")
# A sentence ends at . ! ? before a capital, except after a title or an initial ("Mr. ", "D.C. "); a
# closing mark or bracket may follow the stop ('tears.) The Republican leaders …' ends an aside).
# The exceptions are checked in Python: lookbehinds at every position made the regex slow.
_SENTENCE_END = re.compile(r"[.!?]['\"”’)\]]*[ \t\u00a0]+(?=['\"“‘]*[A-Z0-9])")
ABBREVIATIONS = words("abbreviations")
_WORD_BEFORE = re.compile(r"(\w+)$")
_POSSESSOR = re.compile(r"[A-Z][\w.-]*[’']s")
# A possessive opening an apposition: "Clinton's", "Sanders’" (a name in -s may take the bare apostrophe).
_APPOSITION_POSSESSOR = re.compile(r"[A-Z][\w.-]*(?:[’']s|s[’'])")
_CLAUSE_WORDS = words("clause_words")


def sentence_break_spans(raw: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(end mark, next sentence start) of each sentence break within raw[lo:hi]. A list, not a generator:
    compiled, a generator is an object resumed per item."""
    out = []
    for m in _SENTENCE_END.finditer(raw, lo, hi):
        p = m.start()
        if raw[p] == ".":
            w = _WORD_BEFORE.search(raw, max(lo, p - 12), p)
            if w and (len(w.group(1)) == 1 and w.group(1).isupper() or w.group(1).lower() in ABBREVIATIONS):
                continue
        if ")" in m.group() and " " not in raw[raw.rfind("(", max(lo, p - 40), p) + 1 : p]:
            continue  # "Maricopa County (Ariz.) Sheriff", "(D-N.Y.) The": an abbreviation, not an aside
        out.append((p, m.end()))
    return out


def sentence_breaks(raw: str, lo: int, hi: int):
    """Offsets where a new sentence starts within raw[lo:hi]."""
    for _p, e in sentence_break_spans(raw, lo, hi):
        yield e


class Sentences:
    """Sentence breaks of a whole text, found once and searched by bisection.

    Scanning the whole text also fixes a window artefact: a break right before a
    window's end ('York. "I') was missed because the look-ahead could not see
    past the window.
    """

    def __init__(self, raw: str):
        self.raw = raw
        spans = sentence_break_spans(raw, 0, len(raw))
        self.marks = [p for p, _ in spans]  # the . ! ? ending a sentence
        self.starts = [e for _, e in spans]  # where the next sentence starts

    def start_before(self, lo: int, pos: int) -> int:
        """Start of the sentence containing pos, not before lo."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.marks[i] >= lo:
            return self.starts[i]
        return lo

    def end_after(self, pos: int, hi: int) -> int:
        """End of the sentence that is open at pos (a break at or after pos), at most hi."""
        i = bisect.bisect_left(self.marks, pos)
        if i < len(self.marks) and self.starts[i] <= hi:
            return self.starts[i] - 1
        return hi


_TIME_WORDS = words("time_words")


@dataclass
class Source:
    start: int
    end: int
    text: str
    kind: str  # name | pronoun | description | other

    # Written out: mypyc compiles an __init__ in the source, not the one @dataclass generates (interpreted).
    def __init__(self, start: int, end: int, text: str, kind: str) -> None:
        self.start, self.end, self.text, self.kind = start, end, text, kind


# How far from its cue verb a subject phrase is looked for (characters).
_REACH = 300


def _cap(tok: str) -> bool:
    return tok[:1].isupper() or tok[:1] == "@"


def _tokens(raw: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    # One span() and a slice: compiled, each Match method is a call looked up by name (start, end, group).
    out = []
    for m in _WORD.finditer(raw, lo, hi):
        a, b = m.span()
        out.append((a, b, raw[a:b]))
    return out


@mypyc_attr(native_class=False)  # mypyc compiles no subclass of list
class _Watched(list):
    """Tokens that remember the lowest index read: a walk that never read the first token would have
    found the same in a longer stretch (only the first token of a stretch may be cut)."""

    lowest = 1 << 30

    def __getitem__(self, i):
        k = i.start if isinstance(i, slice) else i
        if k is None or k < self.lowest:
            self.lowest = -1 if k is None else k
        return list.__getitem__(self, i)


# Most subjects end within this many characters of their verb: that stretch is read first.
_NEAR = 100


_BASE_CUE = re.compile(r"[a-z]+(?![\w’'-])")
_AUXILIARIES = words("auxiliary_verbs")


def source_before(raw: str, lo: int, verb_start: int) -> Source | None:
    """The subject noun phrase ending right before a cue verb (within raw[lo:verb_start]); none when the
    cue is a noun that phrase opens ("a thunderous chant of", "a wake-up call for": "a" then a base form,
    which no singular subject takes, unless an auxiliary stands between: "a reader would now ask")."""
    src = _source_before(raw, lo, verb_start)
    if src is None or src.kind != "description" or raw[src.end : verb_start].strip(" \u00a0"):
        return src
    phrase = src.text.lower().split()
    if phrase[0] in ("a", "an") and not _AUXILIARIES.intersection(phrase):
        w = _BASE_CUE.match(raw, verb_start)
        if w is not None and w.group(0) in SPEECH_BASES:
            return None
    return src


def _source_before(raw: str, lo: int, verb_start: int) -> Source | None:
    # A subject stands within a few words of its verb: tokenise only the stretch that can hold it, a
    # short one first and the whole reach only when the walk back came to the short one's start.
    lo = max(lo, verb_start - _REACH)
    near = max(lo, verb_start - _NEAR)
    if near > lo:
        toks = _Watched(_tokens(raw, near, verb_start))
        src = _subject_before(raw, toks)
        if toks.lowest > 0:
            return src
    return _subject_before(raw, _tokens(raw, lo, verb_start))


def _subject_before(raw: str, toks: Sequence[tuple[int, int, str]]) -> Source | None:
    # (a Sequence, not a list: mypyc reads a list's items directly, past _Watched's __getitem__)
    i = len(toks) - 1
    while i >= 0 and toks[i][2].lower() in ADVERBS:
        i -= 1
    if i >= 0 and toks[i][2] == "went":  # "went on"
        i -= 1
    # "Gwen Moore (D-Wis.) said" / "X, a spokesman for Y, said" / "Quina Jones, 25, said" /
    # "Jim Jordan (R-Ohio), an oversight panel member, said": skip back over parentheses and appositions.
    for _ in range(3):
        if i >= 0 and toks[i][2] == ")":
            j = i
            while j >= 0 and toks[j][2] != "(":
                j -= 1
            i = j - 1 if j >= 0 else i
            continue
        if i >= 0 and toks[i][2] == ",":
            j = i - 1
            while j >= 0 and toks[j][2] not in (",", "(", ")", ":", ";", "—", "–"):
                j -= 1
            seg = toks[j + 1 : i]
            if j < 0 or toks[j][2] != "," or not seg:
                return None
            first = seg[0][2]
            fl = first.lower()
            if (
                fl in DETERMINERS
                or fl in ("who", "whose", "which", "now", "then")
                or fl in TITLES
                or first[0].isdigit()
                or first[0].islower()
                # "Jeff Weaver, Sanders’ campaign manager, said": a possessive opens a description.
                or (_APPOSITION_POSSESSOR.fullmatch(first) and len(seg) > 1)
            ):
                i = j - 1
                continue
            if all(_cap(t[2]) or t[2] in ("of", "de") for t in seg) and not all(
                t[2].lower() in COMMON_CAPITALISED for t in seg
            ):
                # "Apple's chief executive, Tim Cook, called": the name in apposition.
                return Source(seg[0][0], seg[-1][1], raw[seg[0][0] : seg[-1][1]], "name")
            return None
        break
    if i < 0:
        return None
    end_tok = toks[i]
    low = end_tok[2].lower()
    if low in PRONOUNS:
        return Source(end_tok[0], end_tok[1], end_tok[2], "pronoun")
    if end_tok[2][0] in "(),:;—–":
        return None
    if _cap(end_tok[2]):
        j = i
        while j - 1 >= 0 and (
            _cap(toks[j - 1][2]) or (toks[j - 1][2] in ("of", "de", "van", "von", "bin") and j - 2 >= 0)
        ):
            j -= 1
        # Do not run into a sentence-initial function word ("The", "After").
        while j < i and toks[j][2].lower() in COMMON_CAPITALISED:
            j += 1
        if toks[j][2] in ("of", "de"):
            j += 1
        s, e = toks[j][0], end_tok[1]
        if all(t[2].lower().strip(".,") in _TIME_WORDS for t in toks[j : i + 1]):
            return None  # "tweets early Friday saying": a date, not a subject
        kind = "name"
        if j - 1 >= 0 and toks[j - 1][2].lower() in DETERMINERS:
            s = toks[j - 1][0]
            kind = "description"  # "the New York businessman"
        return Source(s, e, raw[s:e], kind)
    # A lowercase head noun: walk back to its determiner ("the 40-year-old rapper").
    if low in _NOT_DESCRIPTOR and low not in DETERMINERS and low != "to":
        # "won the spin by declaring": a function word is no head noun. Before "to" the object is the
        # infinitive's subject ("gives the chair authority to call"), so the walk back goes on.
        return None
    j = i
    steps = 0
    while j >= 0 and steps < 12:
        t = toks[j][2]
        if t[0] in "(),:;—–":
            return None
        tl = t.lower()
        if tl in _CLAUSE_WORDS:
            return None  # "what multiple lawmakers called": no subject phrase of its own
        if (
            tl in DETERMINERS
            or _POSSESSOR.fullmatch(t)
            # "63 percent said", "52 percent of registered voters agreed"
            or (t[0].isdigit() and j < i and (toks[j + 1][2] in ("percent", "%") or low.endswith("s")))
        ):
            if j >= 1 and tl in DETERMINERS and toks[j - 1][2].lower() in _PLACE_PREPOSITIONS:
                # "Bush in a Medium post said": the phrase after a preposition is no subject; a name or
                # pronoun right before the preposition is
                before = _subject_before(raw, toks[: j - 1])
                if before is not None and before.kind in ("name", "pronoun"):
                    return before
            s, e = toks[j][0], end_tok[1]
            # "Legend's wife": keep the possessor too when it is a name before "'s".
            return Source(s, e, raw[s:e], "description")
        j -= 1
        steps += 1
    return None


_PLACE_PREPOSITIONS = frozenset(["in", "on", "at", "during"])


class _Lazy:
    """Tokens of raw[start:end], read from the regex only as far as they are asked for (the phrase after
    a cue is a few words; the stretch read is 150 characters). A plain class holding a list, not a list
    subclass: mypyc compiles it natively."""

    def __init__(self, raw: str, start: int, end: int) -> None:
        self.raw = raw
        self.read: list[tuple[int, int, str]] = []
        self._more: Iterator[re.Match[str]] = _WORD.finditer(raw, start, end)

    def has(self, i: int) -> bool:
        """Token i exists (read up to it)."""
        read = self.read
        while len(read) <= i:
            m = next(self._more, None)
            if m is None:
                return False
            a, b = m.span()  # one call (see _tokens)
            read.append((a, b, self.raw[a:b]))
        return True

    def __getitem__(self, i: int) -> tuple[int, int, str]:
        return self.read[i]


_QUOTE_MARKS = frozenset("“\"‘'")


def _sentence_then_quote(raw: str, prev: tuple[int, int, str], tok: tuple[int, int, str]) -> bool:
    """A sentence ends at prev and a quotation opens before tok ('said Pavone. “Apparently …'): the
    phrase after a cue stops there, whatever the quotation's first word looks like."""
    return prev[2][-1:] in ".!?" and any(ch in _QUOTE_MARKS for ch in raw[prev[1] : tok[0]])


def source_after(raw: str, start: int, hi: int) -> Source | None:
    """The noun phrase right after an inverted cue ("said Elaine Kamarck, a …")."""
    toks = _Lazy(raw, start, min(hi, start + _REACH // 2))
    i = 0
    while toks.has(i) and toks[i][2].lower() in ADVERBS:
        i += 1
    if not toks.has(i):
        return None
    t = toks[i]
    low = t[2].lower()
    if low in PRONOUNS:
        return Source(t[0], t[1], t[2], "pronoun")
    if low in DETERMINERS:
        j = i + 1
        while (
            j - i < 9
            and toks.has(j)
            and toks[j][2][0] not in "(),:;—–"
            and not _sentence_then_quote(raw, toks[j - 1], toks[j])
            and toks[j][2].lower()
            not in (
                "who",
                "which",
                "that",
                "in",
                "on",
                "at",
                "during",
            )
        ):
            j += 1
        if j == i + 1:
            return None
        s, e = t[0], toks[j - 1][1]
        return Source(s, e, raw[s:e], "description")
    if not _cap(t[2]):
        # "said 9/11 widow Terry Strada", "said retired Army colonel Dana Whitfield": a short lower-case
        # description, then the name (its last run of two or more capitalised words).
        k = i
        run = last = None
        while k - i < 8 and toks.has(k):
            w = toks[k][2]
            if w[0] in "(),:;—–" or w.lower() in _NOT_DESCRIPTOR or "\n" in raw[toks[k - 1][1] : toks[k][0]]:
                break
            if _cap(w):
                run = (run[0], k) if run and run[1] == k - 1 else (k, k)
                if run[1] > run[0]:
                    last = run
            k += 1
            if w.endswith(".") and (not _cap(w) or len(w) > 5):
                break  # a sentence ends ("told reporters Wednesday. Cardin …"), not "Gov." or "J."
        if last is None or last[1] != k - 1 and k - i >= 8:
            return None
        s, e = t[0], toks[last[1]][1]
        return Source(s, e, raw[s:e], "name")
    if _cap(t[2]):
        j = i
        while (
            toks.has(j + 1)
            and (_cap(toks[j + 1][2]) or toks[j + 1][2] in ("of", "de", "van", "von"))
            and not _sentence_then_quote(raw, toks[j], toks[j + 1])
        ):
            j += 1
        while j > i and toks[j][2] in ("of", "de", "van", "von"):
            j -= 1
        s, e = t[0], toks[j][1]
        return Source(s, e, raw[s:e], "name")
    return None


# A relative "who" after the phrase it stands for, with or without a comma ("Beck, who", "Clinton who").
_RELATIVE_WHO = re.compile(r"(?:,[ \u00a0]*|[ \u00a0]+)(who)\b")


def relative_who(raw: str, s: int, pos: int) -> Source | None:
    """The last relative "who" in raw[s:pos] that stands for a noun phrase: PolNeAR marks the relative
    as the source of a quotation in its clause ("Beck, who has … described Trump as '…'")."""
    last = None
    for m in _RELATIVE_WHO.finditer(raw, s, pos):
        last = m
    if last is None or relative_antecedent(raw, s, last.start(1)) is None:
        return None
    return Source(last.start(1), last.end(1), "who", "pronoun")


def relative_antecedent(raw: str, s: int, who: int) -> Source | None:
    """The noun phrase a relative "who" at ``who`` stands for, the name or description right before it
    ("Scott Reed, who", "her campaign's leadership, who"): what a page shows for that source."""
    end = who
    while end > s and raw[end - 1] in " \u00a0":
        end -= 1
    if end > s and raw[end - 1] == ",":
        end -= 1
    src = source_before(raw, s, end)
    return None if src is None or src.kind == "pronoun" else src


# Words that end a descriptor run after an inverted cue: "said that Ann …", "told reporters in Iowa".
_NOT_DESCRIPTOR = words("not_descriptor")


# Head nouns of descriptions that are no person: the source stays the phrase itself.
NON_PERSON_HEADS = words("non_person_heads")
