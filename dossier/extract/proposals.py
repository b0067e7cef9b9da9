"""Cue -> source: where the structure of a sentence points for a quotation's source.

Each finder reads one construction and proposes a cue and the noun phrase next to it:
a cue after the closing mark ('…," he said' / '…," said Legend'), before the opening
mark ('Legend said: "…"', partial quotes inside a clause), a colon lead-in, "according
to", a transcript label ('"WALLACE: …'), a dash byline ('…" ― Name'), the previous
sentence's cue, or the cue shared by a list of partial quotes. They only propose: the
ranker (:mod:`ranker`) weighs every proposal against the other candidates.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .cues import cue_spans
from .lexicon import alternation, lines, words
from .mentions import COMMON_CAPITALISED
from .quotes import SPEAKER_LABEL, TITLE_BEFORE, QuoteSpan, count_words, is_title
from .sources import Sentences, Source, source_after, source_before

# A byline-style attribution after the quote: "…” ― Sonya Herridge"
DASH_NAME = re.compile(r"[ \u00a0]*[―—–-]+[ \u00a0]*([A-Z][\w.’'-]*(?:[ \u00a0]+[A-Z][\w.’'-]*){0,3})")


# Between two quotes of a list: '"X," and "Y"', '"X", "Y" or "Z"'.
LIST_GAP = re.compile(r"[ \u00a0]*[,;]?[ \u00a0]*(?:(?:and|or)[ \u00a0]+)?")


@dataclass
class Cue:
    start: int
    end: int
    text: str
    source: Source | None
    where: str  # after | before | inside (partial quote) | colon | according

    # Written out: mypyc compiles an __init__ in the source, not the one @dataclass generates (interpreted).
    def __init__(self, start: int, end: int, text: str, source: Source | None, where: str) -> None:
        self.start, self.end, self.text, self.source, self.where = start, end, text, source, where


class Context:
    """Per-article indexes found once: sentence breaks and cue positions."""

    def __init__(
        self, raw: str, sentences: Sentences | None = None, ranges: list[tuple[int, int]] | None = None
    ):
        self.raw = raw
        self.sentences = sentences or Sentences(raw)
        # Cues are looked up only near quotations: the caller may pass the paragraphs that hold one
        # (and the paragraph before each, for "X continued:" leads).
        self.cues = cue_spans(raw, ranges)
        self.cue_starts = [c[0] for c in self.cues]


_CONTEXT: list[Context | None] = [None]  # the current article's indexes


def _ctx(raw: str) -> Context:
    cur = _CONTEXT[0]
    if cur is None or cur.raw is not raw:
        cur = _CONTEXT[0] = Context(raw)
    return cur


def sentence_before(raw: str, lo: int, pos: int) -> int:
    """Start of the sentence containing pos, not before lo."""
    cur = _CONTEXT[0]  # _ctx inlined: this is asked tens of times per quotation
    if cur is None or cur.raw is not raw:
        cur = _ctx(raw)
    return cur.sentences.start_before(lo, pos)


def sentence_after(raw: str, pos: int, hi: int) -> int:
    cur = _CONTEXT[0]
    if cur is None or cur.raw is not raw:
        cur = _ctx(raw)
    return cur.sentences.end_after(pos, hi)


def cues_in(raw: str, lo: int, hi: int, in_quote) -> list[tuple[int, int]]:
    """Cue matches in raw[lo:hi] outside quotations, in order (phrases win over their verbs)."""
    ctx = _ctx(raw)
    i = bisect.bisect_left(ctx.cue_starts, lo)
    out = []
    cues = ctx.cues
    while i < len(cues) and cues[i][0] < hi:
        c = cues[i]
        if c[1] <= hi and not in_quote(c[0]):
            out.append(c)
        i += 1
    return out


def cue_count(raw: str, lo: int, hi: int) -> int:
    """How many cues start in raw[lo:hi] (found once per article: a bisection, not a scan)."""
    cur = _CONTEXT[0]
    if cur is None or cur.raw is not raw:
        cur = _ctx(raw)
    starts = cur.cue_starts
    return bisect.bisect_left(starts, hi) - bisect.bisect_left(starts, lo)


def _first_cue(raw: str, lo: int, hi: int) -> tuple[int, int] | None:
    ctx = _ctx(raw)
    i = bisect.bisect_left(ctx.cue_starts, lo)
    cues = ctx.cues
    while i < len(cues) and cues[i][0] < hi:
        if cues[i][1] <= hi:
            return cues[i]
        i += 1
    return None


_INTRO = re.compile(
    r"(?:(?:"
    + "|".join(sorted(words("intro_words"), key=len, reverse=True))
    + r")\b[^,]{0,60},\s*(?:\d{4},\s*)?)?"
)


def _phrases(name: str) -> list[str]:
    """Entries of a word list: a line of one-word entries, or one multi-word entry ("is set")."""
    out: list[str] = []
    for line in lines(name):
        out.extend([line] if len(line.split()) == 2 and line.split()[0] in ("is", "was") else line.split())
    return out


# A dateline opening a story's first sentence: "TALLAHASSEE — ", "MANCHESTER, N.H. - ", "WASHINGTON (AP) — ",
# "PHILADELPHIA, July 25 (UPI) — ", or a place not in capitals before an agency: "Washington (AFP) – ".
# The place is where the story was filed; the subject follows it.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.’' ]*[A-Z.](?:,[ \u00a0][A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*)?)?"
    r"(?:,[ \u00a0][A-Z][a-z]{2,3}\.?[ \u00a0]\d{1,2})?(?:[ \u00a0]\([A-Z][A-Za-z]{1,8}\))?"
    r"|[A-Z][a-z]+(?:[ \u00a0][A-Z][a-z]+)?[ \u00a0]\([A-Z][A-Za-z]{1,8}\))"
    r"[ \u00a0]*(?:--|[—–-])[ \u00a0]+"
)


# A subordinate clause fronted before the main clause: its subject is not the sentence's.
_FRONTED_CLAUSE = re.compile(
    r"(?:"
    + "|".join(sorted(words("subordinators") - {"that", "which", "who", "whom", "where"}))
    + r")\b[^,.;:\"“”]{1,100},[ \u00a0]+",
    re.I,
)


def sentence_subject(raw: str, s: int, hi: int) -> Source | None:
    """The subject at the start of a sentence, for participle cues ("…, joking, '…'"), after a dateline."""
    d = _DATELINE.match(raw, s, hi)
    if d is not None:
        s = d.end()
    m = _INTRO.match(raw, s, hi)
    start = m.end() if m else s
    f = _FRONTED_CLAUSE.match(raw, start, hi)
    if f is not None:
        start = f.end()  # "Unless rivals quit, …", "As Trump attacked Clinton, the attendees chanted"
    src = source_after(raw, start, hi)
    if src is not None and src.kind == "name" and src.text.split()[0].lower() in COMMON_CAPITALISED:
        return None  # "If she did, …", "On September 27 they …": not a subject
    return src


# A cue verb after one of these words has its subject further back: "X bemoaned the unrest and said",
# "X took to Twitter to accuse", "… while chanting".
_LINKS = words("coordinators")


_LAST_WORD = re.compile(r"([A-Za-z]+)[ \u00a0]+(?:(?:[a-z]+ly|also|then|later|again)[ \u00a0]+)?$")


_CONTROL = re.compile(r"\b(?:" + alternation(_phrases("control_verbs.txt")) + r")\b(?![^,.;]*[,.;])")


_CLAUSE_OPENER = re.compile(
    r"\b(?:"
    + "|".join(sorted(words("subordinators") - {"which", "whom", "where", "until", "unless"}))
    + r")\b"
)


def _clause_subject(raw: str, s: int, pos: int, in_quote) -> Source | None:
    """The subject of the clause a cue verb at pos is coordinated with ("after she attacked … and
    blamed"): after the last subordinating word outside quotations, else the sentence's."""
    w = _LAST_WORD.search(raw, max(s, pos - 30), pos)
    if w is None or w.group(1) not in _LINKS:
        return None
    if w.group(1) == "to" and not _CONTROL.search(raw, max(s, w.start() - 40), w.start()):
        return None  # "gives the chair authority to call": the object's verb, not the subject's
    # "He said that X … and said": the subject of the cue verb before the conjunction.
    for c in reversed(cues_in(raw, s, w.start(), in_quote)):
        src = source_before(raw, s, c[0])
        if src is not None and src.kind in ("name", "pronoun") and not in_quote(src.start):
            return src
        break
    opener = None
    for m in _CLAUSE_OPENER.finditer(raw, s, w.start()):
        if not in_quote(m.start()):
            opener = m
    if opener is not None:
        src = source_after(raw, opener.end(), w.start())
        if src is not None and src.kind in ("name", "pronoun") and not in_quote(src.start):
            return src
        return None
    src = sentence_subject(raw, s, w.start())
    if src is None or in_quote(src.start) or src.kind not in ("name", "pronoun", "description"):
        return None
    return src


def _subject(raw: str, s: int, cue: tuple[int, int], in_quote) -> Source | None:
    """source_before, or the coordinated clause's subject when the verb follows "and"/"to"."""
    return _clause_subject(raw, s, cue[0], in_quote) or source_before(raw, s, cue[0])


_SUBORDINATE = re.compile(r"\b(?:" + "|".join(sorted(words("subordinators"))) + r")\b", re.I)


def after_cue(raw: str, q: QuoteSpan, hi: int, words_in_quote: int = 99) -> Cue | None:
    """A cue right after the closing mark: '…," he said' / '…," said Legend'."""
    a = q.outer_end
    end = min(sentence_after(raw, a, hi), a + 300)
    cue = _first_cue(raw, a, end)
    if cue is None:
        return None
    lead = raw[a : cue[0]]
    cue_text = raw[cue[0] : cue[1]]
    if not lead.strip(" \u00a0,—–-"):
        if cue_text.endswith("ing"):
            # '…," adding that …': the speaker was named before the quote.
            return Cue(cue[0], cue[1], cue_text, None, "after")
        # Inverted: '…," said Elaine Kamarck'
        src = source_after(raw, cue[1], end)
        if cue_text.lower().startswith("according"):
            src = source_after(raw, cue[1], end)
        return Cue(cue[0], cue[1], cue_text, src, "after")
    src = source_before(raw, a, cue[0])
    if src is None:
        return None
    # The source starts the clause ('…," he said'), or the quote is part of the sentence the cue
    # closes ('A cashier who "steals" is held accountable, Warren said'; '"X," IMF economist Y said').
    gap = raw[a : src.start].strip(" \u00a0,—–-\t")
    # '…," as a Homeland Security memo put it': "as" before a subject right next to its cue.
    as_cue = gap == "as" and not raw[src.end : cue[0]].strip(" \u00a0")
    if gap and not as_cue and not re.fullmatch(r"(?:(?:also|then|later|again|and|but)\s*)+", gap, re.I):
        n = len(gap.split())
        if (
            n > 8
            or (words_in_quote < 4 and n > 2)
            or _SUBORDINATE.search(gap)
            or any(c in gap for c in ".;:!?")
        ):
            return None
    return Cue(cue[0], cue[1], cue_text, src, "after")


def before_cue(
    raw: str, q: QuoteSpan, lo: int, in_quote, prev_para: tuple[int, int] | None, floor: int = 0
) -> Cue | None:
    """A cue before the opening mark, in the same sentence (or a previous paragraph ending in ':')."""
    s = sentence_before(raw, lo, q.open_mark)
    if prev_para is not None and q.open_mark == lo and raw[prev_para[1] - 1] == ":":
        # "Caddell continued:" / "The New York Times reports:" then the quote as its own paragraph.
        ps = sentence_before(raw, prev_para[0], prev_para[1] - 1)
        cues = cues_in(raw, ps, prev_para[1], in_quote)
        if cues:
            c = cues[-1]
            src: Source | None = source_before(raw, ps, c[0]) or source_after(raw, c[1], prev_para[1] - 1)
            if src is not None:
                return Cue(c[0], c[1], raw[c[0] : c[1]], src, "colon")
        src = source_before(raw, ps, prev_para[1] - 1)
        if src is not None and src.kind in ("name", "pronoun"):
            return Cue(prev_para[1] - 1, prev_para[1], ":", src, "colon")
    cues = cues_in(raw, s, q.open_mark, in_quote)
    cue = cues[-1] if cues else None
    lead = raw[s : q.open_mark]
    if cue is None:
        stripped = lead.rstrip(" \u00a0")
        if stripped.endswith(":"):
            colon = s + len(stripped) - 1
            src = source_before(raw, s, colon)
            if src is not None and src.kind in ("name", "pronoun"):
                return Cue(colon, colon + 1, ":", src, "colon")
        return None
    cue_text = raw[cue[0] : cue[1]]
    if cue_text.lower().startswith("according to"):
        return Cue(cue[0], cue[1], cue_text, source_after(raw, cue[1], q.open_mark), "according")
    between = raw[cue[1] : q.open_mark]
    where = (
        "before"
        if not between.strip(" \u00a0,:—–-") or re.fullmatch(r"[^.;]{0,40}[,:]\s*", between)
        else "inside"
    )
    if where == "inside":
        # A partial quote belongs to the main clause's speaker: "Trump said that Clinton called it 'X'".
        # Cues after an earlier quote of the sentence first: in '"You winning?" she said, but … as Trump
        # went on about "how …"', "she said" belongs to the first quote.
        for c in [c for c in cues if c[0] >= floor] + [c for c in cues if c[0] < floor]:
            if raw[c[1] - 3 : c[1]] == "ing":
                continue  # a participle's subject is found below, not right before it
            src = _subject(raw, s, c, in_quote)
            if src is not None and src.kind in ("name", "pronoun", "description"):
                return Cue(c[0], c[1], raw[c[0] : c[1]], src, "inside")
    src = _subject(raw, s, cue, in_quote)
    if src is not None and cue_text.endswith("ing") and _object_of_verb(raw, s, src, cue[0]):
        # "X issued a statement describing it as '…'": the phrase right before a participle is the object
        # of the verb before it; the participle's subject is the clause's (below).
        src = None
    if src is None:
        # Participle or inverted: "…, asking, '…'" / "said Legend: '…'"
        if cue_text.endswith("ing"):
            # "Trump said, adding later, '…'": the subject of the cue before it in the sentence.
            # (a variable of its own: mypyc took src for None after this loop, whose break keeps one)
            for c in reversed(cues[:-1]):
                found = source_before(raw, s, c[0])
                if (
                    found is not None
                    and not in_quote(found.start)
                    and (found.kind in ("name", "pronoun") or found.text[:4].lower() == "the ")
                    and found.text.lower() not in ("who", "which")
                ):
                    src = found
                    break
            if src is None:
                src = sentence_subject(raw, s, cue[0])
        else:
            src = source_after(raw, cue[1], q.open_mark)
            if src is None:
                src = sentence_subject(raw, s, cue[0])
    if src is not None and in_quote(src.start):
        src = None  # words inside a quotation are what someone said, not who said it
    return Cue(cue[0], cue[1], cue_text, src, where)


def byline_below(raw: str, para) -> Cue | None:
    """A quotation that ends its paragraph, signed on the next line by a dash and a name alone
    ('"…"' then '- Bernie Sanders.'), as fact-check lists print what each candidate said."""
    if para is None:
        return None
    dash = DASH_NAME.match(raw, para.start, para.end)
    if dash is None or raw[dash.end() : para.end].strip(" \u00a0.,"):
        return None
    src = Source(dash.start(1), dash.end(1), dash.group(1), "name")
    return Cue(para.start, dash.start(1), "―", src, "after")


# After a preposition or conjunction the phrase is the participle's own subject ("with Trump tweeting").
_FUNCTION_WORDS = words("function_words")
_LOWER_WORD_BEFORE = re.compile(r"\b([a-z]+)[ \u00a0]+$")


def _object_of_verb(raw: str, s: int, src: Source, verb_start: int) -> bool:
    """The phrase stands right before the verb (no comma) after a lower-case content word of its sentence:
    it is that verb's object ("released a statement condemning"), not a subject ("Trump, saying")."""
    if raw[src.end : verb_start].strip(" \u00a0") or src.kind == "pronoun":
        return False
    w = _LOWER_WORD_BEFORE.search(raw, max(s, src.start - 30), src.start)
    return w is not None and w.group(1) not in _FUNCTION_WORDS


# A pull quote signed on its own line before the closing mark ('"… we need to do stimulus.' then 'Josh
# Bivens, Economic Policy Institute."'): two to five capitalised words, maybe an affiliation after a comma.
_SIGNATURE = re.compile(
    r"[ \u00a0]*([A-Z][\w.’'-]*(?:[ \u00a0]+[A-Z][\w.’'-]*){1,4})(?:,[ \u00a0]+[^\n.]{1,80})?\.?[\"”][ \u00a0]*$"
)


def signed_below(raw: str, para) -> Cue | None:
    """The line after a quotation that its paragraph left open: a name and the closing mark."""
    if para is None:
        return None
    m = _SIGNATURE.match(raw, para.start, para.end)
    if m is None or m.group(1).split()[0].lower() in COMMON_CAPITALISED:
        return None
    src = Source(m.start(1), m.end(1), m.group(1), "name")
    return Cue(para.start, m.start(1), "―", src, "after")


def headline_attributed(raw: str, q: QuoteSpan, pstart: int) -> Cue | None:
    """A headline quote in single marks counts when attributed: "Name on X: '…'" or "'…', Name says"."""
    before = raw[pstart : q.open_mark].rstrip()
    if before.endswith(":"):
        head = raw[pstart : pstart + len(before) - 1]
        m = re.match(
            r"\s*((?:[A-Z][\w.’'-]*\s+)*?[A-Z][\w.’'-]*)(?:\s+(?:on|about|to|says|tells|talks)\b|$)", head
        )
        if m:
            return Cue(
                pstart + len(before) - 1,
                pstart + len(before),
                ":",
                Source(pstart + m.start(1), pstart + m.end(1), m.group(1), "name"),
                "colon",
            )
    c = after_cue(raw, q, raw.find("\n", q.outer_end) if raw.find("\n", q.outer_end) > 0 else len(raw))
    return c if c and c.source else None


def introduces_next(raw: str, q: QuoteSpan, after: Cue, hi: int, spans: list[QuoteSpan], n: int) -> bool:
    """'"…legacy." In response, West said, "I love you …"': a cue after a quote that ends its sentence
    and leads straight into the next quote is that quote's cue."""
    if raw[q.start : q.end].rstrip(" \u00a0")[-1:] not in ".!?":
        return False
    nxt = spans[n + 1] if n + 1 < len(spans) else None
    return nxt is not None and nxt.open_mark == hi and not raw[after.end : hi].strip(" \u00a0,:—–-")


def previous_sentence_cue(raw: str, pstart: int, lo: int, s0: int, in_quote) -> Cue | None:
    """The cue and source of the sentence before s0, when that sentence holds no quotation
    (after '"A," X said.' the next quote continues the previous one: it inherits instead)."""
    if s0 <= lo:
        return None
    ps = sentence_before(raw, pstart, s0 - 1)
    if ps < lo or ps >= s0:
        return None
    for c in reversed(cues_in(raw, ps, s0, in_quote)):
        if raw[c[0] : c[1]].lower().startswith("according"):
            continue
        src = source_before(raw, ps, c[0]) or source_after(raw, c[1], s0)
        if src is not None and src.kind in ("name", "pronoun", "description") and not in_quote(src.start):
            return Cue(c[0], c[1], raw[c[0] : c[1]], src, "previous")
    return None


def set_context(raw: str, sentences: Sentences, ranges: list[tuple[int, int]]) -> None:
    """Index the article's sentences and cues once, before its quotes are read."""
    _CONTEXT[0] = Context(raw, sentences, ranges)


@dataclass
class Site:
    """One quotation and what the structure around it proposes."""

    q: QuoteSpan
    n: int  # index among the article's quote spans
    para_start: int
    para_end: int
    lo: int  # narration window: from the previous quote in the paragraph (or its start)
    hi: int  # to the next quote in the paragraph (or its end)
    words: int
    proposals: dict[str, Cue] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)  # shape of the quotation: "comma_close", "para_start", …
    lead_in: tuple[int, int] | None = None  # the paragraph before, for a quotation that opens its own

    # Written out: mypyc compiles an __init__ in the source, not the one @dataclass generates (interpreted).
    def __init__(
        self,
        q: QuoteSpan,
        n: int,
        para_start: int,
        para_end: int,
        lo: int,
        hi: int,
        words: int,
        proposals: dict[str, Cue] | None = None,
        flags: set[str] | None = None,
        lead_in: tuple[int, int] | None = None,
    ) -> None:
        self.q, self.n, self.para_start, self.para_end = q, n, para_start, para_end
        self.lo, self.hi, self.words = lo, hi, words
        self.proposals = {} if proposals is None else proposals
        self.flags = set() if flags is None else flags
        self.lead_in = lead_in


# Candidates proposed by the sentence structure around the quotation (not by continuation or proximity).
STRUCTURAL = frozenset({"label", "dash", "after", "colon", "according", "before", "inside", "previous"})


def first_proposal(site: Site) -> Cue | None:
    """The cue of the strongest proposal, for a quotation whose chosen source has none."""
    for tag in TAG_ORDER:
        if tag in site.proposals:
            return site.proposals[tag]
    return None


def find_sites(
    raw: str, spans: list[QuoteSpan], para_by_index, in_quote: Callable[[int], bool]
) -> list[Site]:
    """Each quotation that reports speech, with its cue proposals; titles and scare quotes left out."""
    sites: list[Site] = []
    for n, q in enumerate(spans):
        para = para_by_index[q.paragraph]
        last_para = para_by_index[q.last_paragraph]
        prev_q = spans[n - 1] if n else None
        # where the quotation before ends, when it is in the same paragraph
        prev_end = prev_q.outer_end if prev_q is not None and prev_q.last_paragraph == q.paragraph else None
        lo = max(para.start, para.start if prev_end is None else prev_end)
        hi = (
            spans[n + 1].open_mark
            if n + 1 < len(spans) and spans[n + 1].paragraph == q.last_paragraph
            else last_para.end
        )
        text = raw[q.start : q.end]
        if not text.strip():
            continue
        words = count_words(text)
        site = Site(q, n, para.start, last_para.end, lo, hi, words)
        lead = para_by_index.get(q.paragraph - 1)
        if q.open_mark == para.start and lead is not None and lead.kind in ("body", "dek", "headline"):
            site.lead_in = (lead.start, lead.end)  # "Howard continued his remarks." then the quote
        props = site.proposals
        after = after_cue(raw, q, hi, words) if q.closed else None
        if after is not None:
            props["after"] = after
        prev_para = para_by_index.get(q.paragraph - 1)
        before = before_cue(
            raw, q, para.start, in_quote, (prev_para.start, prev_para.end) if prev_para else None, lo
        )
        if before is not None:
            props[before.where] = before
        label = SPEAKER_LABEL.match(raw, q.start, q.end)
        if label:
            src = Source(label.start(1), label.end(1), label.group(1), "name")
            props["label"] = Cue(label.end(1), label.end(1) + 1, ":", src, "colon")
        dash = DASH_NAME.match(raw, q.outer_end, hi) if q.closed else None
        if dash and not raw[dash.end() : hi].strip(" \u00a0.,"):
            src = Source(dash.start(1), dash.end(1), dash.group(1), "name")
            props["dash"] = Cue(q.outer_end, dash.start(1), "―", src, "after")
        elif q.closed and not raw[q.outer_end : last_para.end].strip(" \u00a0"):
            below = byline_below(raw, para_by_index.get(q.last_paragraph + 1))
            if below is not None:
                props["dash"] = below
        elif not q.closed:
            signed = signed_below(raw, para_by_index.get(q.last_paragraph + 1))
            if signed is not None:
                props["dash"] = signed
        inner_end = text.rstrip(" \u00a0")[-1:]
        s0 = sentence_before(raw, para.start, q.open_mark)
        standalone = not raw[sentence_before(raw, lo, q.open_mark) : q.open_mark].strip()
        if q.closed and not raw[s0 : q.open_mark].strip() and (words >= 4 or inner_end in ".!?"):
            # '…, Schiff said. "The other factor …"': the cue of the sentence before.
            prevs = previous_sentence_cue(raw, para.start, lo, s0, in_quote)
            if prevs is not None:
                props["previous"] = prevs
        flags = site.flags
        if inner_end in ",?!—–-" or raw[q.outer_end : q.outer_end + 1] == ",":
            flags.add("comma_close")
        elif inner_end in ".!?":
            flags.add("period_close")
        if q.open_mark == para.start:
            flags.add("para_start")
        if standalone:
            flags.add("standalone")
        if not q.closed:
            flags.add("unclosed")
        if q.last_paragraph != q.paragraph:
            flags.add("multi_paragraph")
        if after is not None and introduces_next(raw, q, after, hi, spans, n):
            flags.add("introduces_next")
        if prev_end is not None and LIST_GAP.fullmatch(raw, prev_end, q.open_mark):
            flags.add("list")
        if para.kind in ("headline", "dek"):
            flags.add("headline")
        before_text = raw[lo : q.open_mark]
        sourced = any(c.source is not None for t, c in props.items() if t != "inside")
        if (
            is_title(raw, q, before_text)
            and (
                not sourced
                or words < 4
                # announced as a title ('On an episode of "The X Show," the host said'): never a quotation
                or TITLE_BEFORE.search(before_text[-40:])
            )
        ):
            continue
        cued = bool(props) or (
            "list" in flags and bool(sites) and sites[-1].n == n - 1 and bool(sites[-1].proposals)
        )
        if not cued and words < 4 and not (standalone and sites and q.closed):
            continue  # a scare quote, nickname or title with no speech around it
        if not cued and not q.closed and words < 8:
            continue
        sites.append(site)
    return sites


# Tags in the order their cue is kept when several finders propose the same span.
TAG_ORDER = (
    "label",
    "dash",
    "after",
    "colon",
    "according",
    "before",
    "inside",
    "previous",
    "list",
    "prev",
    "prev_cut",
    "cue_subject",
    "cue_inverted",
    "sentence_subject",
    "relative",
    "lead_in",
    "next",
    "mention",
    "pronoun",
)
