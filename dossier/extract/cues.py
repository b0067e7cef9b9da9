"""Speech cues: the verbs and phrases that attribute words to someone, and media words.

The lexicon is split by how strongly a word signals reported speech:

* ``SPEECH`` verbs (said, told, tweeted, …) attribute a full quotation wherever
  they stand next to it;
* ``FRAMING`` verbs (called, described, dubbed, rated, …) attribute the short
  partial quotes that news weaves into a sentence (``called it "rigged"``) but
  are too common to attribute a quote on their own across a sentence break.
"""

from __future__ import annotations

import re

from .lexicon import lines, verbs, words

# Verbs by lemma in data/speech_verbs.tsv, their forms generated (lexicon.verbs).
SPEECH_WORDS = verbs("speech_verbs")

# Base forms kept as cues ("call", "chant", "retort"): after "a …" they are nouns ("a wake-up call for").
SPEECH_BASES = frozenset(line.split("\t")[0].strip() for line in lines("speech_verbs.tsv")) & SPEECH_WORDS

# Words that frame a short partial quote but hardly ever carry a long one.
FRAMING_WORDS = verbs("speech_verbs", "framing")

# Nouns that attribute the quote after a colon or "in a ...": "In a statement, X…".
SPEECH_NOUNS = words("speech_nouns")

# Multi-word cues, matched before single verbs so their span is whole.
_PHRASES = [line.split("\t") for line in lines("phrase_cues.tsv")]
PHRASE_CUES = re.compile(
    # The look-ahead for the phrases' first letters lets the engine fail fast at other positions.
    r"(?<![\w-])(?=["
    + "".join(sorted({k[0] for _p, k in _PHRASES}))
    + r"])(?:"
    + "|".join(p for p, _k in _PHRASES)
    + r")\b",
    re.I,
)

# Case-sensitive on purpose: verbs in running text are lower case, while "Post"
# in "The New York Post" or "Call" in a headline are not cues.
SPEECH_RE = re.compile(
    r"(?<![\w’'-])(?:" + "|".join(sorted(SPEECH_WORDS, key=len, reverse=True)) + r")(?![\w’'-])"
)

# Media the text names next to a cue, most specific first.
_MEDIA_ROWS = [line.split("\t") for line in lines("media.tsv")]
_MEDIA = [(name, pattern) for name, pattern, _keys in _MEDIA_ROWS]
MEDIA_RE = [(name, re.compile(r"\b(?:" + pat + r")", re.I)) for name, pat in _MEDIA]

_MEDIA_NAMES = {f"m{i}": (i, name) for i, (name, _pat) in enumerate(_MEDIA)}


# For each medium (same order as _MEDIA), literal words one of which every match of its pattern contains.
_RANK_KEYS = [tuple(keys.split()) for _n, _p, keys in _MEDIA_ROWS]
_MEDIA_AMONG: dict[tuple[int, ...], re.Pattern] = {}


def _media_among(present: tuple[int, ...]) -> re.Pattern:
    """The media of ``present`` in one pass: the group that matched names the medium, the lowest rank
    wins; zero-width, so a match never hides another that starts inside it. Only the media whose key
    words the text holds: the others match nowhere in it, and each position tries fewer alternatives
    (a pattern per set of media: 42 sets on the 840, 6 ms to compile them all)."""
    rx = _MEDIA_AMONG.get(present)
    if rx is None:
        alternatives = "|".join(f"(?P<m{i}>{_MEDIA[i][1]})" for i in present)
        rx = _MEDIA_AMONG[present] = re.compile(r"\b(?=" + alternatives + r")", re.I)
    return rx


def media_in(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, medium) of every medium word in text[start:end]. A list, not a generator: compiled,
    a generator is an object resumed per item."""
    end = len(text) if end is None else end
    low = text[start:end].lower()
    present = tuple(i for i, keys in enumerate(_RANK_KEYS) if any(k in low for k in keys))
    if not present:
        return []
    out = []
    for m in _media_among(present).finditer(text, start, end):
        group = m.lastgroup
        assert group is not None  # every alternative of the pattern is a named group
        out.append((m.start(), m.end(group), _MEDIA_NAMES[group][1]))
    return out


def medium_of(text: str) -> str | None:
    """The medium named in a cue's neighbourhood (the most specific one), or None.

    The most specific medium is the first of _MEDIA whose pattern matches anywhere (what the lowest
    rank of media_in's matches gives); each pattern is tried only when its key words occur.
    """
    low = text.lower()
    # No pre-check for "any key word at all" (an alternation of the 36): compiled, the 36 ``in`` tests
    # below answer a text with none of them in half the time that search took.
    for (name, rx), keys in zip(MEDIA_RE, _RANK_KEYS, strict=True):
        for k in keys:  # a plain loop: a generator per medium cost more than the searches
            if k in low:
                if rx.search(text):
                    return name
                break
    return None


def _verb_regex(words) -> re.Pattern:
    """The speech words as one regex, grouped by first letter (longest suffix first): the engine skips to
    a letter that can start a cue and tries only that letter's words. Same matches as scanning every
    lower-case word and looking it up in SPEECH_WORDS, about a third faster."""
    first = "".join(sorted({w[0] for w in words}))
    groups = []
    for c in first:
        suffixes = sorted({w[1:] for w in words if w[0] == c}, key=len, reverse=True)
        groups.append(re.escape(c) + "(?:" + "|".join(re.escape(x) for x in suffixes) + ")")
    return re.compile(rf"(?<![\w’'-])(?=[{first}])(?:" + "|".join(groups) + r")(?![\w’'-])")


_VERB_RE = _verb_regex(SPEECH_WORDS)


# Every PHRASE_CUES match contains one of these (lower case); a range with none skips the regex.
_PHRASE_KEYS = tuple(k for _p, k in _PHRASES)


def _may_hold_phrase(low: str) -> bool:
    return any(k in low for k in _PHRASE_KEYS)


def cue_spans(text: str, ranges: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Every cue of a text (or of the given sorted, disjoint ranges of it), in order: phrases whole,
    then single speech verbs not inside a phrase.

    Same matches as PHRASE_CUES and SPEECH_RE, found once per article (see _verb_regex).
    """
    if ranges is None:
        ranges = [(0, len(text))]
    phrases = [
        m.span()
        for a, b in ranges
        if _may_hold_phrase(text[a:b].lower())
        for m in PHRASE_CUES.finditer(text, a, b)
    ]
    verbs = [m.span() for a, b in ranges for m in _VERB_RE.finditer(text, a, b)]
    if not phrases:
        return verbs
    out = []
    i = 0
    for v in verbs:
        while i < len(phrases) and phrases[i][1] <= v[0]:
            out.append(phrases[i])
            i += 1
        if i < len(phrases) and phrases[i][0] <= v[0] < phrases[i][1]:
            continue  # a verb inside a phrase ("called" in "called it")
        out.append(v)
    out.extend(phrases[i:])
    out.sort()
    return out


def is_speech_word(word: str) -> bool:
    return word.lower() in SPEECH_WORDS
