"""The faster searches of extraction find exactly what the plain ones find, on the seed articles and on
hostile text written for these tests (long words, runs of spaces, marks, text that starts with a cue)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.extract import antecedents, candidates, cues, mentions, resolve
from dossier.extract.backward import search_before
from dossier.extract.lexicon import alternation, letter_first_alternation, lines
from dossier.extract.resolve import Resolver, _indefinite_with_head

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

HOSTILE = [
    "told the musician, asked him; wrote to Legend\n\ntexted   back\u00a0told",
    "foretold retold untold-told ’told 'asked -asked asked-",
    "Supercalifragilisticexpialidocious-and-then-some word said",
    "a,  b   ,   c:\u00a0\u00a0  (d  said  ,,,, Maria-José O’Neill’s",
    "An organizer\nan  one-organizer\u00a0organizer, a big loud organizer-in-chief, the organizer",
    "",
]


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SEEDS] + HOSTILE


@pytest.mark.parametrize(
    ("rx", "reach"),
    [(candidates._WORD_BEFORE, 25), (antecedents._WORD_BEFORE, 30), (mentions._PREV_WORD, 30)],
)
def test_search_before_finds_what_a_search_of_the_whole_reach_finds(rx, reach):
    texts = _texts()
    assert SEEDS, "the repository's seeds are missing"
    for text in texts:
        for pos in range(len(text) + 1):
            got = search_before(rx, text, pos, reach)
            want = rx.search(text, max(0, pos - reach), pos)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (
                text,
                pos,
            )


def test_letter_first_alternation_matches_the_plain_alternation():
    entries = lines("address_verbs.txt")
    plain = re.compile(r"(?<![\w’'-])(?:" + alternation(entries) + r")\s+")
    fast = re.compile(letter_first_alternation(entries, r"[\w’'-]") + r"\s+")
    found = 0
    for text in _texts():
        want = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in fast.finditer(text)] == want
        found += len(want)
    assert found > 5  # the texts do hold address verbs


def test_an_unnamed_someone_is_found_wherever_the_search_starts():
    """_introduced_unnamed reads only from the line where the head first stands; the answer is the one a
    search of all the text before gives, at every position of every description head."""
    for text in _texts():
        resolver = Resolver(text, [], [], [])
        heads = {w.lower() for w in re.findall(r"[A-Za-z]+", text) if len(w) > 2}
        for head in sorted(heads)[:60]:
            rx = _indefinite_with_head(head)
            for pos in range(0, len(text) + 1, 7):
                want = any(not resolver.in_quote(m.start()) for m in rx.finditer(text, 0, pos))
                assert resolver._introduced_unnamed(head, pos) == want, (head, pos)


# Text where the media words and pronouns stand at the edges, next to marks and inside other words.
HOSTILE_MEDIA = [
    "He tweeted; she texted.\nIt was on TV: Fox News, an interview with CNN's host, then a podcast",
    "they—We said in a statement I released, it's a Twitter/Facebook post on the blog (iMessage) sms",
    "The spokesman said, the press secretary told; The top aide wrote, “the adviser added",
]


def _windows(text: str, step: int) -> list[tuple[int, int]]:
    """Ranges that start and end at many positions: a match may be cut at either end."""
    n = len(text)
    return [(a, n) for a in range(0, n + 1, step)] + [(0, b) for b in range(0, n + 1, step)]


def test_the_pronoun_pattern_matches_the_plain_one():
    plain = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)\b")
    found = 0
    for text in _texts() + HOSTILE_MEDIA:
        for a, b in _windows(text, 1 if len(text) < 400 else 97):
            want = [m.span() for m in plain.finditer(text, a, b)]
            assert [m.span() for m in candidates._PRONOUN_RE.finditer(text, a, b)] == want, (text[:40], a, b)
            found += len(want)
    assert found > 100


def test_the_description_said_pattern_matches_the_plain_one():
    fast = resolve._DESCRIPTION_SAID
    # The same pattern with the word start checked first, as it was written before it opened with a letter.
    plain = re.compile(r"(?<![\w’'-])([Tt]" + fast.pattern.split("(?<![\\w’'-][Tt])", 1)[1])
    found = 0
    for text in _texts() + HOSTILE_MEDIA:
        for a, b in _windows(text, 1 if len(text) < 400 else 97):
            want = [(m.span(), m.groups()) for m in plain.finditer(text, a, b)]
            assert [(m.span(), m.groups()) for m in fast.finditer(text, a, b)] == want, (text[:40], a, b)
            found += len(want)
    assert found > 3


def test_media_in_finds_what_one_pattern_of_every_medium_finds():
    every = re.compile(
        r"\b(?=" + "|".join(f"(?P<m{i}>{pat})" for i, (_name, pat) in enumerate(cues._MEDIA)) + r")", re.I
    )
    found = 0
    for text in _texts() + HOSTILE_MEDIA:
        for a, b in _windows(text, 3 if len(text) < 400 else 211):
            want = [
                (m.start(), m.end(m.lastgroup), cues._MEDIA[int(m.lastgroup[1:])][0])
                for m in every.finditer(text, a, b)
            ]
            assert cues.media_in(text, a, b) == want, (text[:40], a, b)
            found += len(want)
    assert found > 20
