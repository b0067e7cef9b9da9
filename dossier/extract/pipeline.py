"""Extract stage: an Article -> its people and its direct quotations with speakers.

Orchestration only: marks are paired by :mod:`quotemarks`, people found by
:mod:`people`, cues matched by :mod:`cues`, sources resolved by
:mod:`attribution`. Here each quoted span is judged (quote, title or scare
quote?) and given its cue, source, speaker, medium and addressee.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Article, ExtractedQuote, Extraction
from .candidates import TAG_ORDER, Builder, Candidate, Site
from .cues import media_in, medium_of
from .lexicon import words
from .mentions import find_people
from .proposals import (
    DASH_NAME,
    LIST_GAP,
    SPEAKER_LABEL,
    Cue,
    after_cue,
    before_cue,
    headline_attributed,
    introduces_next,
    previous_sentence_cue,
    sentence_after,
    sentence_before,
    set_context,
)
from .quotes import QuoteSpan, find_quotes, headline_single_quotes
from .ranker import Ranker, shipped
from .resolve import Resolver, speaker_display
from .sources import Source, source_after

SEARCH_KINDS = frozenset({"headline", "dek", "body"})
_NOT_STORY = frozenset({"byline", "dateline", "boilerplate"})
# Nouns that announce a title in marks: NBC's show "X", the documentary "X".
_TITLE_BEFORE = re.compile(
    r"(?:[’']s|\b(?:show|program|programme|documentary|film|movie|book|memoir|novel|song|album|single|series|"
    r"episode|titled|entitled|broadcast of|play|musical|opera|hashtag|slogan|ad|spot|column|podcast|segment|"
    r"headlined|magazine|newspaper|forum|report|poll|campaign|initiative|plan|act|bill|operation|nickname|"
    r"known as(?: the| a)?|(?:episode|edition|season|star|host|author|cover|issue) of(?: the)?)),?\s*$"
)
_SMALL_WORDS = words("title_small_words")
# told|tells|tell|telling|asked|asks|asking|texted|texting|teased|teasing|wrote to|writes to|replied to|
# responded to|messaged|tweeted at|reminded|warned|urged, then space; grouped by first letter (with the
# word-start check after it) so the regex engine skips to candidate letters. Same matches.
_ADDRESS_VERB = re.compile(
    r"[amrtuw](?<!\w[amrtuw])(?:(?<=a)(?:sking|sked|sks)|(?<=m)(?:essaged)|"
    r"(?<=r)(?:esponded to|eplied to|eminded)|(?<=t)(?:weeted at|elling|exting|easing|exted|eased|ells|old|ell)|"
    r"(?<=u)(?:rged)|(?<=w)(?:rites to|rote to|arned))\s+"
)
_BACK = re.compile(
    r"\b(?:wrote|texted|tweeted|fired|shot|hit|wrote) back\b|\b[Ii]n (?:response|reply)\b|\breplied\b"
)
_HANDLE_START = re.compile(r"\s*@([A-Za-z_]\w{1,30})")
_WORDS = re.compile(r"\S+")


_ALNUM = re.compile(r"[^\W_]")


def count_words(text: str) -> int:
    """Tokens with a letter or digit (the evaluator's definition). Linear: no regex backtracking over a
    long token without letters (10,000 marks in a row)."""
    search = _ALNUM.search
    return sum(1 for t in text.split() if search(t))


def _is_title(raw: str, q: QuoteSpan, before: str) -> bool:
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
    if _TITLE_BEFORE.search(before[-40:]):
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


def extract(article: Article, ranker: Ranker | None = None, observe: Observer | None = None) -> Extraction:
    """The article's people and quotations. ``ranker`` replaces the shipped model; ``observe`` sees each
    quotation's candidates (for training) and may return the index of the one to follow."""
    model = ranker or shipped()
    raw = article.raw
    paras = [p for p in article.paragraphs if p.kind in SEARCH_KINDS]
    spans = _split_transcript(raw, find_quotes(raw, [(p.index, p.start, p.end) for p in paras]), paras)
    headlines = [p for p in paras if p.kind in ("headline", "dek")]
    if not any(p.kind == "headline" for p in article.paragraphs) and paras and paras[0].index == 0:
        # Until paragraphs are classified, a short first line without a final period is the headline.
        first = paras[0]
        if first.end - first.start < 250 and raw[first.end - 1] not in ".":
            headlines = [first]
    single: list[QuoteSpan] = []
    for p in headlines:
        single.extend(headline_single_quotes(raw, p.index, p.start, p.end))
    para_by_index = {p.index: p for p in article.paragraphs}

    # Bylines, datelines and boilerplate name no story people; a photo credit names a person who is at
    # most mentioned, never a speaker (its mentions are kept from the resolver).
    head_spans = [(p.start, p.end) for p in headlines if p.kind != "dek"]
    story = [
        (p.start, p.end)
        for p in article.paragraphs
        if p.kind not in _NOT_STORY and (p.start, p.end) not in head_spans
    ]
    index = find_people(raw, story, head_spans)
    aside = [(p.start, p.end) for p in article.paragraphs if p.kind == "credit"]
    told = (
        [m for m in index.mentions if not any(a <= m.start < b for a, b in aside)]
        if aside
        else index.mentions
    )
    resolver = Resolver(raw, index.people, told, [(q.start, q.end) for q in spans + single])
    set_context(raw, resolver.sentences, _quote_ranges(spans + single, para_by_index))

    builder = Builder(raw, resolver)
    sites = _sites(raw, spans, para_by_index, resolver)
    quotes: list[ExtractedQuote] = []
    group = 0
    prev: ExtractedQuote | None = None
    prev_choice: Candidate | None = None
    prev_site: Site | None = None
    for i, site in enumerate(sites):
        q = site.q
        nxt = sites[i + 1] if i + 1 < len(sites) else None
        cands = builder.build(site, prev_choice, prev, prev_site, nxt)
        builder.featurise(site, cands, prev_choice)
        choice, confidence = model.best(cands)
        if observe is not None:
            forced = observe(article, site, cands)
            choice = cands[forced] if forced is not None else choice
        eq = ExtractedQuote(q.start, q.end, raw[q.start : q.end], paragraph=q.paragraph)
        cue = (choice.cue if choice is not None else None) or _first_proposal(site)
        if choice is not None and choice.inherited_from is not None and not (choice.tags & STRUCTURAL):
            _inherit(eq, choice.inherited_from, confidence)
        elif choice is not None:
            eq.source_start, eq.source_end = choice.start, choice.end
            src = Source(choice.start, choice.end, choice.text, choice.kind)
            eq.speaker = resolver.resolve(src, prefer=prev.speaker if prev is not None else None)
            person = resolver.people.get(eq.speaker) if eq.speaker else None
            eq.speaker_name, eq.speaker_kind = speaker_display(person, choice.text, choice.kind)
            eq.confidence = confidence
        if cue is not None:
            eq.cue, eq.cue_start, eq.cue_end = cue.text, cue.start, cue.end
        # '"X," he said, "Y."': the second piece shares the first one's cue.
        if prev is not None and cue is not None and prev.cue_start == cue.start and cue.start > prev.end:
            eq.group = prev.group
        else:
            group += 1
            eq.group = group
        eq.medium = _medium(raw, q, site.lo, site.hi, cue)
        para = para_by_index[q.paragraph]
        if eq.medium is None and cue is not None and (prev is None or prev.paragraph != q.paragraph):
            # The first quote of a paragraph takes the medium its lead-in names: "Legend phoned into
            # Hot 97 …" (a paragraph of narration) then '"…," says Legend'.
            person = resolver.people.get(eq.speaker) if eq.speaker else None
            eq.medium = _medium_near(raw, para.start, q.open_mark, person)
            pp = para_by_index.get(q.paragraph - 1)
            if eq.medium is None and pp is not None and not resolver.has_quote(pp.start, pp.end):
                eq.medium = _medium_near(raw, pp.start, pp.end, person)
        eq.addressee = _addressee(raw, q, cue if eq.source_start is not None else None, eq, prev, resolver)
        quotes.append(eq)
        prev, prev_choice, prev_site = eq, choice, site

    for q in single:
        para = para_by_index[q.paragraph]
        cue = headline_attributed(raw, q, para.start)
        if cue is None:
            continue
        eq = ExtractedQuote(q.start, q.end, raw[q.start : q.end], paragraph=q.paragraph)
        eq.cue, eq.cue_start, eq.cue_end = cue.text, cue.start, cue.end
        if cue.source:
            eq.source_start, eq.source_end = cue.source.start, cue.source.end
            m = resolver.mention_at(cue.source.start, cue.source.end)
            eq.speaker = m.person if m else None
            eq.speaker_name = resolver.people[m.person].name if m else cue.source.text
        group += 1
        eq.group = group
        eq.confidence = 0.7
        quotes.append(eq)

    quotes = _disjoint(quotes)
    # A speaker's run of quotes keeps the medium named at its start ("phoned into Hot 97 …").
    for a, b in zip(quotes, quotes[1:], strict=False):
        if (
            b.medium is None
            and b.speaker is not None
            and a.speaker == b.speaker
            and a.medium
            and b.paragraph - a.paragraph <= 2
        ):
            b.medium = a.medium
    for p in index.people:
        p.mentions.sort(key=lambda m: m.start)
    return Extraction(article.id, people=index.people, quotes=quotes)


def _quote_ranges(spans: list[QuoteSpan], para_by_index) -> list[tuple[int, int]]:
    """Sorted, merged text ranges from the paragraph before each quote to the end of its last one."""
    out: list[tuple[int, int]] = []
    for q in sorted(spans, key=lambda x: x.paragraph):
        first = para_by_index.get(q.paragraph - 1) or para_by_index[q.paragraph]
        a, b = first.start, para_by_index[q.last_paragraph].end
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


_MARK_LEN = re.compile(r"''|[\"“”„]")


def _split_transcript(raw: str, spans: list[QuoteSpan], paras) -> list[QuoteSpan]:
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


def _inherit(eq: ExtractedQuote, src: ExtractedQuote, confidence: float) -> None:
    eq.speaker, eq.speaker_name, eq.speaker_kind = src.speaker, src.speaker_name, src.speaker_kind
    eq.source_start, eq.source_end = src.source_start, src.source_end
    eq.cue, eq.cue_start, eq.cue_end = src.cue, src.cue_start, src.cue_end
    eq.medium = eq.medium or src.medium
    eq.inherited = True
    eq.confidence = confidence * (1.0 if src.speaker else 0.7)


def _medium(raw: str, q: QuoteSpan, lo: int, hi: int, cue: Cue | None) -> str | None:
    """Medium named in the narration around the quote (never inside the quote)."""
    if cue is None:
        return None
    s = sentence_before(raw, lo, q.open_mark)
    e = sentence_after(raw, q.outer_end, hi)
    return medium_of(raw[s : q.open_mark] + " " + raw[q.outer_end : e]) or medium_of(cue.text)


def _medium_near(raw: str, start: int, end: int, person) -> str | None:
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


def _addressee(
    raw: str,
    q: QuoteSpan,
    cue: Cue | None,
    eq: ExtractedQuote,
    prev: ExtractedQuote | None,
    resolver: Resolver,
) -> str | None:
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
    for m in _ADDRESS_VERB.finditer(raw, s, e):
        if resolver.in_quote(m.start()):
            continue
        src = source_after(raw, m.end(), min(e, m.end() + 60))
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


def _disjoint(quotes: list[ExtractedQuote]) -> list[ExtractedQuote]:
    quotes.sort(key=lambda x: (x.start, -x.end))
    out: list[ExtractedQuote] = []
    for x in quotes:
        if out and x.start < out[-1].end:
            continue
        out.append(x)
    return out


def quote_record(article: Article, extraction: Extraction, quote: ExtractedQuote) -> dict:
    """The JSONL record of one quote."""
    person = extraction.person(quote.speaker)
    return {
        "article": article.id,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "speaker": person.name if person else quote.speaker_name,
        "speaker_kind": (person.kind if person else quote.speaker_kind),
        "source_start": quote.source_start,
        "source_end": quote.source_end,
        "cue": quote.cue,
        "medium": quote.medium,
        "addressee": (
            extraction.person(quote.addressee).name if extraction.person(quote.addressee) else None
        ),
        "confidence": round(quote.confidence, 3),
    }


# Candidates proposed by the sentence structure around the quotation (not by continuation or proximity).
STRUCTURAL = frozenset({"label", "dash", "after", "colon", "according", "before", "inside", "previous"})
Observer = Callable[[Article, Site, list[Candidate]], "int | None"]


def _first_proposal(site: Site) -> Cue | None:
    """The cue of the strongest proposal, for a quotation whose chosen source has none."""
    for tag in TAG_ORDER:
        if tag in site.proposals:
            return site.proposals[tag]
    return None


def _sites(raw: str, spans: list[QuoteSpan], para_by_index, resolver: Resolver) -> list[Site]:
    """Each quotation that reports speech, with its cue proposals; titles and scare quotes left out."""
    sites: list[Site] = []
    for n, q in enumerate(spans):
        para = para_by_index[q.paragraph]
        last_para = para_by_index[q.last_paragraph]
        prev_q = spans[n - 1] if n else None
        same_para_prev = prev_q is not None and prev_q.last_paragraph == q.paragraph
        lo = max(para.start, prev_q.outer_end if same_para_prev else para.start)
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
        props = site.proposals
        after = after_cue(raw, q, hi, words) if q.closed else None
        if after is not None:
            props["after"] = after
        prev_para = para_by_index.get(q.paragraph - 1)
        before = before_cue(
            raw, q, para.start, resolver.in_quote, (prev_para.start, prev_para.end) if prev_para else None, lo
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
        inner_end = text.rstrip(" \u00a0")[-1:]
        s0 = sentence_before(raw, para.start, q.open_mark)
        standalone = not raw[sentence_before(raw, lo, q.open_mark) : q.open_mark].strip()
        if q.closed and not raw[s0 : q.open_mark].strip() and (words >= 4 or inner_end in ".!?"):
            # '…, Schiff said. "The other factor …"': the cue of the sentence before.
            prevs = previous_sentence_cue(raw, para.start, lo, s0, resolver.in_quote)
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
        if same_para_prev and LIST_GAP.fullmatch(raw, prev_q.outer_end, q.open_mark):
            flags.add("list")
        if para.kind in ("headline", "dek"):
            flags.add("headline")
        before_text = raw[lo : q.open_mark]
        sourced = any(c.source is not None for t, c in props.items() if t != "inside")
        if (
            _is_title(raw, q, before_text)
            and (
                not sourced
                or words < 4
                # announced as a title ('On an episode of "The X Show," the host said'): never a quotation
                or _TITLE_BEFORE.search(before_text[-40:])
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
