"""Quote pages: the words, who said them, when, to whom, how, every source in context."""

from __future__ import annotations

from bisect import bisect_left

from ..model import Article, Dossier, Occurrence, Paragraph, Quote
from .articles import highlighted, quote_anchor
from .cite import citation_text, cite_paths
from .common import (
    NOT_SEARCHED,
    SEARCH_EXCLUDED,
    article_label,
    article_page,
    html_link,
    html_list,
    html_p,
    html_table,
    human_date,
    notes_block,
    outlet_of,
    person_page,
    quote_page,
    rel,
    short,
    speaker_name,
)
from .head import quote_preview
from .markup import html_text, md_text, page_front_matter
from .wording import compare, render_comparison


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
            "sources": [
                {
                    "article": o.article,
                    "page": article_page(o.article, slugs),
                    "title": d.article(o.article).meta.title,
                    "date": d.article(o.article).meta.date,
                    "url": d.article(o.article).meta.url,
                    "start": o.start,
                    "end": o.end,
                    "pieces": [list(p) for p in o.pieces],
                    "wording": o.text,
                    "cue": o.cue,
                }
                for o in q.occurrences
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


def source_context(d: Dossier, art: Article, o: Occurrence, idxs: set[int], page: str) -> list[str]:
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
        cut_left = "… " if start > para.start else ""
        cut_right = " …" if end < para.end else ""
        out.append(f"<p>{cut_left}{text}{cut_right}</p>")
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


def render_quote(d: Dossier, q: Quote, slugs: dict[str, str]) -> str:
    page = quote_page(q.id)
    who = d.person(q.speaker)
    to = d.person(q.addressee)
    lines = [
        f"# Quote by {md_text(speaker_name(d, q))}",
        "",
        f"<blockquote>\n<p>“{html_text(q.text).strip()}”</p>\n</blockquote>",
        "",
    ]
    if q.status and not any(n.get("status") for n in q.notes):
        lines += notes_block([{"status": q.status}])
    lines += notes_block(q.notes)
    for n in q.notes:
        real = d.person(n.get("real_speaker_id"))
        if real:
            link = html_link(page, person_page(real.id), real.name)
            lines += [html_p(f"Really said by {link}, according to the editor."), ""]
    rows = [
        ["Speaker", html_link(page, person_page(who.id), who.name) if who else "unattributed"],
        [
            "Date",
            html_text(human_date(q.date, q.date_inferred))
            + (" — date of the earliest source" if q.date_inferred else ""),
        ],
        ["Medium", html_text(q.medium) if q.medium else "not stated"],
    ]
    if to:
        rows.append(["Addressed to", html_link(page, person_page(to.id), to.name)])
    rows.append(["Sources", str(len(q.occurrences))])
    lines += [html_table(None, rows), ""]
    lines += ["## Sources" + NOT_SEARCHED, ""]
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
        # The printed words are the highlighted ones in the context below (and "wording" in the data).
        title = html_link(page, article_page(art.id, slugs), article_label(art), anchor)
        sources.append(html_p(f"<strong>{n}. {title}</strong>" + (f" · {html_text(meta)}" if meta else "")))
        context = source_context(d, art, o, idxs, page)
        if context:
            sources.append("<blockquote>\n" + "\n".join(context) + "\n</blockquote>")
    lines += ["\n".join(sources), ""]
    conv = exchange(d, q)
    shown = {q.id}
    if conv:
        lines += ["## The exchange" + NOT_SEARCHED, ""]
        items = []
        for o in conv:
            arrow = f"{speaker_name(d, o)} → {d.person(o.addressee).name if d.person(o.addressee) else '…'}"
            label = f"“{short(o.text, 90)}”"
            if o.id == q.id:
                items.append(f"{html_text(arrow)}: {html_text(label)} <em>(this quote)</em>")
            else:
                items.append(f"{html_text(arrow)}: {html_link(page, quote_page(o.id), label)}")
            shown.add(o.id)
        lines += [html_list(items, "ol"), ""]
    others = same_day(d, q, shown)
    if others:
        lines += [f"## Also said by {md_text(speaker_name(d, q))} that day{NOT_SEARCHED}", ""]
        lines += [
            html_list([html_link(page, quote_page(o.id), "“" + short(o.text, 90) + "”") for o in others]),
            "",
        ]
    lines += wording_section(d, q)
    lines += cite_section(q, citation_text(d, q))
    return page_front_matter(front(d, q, slugs), "\n".join(lines))


def wording_section(d: Dossier, q: Quote) -> list[str]:
    """How each source cut the statement, when they print it differently."""
    c = compare(q.text, [o.text for o in q.occurrences])
    if c is None:
        return []
    names = []
    for o in q.occurrences:
        art = d.article(o.article)
        names.append(short(outlet_of(art) or article_label(art), 70))
    return ["## Wording across sources" + NOT_SEARCHED, "", render_comparison(c, names), ""]


def cite_section(q: Quote, text: str) -> list[str]:
    """The citation, and its files for reference managers (beside the page in quotes/)."""
    paths = cite_paths(q.id)
    page = quote_page(q.id)
    files = " · ".join(
        f'<a href="{rel(page, paths[kind])}" download>{label}</a>'
        for kind, label in (("csl", "CSL-JSON"), ("bibtex", "BibTeX"))
    )
    return [
        "## Cite this quote" + NOT_SEARCHED,
        "",
        html_p(html_text(text)),
        html_p(f"Download: {files}"),
        "",
    ]


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
    body = [
        "# This quote has moved",
        "",
        html_p(f"It is now at {html_link(quote_page(old), quote_page(new), label)}."),
        "",
    ]
    return page_front_matter(fm, "\n".join(body))


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
    body = [
        html_p(
            "No source in this dossier prints this statement any more (its article was removed or corrected)."
        ),
        html_p(f"Recorded words: “{html_text(short(recorded, 300))}”"),
    ]
    if who:
        body.append(html_p(f"Speaker: {html_link(page, person_page(who.id), who.name)}"))
    near = d.quote(closest)
    if near:
        label = "“" + short(near.text, 120) + "” — " + speaker_name(d, near)
        body.append(
            html_p(f"Closest statement in the dossier: {html_link(page, quote_page(near.id), label)}")
        )
    body.append(html_p(f"See {html_link(page, 'quotes/index.md', 'all quotes')}."))
    return page_front_matter(fm, "# Quote no longer in the dossier\n\n" + "\n".join(body) + "\n")
