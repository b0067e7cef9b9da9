"""Medium and addressee: how a quotation was said (tweet, text message, interview, …) and to whom.

The medium is named in the narration around the quote or in its paragraph's lead-in ("phoned into
Hot 97"); the addressee follows an address verb ("told the musician", "texted Legend") or is the
@handle the quote opens with, or the previous speaker when the quote answers them ("wrote back").
"""

from __future__ import annotations

import bisect
import re

from ..model import ExtractedQuote
from .cues import media_in, medium_of
from .lexicon import letter_first_alternation, lines
from .proposals import Cue, Site, sentence_after, sentence_before
from .quotes import QuoteSpan
from .resolve import Resolver
from .sources import source_after

# An address verb and the space after it, its object next (data/address_verbs.txt). It is searched for
# in the whole article, so the pattern opens with a letter (see letter_first_alternation).
_ADDRESS_VERB = re.compile(letter_first_alternation(lines("address_verbs.txt"), r"[\w’'-]") + r"\s+")


_BACK = re.compile(
    r"\b(?:wrote|texted|tweeted|fired|shot|hit|wrote) back\b|\b[Ii]n (?:response|reply)\b|\breplied\b"
)


_HANDLE_START = re.compile(r"\s*@([A-Za-z_]\w{1,30})")


def _cue_of(eq: ExtractedQuote) -> Cue | None:
    if eq.cue is None or eq.cue_start is None or eq.cue_end is None:
        return None
    return Cue(eq.cue_start, eq.cue_end, eq.cue, None, "")


def medium_of_quote(
    raw: str, site: Site, eq: ExtractedQuote, prev: ExtractedQuote | None, para_by_index, resolver: Resolver
) -> str | None:
    """The medium named around the quotation, else in its paragraph's lead-in or the paragraph before
    (for the first quote of a paragraph: "Legend phoned into Hot 97 …" then '"…," says Legend')."""
    q, cue = site.q, _cue_of(eq)
    medium = quote_medium(raw, q, site.lo, site.hi, cue)
    if medium is None and cue is not None and (prev is None or prev.paragraph != q.paragraph):
        person = resolver.people.get(eq.speaker) if eq.speaker else None
        para = para_by_index[q.paragraph]
        medium = medium_near(raw, para.start, q.open_mark, person)
        pp = para_by_index.get(q.paragraph - 1)
        if medium is None and pp is not None and not resolver.has_quote(pp.start, pp.end):
            medium = medium_near(raw, pp.start, pp.end, person)
    return medium


def carry_media(quotes: list[ExtractedQuote]) -> None:
    """A speaker's run of quotes keeps the medium named at its start ("phoned into Hot 97 …")."""
    for a, b in zip(quotes, quotes[1:], strict=False):
        same_run = b.speaker is not None and a.speaker == b.speaker and b.paragraph - a.paragraph <= 2
        if b.medium is None and a.medium and same_run:
            b.medium = a.medium


def quote_medium(raw: str, q: QuoteSpan, lo: int, hi: int, cue: Cue | None) -> str | None:
    """Medium named in the narration around the quote (never inside the quote)."""
    if cue is None:
        return None
    s = sentence_before(raw, lo, q.open_mark)
    e = sentence_after(raw, q.outer_end, hi)
    return medium_of(raw[s : q.open_mark] + " " + raw[q.outer_end : e]) or medium_of(cue.text)


def medium_near(raw: str, start: int, end: int, person) -> str | None:
    """The medium named in raw[start:end] closest to a mention of the speaker ("Legend phoned into
    Hot 97 …", "a private text message conversation he had with John Legend"), else the first by rank."""
    if person is None:
        return medium_of(raw[start:end])
    spots = [(m.start, m.end) for m in person.mentions if start <= m.start < end]
    if not spots:
        return medium_of(raw[start:end])
    best = None
    for ms, me, name in media_in(raw, start, end):
        for a, b in spots:
            # Same sentence as the mention first, then the smallest gap between the two.
            other = sentence_before(raw, start, ms) != sentence_before(raw, start, a)
            d = (other, max(a - me, ms - b, 0))
            if best is None or d < best[0]:
                best = (d, name)
    return best[1] if best else None


def addressee(
    raw: str, q: QuoteSpan, eq: ExtractedQuote, prev: ExtractedQuote | None, resolver: Resolver
) -> str | None:
    """Who the quotation was said to: an @handle it opens with, the object of an address verb near its
    cue ("he told the musician"), or the previous speaker when it answers them ("West wrote back")."""
    cue = _cue_of(eq) if eq.source_start is not None else None
    exclude = {eq.speaker} if eq.speaker else set()
    h = _HANDLE_START.match(raw, q.start, q.end)
    if h:
        m = resolver.mention_at(q.start + h.start(1) - 1, q.start + h.end(1))
        if m is None:
            for p in resolver.people.values():
                if "@" + h.group(1) in p.handles:
                    return p.key
        elif m.person not in exclude:
            return m.person
    if cue is None:
        return None
    window_start = min(cue.start, q.open_mark)
    window_end = max(cue.end, q.outer_end)
    s = sentence_before(raw, max(0, window_start - 200), window_start)
    e = sentence_after(raw, window_end, min(len(raw), window_end + 200))
    verbs = resolver.address_verbs
    if verbs is None:
        # Found once per article, then looked up per quotation.
        verbs = resolver.address_verbs = [m.span() for m in _ADDRESS_VERB.finditer(raw)]
        resolver.address_starts = [a for a, _b in verbs]
    for i in range(bisect.bisect_left(resolver.address_starts, s), len(verbs)):
        a, b = verbs[i]
        if a >= e:
            break
        if b > e or resolver.in_quote(a):
            continue
        src = source_after(raw, b, min(e, b + 60))
        if src is None or src.kind == "pronoun":
            continue
        if src.kind == "description" and (src.text.split()[0].lower() != "the" or src.text.endswith("s")):
            continue
        key = resolver.resolve(src, exclude)
        if key:
            return key
    if prev is not None and prev.speaker and prev.speaker != eq.speaker and _BACK.search(raw, s, e):
        return prev.speaker
    return None
