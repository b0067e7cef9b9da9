"""Who "he", "the nominee" or a bare surname means: a learned ranker over the people named before it.

Every person named in the narrative sentences before the phrase (and the previous quotation's
speaker) is a candidate, described by sparse features: how far back and how recently they were named,
whether that mention was a sentence's subject or came after a preposition or a verb, gender agreement,
how often the article names them, whether they already spoke. A linear model shipped as
``data/antecedents.json`` scores them in plain Python; ``benchmarks/train_antecedents.py`` fits it on
the PolNeAR train split without hand labels: a quotation whose source is a name tells who its speaker
is, so the people named before that name are candidates with a known answer.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .backward import search_before
from .cues import SPEECH_WORDS
from .lexicon import words
from .linear import LinearModel

# The resolver (resolve.Resolver) is passed in, not imported: resolve imports this module.
Resolver = Any

MODEL_FILE = "antecedents.json"

# Closed-class words whose presence right before a mention says something about its role.
_FUNCTION_WORDS = words("function_words")
_WORD_BEFORE = re.compile(r"([\w’'-]+|[,:;(])[^\w,:;(]{0,3}$")
_WORD_AFTER = re.compile(r"[^\w,:;.]{0,3}([\w’'-]+|[,:;.(])")


_WORD_OR_STOP = re.compile(r"[A-Za-z]+|[.!?]")


# After a name, a clause between commas and then a speech verb: "Greg Raiff, chief executive officer
# of …, said", "Sandy Phillips, who lost her daughter …, said".
_CLAUSE_END = re.compile(r"[.!?;:\"“”\n]")
_COMMA_WORD = re.compile(r",[ \u00a0]+([a-z]+)\b")


def speaks_after(raw: str, end: int) -> bool:
    """Whether the mention ending at ``end`` is the subject of a speech verb within five words after
    it, in the same sentence ("Kopp said", "Humphrey, for example, said"), or after a clause set off
    by commas ("Raiff, chief executive officer of Private Jet Services, said")."""
    for w in _WORD_OR_STOP.findall(raw, end, end + 60)[:5]:
        if w in ".!?":
            return False
        if w in SPEECH_WORDS:
            return True
    return raw.startswith(",", end) and _said_after_clause(raw, end)


def _said_after_clause(raw: str, comma: int) -> bool:
    """A speech verb right after a later comma of the sentence ("Raiff, chief executive …, said")."""
    stop = _CLAUSE_END.search(raw, comma, min(len(raw), comma + 200))
    limit = stop.start() if stop else min(len(raw), comma + 200)
    return any(m.group(1) in SPEECH_WORDS for m in _COMMA_WORD.finditer(raw, comma + 1, limit))


_WORD_OR_CLAUSE_STOP = re.compile(r"[A-Za-z]+|[.!?,]")
_ACCORDING_TO = re.compile(r"\b[Aa]ccording to[ \u00a0]+$")
_RELATIVE = frozenset(["who", "which", "that", "whose"])
# "of the James Martin Center for Nonproliferation Studies", "of California": a name's affiliation.
_OF_PLACE = re.compile(
    r"[ \u00a0]+(?:of|from|at)[ \u00a0]+(?:the[ \u00a0]+)?[A-Z][\w.&’'-]*(?:[ \u00a0]+(?:for[ \u00a0]+|of[ \u00a0]+)?[A-Z][\w.&’'-]*)*"
)
# A relative clause with a speech verb after an apposition: ", the ranking Democrat …, who said".
_WHO_SAID = re.compile(r",[^.;:!?\"“”\n]{0,120}?,[ \u00a0]+who[ \u00a0]+([a-z]+)")
# Who asks does not give the account a following "he said" goes on with: "Hannity asked Trump how …".
_PASSIVE_AUX = frozenset(["was", "were", "is", "are", "been", "being"])
# The word right before a mention, with only spaces between (none across a sentence's end).
_PREV_WORD = re.compile(r"([A-Za-z]+)[ \u00a0]+$")
QUESTION_VERBS = frozenset(["asked", "asks", "ask", "questioned", "wondered", "pressed"])
PARENTHESIS = re.compile(r"[ \u00a0]*\([^()\n]{0,30}\)")


def _reports(raw: str, start: int, end: int, before: str, after: str) -> bool:
    """Whether a mention reports its person's speech: the subject of a finite speech verb within three
    words ("Stovall said", "Rep. Hank Johnson (D-Ga.) said", "Phillips, who lost …, said") or the name
    ending an inverted attribution ('…," said Jones.', "said James Henson, director of …"). Stricter
    than ``speaks_after``: "Earnest said Obama has", "Trump's calling", "Kasich claiming" report no
    speech of Obama's, Trump's or Kasich's."""
    if raw[end - 2 : end] in ("'s", "’s") or raw[end - 1 : end] in ("'", "’"):
        return False
    if before in SPEECH_WORDS:
        return after in (",", ".", ";", "(", "")
    if _ACCORDING_TO.search(raw, max(0, start - 20), start):
        return True  # "According to Ham, the administration has …"
    prev = _PREV_WORD.search(raw, max(0, start - 30), start)
    if prev is not None and prev.group(1).lower() in _FUNCTION_WORDS:
        return False  # "… of the Center for Nonproliferation Studies wrote": the verb is someone else's
    gap = PARENTHESIS.match(raw, end) or _OF_PLACE.match(raw, end)
    at = gap.end() if gap else end
    if raw.startswith(",", at):
        # "O'Malley, the former governor of Maryland, stressed"; "Feinstein, the ranking Democrat on
        # the committee, who said"
        # "a third, Daniel Traynor, said" (the name itself set off by commas)
        # (only for a name set off by commas itself: "a senior adviser to Mr. Sanders, said" is not his)
        set_off = raw[max(0, start - 3) : start].rstrip().endswith(",")
        said = [m.group(1) for m in (set_off and _COMMA_WORD.match(raw, at), _WHO_SAID.match(raw, at)) if m]
        finite = any(w in SPEECH_WORDS and not w.endswith("ing") for w in said)  # not "Sanders, saying"
        return finite or _said_after_clause(raw, at)
    passive = False
    for w in _WORD_OR_CLAUSE_STOP.findall(raw, at, at + 40)[:3]:
        if w in ".!?," or w in _RELATIVE:
            # "Trump, …, who has called the notion a hoax": a clause about him; "serving under Obama,
            # Ham also noted": someone else's verb.
            return False
        if w in SPEECH_WORDS:
            # "Trump was asked" answers; "Hannity asked Trump" does not give the account
            return not w.endswith("ing") and (w not in QUESTION_VERBS or passive)
        passive = w in _PASSIVE_AUX
    return False


def reports_speech(raw: str, start: int, end: int) -> bool:
    """Whether the mention start…end reports its person's speech (``_reports``), wherever it is."""
    wb = search_before(_WORD_BEFORE, raw, start, 30)
    wa = _WORD_AFTER.match(raw, end, min(len(raw), end + 30))
    before = wb.group(1).lower() if wb else ""
    return _reports(raw, start, end, before, wa.group(1).lower() if wa else "")


@dataclass(slots=True)
class Option:
    """One person a phrase may mean, with what describes them at that point."""

    key: str
    features: list[str] = field(default_factory=list)
    # Sentences back to the nearest mention that reports this person's speech ("Stovall said",
    # '…," said Jones.'), and where it starts; None when none does (see ``reporter``).
    reports: tuple[int, int] | None = None

    # Written out: mypyc compiles an __init__ in the source, not the one @dataclass generates (interpreted).
    def __init__(
        self, key: str, features: list[str] | None = None, reports: tuple[int, int] | None = None
    ) -> None:
        self.key, self.reports = key, reports
        self.features = [] if features is None else features


def reporter(options: list[Option], reach: int = 1) -> str | None:
    """'… in Washington, Stovall said. "…" he said': the person whose speech the narrative sentence
    right before (or the pronoun's own) reports, when the pronoun speaks too and agrees in gender. A
    paraphrase then a quotation with "he said" is one speaker's account going on, so this outranks
    the previous quotation's speaker and how often the article names someone. In the nearest
    sentence with a reporter, the first one wins: the main clause's ("Perdue said he didn't believe
    it did Romney in, arguing …"); one of the other gender is no option. ``reach``: how many sentences
    back the account may have begun (``pronoun_reports_before``); there, only a sentence's subject
    begins it ("pointing out that the paper's Robert Costa had reported" does not)."""
    found = [
        o.reports
        for o in options
        if o.reports is not None
        and (o.reports[0] <= 1 or o.reports[0] <= reach and "subject" in o.features)
        and "g=other" not in o.features
    ]
    if not found:
        return None
    best = min(found)
    return next(o.key for o in options if o.reports == best)


_PERSONAL_WORD = {"m": re.compile(r"\b[Hh]e\b"), "f": re.compile(r"\b[Ss]he\b")}


def pronoun_reports_before(r: Resolver, pos: int, gender: str, most: int = 3) -> int:
    """How many narrative sentences right before the one at pos report speech by a pronoun of this
    gender ('Bruch said he’s prepared …. But …, he noted, …. He said states …. “…” he said'): each one
    carries the account on, so its reporter may stand that much further back."""
    starts, raw = r._narrative_starts, r.raw
    s_idx = bisect.bisect_right(starts, pos) - 1
    n = 0
    while n < most and s_idx - n >= 1:
        at, end = starts[s_idx - n - 1], starts[s_idx - n]
        if not any(
            not r.in_quote(m.start()) and speaks_after(raw, m.end())
            for m in _PERSONAL_WORD[gender].finditer(raw, at, end)
        ):
            break
        n += 1
    return n


class AntecedentModel(LinearModel):
    def best(self, options: list[Option]) -> str | None:
        """The highest-scoring option's key (ties: the earlier, i.e. more recent, one)."""
        best, top = None, float("-inf")
        for o in options:
            s = self.score(o.features)
            if s > top:
                best, top = o.key, s
        return best


@cache
def shipped() -> AntecedentModel:
    """The model that ships inside the package."""
    return AntecedentModel.packaged(MODEL_FILE)


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f"{edges[-1]}+"


def options(
    r: Resolver,
    pos: int,
    gender: str | None,
    exclude: set[str],
    prefer: str | None = None,
    max_sentences: int = 5,
    only: set[str] | None = None,
) -> list[Option]:
    """The people a phrase at ``pos`` may mean, most recently named first, with their features.
    ``gender``: the phrase's ("he" -> "m"); ``prefer``: the previous quotation's speaker; ``only``:
    restrict to these keys (a surname shared by several people)."""
    i = bisect.bisect_left(r._mstarts, pos) - 1
    starts = r._narrative_starts
    s_idx = bisect.bisect_right(starts, pos) - 1
    para = r.raw.rfind("\n", 0, pos)
    lo = starts[max(0, s_idx - max_sentences)] if s_idx >= 0 else 0
    found: dict[str, Option] = {}
    statics = r.mention_features
    j = i
    while j >= 0 and r.mentions[j].start >= lo:
        m = r.mentions[j]
        j -= 1
        p = r.people.get(m.person)
        if p is None:
            continue
        if gender is not None and p.gender not in (None, "u", gender) and len(p.name.split()) > 1:
            p = r._namesake(p, m, gender) or p  # "Ebeling" may be Betsy as well as Tom
        if p.kind != "person" or p.key in exclude or (only is not None and p.key not in only):
            continue
        static = statics.get(j + 1)
        if static is None:
            static = statics[j + 1] = _mention_features(r, j + 1)
        o = found.get(p.key)
        dist = min(s_idx - bisect.bisect_right(starts, m.start) + 1, max_sentences)
        if o is None:
            near = str(min(dist, 3))
            o = found[p.key] = Option(p.key, [f"d={dist}", "r=" + str(min(len(found), 3)), *static[0]])
            if m.start > para:
                o.features.append("same_para")
            o.features.extend(f + near for f in static[1])
        if static[2] and "subject" not in o.features:
            o.features.append("subject")
        if static[3] and (o.reports is None or o.reports[0] == dist):
            o.reports = (dist, m.start)  # "said Dale Morrow, a historian at …": any mention of the clause
    for k, o in enumerate(found.values()):
        p = r.people[o.key]
        _describe(r, p, o, pos, gender, prefer)
        if k == 0:
            o.features.append("nearest")
    last = r.people.get(prefer) if prefer is not None else None
    if (
        last is not None
        and last.kind == "person"
        and last.key not in found
        and last.key not in exclude
        and (only is None or last.key in only)
        and (not found or _all_other_gender(found.values(), last, gender))
    ):
        # Nobody named since, or nobody of the pronoun's gender: the previous speaker goes on.
        o = found[last.key] = Option(last.key, ["d=far"])
        _describe(r, last, o, pos, gender, prefer)
    return list(found.values())


def _all_other_gender(found, last, gender: str | None) -> bool:
    """ "She said" after only men were named since the previous speaker, who is a woman."""
    return gender is not None and last.gender == gender and all("g=other" in o.features for o in found)


def _mention_features(r: Resolver, j: int) -> tuple[list[str], list[str], bool, bool]:
    """What the j-th narrative mention says about its person wherever the phrase is: (features,
    features to suffix with the sentence distance, whether it is its sentence's subject, whether it
    reports that person's speech). Kept by the resolver: a mention is a candidate for every phrase in
    the next few sentences."""
    raw, m = r.raw, r.mentions[j]
    s_start = r.sentence_start(m.start)
    first_in_sentence = j == 0 or r.mentions[j - 1].start < s_start
    wb = search_before(_WORD_BEFORE, raw, m.start, 30)
    before = wb.group(1).lower() if wb else ""
    f = ["k=" + m.kind]
    if before in _FUNCTION_WORDS or before in (",", ":", ";", "("):
        f.append("wb=" + before)
    elif before[:1].islower():
        f.append("wb=word")  # a verb's object, mostly ("told Sanders")
    wa = _WORD_AFTER.match(raw, m.end, min(len(raw), m.end + 30))
    after = wa.group(1).lower() if wa else ""
    if after in _FUNCTION_WORDS or after in (",", ":", ";", ".", "("):
        f.append("wa=" + after)
    lead = raw[s_start : m.start]
    if not lead.strip():
        f.append("starts_sentence")
    if "," not in lead and len(lead.split()) <= 3 and before not in _FUNCTION_WORDS:
        f.append("subject_near")
    by_distance = []
    speaks = speaks_after(raw, m.end)
    if speaks:
        by_distance.append("speaks_d=")  # "Kopp said it is not surprising"
    elif before in SPEECH_WORDS:
        by_distance.append("spoken_of_d=")  # '…," said Jonathan Barnett'
    subject = first_in_sentence and before not in _FUNCTION_WORDS
    if subject:
        by_distance.append("subject_d=")
    return f, by_distance, subject, _reports(raw, m.start, m.end, before, after)


def _describe(r: Resolver, p, o: Option, pos: int, gender: str | None, prefer: str | None) -> None:
    """Features of the person, not of one mention: gender agreement, prominence, having spoken."""
    f = o.features
    if gender is not None and p.gender == gender:
        f.append("g=same")
    elif gender is not None and p.gender not in (None, "u") and len(p.name.split()) > 1:
        f.append("g=other")  # a one-word name's gender was guessed from a surname ("Cruz"): no evidence
    if prefer is not None and p.key == prefer:
        f.append("prev_speaker")
    elif p.key in r.speakers:
        f.append("spoke")
    f.append("n=" + _bucket(bisect.bisect_left(r.mention_starts(p), pos), (1, 2, 4, 8)))
    if p.mentions and p.mentions[0].start < r.headline_end:
        f.append("in_headline")
    if len(p.name.split()) == 1:
        f.append("one_word_name")
