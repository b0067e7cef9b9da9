"""Word lists as data files (``dossier/extract/data/``), loaded once.

Each file's first lines are ``#`` comments saying what it holds and where it came
from; the rest is one entry a line. Verbs are listed by lemma and their forms are
generated here, so a verb is added once, not four times.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_DATA = files(__package__) / "data"


@cache
def lines(name: str) -> tuple[str, ...]:
    """The entries of data/NAME.txt (or .tsv): stripped, no comments, no blank lines."""
    path = _DATA / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.startswith("#") else ""
        if line.strip():
            out.append(line.strip())
    return tuple(out)


@cache
def words(name: str) -> frozenset[str]:
    """data/NAME.txt as a set of lower-case entries (several per line allowed, space-separated)."""
    return frozenset(w for line in lines(name + ".txt") for w in line.split())


_VOWELS = set("aeiou")


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


def _past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _gerund(lemma: str, past: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    # A doubled final consonant in the past ("quipped") doubles before -ing too ("quipping").
    if past == lemma + lemma[-1] + "ed":
        return lemma + lemma[-1] + "ing"
    return lemma + "ing"


def verb_forms(lemma: str, past: str = "", participle: str = "", keep: str = "") -> dict[str, str]:
    """The forms of a verb by name: base, s, ed (past), en (participle), ing.

    ``past``/``participle`` override the regular forms ("said", "written"); ``keep``
    lists the forms to keep (comma-separated names) when some are too ambiguous to
    be a cue ("post" and "posts" are nouns too, "posted" is not)."""
    past = past or _past(lemma)
    forms = {
        "base": lemma,
        "s": _third_person(lemma),
        "ed": past,
        "en": participle or past,
        "ing": _gerund(lemma, past),
    }
    if keep:
        wanted = set(keep.split(","))
        forms = {k: v for k, v in forms.items() if k in wanted}
    return forms


@cache
def verbs(name: str, verb_class: str | None = None) -> frozenset[str]:
    """Every form of the verbs in data/NAME.tsv (lemma, class, past, participle, forms kept), optionally
    only those of one class."""
    out: set[str] = set()
    for line in lines(name + ".tsv"):
        cols = line.split("\t") + [""] * 5
        lemma, cls, past, participle, keep = (c.strip() for c in cols[:5])
        if verb_class is None or cls == verb_class:
            out.update(verb_forms(lemma, past, participle, keep).values())
    return frozenset(out)


def alternation(entries) -> str:
    """The entries as one regex alternation, escaped, longest first (so "wrote to" wins over "wrote")."""
    return "|".join(sorted(map(re.escape, entries), key=len, reverse=True))


def letter_first_alternation(entries, not_before: str) -> str:
    """The entries as one alternation, longest first, that opens with a literal letter: the regex engine
    then skips in C to the next of their first letters instead of trying every position. The word start
    (no ``not_before`` character right before the entry) is checked after that letter; ``not_before`` is
    a one-character class such as ``[\\w-]``. Same matches as ``(?<!not_before)(?:alternation(entries))``."""
    groups = []
    for c in sorted({e[0] for e in entries}):
        rest = sorted({e[1:] for e in entries if e[0] == c}, key=len, reverse=True)
        groups.append(f"{re.escape(c)}(?<!{not_before}.)(?:" + "|".join(map(re.escape, rest)) + ")")
    return "(?:" + "|".join(groups) + ")"
