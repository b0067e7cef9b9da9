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
from dataclasses import dataclass
from functools import lru_cache

from ..model import LocalPerson, Mention
from .cues import SPEECH_WORDS
from .lexicon import words

# A capitalised token: a word, an initial ("F."), or an abbreviated title ("Sen.").
_CAP = r"(?:[A-Z][a-z]{0,3}\.(?=\s)|[A-Z](?:[\w’'-]*\w)?)"
# The first token is _CAP with its lookbehind moved after the first letter, so the regex engine can skip
# ahead to the next capital letter instead of trying the lookbehind at every position (same matches).
_NAME_SEQ = re.compile(
    r"[A-Z](?<![\w@#/.-][A-Z])(?:[a-z]{0,3}\.(?=\s)|(?:[\w’'-]*\w)?)"
    rf"(?:[ \u00a0]+(?:(?:of|the|de|van|von|da|del|der|la|le|bin|al)[ \u00a0]+)?{_CAP})*"
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


# Set by dossier.cache: gives the same detector from a pickled copy (0.05 s instead of 0.4 s).
load_detector = None


@lru_cache(maxsize=1)
def _detector():
    # Loaded once, on first use: reading its name list costs ~0.4 s.
    if load_detector is not None:
        return load_detector()
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


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


def _candidates(raw: str, spans: list[tuple[int, int]]) -> list[_Cand]:
    """Capitalised sequences split into (title, name tokens), org/place sequences dropped.

    This runs on every capitalised word of an article, so the common single-word case
    ("The", "Legend's") takes a short path of set lookups.
    """
    out: list[_Cand] = []
    common, non_person, title_stems = COMMON_CAPITALISED, NON_PERSON_WORDS, _TITLE_STEMS
    single: dict[str, tuple[str, bool] | None] = {}  # one-word run -> (name, possessive), or None: no name
    for s, e in spans:
        for m in _NAME_SEQ.finditer(raw, s, e):
            g = m.group()
            ms = m.start()
            if " " not in g and "\u00a0" not in g:
                if g in single:
                    verdict = single[g]
                else:
                    base, possessive = _strip_possessive(g) if g[-1] in "s’'" else (g, False)
                    low = base.lower().rstrip(".")
                    bad = low in common or low in non_person or _DIGIT.search(base)
                    verdict = single[g] = None if bad else (base, possessive)
                if verdict is not None:
                    base = verdict[0]
                    out.append(_Cand(ms, ms + len(base), [(ms, ms + len(base), base)], None, verdict[1]))
                continue
            words = []
            off = ms
            for part in g.replace("\u00a0", " ").split(" "):
                if part:
                    words.append((off, off + len(part), part))
                off += len(part) + 1
            for k, (ws, we, wt) in enumerate(words[:-1]):
                # "… Ted Cruz. Trump said": a sentence ends inside the run (not "Gov." or "J.").
                stem = wt[:-1]
                if wt[-1] == "." and len(wt) > 2 and stem.isalpha() and stem.lower() not in _ABBREV_OR_TITLE:
                    words = words[:k] + [(ws, we - 1, stem)]
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
            title = None
            i = 0
            # "Massachusetts Sen. Elizabeth Warren", "New Jersey Gov. Chris Christie": a place, then a title.
            for k in range(len(words) - 2, 0, -1):
                w = words[k][2].lower()
                if w.rstrip(".") in title_stems and (w.endswith(".") or w in _OFFICE_TITLES):
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
            k = next((n for n, w in enumerate(lowered) if w in _CONNECTORS), None)
            if k is not None:
                # "Charles B. Rangel of New York", "Mr. Morgan of the Sierra Club": the name ends at "of";
                # "Bank of America" (one untitled word before "of") is no person.
                if k == 0 or (title is None and k < 2):
                    continue
                name, lowered = name[:k], lowered[:k]
            if not non_person.isdisjoint(lowered):
                continue
            if _DIGIT.search(raw, name[0][0], name[-1][1]):
                continue
            if len(name) == 1 and lowered[0] in common:
                continue
            if lowered[0] in common:
                # Sentence-initial "The", "After": drop it and keep the rest.
                name = name[1:]
                if not name:
                    continue
            out.append(_Cand(name[0][0], name[-1][1], name, title, possessive))
    return out


def _is_acronym(tok: str) -> bool:
    return len(tok) >= 2 and tok.isupper() and tok.isalpha()


# Matched at a position (re.match with pos): no "^", which would only match at the text's start.
_SPEECH_NEAR = re.compile(r"\s*,?\s*(\w+)")


def _near_speech(raw: str, start: int, end: int) -> bool:
    """True when a speech verb is right before ("said Caddell") or after ("Caddell said")."""
    after = _SPEECH_NEAR.match(raw, end, min(len(raw), end + 40))
    if after and after.group(1).lower() in SPEECH_WORDS:
        # "Try telling people…", "Stop saying…": a gerund straight after a word is its object,
        # not a speaker's verb (a speaker's participle takes a comma: "Smith, saying…").
        return not (after.group(1).lower().endswith("ing") and "," not in after.group(0))
    before = raw[max(0, start - 20) : start].split()
    return bool(before) and before[-1].lower().strip(",") in SPEECH_WORDS


_PLACE_WORDS = frozenset(["in", "from", "across", "throughout", "into", "of", "to"])
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

    def after_place_word(self, tok: str) -> bool:
        """The word follows in/from/to … somewhere ("in Syria")."""
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
                    if raw[k:j] in _PLACE_WORDS and (
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
    if low in _TITLE_STEMS or low in _INDEFINITE or low.endswith(_ADVERB_ENDINGS):
        return False  # "Ambassador said", "Anyone who says", "Especially"
    if tok.endswith(("s", "ese", "ian", "ans")) and first_name_gender(tok) is None:
        return False
    return not words.has_lower(low) and not words.after_place_word(tok)


def _camel_split(handle: str) -> list[str]:
    return re.findall(r"[A-Z][a-z]+|[a-z]+|[A-Z]+(?![a-z])|\d+", handle)


@dataclass
class PeopleIndex:
    people: list[LocalPerson]
    mentions: list[Mention]  # every name/handle/alias mention, sorted by start

    def by_key(self, key: str) -> LocalPerson | None:
        for p in self.people:
            if p.key == key:
                return p
        return None


def _title_case(raw: str, start: int, end: int) -> bool:
    """A headline in title case ("Warren Hammers Wells Fargo CEO"): most longer words capitalised."""
    words = [w for w in raw[start:end].split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 3 and sum(1 for w in words if w[0].isupper()) >= 0.75 * len(words)


def find_people(
    raw: str, spans: list[tuple[int, int]], headlines: list[tuple[int, int]] | tuple = ()
) -> PeopleIndex:
    """Person mentions of the given text spans (paragraphs), grouped per individual.

    ``headlines`` are read after the story: in a title-case headline every word is capitalised, so a
    capitalised run there ("Elizabeth Warren Hammers Wells Fargo CEO") names no one by itself. Its
    runs only link to people the story names.
    """
    spans = sorted([*spans, *(h for h in headlines if not _title_case(raw, *h))])
    cands = _candidates(raw, spans)
    titled = [h for h in headlines if _title_case(raw, *h)]
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
            and c.title is None
            and not (len(toks) <= 3 and toks[-1] in alone)
            and not _near_speech(raw, c.start, c.end)
        ):
            singles.append(c)  # maybe a surname-only reference to someone named later
            continue
        name = " ".join(toks)
        person = by_key.get(name)
        if person is None:
            # "Donald J. Trump" and "Donald Trump" are one person: same first and last token.
            for p in token_index.get(toks[-1].lower(), []):
                ptoks = p.name.split()
                if ptoks[0].lower() == toks[0].lower() or len(ptoks) == 1:
                    person = p
                    break
        if person is None:
            gender = _GENDERED_TITLES.get(c.title or "") or (g if g in ("m", "f") else None)
            person = new_person(name, gender)
        elif len(name) > len(person.name) and person.name.split()[-1] == toks[-1]:
            person.variants.append(person.name)
            person.name = name
        if c.title in _GENDERED_TITLES and person.gender is None:
            person.gender = _GENDERED_TITLES[c.title]
        if name != person.name and name not in person.variants:
            person.variants.append(name)
        for t in toks:
            lst = token_index.setdefault(t.lower().rstrip("."), [])
            if not any(x is person for x in lst):
                lst.append(person)
        mentions.append(
            Mention(
                c.start, c.end, raw[c.start : c.end], person.key, "possessive" if c.possessive else "name"
            )
        )

    # Pass 2: single tokens (surnames, first names, initials) link to a named person.
    text_words = _TextWords(raw)
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
            surname = [p for p in options if p.name.split()[-1].lower() == low]
            pool = surname or options
            title_gender = _GENDERED_TITLES.get(c.title or "")
            if title_gender:
                # "Mr. Obama" is not Michelle Obama.
                pool = [p for p in pool if p.gender in (None, title_gender)] or pool
            kind = "surname" if surname else "first"
            best = None
            for p in pool:
                before = [m.start for m in p.mentions if m.start < start] or [-1]
                score = max(before)
                if best is None or score > best[0]:
                    best = (score, p)
            person = best[1] if best else pool[0]
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
                continue
            kind = "alias"
        elif len(toks) == 1 and (
            c.title is not None or (_near_speech(raw, c.start, c.end) and _lone_name(text_words, tok, low))
        ):
            if _is_acronym(tok) and c.title is None:
                continue  # "NBC said": an organisation
            gender = _GENDERED_TITLES.get(c.title or "")
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
        for m in _HANDLE.finditer(raw, s, e):
            handle = m.group(1)
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
            mt = Mention(m.start(), m.end(), m.group(0), person.key, "handle")
            mentions.append(mt)
            person.mentions.append(mt)

    # Genders from first names when the full name came without a title.
    for p in people:
        if p.gender is None:
            g = first_name_gender(p.name.split()[0])
            if g in ("m", "f"):
                p.gender = g
    _appositions(raw, spans, people, mentions)
    mentions.sort(key=lambda m: m.start)
    for p in people:
        p.mentions.sort(key=lambda m: m.start)
    people = [p for p in people if p.mentions]
    return PeopleIndex(people, mentions)


def _headline_mentions(raw, spans, people, by_key, token_index, mentions) -> None:
    """Mentions in a title-case headline: the longest run of words that is a known name, or a known
    surname. Such a headline makes no new person ("Are Celebrating", "Hillary Does")."""
    if not people:
        return
    variant_of: dict[str, LocalPerson] = {}
    for p in people:
        for v in p.variants:
            variant_of.setdefault(v, p)
    for hs, he in spans:
        for run in _NAME_SEQ.finditer(raw, hs, he):
            toks = []
            for t in _TOKEN.finditer(raw, run.start(), run.end()):
                base, poss = _strip_possessive(t.group())
                toks.append((t.start(), t.start() + len(base), base, poss))
            _headline_run(raw, toks, variant_of, by_key, token_index, mentions)


def _headline_run(raw, toks, variant_of, by_key, token_index, mentions) -> None:
    i = 0
    while i < len(toks):
        hit = None
        for j in range(len(toks), i, -1):
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
