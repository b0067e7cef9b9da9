"""Source candidates: every phrase that may name who said a quotation, with the features the ranker reads.

A quotation's candidates are (1) the sources its cue finders propose (:mod:`proposals`: after the
closing mark, before the opening mark, a colon lead-in, "according to", a transcript label, a dash
byline, the previous sentence's cue), (2) the subject of every other cue in its window, (3) every
person mention and pronoun in its window (its sentence, the one before and the one after, inside its
paragraph), and (4) continuations: the previous quotation's source, the next one's proposals, and the
cue shared by a list of partial quotes. Candidates with the same span are one candidate with several
tags. Features are strings (a sparse binary vector): which finders proposed it, its kind, its
distance and side, the cue's class, the quotation's shape and how the previous quote was attributed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Final

from ..model import ExtractedQuote
from .backward import search_before
from .cues import FRAMING_WORDS, SPEECH_WORDS
from .lexicon import words
from .mentions import COMMON_CAPITALISED
from .places import is_place
from .proposals import (
    TAG_ORDER,
    Cue,
    Site,
    cue_count,
    cues_in,
    sentence_after,
    sentence_before,
    sentence_subject,
)
from .quotes import QuoteSpan
from .sources import (
    ABBREVIATIONS,
    NON_PERSON_HEADS,
    PRONOUNS,
    Source,
    relative_antecedent,
    relative_who,
    source_after,
    source_before,
)

# What may stand right before an inverted cue ('…," said Ann Lowe', '…, says Lowe').
_INVERSION_OPENERS = frozenset([",", "", '"', "”", "'", "’", "—", "–"])
_WORD_BEFORE = re.compile(r"([\w’'-]+|[,:;(])\W{0,2}$")
_WORD_AFTER = re.compile(r"[^\w,:;.]{0,2}([\w’'-]+|[,:;.])")
# Words next to a candidate that say something about its role: prepositions, conjunctions, relatives.
_CONTEXT_WORDS = frozenset(
    [
        "by",
        "to",
        "of",
        "and",
        "but",
        "that",
        "who",
        "which",
        ",",
        ":",
        ";",
        "(",
        ".",
        "according",
        "from",
        "for",
        "with",
        "as",
        "said",
        "says",
        "told",
        "wrote",
    ]
)
# A new clause with its own subject after a comma: coordinated (", but he …") or subordinate (", where
# Ned Platt praised …", ", after she had called …"); a subject further back is not the one speaking.
_CLAUSE_LINK = re.compile(
    r"[,”\"][ \u00a0]+"
    r"(?:but|and|while|whereas|although|though|yet|so|where|when|as|after|because|since|before|until)"
    r"[ \u00a0]+(?:he|she|they|it|[A-Z])"
)
_FIRST_WORD = re.compile(r"\W*(\w+)")
_SUBORDINATORS = words("subordinators") - {"that", "which", "who", "whom", "where"}
# Opens with a literal letter (the engine skips in C to the next one; a leading \b is tried at every
# position), the word start checked after it: same matches as \b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)\b.
_PRONOUN_RE = re.compile(
    r"[HhSsTtIiWw](?<!\w[HhSsTtIiWw])(?:(?<=[Hh])e|(?<=[Ss])he|(?<=[Tt])hey|(?<=[Ii])t|(?<=[Ww])e|(?<=I))\b"
)


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    kind: str  # name | pronoun | description
    tags: set[str]
    cue: Cue | None = None
    speaker: str | None = None  # the person it resolves to (filled by the caller)
    features: list[str] = field(default_factory=list)
    inherited_from: ExtractedQuote | None = None  # the previous quotation, for a "prev" candidate
    antecedent: Source | None = None  # the phrase a relative "who" stands for

    # Written out: mypyc compiles an __init__ in the source, not the one @dataclass generates (interpreted).
    def __init__(
        self,
        start: int,
        end: int,
        text: str,
        kind: str,
        tags: set[str],
        cue: Cue | None = None,
        speaker: str | None = None,
        features: list[str] | None = None,
        inherited_from: ExtractedQuote | None = None,
        antecedent: Source | None = None,
    ) -> None:
        self.start, self.end, self.text, self.kind, self.tags = start, end, text, kind, tags
        self.cue, self.speaker = cue, speaker
        self.features = [] if features is None else features
        self.inherited_from, self.antecedent = inherited_from, antecedent

    def shown(self) -> Candidate:
        """The mention whose words name the speaker: a relative "who" is the annotated source, but the
        phrase it stands for is what resolves to a person (or is shown as a description)."""
        a = self.antecedent
        if a is None:
            return self
        return replace(self, start=a.start, end=a.end, text=a.text, kind=_kind_of(a), antecedent=None)


def _kind_of(src: Source) -> str:
    if src.kind == "pronoun" or src.text.lower() in PRONOUNS:
        return "pronoun"
    return "name" if src.kind == "name" else "description"


def _cue_class(cue: Cue | None) -> str:
    return "none" if cue is None else _text_class(cue.text)


# The memos below are plain dicts read in place, not functools.cache: compiled, a call through its
# wrapper is a generic Python call that builds an argument tuple (about 1,000,000 a pass on the 840).
_TEXT_CLASS: Final[dict[str, str]] = {}


def _text_class(text: str) -> str:
    got = _TEXT_CLASS.get(text)
    if got is None:
        got = _TEXT_CLASS[text] = _classify_text(text)
    return got


def _classify_text(text: str) -> str:
    t = text.lower()
    if t in (":", "―"):
        return "punct"
    if t.startswith("according"):
        return "according"
    if " " in t:
        return "phrase"
    if t in FRAMING_WORDS:
        return "framing"
    if t in SPEECH_WORDS:
        return "speech"
    return "other"


class Builder:
    """Builds and featurises the candidates of each quotation of one article."""

    def __init__(self, raw: str, resolver) -> None:
        self.raw = raw
        self.resolver = resolver
        self._subjects: dict[tuple[int, int], Source | None] = {}  # quotes of one sentence share its subject
        # The word before and after each candidate position (neighbouring quotations share candidates).
        self._before: dict[int, str] = {}
        self._after: dict[int, str] = {}
        # Each source phrase trimmed once (None: a sentence's first word), and the subjects of the cues
        # in a window, which the windows of a paragraph's quotations share.
        self._trimmed: dict[tuple[int, int, str, str], Source | None] = {}
        self._cue_sources: dict[tuple[int, int, int], Source | None] = {}
        # How often the article names each person, taken once before any quotation is attributed: the
        # person a story is about speaks more of its quotations than one named in passing.
        counts = {k: len(p.mentions) for k, p in resolver.people.items()}
        self._mentions = counts
        self._most = max(counts.values(), default=0)

    def _subject(self, start: int, hi: int) -> Source | None:
        key = (start, hi)
        if key not in self._subjects:
            self._subjects[key] = sentence_subject(self.raw, start, hi)
        return self._subjects[key]

    def _add(self, out: dict, src: Source | None, tag: str, cue: Cue | None) -> None:
        # Words inside a quotation are what someone said, not who said it; a transcript label opens its turn.
        if src is None or (tag != "label" and self.resolver.in_quote(src.start)):
            return
        whole = (src.start, src.end, src.text, src.kind)
        if whole in self._trimmed:
            src = self._trimmed[whole]
        else:
            if (
                src.kind == "name"
                and " " not in src.text
                and src.text.lower() in COMMON_CAPITALISED
                and self.resolver.sentence_start(src.start) == src.start
            ):
                # "After", "Despite": a sentence's first word, not a name (but '…," From said' is one)
                src = None
            else:
                src = _trim(src)
            self._trimmed[whole] = src
        if src is None:
            return
        key = (src.start, src.end)
        c = out.get(key)
        if c is None:
            out[key] = Candidate(src.start, src.end, src.text, _kind_of(src), {tag}, cue)
        else:
            c.tags.add(tag)
            if c.cue is None or (
                cue is not None and _TAG_RANK[tag] < min(map(_TAG_RANK.__getitem__, c.tags - {tag} or {tag}))
            ):
                c.cue = cue or c.cue

    def window(self, site: Site) -> tuple[int, int]:
        """The sentence before the quotation's, to the sentence after it, inside the paragraph."""
        raw, q = self.raw, site.q
        s = sentence_before(raw, site.para_start, q.open_mark)
        if s > site.para_start:
            s = sentence_before(raw, site.para_start, max(site.para_start, s - 2))
        e = sentence_after(raw, q.outer_end, site.para_end)
        if e < site.para_end:
            e = sentence_after(raw, min(site.para_end, e + 2), site.para_end)
        return s, e

    def build(
        self, site: Site, prev_choice: Candidate | None, prev_quote, prev_site: Site | None, nxt: Site | None
    ) -> list[Candidate]:
        raw, q = self.raw, site.q
        out: dict[tuple[int, int], Candidate] = {}
        for tag, cue in site.proposals.items():
            self._add(out, cue.source, tag, cue)
        ws, we = self.window(site)
        in_quote = self.resolver.in_quote
        proposed = {c.start for c in site.proposals.values()}
        for span in cues_in(raw, ws, we, in_quote):
            if span[0] in proposed:
                continue  # its subject is a proposal already
            cue = Cue(span[0], span[1], raw[span[0] : span[1]], None, "window")
            s = sentence_before(raw, ws, span[0])
            key = (s, span[0], 0)
            if key not in self._cue_sources:
                # "According to X, Y said …": the source of "according to" follows it.
                according = _cue_class(cue) == "according"
                self._cue_sources[key] = (
                    source_after(raw, span[1], min(we, span[1] + 120))
                    if according
                    else source_before(raw, s, span[0])
                )
            self._add(out, self._cue_sources[key], "cue_subject", cue)
            if (
                raw[span[1] : span[1] + 1] == " "
                and raw[span[0] - 2 : span[0]].strip(" \u00a0") in _INVERSION_OPENERS
            ):
                # "…," said Ann Lowe: an inverted subject follows a cue that follows a comma
                hi = min(we, span[1] + 120)
                key = (span[1], hi, 1)
                if key not in self._cue_sources:
                    self._cue_sources[key] = source_after(raw, span[1], hi)
                self._add(out, self._cue_sources[key], "cue_inverted", cue)
        # The subject of the quotation's sentence and of the one before ("X rallied supporters, saying: …").
        qs = sentence_before(raw, site.para_start, q.open_mark)
        self._add(out, self._subject(qs, q.open_mark), "sentence_subject", None)
        if qs > ws:
            ps = sentence_before(raw, ws, qs - 2)
            self._add(out, self._subject(ps, qs), "sentence_subject", None)
        # "Beck, who has … described Trump as '…'": the relative opening the quotation's clause.
        self._add(out, relative_who(raw, qs, q.open_mark), "relative", None)
        if site.lead_in is not None and not self.resolver.has_quote(*site.lead_in):
            # A quotation that opens its paragraph after a paragraph of narration: that paragraph's last
            # sentence may name the speaker ("Howard continued his scathing remarks.").
            ls = sentence_before(raw, site.lead_in[0], max(site.lead_in[0], site.lead_in[1] - 2))
            self._add(out, self._subject(ls, site.lead_in[1]), "lead_in", None)
            for m in self.resolver.mentions_between(ls, site.lead_in[1]):
                self._add(out, Source(m.start, m.end, m.text, "name"), "lead_in", None)
        for m in self.resolver.mentions_between(ws, we):
            if m.kind in ("pronoun",):
                continue
            self._add(
                out,
                Source(m.start, m.end, m.text, "name" if m.kind != "description" else "description"),
                "mention",
                None,
            )
        for m in _PRONOUN_RE.finditer(raw, ws, we):
            self._add(out, Source(m.start(), m.end(), m.group(0), "pronoun"), "pronoun", None)
        if nxt is not None and nxt.q.paragraph == q.last_paragraph:
            for tag, cue in nxt.proposals.items():
                if tag not in ("mention", "pronoun"):
                    self._add(out, cue.source, "next", cue)
        cands = [c for c in out.values() if "label" in c.tags or not (q.open_mark <= c.start < q.outer_end)]
        if prev_choice is not None and prev_site is not None:
            same_para = prev_site.q.last_paragraph == q.paragraph
            adjacent = prev_site.q.last_paragraph == q.paragraph - 1
            if same_para or adjacent:
                tag = "list" if same_para and "list" in site.flags else "prev"
                # "X called it "a" and Y said "b"": a speech cue with its own subject between the two
                # quotations breaks the continuation; the ranker learns how much.
                gap = prev_site.q.outer_end
                if tag == "prev" and any(
                    _cue_class(c) == "speech" and c.source is not None and gap <= c.source.start < q.open_mark
                    for c in site.proposals.values()
                ):
                    tag += "_cut"
                match = out.get((prev_choice.start, prev_choice.end))
                if match is not None and match in cands:
                    match.tags.add(tag)
                    match.inherited_from = prev_quote
                else:
                    c = Candidate(
                        prev_choice.start,
                        prev_choice.end,
                        prev_choice.text,
                        prev_choice.kind,
                        {tag},
                        prev_choice.cue,
                        prev_choice.speaker,
                    )
                    c.inherited_from = prev_quote
                    cands.append(c)
        for c in cands:
            if c.inherited_from is not None and c.speaker is None:
                c.speaker = c.inherited_from.speaker
            elif c.speaker is None:
                if c.text.lower() == "who":
                    c.antecedent = relative_antecedent(raw, self.resolver.sentence_start(c.start), c.start)
                shown = c.shown()
                c.speaker = self.resolver.peek(Source(shown.start, shown.end, shown.text, shown.kind))
        cands.sort(key=lambda c: (c.start, c.end))
        return cands

    def featurise(self, site: Site, cands: list[Candidate], prev_choice: Candidate | None) -> None:
        """Each candidate's features, as strings (a sparse binary vector the ranker weighs). The strings
        are combinations of a few small values, so each combination is built once (see _head, _tag)."""
        raw, q = self.raw, site.q
        open_mark, outer_end = q.open_mark, q.outer_end
        sentence_start = self.resolver.sentence_start
        qs = sentence_start(open_mark)
        # Distance ranks on each side: the nearest candidate before and after the quotation.
        before = sorted((c for c in cands if c.end <= open_mark), key=lambda c: open_mark - c.end)
        after = sorted((c for c in cands if c.start >= outer_end), key=lambda c: c.start - outer_end)
        rank = {id(c): i for i, c in enumerate(before)}
        rank.update({id(c): i for i, c in enumerate(after)})
        wb = "w<4" if site.words < 4 else "w<12" if site.words < 12 else "w12+"
        shape = tuple("|" + x for x in sorted(site.flags))
        prev_by = f"prev_by={_main_tag(prev_choice)}" if prev_choice is not None else None
        para_start, para_end = site.para_start, site.para_end
        # "X said …, according to a transcript": the sentence names a second, outer source.
        according = any(
            o.cue is not None and _cue_class(o.cue) == "according" and sentence_start(o.cue.start) == qs
            for o in cands
        )
        word_before, word_after = self._before, self._after
        speakers: dict[str, int] = {}  # a plain count: Counter's constructor is interpreted Python
        for c in cands:
            if c.speaker is not None:
                speakers[c.speaker] = speakers.get(c.speaker, 0) + 1
        named: dict[str, bool] = {}  # speaker -> named inside the quotation
        for c in cands:
            kind = c.kind
            if c.end <= open_mark:
                side, d = "B", open_mark - c.end
            elif c.start >= outer_end:
                side, d = "A", c.start - outer_end
            else:
                side, d = "I", 0
            db = _DISTANCE_BUCKETS[bisect_left(_DISTANCE_EDGES, d)]
            cs = sentence_start(c.start)
            cc = _cue_class(c.cue)
            tags = sorted(c.tags)
            head, sr = _head(
                kind,
                wb,
                side,
                db,
                min(rank.get(id(c), 9), 3),
                "sent=same" if cs == qs else ("sent=prev_s" if cs < qs else "sent=next_s"),
                "para=P" if para_start <= c.start < para_end else "para=O",
                cc,
                min(len(tags), 4),
            )
            f = list(head)
            for t in tags:
                f += _tag(t, kind, wb, cc, sr, shape)
            if len(tags) > 1:
                f += _tag_pairs(tuple(tags))
            if c.cue is not None and cc in ("speech", "framing", "other"):
                f.append("lemma=" + c.cue.text.lower())
            # The words on either side of the candidate: "by X", "X said", "told X", "X, who".
            pw = word_before.get(c.start) or self._word_before(c.start)
            nw = word_after.get(c.end) or self._word_after(c.end)
            f += _neighbours(kind, side, pw, nw)
            for t in tags:
                f.append(_tag_distance(t, db))
            # Cue verbs and clause breaks between the candidate and the quotation.
            a, b = (c.end, open_mark) if side == "B" else (outer_end, c.start)
            between = raw[a:b] if 0 <= b - a < 400 else ""
            f.append(_verbs_between(min(cue_count(raw, a, b), 2) if between else 0, side))
            if ";" in between or ":" in between or ". " in between:
                f.append("break_between|side=" + side)
            if side == "B" and _CLAUSE_LINK.search(between):
                # "Reid said …, but he gave the Texan a compliment: '…'": a new clause with its own subject
                f.append("clause_between|k=" + kind)
            if kind == "pronoun":
                f.append("pron=" + c.text.lower())
            elif kind == "description":
                low = c.text.lower().split()
                f.append("desc_nonperson" if low and low[-1] in NON_PERSON_HEADS else "desc_person")
                f.append("desc_first=" + low[0])
            if c.speaker is not None:
                f.append("resolved|k=" + kind)
                if prev_choice is not None and prev_choice.speaker == c.speaker:
                    f.append("same_as_prev_speaker")
            if prev_by is not None and ("prev" in c.tags or "prev_cut" in c.tags or "list" in c.tags):
                f.append(prev_by)
            f += self._clause_features(c, side, cs == qs, open_mark, outer_end)
            if according:
                f.append("according_in_sentence|cue=" + cc)
            if c.speaker is not None:
                f += self._speaker_features(c.speaker, speakers, named, q)
            c.features = f

    def _speaker_features(
        self, speaker: str, speakers: dict[str, int], named: dict[str, bool], q: QuoteSpan
    ) -> list[str]:
        """How the person a candidate names stands around the quotation: other candidates that name them
        too (the person the passage is about; ``speakers`` counts the candidates naming each person), and
        whether the quotation itself names them (people seldom speak of themselves by name)."""
        out = [f"same_speaker_cands={min(speakers[speaker] - 1, 2)}"]
        n = self._mentions.get(speaker, 0)
        out.append(
            "named=" + ("top" if n == self._most and n > 1 else "1" if n <= 1 else "2-4" if n < 5 else "5+")
        )
        if speaker not in named:
            person = self.resolver.people.get(speaker)
            named[speaker] = person is not None and any(q.start <= m.start < q.end for m in person.mentions)
        if named[speaker]:
            out.append("named_in_quote")
        return out

    def _clause_features(
        self, c: Candidate, side: str, same_sentence: bool, open_mark: int, outer_end: int
    ) -> list[str]:
        """Where the candidate stands in the clauses around the quotation: other cues between its own cue
        and the quotation (its verb is not the one that reports it), a fronted subordinate clause ("While
        X says …, Y said '…'"), and a place name, which names no speaker."""
        raw, out = self.raw, []
        cue = c.cue
        if cue is not None:
            if side == "B" and cue.end <= open_mark:
                out.append(f"cue_gap={min(cue_count(raw, cue.end, open_mark), 2)}|side=B")
            elif side == "A" and cue.start >= outer_end:
                out.append(f"cue_gap={min(cue_count(raw, outer_end, cue.start), 2)}|side=A")
        if side == "B" and same_sentence:
            m = _FIRST_WORD.match(raw, self.resolver.sentence_start(c.start), c.start)
            if m and m.group(1).lower() in _SUBORDINATORS and "," in raw[c.end : open_mark]:
                out.append("fronted_clause")
        if c.kind == "name" and is_place(c.text):
            out.append("place")
        return out

    def _word_before(self, pos: int) -> str:
        """The word or punctuation right before pos, lower case ("^" for none); asked once per position."""
        w = self._before.get(pos)
        if w is None:
            m = search_before(_WORD_BEFORE, self.raw, pos, 25)
            w = self._before[pos] = m.group(1).lower() if m else "^"
        return w

    def _word_after(self, pos: int) -> str:
        w = self._after.get(pos)
        if w is None:
            m = _WORD_AFTER.match(self.raw, pos, min(len(self.raw), pos + 25))
            w = self._after[pos] = m.group(1).lower() if m else "$"
        return w


_DISTANCE_EDGES = (1, 3, 8, 20, 45, 90, 180, 400)
_DISTANCE_BUCKETS = tuple(str(i) for i in range(len(_DISTANCE_EDGES) + 1))


_HEADS: Final[dict[tuple[str, str, str, str, int, str, str, str, int], tuple[tuple[str, ...], str]]] = {}


def _head(
    kind: str, wb: str, side: str, db: str, r: int, sent: str, para: str, cc: str, ntags: int
) -> tuple[tuple[str, ...], str]:
    """The features every candidate has, and the side|rank string the tag features repeat."""
    key = (kind, wb, side, db, r, sent, para, cc, ntags)
    got = _HEADS.get(key)
    if got is not None:
        return got
    sr = f"side={side}|r={r}"
    head = (
        "bias",
        "k=" + kind,
        wb,
        "side=" + side,
        f"side={side}|d={db}",
        sr,
        sent,
        para,
        "cue=" + cc,
        f"k={kind}|{sr}",
        f"ntags={ntags}",
    )
    got = _HEADS[key] = (head, sr)
    return got


_TAGS: Final[dict[tuple[str, str, str, str, str, tuple[str, ...]], tuple[str, ...]]] = {}


def _tag(t: str, kind: str, wb: str, cc: str, sr: str, shape: tuple[str, ...]) -> tuple[str, ...]:
    key = (t, kind, wb, cc, sr, shape)
    got = _TAGS.get(key)
    if got is not None:
        return got
    pre = "t=" + t
    got = _TAGS[key] = (
        pre,
        f"{pre}|k={kind}",
        f"{pre}|{wb}",
        f"{pre}|cue={cc}",
        f"{pre}|{sr}",
        *(pre + x for x in shape),
    )
    return got


_TAG_PAIRS: Final[dict[tuple[str, ...], tuple[str, ...]]] = {}


def _tag_pairs(tags: tuple[str, ...]) -> tuple[str, ...]:
    got = _TAG_PAIRS.get(tags)
    if got is None:
        got = _TAG_PAIRS[tags] = tuple(f"tt={a}+{b}" for i, a in enumerate(tags) for b in tags[i + 1 :])
    return got


_TAG_DISTANCES: Final[dict[tuple[str, str], str]] = {}


def _tag_distance(t: str, db: str) -> str:
    key = (t, db)
    got = _TAG_DISTANCES.get(key)
    if got is None:
        got = _TAG_DISTANCES[key] = f"t={t}|d={db}"
    return got


_VERBS_BETWEEN: Final[dict[tuple[int, str], str]] = {}


def _verbs_between(n: int, side: str) -> str:
    key = (n, side)
    got = _VERBS_BETWEEN.get(key)
    if got is None:
        got = _VERBS_BETWEEN[key] = f"verbs_between={n}|side={side}"
    return got


_NEIGHBOURS: Final[dict[tuple[str, str, str, str], tuple[str, ...]]] = {}


def _neighbours(kind: str, side: str, pw: str, nw: str) -> tuple[str, ...]:
    key = (kind, side, pw, nw)
    got = _NEIGHBOURS.get(key)
    if got is not None:
        return got
    pwf = "pw=" + _context_word(pw)
    nwf = "nw=" + _context_word(nw)
    got = _NEIGHBOURS[key] = (
        pwf,
        nwf,
        f"nw={nw[:1] in ',.' and nw[:1] or 'w'}|side={side}",
        f"k={kind}|{pwf}",
        f"k={kind}|{nwf}",
    )
    return got


def _context_word(w: str) -> str:
    return w if w in _CONTEXT_WORDS else ("V" if w in SPEECH_WORDS else "*")


_TOKEN = re.compile(r"\S+")
_BYLINE_DASH = re.compile(r"[ \u00a0][-–—][ \u00a0]+(?=[A-Z])")
# A description ends before a verb it ran into: a cue, an auxiliary or a modal ("The piece used …" is
# cut at no verb it does not know, but "A chorus of Republicans has …" and "The memo says" are).
_ENDS_PHRASE = SPEECH_WORDS | words("auxiliary_verbs")


def _trim(src: Source) -> Source:
    """A phrase ends before a cue verb it ran into ("The local paper called the plan" -> "The local paper")
    and before a sentence's final period ("Roe." -> "Roe"; "Jr." and initials keep theirs). A spaced dash
    then a capital parts a roundup's headline from its byline ("… the Democratic caucus - HuffPollster:
    '…'"): the byline is the source."""
    dashes = list(_BYLINE_DASH.finditer(src.text))
    if dashes:
        byline = dashes[-1]
        start = src.start + byline.end()
        text = src.text[byline.end() :]
        kind = "name" if all(w[:1].isupper() for w in text.split()) else "description"
        src = Source(start, start + len(text), text, kind)
    text = src.text
    if src.kind == "description":
        for m in _TOKEN.finditer(text):
            if m.start() and m.group(0).lower().strip(",.;:") in _ENDS_PHRASE:
                text = text[: m.start()].rstrip(" ,\u00a0")
                break
    last = text.split()[-1] if text.split() else ""
    if last.endswith(".") and len(last) > 3 and last.lower().rstrip(".") not in ABBREVIATIONS:
        text = text[:-1]
    if text == src.text or not text:
        return src
    end = src.start + len(text)
    return Source(src.start, end, text, src.kind)


def _main_tag(c: Candidate) -> str:
    return min(c.tags, key=_TAG_RANK.__getitem__)


_TAG_RANK = {t: i for i, t in enumerate(TAG_ORDER)}


def explicit(cands: list[Candidate]) -> tuple[Candidate, float] | None:
    """A transcript turn names its speaker in its label ('"WALLACE: …'): no choice to make. (The train
    split has four labels, none of them a speaker, so a learned weight could not know this.)"""
    for c in cands:
        if "label" in c.tags:
            return c, 1.0
    return None
