"""Resolution: the chosen source mention -> the person, organisation or description it names.

* a name links through the people index (a name the index does not know, such as a transcript label
  "PENCE", goes to the one person whose surname it is);
* "he"/"she" go to the person the text is about at that point: the people named in the current and
  earlier sentences, nearest first, preferring the sentence's subject, a known matching gender and
  the previous quotation's speaker; "who" goes to the name it follows ("…, Scott Reed, who added");
* a definite description ("the president", "the rapper") goes to the person put in apposition with it,
  or described so before, or the salient person; an indefinite one ("a spokeswoman", "one official",
  "63 percent") names nobody: it is shown as the article words it;
* an organisation ("The New York Times", "the Clinton campaign") stays an organisation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from ..model import ExtractedQuote, LocalPerson, Mention
from . import antecedents
from .candidates import Candidate
from .cues import SPEECH_WORDS
from .lexicon import alternation, lines, verbs, words
from .mentions import DESCRIPTION_GENDER, NON_PERSON_WORDS, TITLES
from .places import is_place
from .proposals import STRUCTURAL, Cue, Site, first_proposal
from .sources import NON_PERSON_HEADS, PRONOUNS, Sentences, Source

TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)
# An office ("the president", "the senator", "the nominee") has a holder the article names: never "an
# unnamed one".
HELD_ROLES = words("office_titles") | words("held_roles")

# Honorifics that tell a bare surname's gender ("Mr. Obama" is not Michelle Obama).
_TITLE_GENDER = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f", "miss": "f"}

# Third-person singular pronouns, by the gender they give.
_PERSONAL = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}

# How many narrative sentences back "it", "they" or "the statement" may find the organisation it means,
# and "the suit" the document of that name whose maker it gives (a document is named less often).
ORG_REACH = {"it": 6, "they": 1, "description": 6, "document": 10}

# Nouns naming someone's role, between an organisation and a name ("RNC spokesman Sean Spicer").
ROLE_NOUNS = words("role_nouns")
# Role noun -> the titles its holder bears before a name ("physician" -> "dr").
ROLE_TITLES = {
    role: frozenset(titles) for role, *titles in (line.split() for line in lines("role_titles.tsv"))
}
# A title right before a name: "Dr. ", "Sen. ", "Mayor ".
_TITLE_BEFORE = re.compile(r"(?<![\w.])([A-Za-z]+)\.?[ \u00a0]+\Z")

# One member of a party ("the Utah Republican"): a person's description though capitalised.
PARTY_MEMBERS = words("party_members")


def _party_member(text: str) -> bool:
    """Whether a capitalised phrase ends in a party member noun ("the Utah Republican")."""
    words = text.split()
    return bool(words) and words[-1][:1].isupper() and words[-1].lower() in PARTY_MEMBERS


# Closed-class words: none of them stands between a name and a role noun ("told reporter X").
_FUNCTION_WORDS = words("function_words")

# A sentence's first word, and a phrase fronted before its subject ("In an interview on Monday, ").
_FIRST_WORD = re.compile(r"[A-Za-z]+")
_TITLE_WORD = re.compile(r"([A-Z][a-z]*\.?)[ \u00a0]+")


def _after_titles(raw: str, at: int, end: int) -> int:
    """Where a name starts after up to three titles ("Former President ", "Ms. ")."""
    for _ in range(3):
        t = _TITLE_WORD.match(raw, at, end)
        if (
            t is None
            or t.group(1).lower() not in TITLES
            and t.group(1).lower().rstrip(".") not in TITLE_WORDS
        ):
            break
        at = t.end()
    return at


# A sentence's leading conjunction, and the lower-case adverbs after it ("And even ", "But then ").
_BEFORE_PREPOSITION = re.compile(r" (?:to|for|from|of|in|on|by|with|about) ")
# Words that open a fronted phrase before a main clause ("In what he called …, Obama said").
_FRONTING = (words("subordinators") - {"that", "which", "who", "whom", "where"}) | {"in"}
_CLAUSE_BREAK = re.compile(r"[,;:]")
_SENTENCE_CONJUNCTIONS = frozenset(["and", "but", "yet", "so", "still"])
_LEAD_WORDS = re.compile(r"(?:[ \u00a0]+(?:even|then|also|now|later|still|again))*[ \u00a0]+")
_THE_WORDS = re.compile(r"[Tt]he((?:[ \u00a0]+[\w.-]+){1,4})")


def _titled_description(raw: str, at: int, end: int) -> str | None:
    """ "The Vermont senator" in "The Vermont senator declined …": a definite description at ``at``
    whose head (within four words) is a title or role noun; None otherwise."""
    m = _THE_WORDS.match(raw, at, end)
    if m is None:
        return None
    words = m.group(1).split()
    for k, w in enumerate(words):
        if w.islower() and (w in TITLE_WORDS or w in ROLE_NOUNS):
            return " ".join(["the", *words[: k + 1]])
    return None


_FRONTED = re.compile(r"[^,.!?;:\"“”\n]{1,100}?,[ \u00a0]+")

# Determiners and quantifiers of a description that names nobody in particular.
INDEFINITE = words("indefinite_determiners")

# Nouns naming a group of people ("the crowd", "the audience"): a description of none of them.
GROUP_NOUNS = words("group_nouns")
_VOICE_NOUNS = words("voice_nouns")
# Heads of descriptions that name an organisation itself ("the newspaper"), not one of its documents.
ORGANISATION_HEADS = words("organisation_heads")


def _plural(head: str) -> bool:
    """A lower-case head noun that reads as a plural ("protesters", "delegates"; not "boss", "campus")."""
    return head.islower() and head.endswith("s") and not head.endswith(("ss", "us", "is", "’s", "'s"))


class Resolver:
    """Resolves source phrases to article-local persons."""

    def __init__(
        self,
        raw: str,
        people: list[LocalPerson],
        mentions: list[Mention],
        quote_spans: list[tuple[int, int]],
        organisations: list[LocalPerson] | None = None,
    ):
        self.raw = raw
        self.people = {p.key: p for p in people}
        self.added: list[LocalPerson] = []  # organisations that became entities because they spoke
        self.organisations = list(organisations or [])  # detected by the people finder
        self._peeked: dict[tuple[int, int, str], str | None] = {}
        # Counts what resolving has taught (a gender, a description, a new entity or mention, a new
        # speaker): candidates' peeks stay valid while it stands still, across quotations.
        self.revision = 0
        self._peeked_at = 0
        self._starts_of: dict[str, tuple[int, list[int]]] = {}
        self.mention_features: dict[int, tuple] = {}  # by mention index (antecedents.options)
        self._last_names: tuple[int, dict[str, list[LocalPerson]]] = (-1, {})
        self.speakers: set[str] = set()  # who has spoken so far (a feature of the antecedent model)
        # Who made "the statement", "the website" as resolved last: the same document later on.
        self.document_owners: dict[str, str] = {}
        # Address verbs of the article ("told", "texted"), found on the first question (context.addressee).
        self.address_verbs: list[tuple[int, int]] | None = None
        self.address_starts: list[int] = []
        self.headline_end = raw.find("\n") if "\n" in raw else len(raw)
        qs = sorted(quote_spans)
        self._qstarts = [s for s, _ in qs]
        self._qends = [e for _, e in qs]
        # Mentions outside quotations, by position: the narrative's people.
        self.mentions = [m for m in mentions if not self.in_quote(m.start)]
        self._mstarts = [m.start for m in self.mentions]
        self.sentences = Sentences(raw)
        self._sent_starts = [0, *self.sentences.starts]
        # Paragraph breaks end sentences too (headlines have no final period).
        # "\n\n*" matches what "\n+" does; its literal first character lets the engine skip ahead (6x faster).
        nl = [m.end() for m in re.finditer(r"\n\n*", raw)]
        self._sent_starts = sorted(set(self._sent_starts) | set(nl))
        # Sentences of the narrative: a long quotation's own sentences do not push its speaker out of reach.
        self._narrative_starts = [s for s in self._sent_starts if not self.in_quote(s)]

    def has_quote(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._qstarts, start)
        return i < len(self._qstarts) and self._qstarts[i] < end

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._qstarts, pos) - 1
        return i >= 0 and pos < self._qends[i]

    def mention_starts(self, p: LocalPerson) -> list[int]:
        """Where p is mentioned, sorted (kept until p gains a mention)."""
        got = self._starts_of.get(p.key)
        if got is None or got[0] != len(p.mentions):
            got = self._starts_of[p.key] = (len(p.mentions), sorted(m.start for m in p.mentions))
        return got[1]

    def sentence_start(self, pos: int) -> int:
        return self._sent_starts[bisect.bisect_right(self._sent_starts, pos) - 1]

    def add_organisation(self, name: str, start: int, end: int) -> str:
        """The organisation named ``name`` as an entity of the article, with this mention: one the people
        finder detected under the same name, else a new one. An organisation that speaks gets a page
        like a person; one that is only mentioned does not (the detector is not sure enough for that)."""
        norm = _org_key(name)
        p = next((o for o in self.organisations if _org_key(o.name) == norm), None)
        full = None if p is not None else self.named_in_full_before(_without_the(name), start)
        if full is not None:
            # "the Post" after "The Washington Post": the outlet the article named in full.
            name, norm = full, _org_key(full)
            p = next((o for o in self.organisations if _org_key(o.name) == norm), None)
        if p is None:
            p = LocalPerson(key=name, name=name, kind="organisation")
            self.organisations.append(p)
            self.revision += 1
        self._as_entity(p)
        if not any(m.start == start for m in p.mentions):
            p.mentions.append(Mention(start, end, self.raw[start:end], p.key, "name"))
            self.revision += 1
        return p.key

    def named_in_full_before(self, short: str, pos: int) -> str | None:
        """The full name that a short organisation name ("Post" of "the Post", "Times") ends, as the
        narrative wrote it last before pos ("The Washington Post reported … the Post reported"): one
        to three capitalised words before it, none a function word; None when there is none."""
        words = short.split()
        if (
            not words
            or len(words) > 2
            or not _proper_name(words)
            or short.isupper()
            or _party_member(short.removesuffix("s"))
        ):
            return None  # "the SVP" is no "Junge SVP", "Republicans" no "Congressional Republicans"
        full = re.compile(
            r"(?<![\w’'-])((?:[A-Z][\w.&’'-]*[ \u00a0]+){1,3})"
            + r"[ \u00a0]+".join(map(re.escape, words))
            + r"(?![\w’'-])"
        )
        found = None
        for m in full.finditer(self.raw, 0, pos):
            lead = m.group(1).split()
            if "The" in lead:
                lead = lead[lead.index("The") :]  # "Enter The Washington Post."
            if self.in_quote(m.start()) or lead[0].lower() in _FUNCTION_WORDS or lead == ["The"]:
                continue
            if any(w.lower() in _TIME_WORDS or _possessive_end(w) or w.endswith(".") for w in lead):
                continue  # "Sunday Post", "Sanders' Post", "said Kim. Post": no name of the outlet
            found = " ".join(lead + words)
        return found

    def _as_entity(self, p: LocalPerson) -> str:
        if self.people.get(p.key) is not p:
            while p.key in self.people:  # a person of the same name keeps theirs
                p.key += " (organisation)"
            self.people[p.key] = p
            self.added.append(p)
            self.revision += 1
        return p.key

    def window_start(self, pos: int, max_sentences: int) -> int:
        """Where the narrative sentence max_sentences before the one at pos starts (0 before the first):
        how far back a look-up "within max_sentences" reads."""
        starts = self._narrative_starts
        s_idx = bisect.bisect_right(starts, pos) - 1
        return starts[max(0, s_idx - max_sentences)] if s_idx >= 0 else 0

    def organisation_before(self, pos: int, max_sentences: int, learn: bool) -> str | None:
        """The organisation named last in the narrative sentences before pos: who "it" or "the
        statement" stands for ("the Security Council issued a statement … The statement noted")."""
        lo = self.window_start(pos, max_sentences)
        orgs = [*self.organisations, *(p for p in self.people.values() if p.kind == "organisation")]
        best, at, size = None, -1, 0
        for o in orgs:
            for name in {o.name, *(m.text for m in o.mentions)}:
                i = self.raw.rfind(name, lo, pos)
                while i > at and (self.in_quote(i) or _ADDRESSED.search(self.raw, max(0, i - 12), i)):
                    i = self.raw.rfind(name, lo, i)
                # Where two names start at the same place, the longer is the one written there ("the
                # Republican Party of Wyoming", not "Republican Party" named elsewhere).
                if i > at or (i == at >= 0 and len(name) > size):
                    best, at, size = o, i, len(name)
        if best is None:
            return None
        return self._as_entity(best) if learn else best.key

    def owner(self, name: str, start: int, end: int) -> str:
        """Who a document or group belongs to when a name follows its noun: the person that name is
        ("a statement from Trump"), else the organisation ("… in The Des Moines Register")."""
        m = self.mention_at(start, end)
        p = self.people.get(m.person) if m is not None and m.start == start else None
        if p is not None and p.kind == "person":
            return p.key
        return self.add_organisation(name, start, end)

    def named_with_head_before(self, head: str, pos: int, max_sentences: int) -> tuple[str, int, int] | None:
        """(name, start, end) of the organisation that the last narrative phrase with this head noun
        before pos names after a preposition ("the trade group for the Blue Cross Blue Shield plans"),
        within max_sentences; None when that phrase names none."""
        lo = self.window_start(pos, max_sentences)
        word = re.compile(rf"(?<![\w’'-]){re.escape(head)}(?![\w’'-])")
        last = None
        for m in word.finditer(self.raw, lo, pos):
            if not self.in_quote(m.start()):
                last = m
        named = organisation_after_head(self.raw, last.end()) if last is not None else None
        return None if named is None or self.aimed_at_person(*named) else named

    def named_by_head_before(self, head: str, pos: int, max_sentences: int) -> tuple[str, int, int] | None:
        """(name, start, end) of the last narrative "the <Name> <head>" within max_sentences before pos
        ("The Clinton campaign", "the Obama administration"), its name being the capitalised words and
        the head ("Clinton campaign", as pages show "the Clinton campaign"); None when there is none."""
        lo = self.window_start(pos, max_sentences)
        found = [
            m
            for m in _NAME_THEN_HEAD.finditer(self.raw, lo, pos)
            if m.group(2) == head and not self.in_quote(m.start()) and not is_place(m.group(1))
        ]
        if not found:
            return None
        m = found[-1]
        return f"{m.group(1)} {head}", m.start(1), m.end(2)

    def aimed_at_person(self, name: str, start: int, end: int) -> bool:
        """A person's name after "at" says whom a document was aimed at, not who made it ("who aimed
        their Friday editorial at Clinton")."""
        if not self.raw[max(0, start - 8) : start].rstrip().endswith(" at"):
            return False
        m = self.mention_at(start, end)
        p = self.people.get(m.person) if m is not None else None
        return p is not None and p.kind == "person"

    def document_owner(self, head: str, pos: int, max_sentences: int, learn: bool = True) -> str | None:
        """Who made the document that "the <head>" at pos means: the owner of the last narrative phrase
        with that head noun, within max_sentences, that names one ("Podliska’s lawsuit", "the Wall Street
        Journal editorial board", "Cook provided a written statement", "Rob Calabrese, a radio host, has
        set up a website", "Vanguard said in a statement"), or a capitalised name right before the head
        that is no place or day ("Wednesday's Quinnipiac poll": an organisation, made only with learn);
        None when none does."""
        lo = self.window_start(pos, max_sentences)
        # The head alone or ending a compound ("the suit" after "The lawsuit filed by …").
        word = re.compile(rf"(?<![\w’'-])(?:[a-z]{{2,}})?{re.escape(head)}(?![\w’'-])")
        found = [m for m in word.finditer(self.raw, lo, pos) if not self.in_quote(m.start())]
        for w in reversed(found):
            at = w.start()
            by = _MADE_BY.match(self.raw, w.end())
            if by is not None:
                # "The November 23 lawsuit filed by a former staffer named Bradley Podliska"
                m = self.mention_at(by.end(), by.end() + 1)
                if m is not None and m.start == by.end() and m.kind in ("name", "surname"):
                    return self._as_entity(self.people.get(m.person) or self._organisation(m.person))
            sentence = self.sentence_start(at)
            names = self._names_between(sentence, at)
            for i in range(len(names) - 1, -1, -1):
                m = names[i]
                # "Trey Gowdy (R-S.C) sent a letter": a party and state after the name are no gap.
                paren = antecedents.PARENTHESIS.match(self.raw, m.end, at)
                gap = self.raw[paren.end() if paren else m.end : at]
                subject = m.start == _after_titles(self.raw, sentence, at) and _SUBJECT_GAP.fullmatch(gap)
                if (_OWNER_GAP.fullmatch(gap) or subject) and _authored(gap):
                    # "Goodlatte and … Trey Gowdy … sent a letter": a pair made it, shown as its first named.
                    first = names[i - 1] if i > 0 else None
                    if first is not None and _PAIR_GAP.fullmatch(self.raw, first.end, m.start):
                        p = self.people.get(first.person)
                        if p is not None and p.kind == "person":
                            m = first
                    return self._as_entity(self.people.get(m.person) or self._organisation(m.person))
                if not _APPOSITION_ONLY.fullmatch(gap):
                    break  # a nearer name that is no owner: the phrase is someone else's object
            run = _NAME_BEFORE_HEAD.search(self.raw, max(sentence, at - 60), at)
            if run is not None and learn and _owner_name(self.raw, sentence, run):
                return self.add_organisation(run.group(1), run.start(1), run.start(1) + len(run.group(1)))
        return None

    def plaintiff_before(self, pos: int, max_sentences: int, exclude: set[str]) -> str | None:
        """Who the last narrative sentence with a suing verb (``data/suing_verbs.tsv``) within
        max_sentences before pos has as its subject: a name opening the sentence right before the verb
        (auxiliaries and adverbs between: "Hernandez has sued"), or "his/her <organisation head>" ("His
        campaign sued the DNC": the campaign of whom "his" means); None for any other subject."""
        lo = self.window_start(pos, max_sentences)
        found = [m for m in _SUING.finditer(self.raw, lo, pos) if not self.in_quote(m.start())]
        if not found:
            return None
        verb = found[-1].start()
        at = self.sentence_start(verb)
        at += len(self.raw[at:verb]) - len(self.raw[at:verb].lstrip())
        subject = self.raw[at:verb].split()
        while subject and (subject[-1] in _AUXILIARIES or subject[-1] in _ADVERBS):
            subject.pop()
        if len(subject) == 2 and subject[0].lower() in ("his", "her") and subject[1] in _ORG_HEADS:
            return self.salient(at, _PERSONAL[subject[0].lower()], exclude)
        name_at = _after_titles(self.raw, at, verb)
        for m in self._names_between(at, verb):
            gap = self.raw[m.end : verb].split()
            if m.start in (at, name_at) and all(w in _AUXILIARIES or w in _ADVERBS for w in gap):
                return self._as_entity(self.people.get(m.person) or self._organisation(m.person))
        return None

    def owner_named_after(self, head: str, pos: int, max_sentences: int = 3) -> str | None:
        """The person or organisation whose possessive stands before the same head noun in the
        narrative sentences after pos ("Hoff’s letter"), else None."""
        starts = self._narrative_starts
        s_idx = bisect.bisect_right(starts, pos)
        hi = starts[s_idx + max_sentences] if s_idx + max_sentences < len(starts) else len(self.raw)
        word = re.compile(rf"[’']s?[ \u00a0]+{re.escape(head)}(?![\w’'-])")
        for w in word.finditer(self.raw, pos, hi):
            if self.in_quote(w.start()):
                continue
            m = self.mention_at(w.start() - 1, w.start())
            p = self.people.get(m.person) if m is not None and m.end <= w.start() + 2 else None
            if p is not None and m is not None and m.kind in ("name", "surname", "possessive"):
                return p.key
        return None

    def _names_between(self, start: int, end: int) -> list[Mention]:
        """Name mentions of people and detected organisations in [start, end), by position."""
        found = [m for m in self.mentions_between(start, end) if m.kind in ("name", "surname", "alias")]
        for o in self.organisations:
            found += [m for m in o.mentions if start <= m.start < end]
        return sorted(found, key=lambda m: m.start)

    def _organisation(self, key: str) -> LocalPerson:
        return next(o for o in self.organisations if o.key == key)

    def named_in_aside_before(self, pos: int) -> set[str]:
        """The people named only inside an aside set off by dashes that closes right before pos ("In
        the letter - addressed to the U.S. attorney, Channing D. Phillips - the Utah Republican asks"):
        not who the phrase after it, the clause's subject, describes."""
        aside = _ASIDE_BEFORE.search(self.raw, self.sentence_start(pos), pos)
        if aside is None:
            return set()
        inside = {m.person for m in self.mentions_between(aside.start(), aside.end())}
        outside = {m.person for m in self.mentions_between(self.sentence_start(pos), aside.start())}
        return inside - outside

    def named_next(self, pos: int) -> LocalPerson | None:
        """The person whose name opens the narrative sentence after the one at pos (titles skipped), when
        the article names that person there for the first time: who a role described just before is."""
        starts = self._narrative_starts
        s_idx = bisect.bisect_right(starts, pos)
        if s_idx >= len(starts):
            return None
        at = starts[s_idx]
        at += len(self.raw[at : at + 40]) - len(self.raw[at : at + 40].lstrip())
        name_at = _after_titles(self.raw, at, at + 60)
        m = self.mention_at(name_at, name_at + 1)
        if m is None or m.start not in (at, name_at) or m.kind != "name":
            return None
        p = self.people.get(m.person)
        if p is None or p.kind != "person" or self.mention_starts(p)[0] < m.start:
            return None
        return p

    def pair_before(self, pos: int, max_sentences: int) -> str | None:
        """The first person of the last pair of people the narrative named as "X and Y" (titles and a
        parenthesis allowed: "Chaffetz (R-Utah) and Judiciary Committee Chairman Bob Goodlatte") in the
        max_sentences before pos."""
        lo = self.window_start(pos, max_sentences)
        names = [m for m in self.mentions_between(lo, pos) if m.kind in ("name", "surname")]
        for a, b in reversed(list(zip(names, names[1:], strict=False))):
            p, q = self.people.get(a.person), self.people.get(b.person)
            if p is None or q is None or p is q or p.kind != "person" or q.kind != "person":
                continue
            if _PAIR_GAP.fullmatch(self.raw, a.end, b.start):
                return p.key
        return None

    def subject_pair_before(self, pos: int) -> str | None:
        """The first of two people whom the narrative sentence before pos opens with, each set off by
        an apposition ("Felicia Wong, president of …, and Stan Greenberg, co-founder of …, applauded"):
        who a plural description right after means ("the progressive heavyweights wrote")."""
        starts, raw = self._narrative_starts, self.raw
        s_idx = bisect.bisect_right(starts, pos) - 1
        if s_idx < 1:
            return None
        at = starts[s_idx - 1]
        at += len(raw[at : starts[s_idx]]) - len(raw[at : starts[s_idx]].lstrip())
        first = self.mention_at(at, at + 1)
        if first is None or first.start != at or first.kind != "name":
            return None
        gap = _APPOSED_PAIR_GAP.match(raw, first.end, starts[s_idx])
        second = self.mention_at(gap.end(), gap.end() + 1) if gap is not None else None
        if second is None or gap is None or second.start != _after_titles(raw, gap.end(), gap.end() + 60):
            return None
        p, q = self.people.get(first.person), self.people.get(second.person)
        if p is None or q is None or p is q or p.kind != "person" or q.kind != "person":
            return None
        return p.key

    def organisation_at(self, start: int, end: int) -> LocalPerson | None:
        """The detected organisation with a mention overlapping [start, end)."""
        for o in self.organisations:
            if any(m.start < end and start < m.end for m in o.mentions):
                return o
        return None

    def peek(self, src: Source) -> str | None:
        """What a candidate resolves to, learning nothing (remembered until something is learned)."""
        key = (src.start, src.end, src.kind)
        if self._peeked_at != self.revision:
            self._peeked.clear()  # what was learned may change what a candidate resolves to
            self._peeked_at = self.revision
        if key not in self._peeked:
            self._peeked[key] = self.resolve(src, learn=False)
        return self._peeked[key]

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """Narrative mentions starting in [start, end)."""
        return self.mentions[
            bisect.bisect_left(self._mstarts, start) : bisect.bisect_left(self._mstarts, end)
        ]

    def mention_at(self, start: int, end: int) -> Mention | None:
        i = bisect.bisect_left(self._mstarts, start)
        # Mentions are short; look a little to both sides for an overlapping one.
        best = None
        for m in self.mentions[max(0, i - 3) : i + 6]:
            if (m.start < end and start < m.end) and (
                best is None or (m.kind != "description" and best.kind == "description")
            ):
                best = m
        return best

    def salient(
        self,
        pos: int,
        gender: str | None,
        exclude: set[str],
        prefer: str | None = None,
        only: set[str] | None = None,
    ) -> str | None:
        """The person the text is about at pos: of the people named in the sentences before it and the
        previous quotation's speaker (``prefer``), the one the antecedent model ranks first."""
        return antecedents.shipped().best(antecedents.options(self, pos, gender, exclude, prefer, only=only))

    def named_after_fronted(self, pos: int, gender: str, exclude: set[str]) -> str | None:
        """Cataphora: a pronoun inside a sentence's fronted phrase ("In what he acknowledged as a
        news conference-ending “…” President Obama took a whack", "While she was in Iowa, Clinton
        said") means the main clause's subject, the person named right after that phrase ends (a comma
        or a quotation's closing mark, titles allowed)."""
        raw, at = self.raw, self.sentence_start(pos)
        at += len(raw[at:pos]) - len(raw[at:pos].lstrip(" \u00a0\n\"“‘'("))
        first = _FIRST_WORD.match(raw, at, pos)
        if first is None or first.group(0).lower() not in _FRONTING or _CLAUSE_BREAK.search(raw, at, pos):
            return None
        for m in self.mentions_between(pos + 1, min(len(raw), pos + 400)):
            if self.in_quote(m.start):
                continue
            between = raw[pos : m.start]
            if any(c in ".!?;" and not self.in_quote(pos + i) for i, c in enumerate(between)):
                return None  # the sentence ended first
            if m.kind not in ("name", "surname"):
                continue
            edge = max(between.rfind(","), between.rfind("”"), between.rfind('"'))
            if edge < 0 or not all(w.lower().rstrip(".") in TITLE_WORDS for w in between[edge + 1 :].split()):
                continue
            p = self.people.get(m.person)
            if p is None or p.kind != "person" or p.key in exclude or p.gender not in (None, "u", gender):
                return None
            return p.key
        return None

    def describer_before(
        self, pos: int, gender: str, exclude: set[str], max_sentences: int = 5
    ) -> str | None:
        """The person of this gender whom the last narrative "the <role> said" of the max_sentences
        before pos describes ("The derogatory comments had two goals, the admiral said"), else None."""
        reporter = self.description_reporter(pos, exclude, max_sentences)
        p = self.people.get(reporter) if reporter else None
        if p is not None and p.kind == "person" and p.gender in (None, "u", gender):
            return p.key
        return None  # the account's last reporter is no one known: no guess further back

    def description_reporter(self, pos: int, exclude: set[str], max_sentences: int) -> str | None:
        """Whom the last narrative "the <role> said" (a person's role, not a document or group) of the
        max_sentences before pos describes: their key, "" when it goes on about someone the article
        brought in unnamed ("a partner at the firm … The solution, the partner told them, was simple"),
        None when there is no such phrase or it describes no one known."""
        lo = self.window_start(pos, max_sentences)
        said = [m for m in _DESCRIPTION_SAID.finditer(self.raw, lo, pos) if not self.in_quote(m.start())]
        for m in reversed(said):
            head = m.group(2)
            if head in NON_PERSON_HEADS or head in GROUP_NOUNS or _plural(head):
                continue
            key = self.resolve_description(m.group(1), m.start(), exclude, learn=False)
            if key is None and self._introduced_unnamed(head, m.start()) and self._reporting_subject(m):
                return ""
            return key
        return None

    def _reporting_subject(self, m: re.Match) -> bool:
        """Whether a "the <role> said" phrase is a clause's subject: it opens its sentence or follows a
        comma ("The solution, the partner told them, was"), and its words are no function words ("the
        author of that boast" is a verb's object)."""
        if any(w.lower() in _FUNCTION_WORDS for w in m.group(1).split()[1:]):
            return False
        before = self.raw[self.sentence_start(m.start()) : m.start()].rstrip()
        return before == "" or before.endswith(",")

    def asked_before(self, pos: int, gender: str, exclude: set[str]) -> str | None:
        """The person a question verb of the narrative sentence right before pos has as its object,
        when that sentence reports no other speech ("Conroy asked Sanders whether … “…” he said": the
        one asked answers); not a possessive ("questioned Trump's logic") nor the asker."""
        starts, raw = self._narrative_starts, self.raw
        s_idx = bisect.bisect_right(starts, pos) - 1
        if s_idx < 1:
            return None
        at, end = starts[s_idx - 1], starts[s_idx]
        spoken = [w for w in _LOWER_WORD.findall(raw, at, end) if w in SPEECH_WORDS]
        if not spoken or any(w not in antecedents.QUESTION_VERBS for w in spoken):
            return None
        for q in _ASKED.finditer(raw, at, end):
            m = self.mention_at(q.end(), q.end() + 1)
            if m is None or m.start != q.end() or m.kind not in ("name", "surname"):
                continue
            p = self.people.get(m.person)
            # (a possessive, "questioned Trump's logic", is a mention of its own kind)
            if (
                p is not None
                and p.kind == "person"
                and p.key not in exclude
                and p.gender in (None, "u", gender)
            ):
                return p.key
        return None

    def subject_before(self, pos: int, gender: str, exclude: set[str]) -> str | None:
        """The subject of the narrative sentence before the one at pos, when it is a person of that
        gender: 'With one foot on her board, Ms. Gil gazed out. "…" she said.' A fronted phrase up to
        its comma is skipped ("In his assessment of Trump, Calderon intimated …"), a role between
        names taken through ("Obama consultant Cornell Belcher, …, picked up"), and a subject "he" of
        that gender passes the question one sentence further back."""
        starts, raw = self._narrative_starts, self.raw
        s_idx = bisect.bisect_right(starts, pos) - 1
        for _hop in range(2):
            if s_idx < 1:
                return None
            at, end = starts[s_idx - 1], starts[s_idx]
            at += len(raw[at:end]) - len(raw[at:end].lstrip())
            first = _FIRST_WORD.match(raw, at, end)
            if first is None:
                return None
            if first.group(0).lower() in _SENTENCE_CONJUNCTIONS:
                # "And even Obama tried …", "But he told …": the conjunction and an adverb or two.
                lead = _LEAD_WORDS.match(raw, first.end(), end)
                if lead is None:
                    return None  # "And," / "But—": no subject to read
                at = lead.end()
                first = _FIRST_WORD.match(raw, at, end)
                if first is None:
                    return None
            if first.group(0).lower() in _FUNCTION_WORDS:
                fronted = _FRONTED.match(raw, at, end)
                if fronted is None:
                    return None
                at = fronted.end()
                first = _FIRST_WORD.match(raw, at, end)
                if first is None:
                    return None
            if _PERSONAL.get(first.group(0).lower()) == gender and first.group(0).lower() in ("he", "she"):
                s_idx -= 1  # "he was asked what happened": who "he" is, the sentence before says
                continue
            name_at = _after_titles(raw, at, end)  # "Former President Bill Clinton", "Ms. Gil"
            m = self.mention_at(name_at, name_at + 1)
            if m is None or m.start not in (at, name_at) or m.kind == "description":
                # "The Vermont senator declined …": a definite description of a title or role.
                desc = _titled_description(raw, at, end)
                if desc is None:
                    return None
                key = self.resolve_description(desc, at, exclude, learn=False)
                p = self.people.get(key) if key is not None else None
                if p is None or p.kind != "person" or p.gender not in (None, "u", gender):
                    return None
                return p.key
            verb = _FIRST_WORD.search(raw, m.end, end)
            if verb is not None and verb.group(0) in antecedents.QUESTION_VERBS:
                return None  # "Hewitt asked Trump about …": the answer that follows is not the asker's
            p = self.people.get(m.person)
            role = _possessed_role(raw, m.text, m.end)
            if role is not None:
                # "Mr. Trump's campaign chairman, Paul Manafort, dismissed …": the chairman is the subject.
                p = _role_holder(raw, m.start, role, self)
            named = _named_after_role(raw, m.end, self)
            p = named or p
            if p is None or p.kind != "person" or p.key in exclude:
                return None
            if p.gender not in (None, "u", gender):
                return None
            return p.key
        return None

    def _namesake(self, p: LocalPerson, m: Mention, gender: str) -> LocalPerson | None:
        """The one other person of the right gender who shares the surname a bare-surname mention uses."""
        if len(m.text.split()) != 1:
            return None
        last = _bare_name(m.text).lower()
        others = [
            o
            for o in self.people.values()
            if o is not p and o.kind == "person" and o.gender == gender and o.name.split()[-1].lower() == last
        ]
        return others[0] if len(others) == 1 else None

    def _which_namesake(self, m: Mention, exclude: set[str]) -> str | None:
        """A bare surname several people of the article share ("Cruz": Ted, Heidi, Rafael) means the
        first of them the article introduced (the others are told apart by first name), of the gender a
        title before it gives ("Mr. Obama" is not Michelle Obama)."""
        if m.kind != "surname":
            return None
        bare = _bare_name(m.text)
        named = self._by_last_name().get(bare.lower(), ())
        title = self.raw[max(0, m.start - 14) : m.start].split()[-1:]
        gender = _TITLE_GENDER.get(title[0].lower()) if title else None
        if len(named) < 2 and gender is None:
            return None
        same = [
            p
            for p in named
            if p.key not in exclude and p.mentions and (gender is None or p.gender in (None, "u", gender))
        ]
        if not same and gender is not None:
            # Every namesake is of the other gender: the index merged two people ("Mr. Obama" linked to
            # Michelle Obama when the article never gives his first name). He is a person of his own.
            return self._add_person(bare, gender, m)
        if len(same) < 2:
            return same[0].key if same and gender is not None else None
        return min(same, key=lambda p: p.mentions[0].start).key

    def _introduced_unnamed(self, head: str, pos: int) -> bool:
        """The narrative before pos brought in "a(n) … <head>" ("an organizer", "a White House official")
        with no name in apposition: "the <head>" goes on about that unnamed someone."""
        first = self.raw.find(head, 0, pos)
        if first < 0:
            return False
        # A match holds no line break and ends with the head: none starts before the line where the head
        # first stands, so the search starts there (same matches as from 0, without reading the text before).
        for m in _indefinite_with_head(head).finditer(self.raw, self.raw.rfind("\n", 0, first) + 1, pos):
            if self.in_quote(m.start()):
                continue
            after = self.raw[m.end() : m.end() + 3]
            named = self.mention_at(m.end() + 2, m.end() + 3) if after.startswith(",") else None
            if named is None or named.kind == "description":
                return True
        return False

    def _by_last_name(self) -> dict[str, list[LocalPerson]]:
        """The article's people by lower-case last name (rebuilt when someone is added)."""
        if self._last_names[0] != len(self.people):
            index: dict[str, list[LocalPerson]] = {}
            for p in self.people.values():
                if p.kind == "person":
                    index.setdefault(p.name.split()[-1].lower(), []).append(p)
            self._last_names = (len(self.people), index)
        return self._last_names[1]

    def _add_person(self, name: str, gender: str, m: Mention) -> str:
        p = self.people.get(name)
        if p is None or p.gender not in (None, gender):
            key = name
            while key in self.people:
                key += " (2)"
            p = LocalPerson(key=key, name=name, gender=gender)
            self.people[key] = p
            self.added.append(p)
            self.revision += 1
        if not any(x.start == m.start for x in p.mentions):
            p.mentions.append(Mention(m.start, m.end, m.text, p.key, m.kind))
            self.revision += 1
        return p.key

    def antecedent(self, pos: int) -> str | None:
        """The person a relative "who" at pos refers to: the name right before it (", who")."""
        i = bisect.bisect_left(self._mstarts, pos) - 1
        if i >= 0:
            m = self.mentions[i]
            gap = self.raw[m.end : pos]
            if len(gap) <= 3 and gap.strip() in (",", ""):
                return m.person
        return None

    def titled(self, titles: frozenset[str], exclude: set[str]) -> str | None:
        """The one person of the article named right after one of these titles ("Dr. Harold Bornstein"
        for "dr"), else None."""
        found = set()
        for p in self.people.values():
            if p.kind != "person" or p.key in exclude:
                continue
            for m in p.mentions:
                t = (
                    _TITLE_BEFORE.search(self.raw, max(0, m.start - 12), m.start)
                    if m.kind == "name"
                    else None
                )
                if t is not None and t.group(1).lower() in titles:
                    found.add(p.key)
                    break
        return found.pop() if len(found) == 1 else None

    def by_surname(self, text: str) -> str | None:
        """The one person whose last name is text's last word, in any case ("PENCE", "Mr. Kaine"). An
        organisation's last word is no surname: "Breitbart News" is not the "Daily News" named before."""
        words = text.split()
        last = words[-1].strip(".,:").lower() if words else ""
        found = [
            p.key
            for p in self.people.values()
            if p.name.split()[-1].lower() == last and (p.kind == "person" or len(words) == 1)
        ]
        return found[0] if len(found) == 1 else None

    def resolve(
        self, src: Source, exclude: set[str] | None = None, learn: bool = True, prefer: str | None = None
    ) -> str | None:
        """The person src refers to. With learn, what resolving taught is kept (a pronoun's gender, a new
        description of the person); candidates are resolved without it, the chosen source with it.
        ``prefer``: the previous quotation's speaker, whom a pronoun most often continues."""
        exclude = exclude or set()
        low = src.text.lower()
        gender = _PERSONAL.get(_bare_name(low))
        m = self.mention_at(src.start, src.end) if gender is None else None  # "He’s" is no name
        if m is not None and src.kind == "description" and m.start > src.start and _person_role(src.text):
            m = None  # "A top Donald Trump adviser": the name modifies the role; the adviser speaks
        if m is not None and m.kind != "description" and m.person not in exclude:
            return self._which_namesake(m, exclude) or m.person
        if gender is not None:
            # "he", "his", "He’s": the person the text is about, of that gender.
            cataphor = self.named_after_fronted(src.start, gender, exclude)
            if cataphor is not None:
                return cataphor
            found = antecedents.options(self, src.start, gender, exclude, prefer)
            key = None
            if antecedents.speaks_after(self.raw, src.end):
                if self.description_reporter(src.start, exclude, 1) == "":
                    # "The solution, the partner told them, was simple. “…” he said": the account
                    # goes on with the unnamed reporter of the sentence before; no name to show.
                    return None
                reach = 1 + antecedents.pronoun_reports_before(self, src.start, gender)
                key = (
                    antecedents.reporter(found, reach)
                    or self.asked_before(src.start, gender, exclude)
                    or self.subject_before(src.start, gender, exclude)
                )
            elif self.raw[self.sentence_start(src.start) : src.start].strip() == "":
                # "Podliska’s lawsuit demands his reinstatement … He also seeks": a sentence's subject
                # "He" goes on with the subject of the sentence before, when that is a person of its gender.
                key = self.subject_before(src.start, gender, exclude)
            # A person of the other gender is never "she": with only men named around, the woman
            # speaking is someone the article does not name ("a resident named Caroline").
            key = key or antecedents.shipped().best([o for o in found if "g=other" not in o.features])
            if key is None and not found:
                # Nobody named within reach: '… two goals, the admiral said. … “…” he said' goes on
                # with the person the description that reported speech last describes.
                key = self.describer_before(src.start, gender, exclude)
            if learn and key and self.people[key].gender is None:
                self.people[key].gender = gender
                self.revision += 1
            return key
        if src.kind == "pronoun" or low in PRONOUNS:
            if low in ("who", "whom"):
                return self.antecedent(src.start)
            if low in ("it", "which", "they"):
                p = self.people.get(prefer) if prefer is not None else None
                if p is not None and p.kind == "organisation" and _AFTER_QUOTE.search(self.raw, 0, src.start):
                    return p.key  # "… the newspaper admitted. “…,” it added.": the organisation goes on
                return self.organisation_before(
                    src.start, ORG_REACH["they" if low == "they" else "it"], learn
                )
            return None
        if src.kind == "description":
            if m is not None:
                return m.person
            return self.resolve_description(src.text, src.start, exclude, learn, prefer)
        if src.kind == "name":
            key = self.by_surname(src.text)
            return key if key not in exclude else None
        return None

    def resolve_description(
        self, text: str, pos: int, exclude: set[str], learn: bool = True, prefer: str | None = None
    ) -> str | None:
        norm = " ".join(text.lower().split())
        head = norm.split()[-1]
        first = norm.split()[0]
        if _pair_description(norm):
            # "Chaffetz and Goodlatte sent …; the committee chairmen wrote", "the two write": the pair
            # named last, shown as its first named (as "X and Y" is).
            pair = self.pair_before(pos, ORG_REACH["description"])
            if pair is not None:
                return pair
        if head in _DETERMINERS:
            return None  # a lone "the" the ranker took: no phrase, nobody it describes
        noun = _BEFORE_PREPOSITION.split(norm, 1)[0].split()[-1]  # "a letter to … members": letter
        if first in INDEFINITE and noun in NON_PERSON_HEADS:
            # "A letter to platform committee members calls for …" then "Hoff’s letter, emailed to
            # delegates": the article names the maker of the document a few sentences on.
            return self.owner_named_after(noun, pos)
        if first in INDEFINITE or first[0].isdigit() or "percent" in norm.split():
            return None  # "a senior aide", "one questioner", "63 percent": nobody the article names
        if first in ("his", "her", "their") and head.endswith("s"):
            return None  # "His surrogates": a group, not one person
        if first == "the" and _proper_name(text.split()[1:]) and not _party_member(text):
            return None  # "The New York Times", "The Daily Beast": an organisation, named as it is
        if first in ("his", "her") and head in _ORG_HEADS:
            # "His campaign said": the campaign of the person "his" means, shown as that person.
            return self.salient(pos, _PERSONAL[first], exclude)
        if first in ("his", "her") and head in ROLE_TITLES:
            # "According to his longtime personal physician, …" / "Dr. Harold Bornstein": the one person
            # the article gives the title of that role.
            return self.titled(ROLE_TITLES[head], exclude)
        if first in ("his", "her", "their"):
            return None  # "his colleague", "their attorneys": someone the article does not name
        if head in NON_PERSON_HEADS:
            # "the trade group for the Blue Cross Blue Shield plans … the group wrote": the organisation
            # the last phrase with that head named; else "The statement noted", "the union wrote":
            # the organisation named last before, if any.
            named = self.named_with_head_before(head, pos, ORG_REACH["description"])
            if named is not None:
                return self.owner(*named) if learn else None
            made = self.document_owner(head, pos, ORG_REACH["document"], learn)
            if made is None and head in _SUIT_NOUNS:
                # "His campaign sued the DNC … The complaint alleged": the suit is whoever brought it.
                made = self.plaintiff_before(pos, ORG_REACH["document"], exclude)
            if made is None and head in _ORG_HEADS:
                # "The Clinton campaign suggested … the campaign said": the one named with that head.
                named = self.named_by_head_before(head, pos, ORG_REACH["description"])
                if named is not None:
                    return self.add_organisation(*named) if learn else named[0]
            made = made or self.document_owners.get(head)
            if made is not None:
                if learn and self.document_owners.get(head) != made:
                    self.document_owners[head] = made
                    self.revision += 1
                return made
            p = self.people.get(prefer) if prefer is not None else None
            if (
                p is not None
                and p.kind == "organisation"
                and head in ORGANISATION_HEADS
                and _AFTER_QUOTE.search(self.raw, max(0, pos - 8), pos)
            ):
                return p.key  # "“…,” it read. “…,” the newspaper admitted.": the organisation goes on
            if head in ORGANISATION_HEADS and self._introduced_unnamed(head, pos):
                return None  # "a New Hampshire ballot commission … the commission said": named by no one
            return self.organisation_before(pos, ORG_REACH["description"], learn)
        if (
            first == "the"
            and _plural(head)
            and head not in GROUP_NOUNS
            and _AFTER_QUOTE.search(self.raw, max(0, pos - 8), pos)
        ):
            # '“…,” the progressive heavyweights wrote' after a sentence whose subject is two people
            # each set off by an apposition: the pair, shown as its first named.
            pair = self.subject_pair_before(pos)
            if pair is not None:
                return pair
        if head in GROUP_NOUNS or _plural(text.split()[-1]):
            return None  # "the crowd cried out", "the protesters chanted": a group, no one person
        for p in self.people.values():
            if p.key not in exclude and any(" ".join(d.lower().split()) == norm for d in p.descriptions):
                return p.key
        for p in self.people.values():
            if p.key not in exclude and any(_same_head(d, text) for d in p.descriptions):
                return p.key
        # What the article called someone before their name: "the nominee" after "Republican nominee X".
        called = [
            p
            for p in self.people.values()
            if p.key not in exclude and any(c.lower().split()[-1:] == [head] for c in p.called)
        ]
        if len(called) == 1:
            return called[0].key
        if head in _VOICE_NOUNS:
            return None  # "says the ad’s narrator": the ad's voice, not the person the ad is about
        if first == "the" and head not in HELD_ROLES and self._introduced_unnamed(head, pos):
            # "an organizer … the organizer told them", "A Republican committee aide … the aide said":
            # someone the article never names (an office such as "the president" has a named holder).
            return None

        g = DESCRIPTION_GENDER.search(text)
        gender = ("f" if g.group("f") else "m") if g else None
        key = self.salient(pos, gender, exclude | self.named_in_aside_before(pos))
        if key is None and first == "the" and head in ROLE_TITLES:
            # "the admiral said" with no one named near, sentences after "Adm. Harry B. Harris Jr.": the
            # one person the article names with that role's title (none when two bear it).
            key = self.titled(ROLE_TITLES[head], exclude)
        if learn and key is not None and norm.split()[0] == "the":
            p = self.people[key]
            if text not in p.descriptions:
                p.descriptions.append(text)
                self.revision += 1
        return key


# An aside between two dashes ending right before a phrase: " - addressed to …, Channing D. Phillips - ".
_ASIDE_BEFORE = re.compile(r"[ \u00a0][-–—][ \u00a0][^-–—\n]{3,200}?[ \u00a0][-–—][ \u00a0]*\Z")
# A definite description right before its verb: "the admiral said", "the former senator told".
_DESCRIPTION_SAID = re.compile(
    r"(?<![\w’'-])([Tt]he(?:[ \u00a0]+[a-z][\w-]*){0,3}?[ \u00a0]+([a-z][\w-]*))[ \u00a0]+"
    rf"({alternation(SPEECH_WORDS)})\b"
)


# After a document or organisation noun, a preposition and a capitalised name: "a Wednesday editorial in
# The Des Moines Register", "the trade group for the Blue Cross Blue Shield plans".
_PREPOSITION_THEN_NAME = re.compile(
    r"[ \u00a0]+(?:for|of|from|in|by|at)[ \u00a0]+(?:the[ \u00a0]+)?"
    r"((?:The[ \u00a0]+)?[A-Z][\w&.’'-]*(?:[ \u00a0]+(?:of[ \u00a0]+|for[ \u00a0]+|and[ \u00a0]+|&[ \u00a0]+)?[A-Z][\w&.’'-]*)*)"
)


# After a document's head noun, a passive authoring verb and "by", then the maker's name behind a few
# lower-case words: "lawsuit filed by a former staffer named Bradley Podliska".
_MADE_BY = re.compile(
    rf"[ \u00a0]+(?:{alternation(w for w in verbs('authoring_verbs') if w.endswith(('ed', 'en', 't')))})"
    r"[ \u00a0]+by[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){0,4}(?=[A-Z])"
)


# Between an owner's name and its document's head noun: a possessive or modifiers ("Podliska’s lawsuit",
# "Wall Street Journal editorial board"), or an authoring verb and the object's first words.
_OWNER_GAP = re.compile(r"(?:[’']s?)?(?:[ \u00a0]+[a-z0-9][\w-]*){0,7}[ \u00a0]+")
# The same after a sentence's subject and its appositions ("Rob Calabrese, a radio host in Cape Breton,
# Nova Scotia, has set up a website").
_SUBJECT_GAP = re.compile(r"(?:,[^,;:.!?\"“”\n]{1,80})*,(?:[ \u00a0]+[a-z0-9][\w-]*){1,7}[ \u00a0]+")
# Text that a name in apposition before the owner leaves: a comma clause.
_APPOSITION_ONLY = re.compile(r",[^;:.!?\"“”\n]{0,80}")
_AUTHORING = verbs("authoring_verbs")
# An active question verb and its object's first letter: "Conroy asked Sanders", not "was asked by".
_ASKED = re.compile(
    rf"(?<!was )(?<!were )(?<![\w’'-])(?:{alternation(antecedents.QUESTION_VERBS)})[ \u00a0]+(?=[A-Z])"
)
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]+(?![\w’'-])")
_SUING = re.compile(rf"(?<![\w’'-])(?:{alternation(verbs('suing_verbs'))})(?![\w’'-])")
_SUIT_NOUNS = words("suit_nouns")
# Head nouns of descriptions (_noun_phrase_end): roles, titles, documents and groups.
_PHRASE_HEADS = ROLE_NOUNS | TITLE_WORDS | NON_PERSON_HEADS | GROUP_NOUNS
_AUXILIARIES = words("auxiliary_verbs")
_ADVERBS = words("adverbs")


def _authored(gap: str) -> bool:
    """Whether the words between a name and a document noun say the name made it: a possessive
    ("Podliska’s lawsuit"), a modifier or two ("Wall Street Journal editorial board"), an authoring
    verb after any auxiliaries and adverbs ("has set up a", "also released a new"), or a speech verb
    and "in" ("said in a statement")."""
    if gap.startswith(("’", "'")):
        return True
    ws = gap.split(",")[-1].split()
    if "," not in gap and len(ws) <= 2 and not any(w in _FUNCTION_WORDS or w in SPEECH_WORDS for w in ws):
        return True
    ws = [w for w in ws if w not in _AUXILIARIES and w not in _ADVERBS]
    return bool(ws) and (ws[0] in _AUTHORING or ws[0] in SPEECH_WORDS and ws[1:2] == ["in"])


def organisation_after_head(raw: str, end: int) -> tuple[str, int, int] | None:
    """(name, start, end) of the organisation a document or organisation noun ending at ``end`` says
    it belongs to ("editorial in The Des Moines Register"), or None. A lone capitalised word that
    the article's people finder took for a person's name is not taken."""
    m = _PREPOSITION_THEN_NAME.match(raw, end, min(len(raw), end + 120))
    if m is None:
        return None
    name = m.group(1).rstrip(".’'")
    if _possessive_end(name) or len(name) < 2 or name.lower() in _TIME_WORDS:
        return None  # "a ballot commission in January": a time, not an owner
    return name, m.start(1), m.start(1) + len(name)


_WORD = re.compile(r"[\w’'-]+")


def _noun_phrase_end(raw: str, start: int, end: int) -> int:
    """Where a description's noun phrase ends when the span runs on into its verb: right after the first
    lower-case head noun (a role, title, document or group noun) that a verb-like word follows ("The
    Vermont senator emailed supporters", "The 60 second ad ends with a voice over", "The agency
    declined to"); a compound ("campaign manager", "committee members") is not cut."""
    words = list(_WORD.finditer(raw, start, end))
    for here, after in zip(words[1:], words[2:], strict=False):
        head, nxt = here.group(0), after.group(0)
        if head.lower() in _PHRASE_HEADS and head.islower() and nxt.islower() and _verb_like(nxt):
            if nxt.endswith("ed") and raw.startswith(" by ", after.end()):
                return end  # "a court document filed by state attorney Dave Aronberg": its maker
            return here.end()
    return end


def _verb_like(word: str) -> bool:
    """A word after a head noun that starts the predicate: a speech verb, an auxiliary, an adverb, or
    an -ed or -s form that is no plural of a head noun."""
    if word in SPEECH_WORDS or word in _AUXILIARIES or word in _ADVERBS:
        return True
    if word.endswith("ed") and len(word) > 4:
        return True
    return word.endswith("s") and not word.endswith("ss") and word[:-1] not in _PHRASE_HEADS


def _same_head(known: str, text: str) -> bool:
    """Whether a description may mean the person another one with the same head noun described: not
    when both name a different place or party before it ("the Vermont senator", "the Florida senator")."""
    a, b = known.split(), text.split()
    if a[-1].lower() != b[-1].lower():
        return False
    caps_a = {w for w in a[1:-1] if w[:1].isupper()}
    caps_b = {w for w in b[1:-1] if w[:1].isupper()}
    return not (caps_a and caps_b and not caps_a & caps_b)


# Between the two names of a pair: a parenthesis, "and", and titles ("Judiciary Committee Chairman").
_PAIR_GAP = re.compile(
    r"(?:[ \u00a0]*\([^()\n]{1,20}\))?,?[ \u00a0]+and[ \u00a0]+(?:[A-Z][\w.-]*[ \u00a0]+){0,4}"
)
# After a sentence's first name: its apposition, then "and" ("Felicia Wong, president of the Roosevelt
# Institute, a progressive think tank, and ").
_APPOSED_PAIR_GAP = re.compile(r"(?:,[^,;:.!?\n\"“”]{1,80}){1,2},[ \u00a0]+and[ \u00a0]+")
_PAIR_WORDS = frozenset(["two", "both", "pair", "duo"])


def _pair_description(norm: str) -> bool:
    """ "the two", "the two lawmakers", "the committee chairmen": a plural description of two people (a
    number word and nothing or a plural after it, or "the" and a plural role or title such as
    "chairmen"), with no phrase after the head ("a strategist for one of these candidates")."""
    ws = norm.split()
    the = ws[:1] == ["the"]
    ws = ws[1:] if the else ws
    if not ws or any(w in _FUNCTION_WORDS for w in ws[1:]):
        return False
    head = ws[-1]
    single = head[:-3] + "man" if head.endswith("men") else head[:-1] if _plural(head) else None
    if ws[0] in _PAIR_WORDS:
        return len(ws) == 1 or single is not None
    return the and single is not None and (single in ROLE_NOUNS or single in TITLE_WORDS)


# A quotation's closing mark right before a mention ("…,” it added"): the mention is its inverted subject.
# A verb before an organisation that makes it the one spoken to ("five employees told The Post"): it
# made no document or statement the narrative goes on about.
_ADDRESSED = re.compile(r"\b(?:told|tells?|telling)[ \u00a0]+(?:the[ \u00a0]+)?\Z")
_AFTER_QUOTE = re.compile(r"[,.!?]?[\"”’']{1,2}[ \u00a0]*\Z")


# A capitalised name right before a document's head noun: "Quinnipiac" of "Wednesday's Quinnipiac poll".
_NAME_BEFORE_HEAD = re.compile(r"((?:[A-Z][\w&.-]*[ \u00a0]+){0,3}[A-Z][\w&.-]*)[ \u00a0]+\Z")


def _owner_name(raw: str, sentence: int, run: re.Match) -> bool:
    """Whether a capitalised run before a head noun names its maker: not the sentence's first words
    (capitalised anyway), not a place ("the Iowa poll"), a day or month, nor a closed-class word."""
    start = run.start(1)
    if raw[sentence:start].strip() == "":
        return False
    name = run.group(1)
    first = name.split()[0].lower()
    return not (
        is_place(name) or first in _FUNCTION_WORDS or any(w.lower() in _TIME_WORDS for w in name.split())
    )


def _person_role(text: str) -> bool:
    """Whether a description's head is a person's role or title ("campaign manager", "top adviser")."""
    head = text.split()[-1].lower() if text.split() else ""
    return head in ROLE_NOUNS or head in TITLE_WORDS


def _possessive_end(text: str) -> bool:
    return text.endswith(("’s", "'s"))


# Words that end the modifiers of "a … <head>": a preposition or determiner starts another phrase ("a
# contributor with the company" did not bring in a company).
_DETERMINERS = words("determiners")
_LONE_WORDS = _DETERMINERS - {"two", "three"}  # "the two write": a pair (``_pair_description``)
_NOT_MODIFIER = alternation(_FUNCTION_WORDS | _DETERMINERS)


@lru_cache(maxsize=2048)  # heads recur across articles; compiling one costs more than a search
def _indefinite_with_head(head: str) -> re.Pattern:
    return re.compile(
        rf"(?<![\w’'-])(?:[Aa]n?|[Oo]ne)[ \u00a0]+(?:(?!(?:{_NOT_MODIFIER})[ \u00a0])[\w-]+[ \u00a0]+){{0,4}}?"
        rf"{re.escape(head)}\b(?!-)"
    )


def speaker_display(person: LocalPerson | None, text: str, kind: str) -> tuple[str | None, str | None]:
    """(the name a quote page shows, its kind: person | organisation | description) for a source that
    resolved to ``person``, or to nobody: then the article's own words (a pronoun shows nothing)."""
    if person is not None:
        return person.name, person.kind
    words = text.split()
    if kind == "pronoun" or not words or (len(words) == 1 and words[0].lower() in _LONE_WORDS):
        return None, None  # a pronoun, or a lone "the" the ranker took, shows no one
    if kind == "name":
        if len(words) == 1 and _no_one(words[0]):
            return None, None  # "Wednesday", "It’s": words the ranker took for a name
        org = any(w.strip(".,’'s").lower() in NON_PERSON_WORDS for w in words)
        return text, "organisation" if org else "person"
    if len(words) > 1 and words[0] in ("the", "The") and _proper_name(words[1:]) and not _party_member(text):
        return text, "organisation"  # "The New York Times", "the White House"
    if len(words) > 2 and words[0] == "the" and words[1][:1].isupper() and words[-1] in _ORG_HEADS:
        return " ".join(words[1:]), "organisation"  # "the Clinton campaign" -> "Clinton campaign"
    return text, "description"


_TIME_WORDS = words("time_words")


def _no_one(word: str) -> bool:
    """A capitalised word that names no speaker: a day or month, a contracted pronoun ("It’s", "We’ve"),
    a word capitalised only to open a sentence ("Following", "Conversely", "Despite"). (A country may
    speak for its government: "Russia said"; other capitalised words may be outlets.)"""
    low = _bare_name(word).lower()
    contracted = re.split(r"[’']", word, maxsplit=1)[0].lower()  # "It’s", "We’ve", "They’re"
    if low in _TIME_WORDS or (contracted != word.lower() and contracted in PRONOUNS):
        return True
    return low in _FUNCTION_WORDS or low in _ADVERBS


def _common_word(raw: str, text: str) -> bool:
    """Whether a one-word name is a common word of a shape names seldom have (an -ing or -ed form, an
    -ly adverb, a plural) that the article also writes in lower case ("Officials said" beside
    "officials"). Other words may be outlets ("Time", "People") and names are never so written."""
    low = text.lower()
    if not (low.endswith(("ing", "ed", "ly")) or _plural(low)):
        return False
    return (
        " " not in text.strip()
        and low != text
        and re.search(rf"(?<![\w’'-]){re.escape(low)}(?![\w’'-])", raw) is not None
    )


def _bare_name(text: str) -> str:
    """A mention's name without a possessive ending or punctuation ("Jebens’s" -> "Jebens")."""
    text = text.strip(".,:;")
    for end in ("’s", "'s", "’", "'"):
        if text.endswith(end):
            return text[: -len(end)]
    return text


def _without_the(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " else name


def _org_key(name: str) -> str:
    words = name.lower().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _proper_name(words: list[str]) -> bool:
    """Capitalised words, with small connectors inside ("Association of Flight Attendants")."""
    return (
        bool(words)
        and words[0][:1].isupper()
        and words[-1][:1].isupper()
        and all(w[:1].isupper() or w in _CONNECTORS for w in words)
    )


_CONNECTORS = frozenset(["of", "for", "and", "the", "on", "de"])


# Head nouns that make "the <Name> …" an organisation.
_ORG_HEADS = frozenset(["campaign", "administration", "office", "team", "committee", "foundation", "group"])
# "the Clinton campaign", "The Obama administration": capitalised words between "the" and such a head.
_NAME_THEN_HEAD = re.compile(
    rf"(?<![\w’'-])[Tt]he[ \u00a0]+((?:[A-Z][\w.&-]*[ \u00a0]+){{0,3}}?[A-Z][\w.&-]*)[ \u00a0]+({alternation(_ORG_HEADS)})\b"
)


def attribute(
    raw: str,
    site: Site,
    choice: Candidate | None,
    confidence: float,
    resolver: Resolver,
    prev: ExtractedQuote | None,
) -> ExtractedQuote:
    """The quotation with its cue, its source mention and the speaker that mention resolves to. A
    continuation (the previous quotation's source, chosen for want of a cue of its own) takes the
    previous quotation's speaker."""
    q = site.q
    eq = ExtractedQuote(q.start, q.end, raw[q.start : q.end], paragraph=q.paragraph)
    cue = (choice.cue if choice is not None else None) or first_proposal(site)
    if choice is not None and choice.inherited_from is not None and not (choice.tags & STRUCTURAL):
        before = choice.inherited_from
        eq.speaker, eq.speaker_name, eq.speaker_kind = (
            before.speaker,
            before.speaker_name,
            before.speaker_kind,
        )
        eq.source_start, eq.source_end = before.source_start, before.source_end
        eq.inherited = True
        # (a quotation's cue, cue_start and cue_end are set together, below)
        if before.cue is not None and before.cue_start is not None and before.cue_end is not None:
            cue = Cue(before.cue_start, before.cue_end, before.cue, None, "prev")
        eq.confidence = confidence
    elif choice is not None:
        eq.source_start, eq.source_end = choice.start, choice.end
        choice = choice.shown()  # a relative "who": the phrase it stands for names the speaker
        if choice.kind == "description":
            # "The piece goes on to slam", "The agency declined to": resolve and show the noun phrase.
            end = _noun_phrase_end(raw, choice.start, choice.end)
            choice = replace(choice, end=end, text=raw[choice.start : end])
        src = Source(choice.start, choice.end, choice.text, choice.kind)
        eq.speaker = resolver.resolve(src, prefer=prev.speaker if prev is not None else None)
        person = resolver.people.get(eq.speaker) if eq.speaker else None
        named = _named_in_apposition(raw, choice, resolver)
        if named is not None:
            # "Jean-Marc Ayrault, the foreign minister of France," / "Another critic, Laurence Tribe,":
            # the source phrase is in apposition with a person's name, who is the speaker.
            eq.speaker, person = named.key, named
        if choice.kind == "name":
            first = _first_of_pair(raw, choice.start, resolver)
            if first is not None:
                # "Mark Blumenthal and Jon Cohen: “…”": a pair speaks; the page shows the first named.
                eq.speaker, person = first.key, first
        if choice.kind != "pronoun":
            # "RNC spokesman Sean Spicer", "McConnell spokesman Don Stewart": the name after the role is
            # the speaker, whatever the words before the role name.
            named = _named_after_role(
                raw, choice.end, resolver, party=person is None or person.kind != "person"
            )
            if named is not None:
                eq.speaker, person = named.key, named
        role = _possessed_role(raw, choice.text, choice.end) if choice.kind == "name" else None
        text = choice.text
        named = (
            _possessed_in_apposition(raw, choice, resolver)
            if role is None and choice.kind == "name"
            else None
        )
        if named is not None:
            # "Clinton's introducer, actress Jamie Lee Curtis", "Scott's niece, state Del. Marcia Price":
            # the possessive phrase and the name after its comma are one person, not the possessor.
            eq.speaker, person = named.key, named
        if role is not None:
            # "Sanders’ campaign manager said": the manager speaks, not Sanders; shown as the role's
            # holder named beside it, else as the description.
            holder = _role_holder(raw, choice.start, role, resolver)
            eq.speaker, person = (holder.key, holder) if holder is not None else (None, None)
            text = raw[choice.start : role]
        if person is None and choice.kind == "description" and text.split()[-1].lower() in NON_PERSON_HEADS:
            # "reads a Wednesday editorial in The Des Moines Register": the newspaper's words.
            after_head = organisation_after_head(raw, choice.end)
            if after_head is not None and not resolver.aimed_at_person(*after_head):
                eq.speaker = resolver.owner(*after_head)
                person = resolver.people.get(eq.speaker)
        if person is None and (role is not None or choice.kind == "description") and _person_role(text):
            # "Donald Trump’s campaign manager says …" then "Corey Lewandowski, in a statement, said":
            # a role the next sentence names, by a name the article had not used before.
            named = resolver.named_next(choice.start)
            if named is not None:
                eq.speaker, person = named.key, named
        cited = _cited_author(raw, choice.start, resolver) if choice.kind != "pronoun" else None
        if cited is not None:
            # '“…” Sanders said, according to CNN': CNN only passes on the words; Sanders spoke them.
            eq.speaker, person = cited.key, cited
        own_end = _before_participle(raw, choice)
        org = resolver.organisation_at(choice.start, own_end) if person is None else None
        if own_end < choice.end and role is None:
            text = raw[choice.start : own_end]  # shown as "Another intelligence source"
        kind = "description" if role is not None else choice.kind
        if person is None and org is None and kind == "name" and _common_word(raw, text):
            # "Officials said", "Speaking to reporters, …": a participle, an adverb or a plural
            # capitalised only to open its sentence; the plural is shown as the group it is.
            text, kind = (text, "description") if _plural(text.lower()) else ("", kind)
        eq.speaker_name, eq.speaker_kind = speaker_display(person or org, text, kind)
        if person is None and eq.speaker_kind == "organisation" and eq.speaker_name:
            eq.speaker = resolver.add_organisation(eq.speaker_name, choice.start, choice.end)
        eq.confidence = confidence
    if cue is not None:
        eq.cue, eq.cue_start, eq.cue_end = cue.text, cue.start, cue.end
    if eq.speaker is not None and eq.speaker not in resolver.speakers:
        resolver.speakers.add(eq.speaker)
        resolver.revision += 1
    return eq


# A participle that opens a clause: a function word or determiner after it ("speaking to", not
# "consulting firm").
_PARTICIPLE = re.compile(r"[ \u00a0][a-z]{3,}ing[ \u00a0]+([a-z]+)\b")


def _before_participle(raw: str, choice: Candidate) -> int:
    """Where a description's own words end before a participle clause ("Another intelligence source
    speaking to Fox News": the outlet is whom the source spoke to, not the source)."""
    if choice.kind != "description":
        return choice.end
    for m in _PARTICIPLE.finditer(raw, choice.start, choice.end):
        before = raw[choice.start : m.start()].split()
        if (
            before
            and before[-1] not in _FUNCTION_WORDS
            and (m.group(1) in _FUNCTION_WORDS or m.group(1) in _DETERMINERS)
        ):
            return m.start()  # not "a chorus of booing and": a gerund after a preposition
    return choice.end


# "according to" right before the chosen mention, and what may stand between the cited person's speech
# verb and it: no sentence end, no quotation mark.
_ACCORDING_BEFORE = re.compile(r"\b[Aa]ccording[ \u00a0]+to[ \u00a0]+\Z")
_NO_CLAUSE_END = re.compile(r"[^.!?;:\"“”\n]*")


def _cited_author(raw: str, start: int, resolver: Resolver) -> LocalPerson | None:
    """The person whose speech a source after "according to" passes on: the subject of a speech verb
    earlier in the same clause ('“…” Sanders said, according to CNN', 'Conason writes in his book,
    according to the Times', 'spokesman Jamal Ware said in a statement according to The Blaze')."""
    at = _ACCORDING_BEFORE.search(raw, max(0, start - 16), start)
    if at is None:
        return None
    for m in reversed(resolver.mentions_between(max(0, at.start() - 120), at.start())):
        if _NO_CLAUSE_END.fullmatch(raw, m.end, at.start()) is None:
            return None
        if m.kind not in ("name", "surname"):
            continue
        p = resolver.people.get(m.person)
        if p is not None and p.kind == "person" and antecedents.reports_speech(raw, m.start, m.end):
            return p
        return None
    return None


# A possessive ending, then up to three lower-case words: "Sanders’ campaign manager", "Trump's top aide".
_POSSESSIVE = re.compile(r"(?:[’']s?)?(?=[ \u00a0])")
_LOWER_WORDS = re.compile(r"[ \u00a0]+([a-z][\w-]*)")


def _possessed_role(raw: str, text: str, end: int) -> int | None:
    """Where the role ends when a name (``text``, ending at ``end``) is a possessor followed by a role
    noun ("Donald Trump’s campaign manager", "Sanders’ campaign manager"): the role's holder is who
    speaks."""
    if not text.endswith(("’s", "'s", "’", "'")):
        m = _POSSESSIVE.match(raw, end)
        if m is None or m.end() == end:
            return None
        end = m.end()
    for _ in range(3):
        w = _LOWER_WORDS.match(raw, end)
        if w is None or w.group(1) in _FUNCTION_WORDS or w.group(1) in SPEECH_WORDS:
            return None
        end = w.end()
        if w.group(1) in ROLE_NOUNS or w.group(1) in TITLE_WORDS:
            return end
    return None


# A possessive, one or two lower-case nouns, a comma and up to two lower-case words before a capital:
# "Clinton's introducer, actress Jamie Lee Curtis", "Scott’s niece, state Del. Marcia Price".
_POSSESSED_THEN_NAME = re.compile(
    r"[’']s?(?:[ \u00a0]+[a-z][\w-]*){1,2},[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){0,2}(?=[A-Z])"
)


def _possessed_in_apposition(raw: str, choice: Candidate, resolver: Resolver) -> LocalPerson | None:
    """The person named right after a possessive phrase and its comma, in apposition with it: who the
    phrase is, when the possessor is someone else."""
    start = choice.end - 2 if choice.text.endswith(("’s", "'s")) else choice.end
    gap = _POSSESSED_THEN_NAME.match(raw, start, min(len(raw), start + 60))
    if gap is None or any(w in _FUNCTION_WORDS or w in SPEECH_WORDS for w in gap.group(0).split()):
        return None
    at = _after_titles(raw, gap.end(), min(len(raw), gap.end() + 40))
    m = resolver.mention_at(at, at + 1)
    if m is None or m.start != at or m.kind != "name":
        return None
    p, owner = resolver.people.get(m.person), resolver.mention_at(choice.start, choice.end)
    if p is None or p.kind != "person" or (owner is not None and owner.person == p.key):
        return None
    return p


# After a role, a name in apposition, perhaps behind a comma and a noun: ", actress Jamie Lee Curtis".
_ROLE_THEN_NAME = re.compile(r",?[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){0,2}(?=[A-Z])")


def _role_holder(raw: str, start: int, role_end: int, resolver: Resolver) -> LocalPerson | None:
    """The person a possessive role phrase (start … role_end) stands in apposition with: the name
    right before it ("Jeff Weaver, Sanders’ campaign manager,") or right after it ("Clinton's
    introducer, actress Jamie Lee Curtis", "Trump's campaign manager Corey Lewandowski")."""
    found = []
    gap = _ROLE_THEN_NAME.match(raw, role_end, min(len(raw), role_end + 40))
    if gap is not None:
        m = resolver.mention_at(gap.end(), gap.end() + 1)
        if m is not None and m.start == gap.end() and m.kind == "name":
            found.append(m)
    before = resolver.mentions_between(max(0, start - 60), start)
    if before and re.fullmatch(r",[ \u00a0]*", raw[before[-1].end : start]):
        found.append(before[-1])
    for m in found:
        p = resolver.people.get(m.person)
        if p is not None and p.kind == "person":
            return p
    return None


def _first_of_pair(raw: str, start: int, resolver: Resolver) -> LocalPerson | None:
    """The person named right before "and" when the chosen name is the second of a coordinated pair
    of people ("Blumenthal and Cohen"), else None."""
    if not raw.endswith(" and ", max(0, start - 5), start):
        return None
    before = resolver.mentions_between(max(0, start - 60), start - 5)
    if not before or before[-1].end != start - 5 or before[-1].kind not in ("name", "surname"):
        return None
    p = resolver.people.get(before[-1].person)
    return p if p is not None and p.kind == "person" else None


# A role noun between an organisation (or a name) and the speaker's own name: "RNC spokesman Sean Spicer".
_ROLE_GAP = re.compile(r"[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){1,3}(?=[A-Z])")


def _named_after_role(raw: str, end: int, resolver: Resolver, party: bool = False) -> LocalPerson | None:
    """The person named right after a role that follows an organisation or name ("RNC spokesman Sean
    Spicer"); with ``party``, a party member noun ends the role too ("Oversight ranking Democrat Elijah
    Cummings"; asked only after a name that is no person, as "Trump beat Republican John Kasich" is no role)."""
    gap = _ROLE_GAP.match(raw, end, min(len(raw), end + 60))
    if gap is None:
        return None
    at, role = gap.end(), gap.group(0).split()[-1]
    member = _PARTY_WORD.match(raw, at) if party else None
    if member is not None and member.group(1).lower() in PARTY_MEMBERS:
        at, role = member.end(), member.group(1).lower()
    elif role not in ROLE_NOUNS:
        return None
    if any(w in SPEECH_WORDS or w in _FUNCTION_WORDS for w in gap.group(0).split()):
        return None  # "Obama told reporter Jane Doe": she is spoken to, not the speaker
    m = resolver.mention_at(at, at + 1)
    if m is None or m.start != at:
        return None
    p = resolver.people.get(m.person)
    return p if p is not None and p.kind == "person" else None


# A capitalised word, then a name: the party noun of "ranking Democrat Elijah Cummings".
_PARTY_WORD = re.compile(r"([A-Z][a-z]+)[ \u00a0]+(?=[A-Z])")


# Between a name and a phrase in apposition with it: a comma, then nothing or a determiner or
# preposition and a few words, with no verb-led clause ("Ayrault, the foreign minister of France",
# "Johnnie Wilson, of Springfield, Va."). A second comma may only end it.
_APPOSITION_GAP = re.compile(
    r",[ \u00a0]*(?:(?:the|a|an|of|from|in|during|at|on|after|who[ \u00a0]+(?:is|was))\b[^,.;:!?\"“”—\n]{0,50}(?:,[ \u00a0]*)?"
    r"|[a-z][\w-]*[ \u00a0]+and[ \u00a0]+)?"  # "Anthony Anton, president and CEO of …"
)
_NAME_THEN = re.compile(r",[ \u00a0]*")


def _named_in_apposition(raw: str, choice: Candidate, resolver: Resolver) -> LocalPerson | None:
    """The person whose name the chosen phrase is in apposition with: a name right before it and a
    comma ("Ayrault, the foreign minister of France" chosen at "France"), or, for a description, a
    name right after it ("Another critic, Laurence H. Tribe,")."""
    if choice.kind == "description":
        gap = _NAME_THEN.match(raw, choice.end, min(len(raw), choice.end + 3))
        if gap is not None:
            m = resolver.mention_at(gap.end(), gap.end() + 1)
            if m is not None and m.start == gap.end() and m.kind == "name":
                p = resolver.people.get(m.person)
                if p is not None and p.kind == "person":
                    return p
    if choice.kind not in ("name", "description"):
        return None
    before = resolver.mentions_between(max(0, choice.start - 70), choice.start)
    for m in reversed(before):
        if m.kind not in ("name", "surname"):
            continue
        gap = _APPOSITION_GAP.fullmatch(raw, m.end, choice.start)
        p = resolver.people.get(m.person)
        if gap is None or p is None or p.kind != "person" or raw[m.end] != ",":
            break
        if gap.group(0).strip() == ",":
            # Right after "Name, ": an apposition only if the phrase names nobody else of the article
            # ("McConnell, R-Ky.,"), not a second person ("with Barbra Streisand, Clinton called").
            other = resolver.mention_at(choice.start, choice.end)
            q = resolver.people.get(other.person) if other is not None else None
            if q is not None and q.kind == "person" and len(q.mentions) > 1:
                break
        return p
        break
    return None
