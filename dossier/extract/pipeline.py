"""The extract step, in order: quotation spans (quotes) -> cues and what they propose (proposals, cues)
-> source candidates (candidates) -> the learned ranker's choice (ranker) -> the person, organisation or
description it names (resolve) -> medium and addressee (context). People are found by mentions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Article, ExtractedQuote, Extraction
from .candidates import Builder, Candidate, Site, explicit
from .context import addressee, carry_media, medium_of_quote
from .mentions import find_people
from .proposals import find_sites, headline_attributed, set_context
from .quotes import QuoteSpan, find_quotes, headline_single_quotes, split_transcript
from .ranker import Ranker, shipped
from .repair import repaired
from .resolve import Resolver, attribute

SEARCH_KINDS = frozenset({"headline", "dek", "body"})
_NOT_STORY = frozenset({"byline", "dateline", "boilerplate"})


@dataclass
class Document:
    """What the steps share about one article."""

    raw: str
    para_by_index: dict
    spans: list[QuoteSpan]  # quotations in double marks
    headline_spans: list[QuoteSpan]  # single-marked quotations of the headline and dek
    people: list
    resolver: Resolver


def extract(article: Article, ranker: Ranker | None = None, observe: Observer | None = None) -> Extraction:
    """The article's people and quotations, step by step. ``ranker`` replaces the shipped model;
    ``observe`` sees each quotation's candidates (for training) and may return the one to follow."""
    model = ranker or shipped()
    doc = read_document(article)  # quotation spans (quotes), people named (mentions), sentences (sources)
    sites = find_sites(doc.raw, doc.spans, doc.para_by_index, doc.resolver.in_quote)  # cues and their sources
    builder = Builder(doc.raw, doc.resolver)
    quotes: list[ExtractedQuote] = []
    prev: ExtractedQuote | None = None
    prev_choice: Candidate | None = None
    prev_site: Site | None = None
    for i, site in enumerate(sites):
        nxt = sites[i + 1] if i + 1 < len(sites) else None
        cands = builder.build(site, prev_choice, prev, prev_site, nxt)  # every possible source
        decided = explicit(cands) or sole_choice(cands)  # a transcript label, or no choice to make
        if decided is None or observe is not None:
            builder.featurise(site, cands, prev_choice)
        choice, confidence = decided or model.best(cands)  # else the ranker
        if observe is not None and (forced := observe(article, site, cands)) is not None:
            choice = cands[forced]
        eq = attribute(
            doc.raw, site, choice, confidence, doc.resolver, prev
        )  # -> a person, org or description
        eq.medium = medium_of_quote(doc.raw, site, eq, prev, doc.para_by_index, doc.resolver)
        eq.addressee = addressee(doc.raw, site.q, eq, prev, doc.resolver)
        quotes.append(eq)
        prev, prev_choice, prev_site = eq, choice, site
    quotes.extend(_headline_quotes(doc))
    quotes = _disjoint(quotes)
    _number_statements(quotes)
    carry_media(quotes)
    people = doc.people + doc.resolver.added
    for p in people:
        p.mentions.sort(key=lambda m: m.start)
        p.name = repaired(p.name)  # what pages show; mentions keep the raw text and its offsets
    for q in quotes:
        q.speaker_name = repaired(q.speaker_name) if q.speaker_name else q.speaker_name
    return Extraction(article.id, people=people, quotes=quotes)


def read_document(article: Article) -> Document:
    """Quotation spans, people and the resolver's indexes for one article."""
    raw = article.raw
    paras = [p for p in article.paragraphs if p.kind in SEARCH_KINDS]
    spans = split_transcript(raw, find_quotes(raw, [(p.index, p.start, p.end) for p in paras]), paras)
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
    told = [m for m in index.mentions if not any(a <= m.start < b for a, b in aside)]
    resolver = Resolver(
        raw, index.people, told, [(q.start, q.end) for q in spans + single], index.organisations
    )
    set_context(raw, resolver.sentences, _quote_ranges(spans + single, para_by_index))
    return Document(raw, para_by_index, spans, single, index.people, resolver)


def sole_choice(cands: list[Candidate]) -> tuple[Candidate | None, float] | None:
    """The choice when there is none to make: no candidate, or one (what the ranker would answer, without
    featurising: a softmax over one score is 1). Almost one quotation in five has at most one."""
    if len(cands) > 1:
        return None
    return (cands[0], 1.0) if cands else (None, 0.0)


def _headline_quotes(doc: Document) -> list[ExtractedQuote]:
    """Single-marked headline quotes that are attributed ("Name on X: '…'", "'…', Name says")."""
    out = []
    for q in doc.headline_spans:
        cue = headline_attributed(doc.raw, q, doc.para_by_index[q.paragraph].start)
        if cue is None:
            continue
        eq = ExtractedQuote(q.start, q.end, doc.raw[q.start : q.end], paragraph=q.paragraph)
        eq.cue, eq.cue_start, eq.cue_end = cue.text, cue.start, cue.end
        if cue.source:
            eq.source_start, eq.source_end = cue.source.start, cue.source.end
            m = doc.resolver.mention_at(cue.source.start, cue.source.end)
            eq.speaker = m.person if m else None
            eq.speaker_name = doc.resolver.people[m.person].name if m else cue.source.text
            eq.speaker_kind = "person"
        eq.confidence = 0.7
        out.append(eq)
    return out


def _number_statements(quotes: list[ExtractedQuote]) -> None:
    """Pieces of one statement split by narration share a group: '"X," he said, "Y."' (same cue, after
    the first piece); every other quotation is a statement of its own."""
    group = 0
    prev = None
    for eq in quotes:
        if (
            prev is None
            or eq.inherited
            or eq.cue_start is None
            or prev.cue_start != eq.cue_start
            or eq.cue_start <= prev.end
        ):
            group += 1
        eq.group = group
        prev = eq


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
    addressee = extraction.person(quote.addressee)
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
        "addressee": addressee.name if addressee else None,
        "confidence": round(quote.confidence, 3),
    }


Observer = Callable[[Article, Site, list[Candidate]], "int | None"]
