"""Quote pages: the words, who said them, when, to whom, how, every source in context."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Article, Dossier, Occurrence, Paragraph, Quote
from . import templates
from .articles import highlighted, quote_anchor
from .cite import citation_text, cite_paths
from .common import (
    SEARCH_EXCLUDED,
    Link,
    article_label,
    article_page,
    human_date,
    notes,
    outlet_of,
    page_link,
    person_page,
    quote_page,
    rel,
    short,
    speaker_name,
)
from .head import quote_preview
from .markup import page_front_matter
from .wording import compare, comparison_context


def _printed_order(q: Quote) -> tuple:
    """The dossier's quote order: by date, then as first printed (a conversation reads in order)."""
    first = q.occurrences[0]
    return (q.date or "9999", first.article, first.start)


def exchange(d: Dossier, q: Quote) -> list[Quote]:
    """The conversation a quote belongs to: same day, between its speaker and addressee."""
    if not (q.speaker and q.addressee and q.date):
        return []
    pair = {q.speaker, q.addressee}
    said = d.relations.said
    same = [
        o
        for o in sorted(
            {x.id: x for x in [*said[q.speaker], *said[q.addressee]]}.values(), key=_printed_order
        )
        if o.date == q.date
        and (o.addressee in pair or (o.addressee is None and o.medium == q.medium and q.medium))
    ]
    return same if len(same) > 1 else []


def same_day(d: Dossier, q: Quote, skip: set[str]) -> list[Quote]:
    if not (q.speaker and q.date):
        return []
    return [o for o in d.relations.said[q.speaker] if o.date == q.date and o.id not in skip]


def description(d: Dossier, q: Quote) -> str:
    # The date alone: "(inferred)" belongs on the page, not in a link preview's one line.
    bits = [human_date(q.date)] if q.date else []
    if q.medium:
        bits.append(q.medium)
    tail = f" ({', '.join(bits)})" if bits else ""
    return f"{speaker_name(d, q)}: “{short(q.text, 200)}”{tail}"


def front(d: Dossier, q: Quote, slugs: dict[str, str]) -> dict:
    return {
        "title": f"“{short(q.text, 60)}” — {speaker_name(d, q)}",
        "description": description(d, q),
        "dossier": {
            "kind": "quote",
            "id": q.id,
            "text": q.text,
            "speaker": q.speaker,
            "speaker_name": speaker_name(d, q),
            "date": q.date,
            "date_inferred": q.date_inferred,
            "medium": q.medium,
            "addressee": q.addressee,
            "status": q.status,
            "notes": q.notes,
            # What the head's JSON-LD cites; spans, wordings and cues are in data/quotes.json
            # (MkDocs parses every key here on every build: 40% of a quote page's front matter).
            "sources": [
                {"title": a.meta.title, "date": a.meta.date, "url": a.meta.url}
                for a in (d.article(o.article) for o in q.occurrences)
            ],
            "aliases": q.aliases,
            "preview": quote_preview(d, q),
        },
    }


# Characters of the article shown on each side of a quote in its sources' context: enough to
# read it in place; the article page has the rest. (A whole paragraph made a quote-dense
# 200 KB paragraph into 500 MB of quote pages.)
CONTEXT_CHARS = 300


def pieces_of(d: Dossier, o: Occurrence) -> set[int]:
    """The article's extracted quotes (indices) that make up an occurrence, found by bisection
    (the extraction's quotes are sorted by start): linear pages, however many quotes an article has."""
    quotes = d.extractions[o.article].quotes
    found: set[int] = set()
    for start, end in o.pieces:
        i = bisect_left(quotes, start, key=lambda eq: eq.start)
        while i < len(quotes) and quotes[i].start == start:
            if quotes[i].end == end:
                found.add(i)
            i += 1
    return found


@dataclass(slots=True)
class ContextPart:
    """A paragraph printing a quote, cut around it (``cut_left``/``cut_right``: cut there)."""

    html: Markup  # the paragraph's text with the quote highlighted: see articles.highlighted
    cut_left: bool
    cut_right: bool


@dataclass(slots=True)
class Source:
    """A source printing the quote (quote.md): its number, link, byline and date, context."""

    number: int
    link: Link
    meta: str  # authors · outlet · date
    context: list[ContextPart]


@dataclass(slots=True)
class Turn:
    """A quote of the exchange a quote belongs to; ``link`` None: this quote."""

    arrow: str  # "speaker → addressee"
    label: str
    link: Link | None


def source_context(d: Dossier, art: Article, o: Occurrence, idxs: set[int], page: str) -> list[ContextPart]:
    """The paragraphs printing an occurrence, highlighted, cut to CONTEXT_CHARS around it."""
    paras = art.paragraphs
    k = _first_para(paras, o)
    out = []
    raw = art.raw
    while k < len(paras) and paras[k].start < o.end:
        para = paras[k]
        k += 1
        if not o.start < para.end:
            continue
        start, end = max(para.start, o.start - CONTEXT_CHARS), min(para.end, o.end + CONTEXT_CHARS)
        if start > para.start:  # begin and end at a word boundary
            space = raw.find(" ", start, o.start)
            start = space + 1 if space >= 0 else start
        if end < para.end:
            space = raw.rfind(" ", o.end, end)
            end = space if space >= 0 else end
        window = Paragraph(para.index, start, end, para.kind)
        text = highlighted(d, art, window, page, {}, only=idxs)
        out.append(ContextPart(text, start > para.start, end < para.end))
    return out


def _first_para(paras: list[Paragraph], o: Occurrence) -> int:
    """The first paragraph ending after the occurrence starts (paragraphs are in text order)."""
    lo, hi = 0, len(paras)
    while lo < hi:
        mid = (lo + hi) // 2
        if paras[mid].end <= o.start:
            lo = mid + 1
        else:
            hi = mid
    return lo


def quote_context(d: Dossier, q: Quote, slugs: dict[str, str]) -> dict:
    """What quote.md gets (the README lists it)."""
    page = quote_page(q.id)
    who = d.person(q.speaker)
    to = d.person(q.addressee)
    status = [{"status": q.status}] if q.status and not any(n.get("status") for n in q.notes) else []
    really = [d.person(n.get("real_speaker_id")) for n in q.notes]
    sources = []
    printed: dict[str, int] = {}  # occurrences of q seen so far per article: its anchor's number
    for n, o in enumerate(q.occurrences, 1):
        art = d.article(o.article)
        idxs = pieces_of(d, o)
        k = printed[o.article] = printed.get(o.article, -1) + 1
        anchor = quote_anchor(q.id, k) if idxs else ""
        meta = " · ".join(
            b
            for b in (
                ", ".join(art.meta.authors),
                art.meta.outlet or "",
                human_date(art.meta.date, art.meta.date_inferred),
            )
            if b
        )
        # The printed words are the highlighted ones in the context (and "wording" in the data).
        link = page_link(page, article_page(art.id, slugs), article_label(art), anchor)
        sources.append(Source(n, link, meta, source_context(d, art, o, idxs, page)))
    conv = exchange(d, q)
    shown = {q.id} | {o.id for o in conv}
    turns = []
    for o in conv:
        to_them = d.person(o.addressee)
        label = f"“{short(o.text, 90)}”"
        arrow = f"{speaker_name(d, o)} → {to_them.name if to_them else '…'}"
        turns.append(Turn(arrow, label, None if o.id == q.id else page_link(page, quote_page(o.id), label)))
    paths = cite_paths(q.id)
    return {
        "page": page,
        "quote": q,
        "speaker": speaker_name(d, q),
        "text": q.text,
        "notes": notes(status + q.notes),
        "really_said_by": [page_link(page, person_page(p.id), p.name) for p in really if p],
        "speaker_link": page_link(page, person_page(who.id), who.name) if who else None,
        "date": human_date(q.date, q.date_inferred),
        "date_inferred": q.date_inferred,
        "medium": q.medium,
        "addressee": page_link(page, person_page(to.id), to.name) if to else None,
        "sources": sources,
        "exchange": turns,
        "same_day": [
            page_link(page, quote_page(o.id), "“" + short(o.text, 90) + "”") for o in same_day(d, q, shown)
        ],
        "wording": wording_context(d, q),
        "citation": citation_text(d, q),
        "csl": rel(page, paths["csl"]),
        "bibtex": rel(page, paths["bibtex"]),
    }


def render_quote(d: Dossier, q: Quote, slugs: dict[str, str]) -> str:
    return page_front_matter(front(d, q, slugs), templates.render("quote.md", quote_context(d, q, slugs)))


def wording_context(d: Dossier, q: Quote) -> dict | None:
    """How each source cut the statement, when they print it differently (wording.md)."""
    c = compare(q.text, [o.text for o in q.occurrences])
    if c is None:
        return None
    names = []
    for o in q.occurrences:
        art = d.article(o.article)
        names.append(short(outlet_of(art) or article_label(art), 70))
    return comparison_context(c, names)


def render_redirect(d: Dossier, old: str, new: str) -> str:
    """The page at a former quote id: points (and, via the plugin, redirects) to the current one."""
    q = d.quote(new)
    fm = {
        "title": "This quote has moved",
        "description": description(d, q),
        "search": SEARCH_EXCLUDED,
        "dossier": {"kind": "redirect", "to": new},
    }
    label = "“" + short(q.text, 90) + "” — " + speaker_name(d, q)
    context = {"quote": q, "link": page_link(quote_page(old), quote_page(new), label)}
    return page_front_matter(fm, templates.render("redirect.md", context))


def render_retired(d: Dossier, rid: str, speaker: str | None, recorded: str, closest: str | None) -> str:
    """The page at an id whose statement no source of the dossier prints any more."""
    who = d.person(speaker)
    fm = {
        "title": "Quote no longer in the dossier",
        "search": SEARCH_EXCLUDED,
        "description": f"A quote formerly in this dossier ({who.name if who else 'unattributed'}).",
        "dossier": {"kind": "retired", "id": rid, "speaker": speaker, "words": recorded, "closest": closest},
    }
    page = quote_page(rid)
    near = d.quote(closest)
    context = {
        "words": short(recorded, 300),
        "speaker": page_link(page, person_page(who.id), who.name) if who else None,
        "closest": page_link(
            page, quote_page(near.id), "“" + short(near.text, 120) + "” — " + speaker_name(d, near)
        )
        if near
        else None,
        "all_quotes": page_link(page, "quotes/index.md", "all quotes"),
    }
    return page_front_matter(fm, templates.render("retired.md", context))
