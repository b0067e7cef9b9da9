"""Person mentions inside one article, grouped into LocalPersons (one per individual).

Rules, no model: a capitalised word sequence is a person's name when its first
word is a known first name (gender-guesser's list), when a personal title
precedes it (Mr., Sen., Gov.), or when it sits next to a speech verb. Sequences
holding an organisation or place word ("Church", "City", "News"), digits, or an
all-capitals acronym are not people. Later surnames, first names, initials
("JL" for John Legend), possessives ("Legend's") and @handles link back to the
person whose name contains them; appositions ("Legend's wife, Chrissy Teigen,")
give a person descriptions that attribution can resolve later.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import LocalPerson, Mention
from .backward import search_before
from .cues import SPEECH_WORDS
from .lexicon import words
from .places import is_place, is_region

# Inside a name's word: letters, apostrophes, hyphens, and what mis-encoded text leaves in its letters
# (combining accents, C1 control characters, Latin-1 signs: "JesÃ\x83Âos" and "BasÃ\x83Â¡Ã\x83Â±ez" are one
# word each; ``repair`` fixes what they show).
_IN_WORD = r"[\w\u0300-\u036f\u0080-\u009f\u00a1-\u00bf’'-]"
# A capitalised token: a word, an initial ("F."), or an abbreviated title ("Sen.").
_CAP = rf"(?:(?:al|el)-[A-Z]{_IN_WORD}*|(?:[A-Z]\.){{2,}}(?=\s)|[A-Z][a-z]{{0,3}}\.(?=\s)|[A-Z](?:{_IN_WORD}*\w)?)"
# The first token is _CAP with its lookbehind moved after the first letter, so the regex engine can skip
# ahead to the next capital letter instead of trying the lookbehind at every position (same matches).
_NAME_SEQ = re.compile(
    rf"[A-Z](?<![\w@#/.&-][A-Z])(?:[a-z]{{0,3}}\.(?=\s)|(?:{_IN_WORD}*\w)?)"
    rf"(?:[ \u00a0]+(?:(?:of|the|de|van|von|da|del|der|la|le|bin|al|el)[ \u00a0]+)?{_CAP})*"
)
# Starts with the literal "@" (its lookbehind after it) so the regex engine can skip to each "@".
_HANDLE = re.compile(r"@(?<![\w@]@)([A-Za-z_][A-Za-z0-9_]{1,30})")
_POSSESSIVE_TAIL = re.compile(r"^[’']s?$")

TITLES = words("titles")
_TITLE_STEMS = frozenset(t.rstrip(".") for t in TITLES)
# Titles that end a place or party prefix inside a capitalised run ("Ohio Governor John Kasich").
_OFFICE_TITLES = words("office_titles")
_GENDERED_TITLES = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "father": "m",
    "brother": "m",
    "congressman": "m",
    "chairman": "m",
    "spokesman": "m",
    "actor": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "sister": "f",
    "congresswoman": "f",
    "chairwoman": "f",
    "spokeswoman": "f",
    "actress": "f",
}
# Words that make a capitalised sequence an organisation, place, event or work.
NON_PERSON_WORDS = words("non_person_words")
# Title words that make no one a person by themselves ("Republican National Committeeman").
_TITLE_MODIFIERS = words("title_modifiers")
# Lower-case words before a run that make it a place, thing or group ("the Aral Sea", "at Sandy Hook"),
# and nouns that announce an organisation ("newspaper Correio de Manha", "company, Diamond Shamrock").
_NO_NAME_BEFORE = words("no_name_before")
_ORGANISATION_NOUNS = words("organisation_nouns")
_ORGANISATION_HEADS = words("organisation_heads")
_PREV_WORD = re.compile(r"([a-z]+)(,?)[ \u00a0]+$")
# A brand's inner capital ("EgyptAir", "TheBlaze"), not a surname's ("McCain", "DeSantis", "LaHood").
# (A capital with a combining accent after it is a decomposed letter such as "Ã", not a second word.)
_INNER_CAPITAL = re.compile(r"^(?!Mc|Mac|De|Di|Da|Du|La|Le|Van|Von)[A-Z][a-z]+[A-Z](?![\u0300-\u036f])")
# A role noun ("Committeeman", "Anchorwoman") after an organisation or place before a name.
_ROLE_ENDINGS = ("man", "woman", "person")
# "I’m", "We’re", "Don’t": a sentence's first words, never a name.
_CONTRACTION = re.compile(r"^[A-Z][a-z]*[’'](?:m|re|ve|ll|d|t|s)$")
# "mused Blaze co-host Stu Burguiere": a word then a lower-case noun then a name modifies the noun.
_MODIFIER_OF_NOUN = re.compile(r"[ \u00a0]+[a-z][\w-]*[ \u00a0]+[A-Z]")
# "Oscar-winner", "Texas-based": a description written as one word.
_HYPHEN_DESCRIPTION = re.compile(r"^[A-Z][\w’']*-[a-z]")
# Capitalised words that start sentences or headlines but are not names.
COMMON_CAPITALISED = words("common_capitalised")
DESCRIPTION_GENDER = re.compile(
    r"\b(?:(?P<f>wife|mother|daughter|sister|woman|girl|girlfriend|actress|queen|grandmother|aunt|"
    r"niece|lady|chairwoman|spokeswoman|congresswoman|businesswoman|widow|mom|bride)|"
    r"(?P<m>husband|father|son|brother|man|boy|boyfriend|actor|king|grandfather|uncle|nephew|"
    r"chairman|spokesman|congressman|businessman|widower|dad|groom))\b",
    re.I,
)
# An apposition naming a description and a name next to each other:
# "Legend's wife, Chrissy Teigen," / "Chrissy Teigen, Legend's wife,".
_DESC = r"(?:(?:the|a|an|his|her|their)|[A-Z][\w-]*[’']s)\s+(?:[\w-]+\s+){0,5}?[a-z][\w-]*"
_APPOS_DESC_FIRST = re.compile(rf"(?<![\w’'])({_DESC}),\s+(?=[A-Z])")
_APPOS_DESC_FIRST_END = re.compile(rf"(?<![\w’'])({_DESC}),\s+$")
_APPOS_NAME_FIRST = re.compile(rf",\s+({_DESC})(?=[,.;]|\s+(?:who|said|says|told)\b)")


# Set by dossier.publish.cache: gives the same detector from a pickled copy (0.05 s instead of 0.4 s).
# (typed: compiled by mypyc, a global inferred as None could hold nothing else)
load_detector: Callable[[], Any] | None = None


@lru_cache(maxsize=1)
def _detector():
    # Loaded once, on first use: reading its name list costs ~0.4 s.
    if load_detector is not None:
        return load_detector()
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


@lru_cache(maxsize=8192)
def sure_first_name_gender(token: str) -> bool:
    """The name list calls the first name male or female without "mostly" ("Bernie" is mostly female
    there, "Lindsey" too): only then does the name outweigh what the article's pronouns say."""
    return first_name_gender(token) in ("m", "f") and _detector().get_gender(token) in ("male", "female")


@lru_cache(maxsize=8192)
def first_name_gender(token: str) -> str | None:
    """'m', 'f', 'u' (a first name of either sex) or None (not a known first name)."""
    if len(token) < 2 or not token[0].isupper() or not token.isalpha():
        return None
    g = _detector().get_gender(token)
    if g in ("male", "mostly_male"):
        return "m"
    if g in ("female", "mostly_female"):
        return "f"
    if g == "andy":
        return "u"
    return None


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    tokens: list[tuple[int, int, str]]  # name tokens (start, end, text)
    title: str | None  # a personal title right before the name
    possessive: bool
    prefix: str | None = None  # words glued before the name that describe them ("DNC Chair")

    # Written out: mypyc compiles an __init__ in the source, not the one @dataclass generates (interpreted).
    def __init__(
        self,
        start: int,
        end: int,
        tokens: list[tuple[int, int, str]],
        title: str | None,
        possessive: bool,
        prefix: str | None = None,
    ) -> None:
        self.start, self.end, self.tokens, self.title = start, end, tokens, title
        self.possessive, self.prefix = possessive, prefix


def _tokens(raw: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", raw[start:end])]


def _strip_possessive(tok: str) -> tuple[str, bool]:
    for tail in ("’s", "'s", "’", "'"):
        if tok.endswith(tail) and len(tok) > len(tail):
            return tok[: -len(tail)], True
    return tok, False


_TOKEN = re.compile(r"[^ \u00a0]+")
_DIGIT = re.compile(r"\d")
_ABBREV_OR_TITLE = _TITLE_STEMS | {"jr", "sr", "st", "ft", "mt", "co", "inc", "corp", "ltd", "bros", "no"}
_CONNECTORS = frozenset(["of", "the"])


_SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])
# Where a sentence starts: capitals there say nothing about a word being a name.
_OPENERS = frozenset("\"“‘'([—–-")
_INITIAL = re.compile(r"[A-Z]\.(?:[A-Z]\.)*$")


# A word of 3+ letters and a period, then a space and a capital: a sentence ends there ("Cruz. Senator"),
# unless the word is an abbreviation or title ("Mrs. Clinton", "Gov. Kasich").
_PERIOD_IN_RUN = re.compile(r"([A-Za-z]{3,})\.[ \u00a0]+(?=[A-Z])")


def _sentence_end_in_run(g: str) -> re.Match | None:
    if "." not in g:
        return None
    for m in _PERIOD_IN_RUN.finditer(g):
        if m.group(1).lower() not in _ABBREV_OR_TITLE:
            return m
    return None


_POSSESSIVE_WORD = re.compile(r"(?<![^ \u00a0])[A-Za-z][^ \u00a0]*?(?:[’']s|s[’'])(?=[ \u00a0]+[A-Z])")


def _after_possessive_in_run(g: str) -> tuple[int, int] | None:
    """(end of the owner, start of the rest) when a word inside the run ends in a possessive and
    capitalised words follow ("Twitter's Adam Sharp": the owner, then the person it is said of)."""
    m = _POSSESSIVE_WORD.search(g)
    if m is None:
        return None
    rest = m.end() + len(g[m.end() :]) - len(g[m.end() :].lstrip(" \u00a0"))
    return m.end(), rest


def _sentence_initial(raw: str, floor: int, i: int) -> bool:
    """raw[i] starts a sentence: the span's start, or after . ! ? : (an opening mark may come between)."""
    j = i
    while j > floor and (raw[j - 1] in " \u00a0" or raw[j - 1] in _OPENERS):
        j -= 1
    if j <= floor:
        return True
    prev = raw[j - 1]
    if prev in "”’\"'" and j - 1 > floor:
        prev = raw[j - 2]
    return prev in ".!?:;"


def _is_first_name(tok: str) -> bool:
    return first_name_gender(tok) in ("m", "f")


_CAPITAL_PRONOUNS = frozenset(["He", "She", "It", "They", "We", "His", "Her", "Its", "Their", "Our"])


def _run_words(raw: str, ms: int, g: str) -> tuple[list[tuple[int, int, str]], bool]:
    """A multi-word run's words, cut where a sentence ends inside it and at a possessive."""
    words = []
    off = ms
    for part in g.replace("\u00a0", " ").split(" "):
        if part:
            words.append((off, off + len(part), part))
        off += len(part) + 1
    for k, (ws, we, wt) in enumerate(words):
        # "… Ted Cruz. Trump said", "… at Sandy Hook.": a sentence ends inside the run or at its
        # end (not "Gov." or "J.").
        stem = wt[:-1]
        if wt[-1] == "." and len(wt) > 2 and stem.isalpha() and stem.lower() not in _ABBREV_OR_TITLE:
            words = words[:k] + [(ws, we - 1, stem)]
            break
        if k and wt in _CAPITAL_PRONOUNS:
            words = words[:k]  # "in Washington D.C. He recalled": a pronoun is never part of a name
            break
    # A name ends at a possessive: "Legend's wife" -> "Legend".
    possessive = False
    for i, (ws, _we, wt) in enumerate(words):
        if wt[-1] in "s’'":
            base, poss = _strip_possessive(wt)
            if poss:
                words = words[:i] + [(ws, ws + len(base), base)]
                possessive = True
                break
    return words, possessive


class _RunContext:
    """What the article's other capitalised runs say about a word: is it used as a name elsewhere
    (capitalised where a capital means something: not first in a sentence), and which names of two or
    more words recur. Both come from the article itself, no word list."""

    def __init__(
        self, raw: str, runs: list[tuple[int, str, bool]], lone: dict[str, list[int]], floors: dict[int, int]
    ):
        self.raw = raw
        self.runs = runs
        self.lower: dict[str, bool] = {}
        self.words = {ms: _run_words(raw, ms, g) for ms, g, _initial in runs}  # run start -> its words
        # One-word runs: where each word stands; whether one is mid-sentence is asked only when needed.
        self.lone = lone
        self.floors = floors  # run start -> its span's start
        self._named: set[str] | None = None
        self._tails: dict[str, int] | None = None

    def _index(self) -> tuple[set[str], dict[str, int]]:
        """Built on the first question: most articles never ask one."""
        named: set[str] = set()
        tails: dict[str, int] = {}
        for ms, _g, initial in self.runs:
            toks = [t for _s, _e, t in self.words[ms][0]]
            named.update(toks[1:] if initial else toks)
            for k in range(len(toks) - 1):
                tail = " ".join(toks[k:])
                tails[tail] = tails.get(tail, 0) + 1
        self._named, self._tails = named, tails
        return named, tails

    def is_named(self, tok: str) -> bool:
        """The word stands capitalised somewhere not first in a sentence: a name, not a sentence's
        first word ("Despite")."""
        named = self._index()[0] if self._named is None else self._named
        if tok in named:
            return True
        return any(not _sentence_initial(self.raw, self.floors[i], i) for i in self.lone.get(tok, ()))

    def recurs(self, toks: list[str]) -> bool:
        """This name of 2+ words also stands in another run of the article."""
        tails = self._index()[1] if self._tails is None else self._tails
        return tails.get(" ".join(toks), 0) >= 2

    def common_noun(self, tok: str) -> bool:
        """The word is written in lower case somewhere in the article ("billionaire")."""
        low = tok.lower()
        if low not in self.lower:
            raw, n = self.raw, len(low)
            i = raw.find(low)
            hit = False
            while i >= 0 and not hit:
                hit = _word_at(raw, i, n)
                i = raw.find(low, i + 1)
            self.lower[low] = hit
        return self.lower[low]


def _descriptive(ctx: _RunContext, tok: str) -> bool:
    """A word glued before a name that describes rather than names: a common noun of the article, a
    title, an organisation or place word, a place, an acronym ("DNC")."""
    low = tok.lower().rstrip(".")
    return (
        bool(_HYPHEN_DESCRIPTION.match(tok))
        or low in _TITLE_STEMS
        or low in COMMON_CAPITALISED
        or _is_acronym(tok)
        or is_region(tok)
        or ctx.common_noun(tok)
    )


_FUNCTION_WORDS = words("function_words")
_VERB_ENDINGS = ("ing", "ed")


def _not_a_name(ctx: _RunContext, tok: str) -> bool:
    """A sentence's first word that is no name: a function word ("Despite", "Whether"), a gerund or
    participle ("Bashing"), a word the article writes in lower case, a sentence opener ("After"). An
    unknown first name ("Rakeyia Scott") is none of these."""
    low = tok.lower()
    return (
        low in _FUNCTION_WORDS
        or low in COMMON_CAPITALISED
        or (low.endswith(_VERB_ENDINGS) and len(low) > 5)
        or ctx.common_noun(tok)
    )


def _name_start(ctx: _RunContext, name: list[tuple[int, int, str]], initial: bool) -> int:
    """Index of the word a name really starts at, dropping words glued before it: a sentence's first
    word that the article never uses as a name ("Despite Trump", "Whether Donald Trump"), descriptions
    before a first name ("Billionaire Donald Trump", "Crooked Hillary Clinton"), and a place before a
    name ("Wisconsin Trump")."""
    toks = [t for _s, _e, t in name]
    i = 0
    while i < len(toks) - 1 and (_HYPHEN_DESCRIPTION.match(toks[i]) or _CONTRACTION.match(toks[i])):
        i += 1
    if (
        i == 0
        and initial
        and len(toks) >= 2
        and not ctx.is_named(toks[0])
        and not _is_first_name(toks[0])
        and not _INITIAL.match(toks[0])
        and _not_a_name(ctx, toks[0])
    ):
        i = 1
    # A first name after other words starts the name when the shorter name recurs in the article
    # or the words before it describe.
    for j in range(i + 1, len(toks) - 1):
        if not _is_first_name(toks[j]):
            continue
        before = toks[i:j]
        if any(_is_first_name(t) or _INITIAL.match(t) for t in before):
            break
        # "Engineer Anna Kowalski" first in a sentence: an unknown word before a first name and a
        # surname describes.
        if ctx.recurs(toks[j:]) or all(_descriptive(ctx, t) for t in before) or (initial and j == 1):
            return j
        break
    # A region, an organisation's acronym or a role noun glued before a name: "Wisconsin Trump",
    # "North Dakota RNC Committeeman Curly Haugland" (titles are split already).
    while True:
        if len(toks) - i >= 3 and is_region(f"{toks[i]} {toks[i + 1]}"):
            i += 2
        elif _glued_word(toks, i):
            i += 1
        else:
            return i


def _glued_word(toks: list[str], i: int) -> bool:
    """toks[i] is a region, an acronym or a role noun glued before the name that follows it."""
    left = len(toks) - i
    tok = toks[i]
    return (
        (left >= 2 and is_region(tok) and not _is_first_name(tok))
        or (left >= 3 and _is_acronym(tok))
        or (left >= 3 and i > 0 and tok.endswith(_ROLE_ENDINGS))
    )


def _candidates(
    raw: str,
    spans: list[tuple[int, int]],
    skip: Sequence[tuple[int, int]] = (),
    orgs: list[tuple[int, int]] | None = None,
) -> list[_Cand]:
    """Capitalised sequences split into (title, name tokens), org/place sequences dropped.

    This runs on every capitalised word of an article, so the common single-word case
    ("The", "Legend's") takes a short path of set lookups. Runs inside ``skip`` (credit lines) are
    left out.
    Runs that name an organisation are added to ``orgs`` when given.
    """
    out: list[_Cand] = []
    common, non_person, title_stems = COMMON_CAPITALISED, NON_PERSON_WORDS, _TITLE_STEMS
    single: dict[str, tuple[str, bool] | None] = {}  # one-word run -> (name, possessive), or None: no name
    runs: list[tuple[int, str, bool]] = []  # runs of several words: (start, text, first in its sentence)
    lone: dict[str, list[int]] = {}  # one-word runs that may be names -> where they stand
    floors: dict[int, int] = {}  # a one-word run's start -> its span's start

    def one_word(ms: int, g: str, floor: int) -> None:
        if g in single:
            verdict = single[g]
        else:
            base, possessive = _strip_possessive(g) if g[-1] in "s’'" else (g, False)
            low = base.lower().rstrip(".")
            bad = low in common or low in non_person or _DIGIT.search(base) or _CONTRACTION.match(base)
            verdict = single[g] = None if bad else (base, possessive)
        if verdict is not None:
            base = verdict[0]
            out.append(_Cand(ms, ms + len(base), [(ms, ms + len(base), base)], None, verdict[1]))
            lone.setdefault(base, []).append(ms)
            floors[ms] = floor

    unnamed: dict[str, list[_Cand]] = {}  # names with no title, description or possessive
    votes: dict[str, Counter] = defaultdict(
        Counter
    )  # name -> what the words before it say (see _name_context)
    # Credit zones merged and sorted: runs come in text order, so one pointer walks them.
    zones: list[list[int]] = []
    for a, b in sorted(skip):
        if zones and a <= zones[-1][1]:
            zones[-1][1] = max(zones[-1][1], b)
        else:
            zones.append([a, b])
    z = 0
    for s, e in spans:
        for m in _NAME_SEQ.finditer(raw, s, e):
            ms = m.start()
            if zones:
                while z < len(zones) and zones[z][1] <= ms:
                    z += 1
                if z < len(zones) and zones[z][0] <= ms:
                    continue
            g = m.group()
            if " " not in g and "\u00a0" not in g:
                if single.get(g, g) is not None:  # a word already judged no name is passed over here
                    one_word(ms, g, s)
                continue
            initial = _sentence_initial(raw, s, ms)
            # "… Mr. Cruz. Senator Marco Rubio of Florida": a sentence ends inside the run; the rest
            # is a run of its own, first in its sentence.
            cut = _sentence_end_in_run(g)
            while cut is not None:
                runs.append((ms, g[: cut.end(1) + 1], initial))
                skipped = cut.end()
                ms, g, initial = ms + skipped, g[skipped:], True
                cut = _sentence_end_in_run(g)
            # "The Washington Post's Ed O'Keefe": the name after an owner's possessive is a run of its own.
            owned = _after_possessive_in_run(g)
            if owned is not None:
                head_end, rest = owned
                runs.append((ms, g[:head_end], initial))  # the owner, as the whole run was read before
                ms, g, initial = ms + rest, g[rest:], False
            if " " in g or "\u00a0" in g:
                runs.append((ms, g, initial))
            else:
                one_word(ms, g, s)
    ctx = _RunContext(raw, runs, lone, floors)
    for ms, _g, initial in runs:
        words, possessive = ctx.words[ms]
        if not initial and not possessive and _the_named_thing(words):
            if orgs is not None:
                orgs.append((words[0][0], words[-1][1]))  # "the editors of The Advocate"
            continue
        title = None
        i = 0
        # "Massachusetts Sen. Elizabeth Warren", "DNC Chair Debbie Wasserman Schultz": words, then a title.
        for k in range(len(words) - 2, 0, -1):
            w = words[k][2].lower()
            if (
                w.rstrip(".") in title_stems
                and (
                    w.endswith(".")
                    or w in _OFFICE_TITLES
                    or _is_first_name(words[k + 1][2])
                    or all(_descriptive(ctx, t) for _s, _e, t in words[:k])  # "RNC Chairman Reince Priebus"
                    # "Republican National Committee Chairman Reince Priebus": an organisation's officer.
                    or any(t.lower() in non_person for _s, _e, t in words[:k])
                )
            ):
                title, i = w, k + 1
                break
        while i < len(words) - 1 and words[i][2].lower().rstrip(".") in title_stems:
            title = words[i][2].lower()
            i += 1
            # "Secretary of State John Kerry": the "of X" belongs to the title.
            if i < len(words) - 2 and words[i][2] in _CONNECTORS:
                i += 2
        name = words[i:]
        if not name:
            continue
        lowered = [w[2].lower().rstrip(".") for w in name]
        of_at = (
            None
            if _CONNECTORS.isdisjoint(lowered)
            else next(n for n, w in enumerate(lowered) if w in _CONNECTORS)
        )
        if of_at is not None:
            # "Charles B. Rangel of New York", "Mr. Morgan of the Sierra Club": the name ends at "of";
            # "Bank of America" (one untitled word before "of") is no person.
            if of_at == 0 or (title is None and of_at < 2):
                if orgs is not None and _organisation_before_of(lowered):
                    orgs.append(_organisation_span(words))  # "The Association of Rail Workers"
                continue
            name, lowered = name[:of_at], lowered[:of_at]
        if title is None or title.rstrip(".") in _TITLE_MODIFIERS:
            j = _name_start(ctx, name, initial and title is None)
            if j:
                name, lowered = name[j:], lowered[j:]
        # An organisation or place word makes it no person, except a first name's ("Bill Clinton").
        judged = lowered[1:] if len(name) >= 2 and _is_first_name(name[0][2]) else lowered
        if not non_person.isdisjoint(judged):
            if orgs is not None and lowered[-1] in _ORGANISATION_HEADS:
                orgs.append(_organisation_span(words))  # "Democratic National Committee"
            continue
        if _DIGIT.search(raw, name[0][0], name[-1][1]):
            continue
        if len(name) >= 2 and any(_is_acronym(t) and t not in _ROMAN for _s, _e, t in name[1:]):
            # "Priorities USA Action", "America Rising PAC": an acronym inside names no person.
            if orgs is not None:
                orgs.append((name[0][0], name[-1][1]))
            continue
        if len(name) == 1 and lowered[0] in common:
            continue
        if lowered[0] in common:
            # Sentence-initial "The", "After": drop it and keep the rest.
            name = name[1:]
            if not name:
                continue
        text = " ".join(t for _s, _e, t in name)
        if len(name) >= 2 and is_place(text):
            continue  # "Des Moines", "North Carolina"
        toks = [t for _s, _e, t in name]
        if any(map(_INNER_CAPITAL.match, toks)) or any(map(_HYPHEN_DESCRIPTION.match, toks[:-1])):
            continue  # "EgyptAir", "Oscar-winner Sarandon" (not "Ban Ki-moon")
        last = name[-1][2]
        if len(name) >= 2 and last.endswith("s") and ctx.common_noun(last):
            continue  # "Private Jet Services": the article writes "services" too

        first = words[0][0]
        prefix = raw[first : name[0][0]].strip() if name[0][0] > first else None
        if prefix and all(w.lower().rstrip(".") in title_stems for w in prefix.split()):
            prefix = None  # "Vice President", "Sen.": a title, kept as the title, not as a description
        cand = _Cand(name[0][0], name[-1][1], name, title, possessive, prefix or None)
        if len(name) >= 2 and title is None and not prefix and not possessive:
            unnamed.setdefault(text, []).append(cand)
            votes[text][_name_context(raw, first, _is_first_name(name[0][2]))] += 1
            continue
        votes[text]["person"] += 1
        out.append(cand)
    # A run of several words that the article writes as a place, thing or group ("the Aral Sea",
    # "the Sandy Hook shooter", "newspaper Correio de Manha") more often than as a person names no one.
    # After a place preposition a run starting with a first name tells nothing ("at Sandy Hook").
    for text, cands in unnamed.items():
        v = votes[text]
        if v["person"] >= v["thing"] + v["organisation"]:
            out.extend(cands)
        elif orgs is not None and v["organisation"] > 0:
            orgs.extend((c.start, c.end) for c in cands)  # "newspaper Correio de Manha"
    out.sort(key=lambda c: c.start)
    return out


_DETERMINERS = frozenset(["a", "an", "the", "other"])
_ROMAN = frozenset(["II", "III", "IV", "VI", "VII", "VIII"])


def _organisation_before_of(lowered: list[str]) -> bool:
    """An organisation's head word before the run's "of": "Association of …", "Department of Justice"."""
    if "of" not in lowered:
        return False  # "The New York Times" first in a sentence: left as it was
    return any(w in _ORGANISATION_HEADS for w in lowered[: lowered.index("of")])


def _the_named_thing(words: list[tuple[int, int, str]]) -> bool:
    """A capital "The" inside a sentence opens the name of a thing, never a person's: "The Advocate",
    "The Hill" (a publication or organisation); not a place ("The Hague") nor a nickname built on a
    first name ("The Donald")."""
    if len(words) < 2 or words[0][2] != "The" or _is_first_name(words[1][2]):
        return False
    return not is_place(" ".join(t for _s, _e, t in words[1:]))


def _organisation_span(words: list[tuple[int, int, str]]) -> tuple[int, int]:
    """The run without a sentence's first word ("The Democratic National Committee")."""
    k = 0
    while k < len(words) - 1 and words[k][2].lower() in COMMON_CAPITALISED:
        k += 1
    # "Hilary Clinton-run State Department": a name and "-run", "-led" before it say who runs it.
    modifier = [j for j in range(k, len(words) - 1) if _HYPHEN_MODIFIER.search(words[j][2])]
    if modifier:
        k = modifier[-1] + 1
    return words[k][0], words[-1][1]


# A word whose part after a hyphen is lower case: a modifier ("Clinton-run", "GOP-led"), not a name's
# part ("Coca-Cola", "al-Sharia").
_HYPHEN_MODIFIER = re.compile(r"\w-[a-z]+$")


def _name_context(raw: str, start: int, first_name: bool) -> str | None:
    """What the word before a run says it is: "thing" after a determiner ("the Aral Sea"), or after a
    place preposition when the run starts with no first name ("in Des Moines"); "organisation" after an
    organisation noun ("newspaper Correio de Manha"); None (no telling) after a place preposition
    before a first name ("results in John Kasich", "at Sandy Hook"); "person" otherwise."""
    m = search_before(_PREV_WORD, raw, start, 30)
    if m is None:
        return "person"
    word = m.group(1)
    if word in _ORGANISATION_NOUNS:
        return "organisation"
    if m.group(2) or word not in _NO_NAME_BEFORE:
        return "person"
    if word in _DETERMINERS or not first_name:
        return "thing"
    return None


def _is_acronym(tok: str) -> bool:
    return len(tok) >= 2 and tok.isupper() and tok.isalpha()


# Matched at a position (re.match with pos): no "^", which would only match at the text's start.
_SPEECH_NEAR = re.compile(r"\s*,?\s*(\w+)")


# After a name: ", who …" or an age (", 62,"); before it: a lower-case title ("spokesman Brian Fallon",
# "newspaper editor M. Stanton Evans").
_PERSON_AFTER = re.compile(r",[ \u00a0]+(?:who\b|whose\b|\d{1,3}(?:,|$|\.|[ \u00a0]))")
_WORD_BEFORE = re.compile(r"([a-z]+)[ \u00a0]+$")


def _person_cue(raw: str, start: int, end: int) -> bool:
    """The words around a capitalised run say it is a person."""
    if _PERSON_AFTER.match(raw, end, min(len(raw), end + 8)):
        return True
    m = _WORD_BEFORE.search(raw, max(0, start - 30), start)
    return m is not None and m.group(1) in _TITLE_STEMS and m.group(1) not in _TITLE_MODIFIERS


def _near_speech(raw: str, start: int, end: int) -> bool:
    """True when a speech verb is right before ("said Caddell") or after ("Caddell said")."""
    after = _SPEECH_NEAR.match(raw, end, min(len(raw), end + 40))
    if after and after.group(1).lower() in _OUTLET_VERBS:
        return False  # "Politico reported": outlets report
    if after and after.group(1).lower() in SPEECH_WORDS:
        # "Try telling people…", "Stop saying…": a gerund straight after a word is its object,
        # not a speaker's verb (a speaker's participle takes a comma: "Smith, saying…").
        return not (after.group(1).lower().endswith("ing") and "," not in after.group(0))
    before = raw[max(0, start - 20) : start].split()
    if not before:
        return False
    verb = before[-1].lower().strip(",")
    # "said Caddell" names a speaker; "told Yahoo", "asked CNN" name whom they spoke to; in "mused
    # Blaze co-host Stu Burguiere" the speaker is the name after the noun.
    return (
        verb in SPEECH_WORDS
        and verb not in _ADDRESSING_VERBS
        and not _MODIFIER_OF_NOUN.match(raw, end, min(len(raw), end + 40))
    )


_OUTLET_VERBS = frozenset(["reported", "reports", "reporting", "published", "publishes"])
_ADDRESSING_VERBS = frozenset(["told", "tell", "tells", "telling", "asked", "ask", "asks", "asking"])
_PLACE_WORDS = frozenset(["in", "from", "across", "throughout", "into", "of", "to"])
_WHERE_WORDS = _PLACE_WORDS - {"of", "to"}  # words that put only places after them
_WORDISH = re.compile(r"[\w’'-]")


def _word_at(raw: str, i: int, n: int) -> bool:
    """raw[i:i+n] is a whole word (no word character or ’ ' - on either side)."""
    return (i == 0 or not _WORDISH.match(raw[i - 1])) and (
        i + n >= len(raw) or not _WORDISH.match(raw[i + n])
    )


class _TextWords:
    """Questions about the whole text for lone names, answered by str.find (no regex pass over the text)."""

    def __init__(self, raw: str):
        self.raw = raw

    def has_lower(self, low: str) -> bool:
        """The word occurs in lower case somewhere ("analysts")."""
        raw, n = self.raw, len(low)
        i = raw.find(low)
        while i >= 0:
            if _word_at(raw, i, n):
                return True
            i = raw.find(low, i + 1)
        return False

    def after_place_word(self, tok: str, place_words: frozenset[str]) -> bool:
        """The word follows one of place_words (in/from/to …) somewhere ("in Syria")."""
        raw, n = self.raw, len(tok)
        i = raw.find(tok)
        while i >= 0:
            if i + n >= len(raw) or not (raw[i + n].isalnum() or raw[i + n] == "_"):
                j = i
                while j > 0 and raw[j - 1] in " \u00a0":
                    j -= 1
                if j < i:
                    k = j
                    while k > 0 and raw[k - 1].isalpha():
                        k -= 1
                    if raw[k:j] in place_words and (
                        k == 0 or not (raw[k - 1].isalnum() or raw[k - 1] == "_")
                    ):
                        return True
            i = raw.find(tok, i + 1)
        return False


# Sentence adverbs ("Especially", "Frankly"), not the -ly of surnames (Kelly, Connolly, Daly, Skelly).
_ADVERB_ENDINGS = (
    "ally",
    "ously",
    "ively",
    "fully",
    "edly",
    "ently",
    "antly",
    "nkly",
    "ctly",
    "tely",
    "arly",
)
_INDEFINITE = words("indefinite")


def _lone_name(words: _TextWords, tok: str, low: str) -> bool:
    """A lone capitalised word next to a speech verb that may be a person ("Smith said", "Jonny added"):
    not a common noun written lower case elsewhere ("Analysts say" / "analysts"), not a plural or a
    nationality ("Democrats", "Russians"), not a place the text puts after in/from ("Syria said" /
    "in Syria")."""
    if low in COMMON_CAPITALISED or low in NON_PERSON_WORDS or not tok.isalpha() or len(tok) < 2:
        return False
    if is_region(tok):
        return False  # "Iowa said", "Ohio voted"
    if low in _TITLE_STEMS or low in _INDEFINITE or low.endswith(_ADVERB_ENDINGS):
        return False  # "Ambassador said", "Anyone who says", "Especially"
    if tok.endswith(("s", "ese", "ian", "ans")) and first_name_gender(tok) is None:
        return False
    # A first name the name list is sure of is a place only after "in", "from" … ("the files of Bob",
    # "spoke to Bob"; not "in Chelsea").
    first_name = _is_first_name(tok) and sure_first_name_gender(tok)
    return not words.has_lower(low) and not words.after_place_word(
        tok, _WHERE_WORDS if first_name else _PLACE_WORDS
    )


def _same_middle(a: list[str], b: list[str]) -> bool:
    """Middle names agree or one has none: "George W. Bush" is not "George H.W. Bush"."""
    ma, mb = [t.lower() for t in a[1:-1]], [t.lower() for t in b[1:-1]]
    return not ma or not mb or ma == mb


def _tail_of(a: list[str], b: list[str]) -> bool:
    """One name is the other's last words, a surname of two words: "Abu Laban" / "Osman Abu Laban"."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return (
        len(short) >= 2
        and len(short) < len(long)
        and [t.lower() for t in long[-len(short) :]] == [t.lower() for t in short]
    )


def _split_suffix(toks: list[str]) -> tuple[list[str], str]:
    """("Donald", "Trump", "Jr.") -> (["Donald", "Trump"], "jr")."""
    if len(toks) >= 2 and toks[-1].lower().rstrip(".,") in _SUFFIXES:
        return toks[:-1], toks[-1].lower().rstrip(".,")
    return toks, ""


# Credit lines inside story text: "Reporting by X; Editing by Y", "(Photo: X/Agency)", "Follow X on
# Twitter", "By X" as a paragraph's start. The names in them are not people of the story.
_CREDIT = re.compile(
    r"[ \u00a0]*(?:(?:Additional |Editing and )?[Rr]eporting|[Ww]riting|[Ee]diting|[Ee]dited|"
    r"[Cc]ompiled|[Pp]roduced|[Pp]hotos?|[Pp]hotograph|[Ii]mages?|[Vv]ideo|[Ii]llustrations?|[Gg]raphics?|"
    r"[Cc]redits?|[Ss]ource|By)(?:[ \u00a0]+by\b|:)[^)\]\n]*"
)
_FOLLOW = re.compile(
    r"\bFollow[ \u00a0]+[^\n.]{1,60}?[ \u00a0]+on[ \u00a0]+(?:Twitter|Facebook|Instagram|X)\b"
)
# "John Lamparski/WireImage", "Photo by Jane Doe / AP": a name, a slash, an agency.
_SLASH_CREDIT = re.compile(
    r"[A-Z][\w.’'-]*(?:[ \u00a0]+[A-Z][\w.’'-]*){0,3}[ \u00a0]*/[ \u00a0]*[A-Z][\w&.-]*(?:[ \u00a0]+[A-Z][\w&.-]*){0,3}"
)


# An opinion piece's last line tells who wrote it: "Rick Scott is the Republican governor of Florida."
_AUTHOR_BIO = re.compile(
    r"([A-Z][\w.’'-]*(?:[ \u00a0]+[A-Z][\w.’'-]*){1,3})[ \u00a0]+(?:is|was|has been|serves as)[ \u00a0]+"
    r"(?:a|an|the)\b[^\n]{0,200}$"
)


def credit_zones(raw: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches of the spans that are credits, bylines or follow-us lines. A credit starts a
    paragraph or follows "(", "[", ";" or "|", so only those places are tried."""
    zones: list[tuple[int, int]] = []
    match = _CREDIT.match
    for s, e in spans:
        starts = [s]
        for sep in "([;|":
            i = raw.find(sep, s, e)
            while i >= 0:
                starts.append(i + 1)
                i = raw.find(sep, i + 1, e)
        for i in starts:
            m = match(raw, i, e)
            if m:
                zones.append((m.start(), m.end()))
        if raw.find("Follow", s, e) >= 0:
            zones.extend((m.start(), m.end()) for m in _FOLLOW.finditer(raw, s, e))
        if e - s < 120 and raw.find("/", s, e) >= 0:
            zones.extend((m.start(), m.end()) for m in _SLASH_CREDIT.finditer(raw, s, e))
    if spans:
        # The author's line ends the piece and names someone the story never names.
        s, e = max(spans)
        bio = _AUTHOR_BIO.match(raw, s, e)
        if bio and raw.count(bio.group(1)) == 1:
            zones.append((bio.start(1), bio.end(1)))
    return zones


def _camel_split(handle: str) -> list[str]:
    return re.findall(r"[A-Z][a-z]+|[a-z]+|[A-Z]+(?![a-z])|\d+", handle)


@dataclass
class PeopleIndex:
    people: list[LocalPerson]
    mentions: list[Mention]  # every name/handle/alias mention, sorted by start
    # Organisations named in the text (kind "organisation"): outlets, parties, companies. Kept apart
    # from ``people`` and ``mentions``, which the speaker resolution reads.
    organisations: list[LocalPerson] = field(default_factory=list)

    def by_key(self, key: str) -> LocalPerson | None:
        for p in self.people:
            if p.key == key:
                return p
        return None


def _title_case(raw: str, start: int, end: int, least: int = 3) -> bool:
    """A headline in title case ("Warren Hammers Wells Fargo CEO"): most longer words capitalised
    (at least ``least`` longer words: a story line needs more, "Mohammed Saleh Zayada, 62" is a name)."""
    words = [w for w in raw[start:end].split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= least and sum(1 for w in words if w[0].isupper()) >= 0.75 * len(words)


def find_people(
    raw: str, spans: list[tuple[int, int]], headlines: list[tuple[int, int]] | tuple = ()
) -> PeopleIndex:
    """Person mentions of the given text spans (paragraphs), grouped per individual.

    ``headlines`` are read after the story: in a title-case headline every word is capitalised, so a
    capitalised run there ("Elizabeth Warren Hammers Wells Fargo CEO") names no one by itself. Its
    runs only link to people the story names.
    """
    # A story line in title case with no sentence end is a headline too (a related story's link).
    lines = [
        h
        for h in spans
        if raw[h[1] - 1] not in '.!?"”' and 30 < h[1] - h[0] < 300 and _title_case(raw, *h, least=5)
    ]
    spans = sorted(
        [*(s for s in spans if s not in lines), *(h for h in headlines if not _title_case(raw, *h))]
    )
    org_spans: list[tuple[int, int]] = []
    cands = _candidates(raw, spans, credit_zones(raw, spans), org_spans)
    titled = [h for h in [*headlines, *lines] if _title_case(raw, *h)]
    people: list[LocalPerson] = []
    by_key: dict[str, LocalPerson] = {}
    token_index: dict[str, list[LocalPerson]] = {}
    mentions: list[Mention] = []

    def new_person(name: str, gender: str | None) -> LocalPerson:
        key = name
        n = 2
        while key in by_key:
            key = f"{name} ({n})"
            n += 1
        p = LocalPerson(key=key, name=name, gender=gender)
        people.append(p)
        by_key[key] = p
        return p

    # Pass 1: full names (two or more tokens) that look like people.
    singles: list[_Cand] = []
    # Surnames used alone somewhere: "Kanye West" is a name when "West" also stands alone.
    alone = {c.tokens[0][2] for c in cands if len(c.tokens) == 1}
    for c in cands:
        toks = [t[2] for t in c.tokens]
        if len(toks) == 1 or any(_is_acronym(t) and len(t) > 3 for t in toks):
            singles.append(c)
            continue
        g = first_name_gender(toks[0])
        if (
            g is None
            and (c.title is None or c.title.rstrip(".") in _TITLE_MODIFIERS)
            and not (len(toks) <= 3 and toks[-1] in alone)
            and not (_INITIAL.match(toks[0]) and _is_first_name(toks[1]))  # "M. Stanton Evans"
            and not _person_cue(raw, c.start, c.end)
            and not _near_speech(raw, c.start, c.end)
        ):
            singles.append(c)  # maybe a surname-only reference to someone named later
            continue
        name = " ".join(toks)
        person = by_key.get(name)
        core, suffix = _split_suffix(toks)
        if person is None:
            # "Donald J. Trump" and "Donald Trump" are one person: same first and last token, and the
            # same suffix ("Donald Trump Jr." is his son).
            for p in token_index.get(core[-1].lower(), []):
                pcore, psuffix = _split_suffix(p.name.split())
                if psuffix == suffix and (
                    (pcore[0].lower() == core[0].lower() and _same_middle(pcore, core))
                    or len(pcore) == 1
                    or _tail_of(core, pcore)
                ):
                    person = p
                    break
        if person is None:
            sure = g in ("m", "f") and sure_first_name_gender(toks[0])
            gender = _GENDERED_TITLES.get(c.title or "") or (g if sure else None)
            person = new_person(name, gender)
        elif len(name) > len(person.name) and _split_suffix(person.name.split())[0][-1] == core[-1]:
            person.variants.append(person.name)
            person.name = name
        if c.prefix and c.prefix not in person.called:
            person.called.append(c.prefix)
        if c.title in _GENDERED_TITLES and person.gender is None:
            person.gender = _GENDERED_TITLES[c.title]
        if name != person.name and name not in person.variants:
            person.variants.append(name)
        for t in core:
            lst = token_index.setdefault(t.lower().rstrip("."), [])
            if not any(x is person for x in lst):
                lst.append(person)
        m = Mention(
            c.start, c.end, raw[c.start : c.end], person.key, "possessive" if c.possessive else "name"
        )
        mentions.append(m)
        person.mentions.append(m)  # pass 2 asks who was named last before a lone surname

    # Pass 2: single tokens (surnames, first names, initials) link to a named person.
    surnames: dict[str, str] = {}

    def surname_of(p: LocalPerson) -> str:
        if p.name not in surnames:
            surnames[p.name] = _split_suffix(p.name.split())[0][-1].lower()
        return surnames[p.name]

    text_words = _TextWords(raw)
    # A lone word the story uses as a speaker once ("Melanie said to the TV") names that person
    # wherever it stands alone, before that sentence too ("Melanie thought … she said").
    speaking_alone = {
        c.tokens[-1][2]
        for c in singles
        if len(c.tokens) == 1 and c.title is None and _near_speech(raw, c.start, c.end)
    }
    initials_of: dict[str, LocalPerson] | None = None
    for c in singles:
        toks = [t[2] for t in c.tokens]
        tok = toks[-1]
        low = tok.lower().rstrip(".")
        start = c.tokens[-1][0]
        person = None
        kind = "surname"
        options = token_index.get(low, [])
        if options:
            # Prefer the person whose surname it is; among several, the last one named before it.
            surname = [p for p in options if surname_of(p) == low]
            pool = surname or options
            title_gender = _GENDERED_TITLES.get(c.title or "")
            if title_gender:
                # "Mr. Obama" is not Michelle Obama.
                pool = [p for p in pool if p.gender in (None, title_gender)] or pool
            kind = "surname" if surname else "first"
            # The last one named before it; when none is, the one without a suffix (the father, not
            # "Jr."), then the one named most.
            person = (
                pool[0]
                if len(pool) == 1
                else max(
                    pool,
                    key=lambda p: (
                        max([m.start for m in p.mentions if m.start < start] or [-1]),
                        not _split_suffix(p.name.split())[1],
                        len(p.mentions),
                    ),
                )
            )
        elif _is_acronym(tok) and len(tok) <= 3:
            if initials_of is None:
                # Built once: pass 2 only adds one-word people, whose one initial matches no acronym.
                initials_of = {}
                for p in people:
                    ini = "".join(w[0] for w in p.name.split() if w[0].isupper() and not w.endswith("."))
                    if ini:
                        initials_of.setdefault(ini, p)
            person = initials_of.get(tok)
            if person is None:
                if c.title is None and _near_speech(raw, c.start, c.end):
                    org_spans.append((c.start, c.end))  # "NBC said": an organisation
                continue
            kind = "alias"
        elif (
            len(toks) == 1
            and low not in _TITLE_STEMS
            and not _INNER_CAPITAL.match(tok)
            and (
                (c.title is not None and c.title.rstrip(".") not in _TITLE_MODIFIERS)
                or (
                    (tok in speaking_alone or _near_speech(raw, c.start, c.end))
                    and _lone_name(text_words, tok, low)
                )
            )
        ):
            if _is_acronym(tok) and c.title is None:
                org_spans.append((c.start, c.end))  # "NBC said": an organisation
                continue
            # A person named by a first name alone ("Bob said", "Melanie thought") has its gender.
            sure = _is_first_name(tok) and sure_first_name_gender(tok)
            gender = _GENDERED_TITLES.get(c.title or "") or (first_name_gender(tok) if sure else None)
            person = new_person(tok, gender)
            token_index.setdefault(low, []).append(person)
        else:
            continue
        if (
            kind == "alias"
            and tok not in person.variants
            or tok != person.name
            and tok not in person.variants
        ):
            person.variants.append(tok)
        if c.title in _GENDERED_TITLES and person.gender is None:
            person.gender = _GENDERED_TITLES[c.title]
        m = Mention(start, c.end, raw[start : c.end], person.key, "possessive" if c.possessive else kind)
        mentions.append(m)
        person.mentions.append(m)

    if titled:
        _headline_mentions(raw, titled, people, by_key, token_index, mentions)

    have = {id(m) for p in people for m in p.mentions}
    for m in mentions:
        if id(m) not in have:
            by_key[m.person].mentions.append(m)

    # @handles: "@KimKardashian" -> Kim Kardashian.
    for s, e in spans if "@" in raw else ():
        for hm in _HANDLE.finditer(raw, s, e):
            handle = hm.group(1)
            flat = handle.lower()
            person = None
            for p in people:
                if p.name.replace(" ", "").replace(".", "").lower() == flat or any(
                    v.replace(" ", "").lower() == flat for v in p.variants
                ):
                    person = p
                    break
            if person is None:
                parts = _camel_split(handle)
                if len(parts) >= 2 and first_name_gender(parts[0]) is not None:
                    name = " ".join(parts)
                    person = by_key.get(name) or new_person(name, first_name_gender(parts[0]))
                else:
                    for p in people:
                        if p.name.split()[-1].lower() in flat and len(p.name.split()[-1]) > 3:
                            person = p
                            break
            if person is None:
                continue
            if "@" + handle not in person.handles:
                person.handles.append("@" + handle)
            mt = Mention(hm.start(), hm.end(), hm.group(0), person.key, "handle")
            mentions.append(mt)
            person.mentions.append(mt)

    # Genders from first names when the full name came without a title (a first name the name list is
    # unsure of gives none: the article's pronouns may tell, below).
    for p in people:
        if p.gender is None and sure_first_name_gender(p.name.split()[0]):
            p.gender = first_name_gender(p.name.split()[0])
    _genders_from_pronouns(raw, people, mentions)
    _appositions(raw, spans, people, mentions)
    mentions.sort(key=lambda m: m.start)
    for p in people:
        p.mentions.sort(key=lambda m: m.start)
    people = [p for p in people if p.mentions]
    return PeopleIndex(people, mentions, _organisations(raw, org_spans))


# "Sanders said he", "Graham, who …, she": a subject pronoun soon after a name, in the same clause run.
# It starts with the letter, its lookbehind after it, so the regex engine can skip to each h or s.
_SUBJECT_PRONOUN = re.compile(r"[HhSs](?<![\w’'][HhSs])(?:(?<=[Hh])e|(?<=[Ss])he)(?![\w’'])")
_PRONOUN_STOP = re.compile(r"[.!?;\n\"“”]")


def _genders_from_pronouns(raw: str, people: list[LocalPerson], mentions: list[Mention]) -> None:
    """A person's gender from the article's own pronouns: the first "he" or "she" after a name, with no
    other name and no sentence end between them, votes for that person. The votes outweigh a first
    name the name list is unsure of ("Bernie", "Lindsey": mostly female there) or a name with no
    known gender; against a sure first name they need a lead of two."""
    pronouns = [(h.start(), h.end(), h.group()) for h in _SUBJECT_PRONOUN.finditer(raw)]
    if not pronouns:
        return
    named = sorted((m for m in mentions if m.kind in ("name", "surname", "first")), key=lambda m: m.start)
    starts = [m.start for m in named]
    # A surname several people share ("Clinton": Hillary and Bill) may be linked to the wrong one.
    last_names = Counter(p.name.split()[-1] for p in people)
    shared = {p.key for p in people if last_names[p.name.split()[-1]] > 1}
    votes: dict[str, list[int]] = {}
    prev_end = -1
    for a, b, word in pronouns:
        # Asked from each pronoun (fewer than names): the name right before it, whose first pronoun it is.
        j = bisect.bisect_left(starts, a) - 1
        after = prev_end
        prev_end = a
        if j < 0:
            continue
        m = named[j]
        if after >= m.end or m.end > a or b > m.end + 60 or (m.person in shared and m.kind != "name"):
            continue
        if not _PRONOUN_STOP.search(raw, m.end, b):
            v = votes.setdefault(m.person, [0, 0])
            v[word == "she" or word == "She"] += 1
    for p in people:
        tally = votes.get(p.key)
        if tally is None or tally[0] == tally[1]:
            continue
        he, she = tally
        g, lead = ("m", he - she) if he > she else ("f", she - he)
        if p.gender == g:
            continue
        if lead >= 2 or not (len(p.name.split()) > 1 and sure_first_name_gender(p.name.split()[0])):
            p.gender = g


def _organisations(raw: str, spans: list[tuple[int, int]]) -> list[LocalPerson]:
    """One LocalPerson of kind "organisation" per organisation name, with a mention per occurrence."""
    by_name: dict[str, LocalPerson] = {}
    for s, e in sorted(set(spans)):
        name = " ".join(raw[s:e].split())
        org = by_name.get(name)
        if org is None:
            org = by_name[name] = LocalPerson(key=f"{name} (organisation)", name=name, kind="organisation")
        org.mentions.append(Mention(s, e, raw[s:e], org.key, "name"))
    return list(by_name.values())


def _headline_mentions(raw, spans, people, by_key, token_index, mentions) -> None:
    """Mentions in a title-case headline: the longest run of words that is a known name, or a known
    surname. Such a headline makes no new person ("Are Celebrating", "Hillary Does")."""
    if not people:
        return
    variant_of: dict[str, LocalPerson] = {}
    for p in people:
        for v in p.variants:
            variant_of.setdefault(v, p)
    # No known name has more words than this: longer stretches of a run are not looked up.
    longest = max(len(k.split(" ")) for k in [*by_key, *variant_of])
    for hs, he in spans:
        for run in _NAME_SEQ.finditer(raw, hs, he):
            toks = []
            for t in _TOKEN.finditer(raw, run.start(), run.end()):
                base, poss = _strip_possessive(t.group())
                toks.append((t.start(), t.start() + len(base), base, poss))
            _headline_run(raw, toks, variant_of, by_key, token_index, mentions, longest)


def _headline_run(raw, toks, variant_of, by_key, token_index, mentions, longest: int) -> None:
    i = 0
    while i < len(toks):
        hit = None
        for j in range(min(len(toks), i + longest), i, -1):
            name = " ".join(t[2] for t in toks[i:j])
            person = by_key.get(name) or variant_of.get(name)
            if person is None and j == i + 1:
                options = [p for p in token_index.get(name.lower(), []) if p.name.split()[-1] == name]
                person = options[0] if options else None
            if person is not None:
                hit = (j, person)
                break
        if hit is None:
            i += 1
            continue
        j, person = hit
        s, e = toks[i][0], toks[j - 1][1]
        kind = "name" if j - i > 1 else "surname"
        m = Mention(s, e, raw[s:e], person.key, "possessive" if toks[j - 1][3] else kind)
        mentions.append(m)
        person.mentions.append(m)
        i = j


def _appositions(
    raw: str, spans: list[tuple[int, int]], people: list[LocalPerson], mentions: list[Mention]
) -> None:
    """Attach descriptions given in apposition to the named person.

    Checked only around name mentions (a description, comma, name / a name, comma,
    description) instead of scanning every position of the text.
    """
    by_key = {p.key: p for p in people}
    inside = sorted(spans)
    starts = [s for s, _e in inside]
    named = [m for m in mentions if m.kind in ("name", "surname", "first")]
    for n in named:
        k = bisect.bisect_right(starts, n.start) - 1
        if k < 0 or n.start >= inside[k][1]:
            continue
        floor = raw.rfind("\n", 0, n.start) + 1
        if n.start - floor >= 4 and raw[n.start - 1].isspace() and "," in raw[n.start - 3 : n.start]:
            m = _APPOS_DESC_FIRST_END.search(raw, max(floor, n.start - 120), n.start)
            if m:
                _add_description(by_key[n.person], m.group(1), m.start(1), m.end(1), mentions, raw)
        if raw.startswith(",", n.end):
            ceiling = raw.find("\n", n.end)
            m = _APPOS_NAME_FIRST.match(raw, n.end, len(raw) if ceiling < 0 else ceiling)
            if m:
                _add_description(by_key[n.person], m.group(1), m.start(1), m.end(1), mentions, raw)


def _add_description(
    p: LocalPerson, desc: str, start: int, end: int, mentions: list[Mention], raw: str
) -> None:
    if desc.split()[0].lower() in ("a", "an", "the") and len(desc.split()) == 1:
        return
    if desc not in p.descriptions:
        p.descriptions.append(desc)
    if p.gender is None:
        g = DESCRIPTION_GENDER.search(desc)
        if g:
            p.gender = "f" if g.group("f") else "m"
    mt = Mention(start, end, desc, p.key, "description")
    mentions.append(mt)
    p.mentions.append(mt)
