"""Article pages: metadata, the text with every quote highlighted and anchored, people, quotes."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Article, Dossier, Paragraph, Quote
from . import templates
from .common import (
    Link,
    article_label,
    article_page,
    human_date,
    is_fragment,
    notes,
    page_link,
    person_page,
    quote_page,
    rel,
    short,
    speaker_name,
)
from .markup import html_attr, html_text, md_text, page_front_matter
from .templates import trusted

# Where an article's date came from, when the reader can't tell: a date in the text speaks for
# itself, and an inferred one is explained in a box of its own.
DATE_SOURCE = {"file name": " (from the file name)"}


def quote_anchor(quote_id: str, n: int = 0) -> str:
    """The id of a quote's highlight in an article page (n > 0 for later printings in the same article)."""
    return f"q-{quote_id}" + (f"-{n + 1}" if n else "")


def anchors_in_article(d: Dossier, article: Article) -> dict[int, str]:
    """Quote index -> anchor id, for the first piece of each occurrence in this article."""
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    starts = {eq.start: i for i, eq in reversed(list(enumerate(d.extractions[article.id].quotes)))}
    for q, occ in d.occurrences_in(article.id):
        n = seen.get(q.id, 0)
        seen[q.id] = n + 1
        out[starts[occ.start]] = quote_anchor(q.id, n)
    return out


def highlighted(
    d: Dossier,
    article: Article,
    para: Paragraph,
    page: str,
    anchors: dict[int, str],
    only: set[int] | None = None,
    markdown: bool = False,
    among: list[int] | None = None,
) -> Markup:
    """A paragraph as HTML with quotes wrapped in <mark> (and source mentions underlined).

    For a raw HTML block; ``markdown=True``: for a Markdown heading (text through md_text,
    the tags as inline HTML). ``only``: just these quotes (a quote page's context), without
    links; ``among``: the quotes that overlap the paragraph, when the caller knows them (see
    quotes_by_paragraph) — looking through every quote for every paragraph is quadratic.
    """
    raw = article.raw
    ex = d.extractions[article.id]
    text = md_text_keep_edges if markdown else html_text
    cuts: list[tuple[int, int, str, str]] = []  # (start, end, opening html, closing html)
    taken = _Spans()
    picked = sorted(only) if only is not None else among
    for i, q in enumerate(ex.quotes) if picked is None else ((i, ex.quotes[i]) for i in picked):
        s, e = max(q.start, para.start), min(q.end, para.end)
        if s >= e:
            continue
        qid = d.quote_of.get((article.id, q.start))
        attrs = f' class="dossier-quote" title="{html_attr(q.speaker_name or "speaker unknown")}"'
        if i in anchors and q.start >= para.start:
            attrs += f' id="{anchors[i]}"'
        tail = "</mark>"
        if qid and only is None and q.end <= para.end:
            # The arrow is a link, not words: kept out of the search index.
            tail += f'&nbsp;<a href="{rel(page, quote_page(qid))}" data-search-exclude>↗</a>'
        cuts.append((s, e, f"<mark{attrs}>", tail))
        taken.add(s, e)
        if (
            q.source_start is not None
            and q.source_end is not None
            and para.start <= q.source_start < para.end
        ) and not taken.overlaps(q.source_start, q.source_end):
            cuts.append((q.source_start, q.source_end, '<span class="dossier-source">', "</span>"))
            taken.add(q.source_start, q.source_end)
    cuts.sort()
    out, pos = [], para.start
    for s, e, open_html, close_html in cuts:
        if s < pos:
            continue
        out.append(text(raw[pos:s]))
        out.append(open_html + text(raw[s:e]) + close_html)
        pos = e
    out.append(text(raw[pos : para.end]))
    return trusted("".join(out).strip())


class _Spans:
    """Spans sorted by start, asked whether a span overlaps any: a few comparisons per question
    where scanning them all made a paragraph dense with quotes quadratic."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.longest = 0

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        self.longest = max(self.longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        j = bisect_left(self.starts, end) - 1
        # A span starting at or before start - longest ends at or before start: stop there.
        while j >= 0 and self.starts[j] > start - self.longest:
            if self.ends[j] > start:
                return True
            j -= 1
        return False


def quotes_by_paragraph(article: Article, quotes: list) -> list[list[int]]:
    """For each paragraph (by position), the indices of the quotes overlapping it, in order."""
    paras = article.paragraphs
    starts = [p.start for p in paras]
    out: list[list[int]] = [[] for _ in paras]
    for i, q in enumerate(quotes):
        k = max(bisect_right(starts, q.start) - 1, 0)
        while k < len(paras) and paras[k].start < q.end:
            if q.start < paras[k].end:
                out[k].append(i)
            k += 1
    return out


def md_text_keep_edges(text: str) -> str:
    """md_text, but keep one leading/trailing space so pieces join as in the source."""
    if not text:
        return ""
    core = md_text(text)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and core else ""
    return lead + core + trail


@dataclass(slots=True)
class TextParagraph:
    index: int
    html: Markup  # the paragraph's text with its quotes highlighted (see highlighted)


@dataclass(slots=True)
class PersonInArticle:
    link: Link
    mentions: int
    quotes: int  # statements of theirs the article prints


@dataclass(slots=True)
class QuoteInArticle:
    link: Link  # to the quote's page, labelled with the words as this article prints them
    speaker: str
    anchor: str  # of its first highlight in the text


def article_context(d: Dossier, article: Article, slugs: dict[str, str]) -> dict:
    """What article.md gets (the README lists it)."""
    page = article_page(article.id, slugs)
    meta = article.meta
    ex = d.extractions[article.id]
    anchors = anchors_in_article(d, article)
    quote_ids = sorted({q.id for q, _ in d.occurrences_in(article.id)})
    people_ids = sorted(
        {d.person_of[(article.id, lp.key)] for lp in ex.people if (article.id, lp.key) in d.person_of}
    )
    # Headline and dek come from the text when it has them, so quotes in them get anchors too.
    head = next((p for p in article.paragraphs if p.kind == "headline"), None)
    dek = next((p for p in article.paragraphs if p.kind == "dek"), None)
    printed = [d.quote(qid) for qid in quote_ids]
    # A first line that differs from the front-matter title is article text: never drop it
    # (its quotes need their anchors).
    overlapping = quotes_by_paragraph(article, ex.quotes)
    paragraphs = [
        TextParagraph(para.index, highlighted(d, article, para, page, anchors, among=overlapping[k]))
        for k, para in enumerate(article.paragraphs)
        if para.kind == "body" or (para.kind == "headline" and title_given_apart(article, para))
    ]
    people = []
    if people_ids:
        # Counted in one pass each: per person, a pass over everyone was quadratic.
        mentions: dict[str, int] = {}
        for lp in ex.people:
            owner = d.person_of.get((article.id, lp.key))
            mentions[owner] = mentions.get(owner, 0) + len(lp.mentions)
        # The statements listed under "Quotes" whose speaker they are: one count.
        said: dict[str, int] = {}
        for q in printed:
            if not is_fragment(q):
                said[q.speaker] = said.get(q.speaker, 0) + 1
        for pid in people_ids:
            person = d.person(pid)
            if person:
                link = page_link(page, person_page(pid), person.name)
                people.append(PersonInArticle(link, mentions.get(pid, 0), said.get(pid, 0)))
    first_anchor: dict[str, str] = {}
    if printed:
        for idx, anchor in sorted(anchors.items()):
            first_anchor.setdefault(d.quote_of.get((article.id, ex.quotes[idx].start)), anchor)

    def listed(q: Quote) -> QuoteInArticle:
        occ = next(o for o in q.occurrences if o.article == article.id)
        link = page_link(page, quote_page(q.id), "“" + short(occ.text, 80) + "”")
        return QuoteInArticle(link, speaker_name(d, q), first_anchor.get(q.id, ""))

    return {
        "page": page,
        "article": article,
        "quote_ids": quote_ids,
        "people_ids": people_ids,
        "meta": meta,
        "headline": highlighted(d, article, head, page, anchors, markdown=True)
        if head and "title" not in meta.from_front_matter
        else None,
        "title": meta.title or article.id,
        "dek": highlighted(d, article, dek, page, anchors) if dek else meta.dek,
        "date": human_date(meta.date) + DATE_SOURCE.get(meta.date_basis, ""),
        "url": meta.url if meta.url and meta.url.lower().startswith(("http://", "https://")) else None,
        "notes": notes(d.article_notes.get(article.id, [])),
        "paragraphs": paragraphs,
        "people": people,
        "quotes": [listed(q) for q in printed if not is_fragment(q)],
        "phrases": [listed(q) for q in printed if is_fragment(q)],
    }


def render_article(d: Dossier, article: Article, slugs: dict[str, str]) -> str:
    context = article_context(d, article, slugs)
    meta = article.meta
    fm = {
        "title": meta.title or article.id,
        "description": short(meta.dek or _first_body(article), 200),
        "dossier": {
            "kind": "article",
            "id": article.id,
            "seed": article.path,
            "date": meta.date,
            "date_inferred": meta.date_inferred,
            "date_basis": meta.date_basis,
            "authors": meta.authors,
            "outlet": meta.outlet,
            "url": meta.url,
            "dek": meta.dek,
            "truncated": meta.truncated,
            "credits": meta.credits,
            "captions": meta.captions,
            # Its people and quotes are in data/people.json and data/quotes.json.
        },
    }
    return page_front_matter(fm, templates.render("article.md", context))


def title_given_apart(article: Article, head: Paragraph) -> bool:
    """True when front matter gives the title and the text's first line is something else."""
    if "title" not in article.meta.from_front_matter:
        return False
    first = " ".join(article.raw[head.start : head.end].split()).casefold()
    return first != " ".join((article.meta.title or "").split()).casefold()


def _first_body(article: Article) -> str:
    body = article.body()
    return article.raw[body[0].start : body[0].end] if body else article_label(article)
