"""Finding and pairing quotation marks.

Only double marks delimit quotes: ``"``, ``“``, ``”``, ``''`` (NYT style) and the
rare ``’’``. Single marks are apostrophes far more often than quotes (don't,
'90s, rock 'n' roll), so they never delimit a quote here; the one exception, an
attributed headline in single marks, is handled by :func:`headline_single_quotes`.

A mark's direction comes from its surroundings, not its shape, because real
text has marks pointing the wrong way (``”Mr. Trump`` at a paragraph start) and
mixed pairs (``“…"``). Marks are paired per paragraph with a stack; a paragraph
that ends inside a quote continues into the next one when that one opens with a
mark (news style repeats the opening mark and omits the closing one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import alternation, lines, words

# Markup tags (<tweet data-x="...">) carry marks that are not quotation marks.
# Bounded so a stray "<" cannot make the regex scan a megabyte.
# Written to start with one character class so the regex engine skips straight to candidate characters
# (same matches as <tag>|'{2,}|’’|["“”„], about five times faster).
_TOKEN = re.compile(r"[<'’\"“”„](?:(?<=<)[A-Za-z/!][^<>\n]{0,2000}>|(?<=')'+|(?<=’)’|(?<=[\"“”„]))")
_OPEN_BEFORE = set("([{—–-/") | {"\u00a0"}
_CLOSE_AFTER = set(".,;:!?)]}…—–-") | {"\u00a0"}


@dataclass
class QuoteSpan:
    """Text between a pair of marks (marks excluded)."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when it never closes
    close_len: int = 0
    paragraph: int = 0  # index of the paragraph it opens in
    last_paragraph: int = 0
    nested: list[tuple[int, int]] = field(default_factory=list)  # inner quotes (part of this one)
    single: bool = False  # a headline quote in single marks

    # Written out: mypyc compiles an __init__ in the source, not the one @dataclass generates (interpreted).
    def __init__(
        self,
        start: int,
        end: int,
        open_mark: int,
        close_mark: int | None,
        close_len: int = 0,
        paragraph: int = 0,
        last_paragraph: int = 0,
        nested: list[tuple[int, int]] | None = None,
        single: bool = False,
    ) -> None:
        self.start, self.end, self.open_mark, self.close_mark = start, end, open_mark, close_mark
        self.close_len, self.paragraph, self.last_paragraph = close_len, paragraph, last_paragraph
        self.nested = [] if nested is None else nested
        self.single = single

    @property
    def closed(self) -> bool:
        return self.close_mark is not None

    @property
    def outer_end(self) -> int:
        return self.end + self.close_len


@dataclass
class _Mark:
    pos: int
    length: int
    opening: bool

    # Written out: mypyc compiles an __init__ in the source, not the one @dataclass generates (interpreted).
    def __init__(self, pos: int, length: int, opening: bool) -> None:
        self.pos, self.length, self.opening = pos, length, opening


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _marks(raw: str, start: int, end: int) -> list[_Mark]:
    """Double marks of one paragraph with their direction (README rule 5)."""
    marks: list[_Mark] = []
    depth = 0
    for m in _TOKEN.finditer(raw, start, end):
        tok = m.group(0)
        if tok[0] == "<":
            continue
        pos, length = m.start(), len(tok)
        if tok[0] == "'":
            if length == 1:
                continue
            # In a run of ''' the double mark is on the outer side.
            before_ws = pos == start or raw[pos - 1].isspace() or raw[pos - 1] in _OPEN_BEFORE
            if length > 2:
                pos = pos if before_ws else m.end() - 2
            length = 2
        before = raw[pos - 1] if pos > start else ""
        after = raw[pos + length] if pos + length < end else ""
        if not before and after:
            opening = True
        elif before and not after:
            opening = False
        elif (not before or _is_space(before) or before in _OPEN_BEFORE) and not (
            not after or _is_space(after) or after in _CLOSE_AFTER
        ):
            opening = True
        elif not (not before or _is_space(before) or before in _OPEN_BEFORE) and (
            not after or _is_space(after) or after in _CLOSE_AFTER
        ):
            opening = False
        elif tok == "“" or tok == "„":
            opening = True
        elif tok == "”" or tok == "’’":
            opening = False
        else:
            opening = depth == 0
        depth = depth + 1 if opening else max(depth - 1, 0)
        marks.append(_Mark(pos, length, opening))
    return marks


def find_quotes(raw: str, paragraphs: list[tuple[int, int, int]]) -> list[QuoteSpan]:
    """Pair marks into quote spans.

    ``paragraphs`` are (index, start, end) of the paragraphs to search, in order.
    Returns outermost quotes only (nested ones are recorded on their parent),
    sorted and disjoint.
    """
    quotes: list[QuoteSpan] = []
    carry: QuoteSpan | None = None  # a quote left open at the previous paragraph's end
    prev_index = -2
    for index, pstart, pend in paragraphs:
        marks = _marks(raw, pstart, pend)
        stack: list[QuoteSpan] = []
        i = 0
        if carry is not None:
            if index == prev_index + 1 and marks and marks[0].pos == pstart:
                # The repeated opening mark continues the quote; it stays in the text.
                stack.append(carry)
                i = 1
            else:
                _close_unclosed(carry, raw, quotes)
            carry = None
        for mk in marks[i:]:
            if mk.opening:
                q = QuoteSpan(mk.pos + mk.length, -1, mk.pos, None, paragraph=index, last_paragraph=index)
                stack.append(q)
            elif stack:
                q = stack.pop()
                q.end = mk.pos
                q.close_mark = mk.pos
                q.close_len = mk.length
                q.last_paragraph = index
                if stack:
                    stack[-1].nested.append((q.start, q.end))
                else:
                    quotes.append(q)
            # A closing mark with no open quote is skipped.
        if stack:
            # Only the outermost open quote can continue; inner ones opened by a
            # stray mark fold into it.
            outer = stack[0]
            outer.end = pend
            outer.last_paragraph = index
            carry = outer
        prev_index = index
    if carry is not None:
        _close_unclosed(carry, raw, quotes)
    quotes.sort(key=lambda q: q.start)
    return quotes


def _close_unclosed(q: QuoteSpan, raw: str, out: list[QuoteSpan]) -> None:
    # An unclosed quote runs to the end of the paragraph it was last seen in.
    q.close_mark = None
    q.close_len = 0
    if q.end > q.start:
        out.append(q)


# A headline quote in single marks: 'Name on Topic: ‘…’' or '‘…’, Name says'.
_HEADLINE_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=\S)([^‘’'\n]|'(?=\w)|’(?=\w))+?(?<=\S)[’'](?!\w)")


def headline_single_quotes(raw: str, index: int, start: int, end: int) -> list[QuoteSpan]:
    """Single-mark quotes of a headline or dek paragraph (attribution is checked later)."""
    out = []
    for m in _HEADLINE_SINGLE.finditer(raw, start, end):
        out.append(
            QuoteSpan(
                m.start() + 1,
                m.end() - 1,
                m.start(),
                m.end() - 1,
                close_len=1,
                paragraph=index,
                last_paragraph=index,
                single=True,
            )
        )
    return out


# Nouns that announce a title in marks: NBC's show "X", the documentary "X".
# A possessive ("NBC's 'X'") or a word announcing a title ("the documentary 'X'") right before the quote.
TITLE_BEFORE = re.compile(r"(?:[’']s|\b(?:" + alternation(lines("title_nouns.txt")) + r")),?\s*$")


_SMALL_WORDS = words("title_small_words")


_ALNUM = re.compile(r"[^\W_]")


def count_words(text: str) -> int:
    """Tokens with a letter or digit (the evaluator's definition). Linear: no regex backtracking over a
    long token without letters (10,000 marks in a row)."""
    search = _ALNUM.search
    # Most tokens start with a letter or digit (isalnum implies a \w that is not "_"): no regex for those.
    return len([t for t in text.split() if t[0].isalnum() or search(t)])


def is_title(raw: str, q: QuoteSpan, before: str) -> bool:
    """Title-cased words announced as a title ("NBC's 'Jesus Christ Superstar'", 'The "All of Me" singer')."""
    text = raw[q.start : q.end].strip(" ,.!?\u00a0")
    words = text.split()
    if not words or len(words) > 9:
        return False
    if not all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS or not w[:1].isalpha() for w in words
    ):
        return False
    if any(ch in text for ch in ".!?") and len(words) > 3:
        return False
    if TITLE_BEFORE.search(before[-40:]):
        return True
    after = raw[q.outer_end : q.outer_end + 30]
    # 'The "All of Me" singer': the quote modifies a following noun.
    return bool(
        re.match(r"[ \u00a0]+[a-z][a-z-]+\b(?![ \u00a0]+(?:him|her|it|them|that))", after)
    ) and not re.match(
        r"[ \u00a0]+(?:said|says|told|wrote|and|or|but|is|was|are|were|as|to|in|on|at|for|from|with|by|"
        r"he|she|they|who|which|that|because|if|when|after|before|the|a|an|of)\b",
        after,
    )


_MARK_LEN = re.compile(r"''|[\"“”„]")


def split_transcript(raw: str, spans: list[QuoteSpan], paras) -> list[QuoteSpan]:
    """A transcript quoted as one block ('"WALLACE: …' / '"PENCE: …', each paragraph reopening the
    quote) is one quote per speaker turn: cut a quote over several paragraphs where a continuation
    paragraph opens with a speaker label."""
    if all(q.last_paragraph == q.paragraph for q in spans):
        return spans
    by_index = {p.index: p for p in paras}
    out: list[QuoteSpan] = []
    for q in spans:
        if q.last_paragraph == q.paragraph or not SPEAKER_LABEL.match(raw, q.start, q.end):
            out.append(q)
            continue
        cur = q
        for k in range(q.paragraph + 1, q.last_paragraph + 1):
            p = by_index.get(k)
            if p is None:
                continue
            mark = _MARK_LEN.match(raw, p.start)
            if not mark or not SPEAKER_LABEL.match(raw, mark.end(), p.end):
                continue
            prev = by_index.get(k - 1)
            end = prev.end if prev is not None and prev.end > cur.start else p.start
            out.append(
                QuoteSpan(
                    cur.start,
                    end,
                    cur.open_mark,
                    end,
                    0,
                    cur.paragraph,
                    k - 1,
                    [n for n in cur.nested if n[1] <= end],
                )
            )
            cur = QuoteSpan(
                mark.end(),
                q.end,
                p.start,
                q.close_mark,
                q.close_len,
                k,
                q.last_paragraph,
                [n for n in q.nested if n[0] >= mark.end()],
            )
        out.append(cur)
    return out


# A transcript turn inside the quote: "WALLACE: If I may, sir …"
SPEAKER_LABEL = re.compile(r"\s*([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):\s")
