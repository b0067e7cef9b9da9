"""The faster searches of extraction find exactly what the plain ones find, on the seed articles and on
hostile text written for these tests (long words, runs of spaces, marks, text that starts with a cue)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.extract import antecedents, candidates, mentions
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
