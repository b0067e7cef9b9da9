"""Text matching for linking: names and quotations compared as editors and readers would.

Names: case, accents and punctuation ignored ("Jöhn Legend." is "john legend"). Quotations:
case, punctuation, quotation marks and ellipses ignored; two wordings are the same statement
when their words are identical (short quotes) or, both having at least 6 words, at least 80%
of the word 4-grams of the shorter appear in the longer, words compared by their skeletons
(no inner vowels or doubled letters, so most typos match).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import chain

MIN_SHINGLE_WORDS = 6
SHINGLE = 4
SHARE = 0.8


def _fold(text: str) -> str:
    if text.isascii():  # nothing to decompose
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    # Most non-ASCII news text only has curly quotes and dashes: look at each distinct character
    # once, not at every character.
    marks = {ord(ch) for ch in set(text) if unicodedata.combining(ch)}
    return (text.translate(dict.fromkeys(marks)) if marks else text).lower()


@lru_cache(maxsize=1 << 18)  # a rebuild in the same process asks again for every local person's
def name_key(name: str) -> str:
    """'John Legend', 'john  legend', 'Jöhn Legend.' -> 'john legend'."""
    return " ".join(re.findall(r"[a-z0-9]+", _fold(name).replace("'", "").replace("\u2019", "")))


def words(text: str) -> list[str]:
    """Words of a quotation for matching: case, marks, punctuation and ellipses ignored."""
    return list(_words(text))


@lru_cache(maxsize=1 << 18)  # a rebuild in the same process asks again for every quote's words
def _words(text: str) -> tuple[str, ...]:
    # Interned: the kept tuples share one string per distinct word.
    return tuple(
        map(sys.intern, re.findall(r"[a-z0-9]+", _fold(text).replace("'", "").replace("\u2019", "")))
    )


def shingles(ws: list[str]) -> set[tuple[str, ...]]:
    """Every run of SHINGLE (4) consecutive words."""
    return set(zip(ws, ws[1:], ws[2:], ws[3:], strict=False))


_VOWELS = re.compile(r"(?<=.)[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)  # words repeat across every quote of a dossier
def skeleton(word: str) -> str:
    """A word without inner vowels and doubled letters: 'famly'/'family', 'ad'/'add' agree."""
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", word))


def same_statement(
    a: list[str], b: list[str], sa: set[tuple[str, ...]] | None = None, sb: set[tuple[str, ...]] | None = None
) -> bool:
    """``sa``, ``sb``: the words' ``skeleton_shingles`` when the caller has them already."""
    if a == b:
        return bool(a)
    if min(len(a), len(b)) < MIN_SHINGLE_WORDS:
        return False
    # Typos rarely survive skeletons, so a misspelt word doesn't break four 4-grams.
    sa = skeleton_shingles(a) if sa is None else sa
    sb = skeleton_shingles(b) if sb is None else sb
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(small & large) >= SHARE * len(small)


def skeleton_shingles(ws: list[str]) -> set[tuple[str, ...]]:
    return shingles(list(map(skeleton, ws))) if len(ws) >= MIN_SHINGLE_WORDS else set()


class StatementIndex:
    """Finds the earlier statements that ``same_statement`` would match, without comparing with all.

    Keys are any ints the caller chooses. Long statements are found through shared 4-grams,
    short ones through their exact words; the result is exactly the keys same_statement accepts.
    Keys with the same words share one entry (a *form*): a statement printed in many articles
    is counted once per 4-gram, not once per printing.
    """

    def __init__(self) -> None:
        self.by_shingle: dict[tuple[str, ...], list[int]] = defaultdict(list)  # 4-gram -> forms
        self.form_of: dict[tuple[str, ...], int] = {}  # words -> form
        self.keys_of: list[list[int]] = []  # form -> its keys
        self.needs: list[float] = []  # form -> the shared 4-grams it needs as the shorter one

    def add(self, key: int, ws: list[str], sh: set[tuple[str, ...]] | None = None) -> None:
        """``sh``: the words' ``skeleton_shingles`` when the caller has them already."""
        words = tuple(ws)
        form = self.form_of.get(words)
        if form is None:
            sh = skeleton_shingles(ws) if sh is None else sh
            form = self.form_of[words] = len(self.keys_of)
            self.keys_of.append([])
            self.needs.append(SHARE * len(sh))
            by_shingle = self.by_shingle
            for s in sh:
                by_shingle[s].append(form)
        self.keys_of[form].append(key)

    def matches(self, ws: list[str], sh: set[tuple[str, ...]] | None = None) -> list[int]:
        same = self.form_of.get(tuple(ws)) if ws else None
        forms = [] if same is None else [same]
        sh = skeleton_shingles(ws) if sh is None else sh
        if sh:
            get = self.by_shingle.get
            shared = Counter(chain.from_iterable(get(s, ()) for s in sh))
            # n >= SHARE * min(len(sh), size) is n >= SHARE * len(sh) or n >= SHARE * size; a
            # form found through a 4-gram has some. (One comprehension: most share one 4-gram.)
            need, needs = SHARE * len(sh), self.needs
            forms += [form for form, n in shared.items() if n >= need or n >= needs[form]]
        keys_of = self.keys_of
        return sorted(set(chain.from_iterable(keys_of[form] for form in forms)))
