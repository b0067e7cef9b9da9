"""Article pages: metadata, the text with every quote highlighted and anchored, people, quotes."""

from __future__ import annotations

from ..link import Dossier
from ..markup import html_attr, md_text, page_front_matter
from ..model import Article, Paragraph
from .common import (
    NOT_SEARCHED,
    article_label,
    article_page,
    human_date,
    link,
    person_page,
    quote_page,
    short,
)


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
) -> str:
    """A paragraph as literal Markdown with quotes wrapped in <mark> (and source mentions underlined)."""
    raw = article.raw
    ex = d.extractions[article.id]
    cuts: list[tuple[int, int, str, str]] = []  # (start, end, opening html, closing html)
    for i, q in enumerate(ex.quotes):
        if only is not None and i not in only:
            continue
        s, e = max(q.start, para.start), min(q.end, para.end)
        if s >= e:
            continue
        qid = d.quote_of.get((article.id, i))
        attrs = f' class="dossier-quote" title="{html_attr(q.speaker_name or "speaker unknown")}"'
        if i in anchors and q.start >= para.start:
            attrs += f' id="{anchors[i]}"'
        tail = "</mark>"
        if qid and only is None and q.end <= para.end:
            tail += f"&nbsp;{link(page, quote_page(qid), '↗')}"
        cuts.append((s, e, f"<mark{attrs}>", tail))
        if (
            q.source_start is not None
            and q.source_end is not None
            and para.start <= q.source_start < para.end
        ) and not any(a < q.source_end and q.source_start < b for a, b, _, _ in cuts):
            cuts.append((q.source_start, q.source_end, '<span class="dossier-source">', "</span>"))
    cuts.sort()
    out, pos = [], para.start
    for s, e, open_html, close_html in cuts:
        if s < pos:
            continue
        out.append(md_text_keep_edges(raw[pos:s]))
        out.append(open_html + md_text_keep_edges(raw[s:e]) + close_html)
        pos = e
    out.append(md_text_keep_edges(raw[pos : para.end]))
    return "".join(out).strip()


def md_text_keep_edges(text: str) -> str:
    """md_text, but keep one leading/trailing space so pieces join as in the source."""
    if not text:
        return ""
    core = md_text(text)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and core else ""
    return lead + core + trail


def render_article(d: Dossier, article: Article, slugs: dict[str, str]) -> str:
    page = article_page(article.id, slugs)
    meta = article.meta
    ex = d.extractions[article.id]
    anchors = anchors_in_article(d, article)
    quote_ids = sorted({q.id for q, _ in d.occurrences_in(article.id)})
    people_ids = sorted(
        {d.person_of[(article.id, lp.key)] for lp in ex.people if (article.id, lp.key) in d.person_of}
    )
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
            "people": people_ids,
            "quotes": quote_ids,
        },
    }
    # Headline and dek come from the text when it has them, so quotes in them get anchors too.
    head = next((p for p in article.paragraphs if p.kind == "headline"), None)
    dek = next((p for p in article.paragraphs if p.kind == "dek"), None)
    title = (
        highlighted(d, article, head, page, anchors)
        if head and "title" not in meta.from_front_matter
        else md_text(meta.title or article.id)
    )
    lines = [f"# {title}", ""]
    if dek:
        lines += [f"*{highlighted(d, article, dek, page, anchors)}*", ""]
    elif meta.dek:
        lines += [f"*{md_text(meta.dek)}*", ""]
    facts = []
    if meta.authors:
        facts.append("By " + ", ".join(f"**{md_text(a)}**" for a in meta.authors))
    facts.append(human_date(meta.date, meta.date_inferred))
    if meta.outlet:
        facts.append(md_text(meta.outlet))
    if meta.url and meta.url.lower().startswith(("http://", "https://")):
        facts.append(f'<a href="{html_attr(meta.url)}" rel="nofollow noopener">original</a>')
    lines += [" · ".join(facts), ""]
    lines += [f"Seed file: <code>{md_text(article.path)}</code>", ""]
    if meta.date_inferred:
        lines += ['!!! info "Date inferred"', f"    {md_text(meta.date_basis)}.", ""]
    if meta.truncated:
        lines += ['!!! warning "Incomplete source"', "    The source text stops mid-story.", ""]
    if meta.credits or meta.captions:
        lines += ['!!! note "Photo"']
        lines += [f"    {md_text(c)}" + "  " for c in meta.captions]
        lines += [f"    *Credit: {md_text(c)}*" for c in meta.credits]
        lines += [""]
    lines += ["## Text", ""]
    for para in article.paragraphs:
        # A first line that differs from the front-matter title is article text: never drop it
        # (its quotes need their anchors).
        if para.kind != "body" and not (para.kind == "headline" and title_given_apart(article, para)):
            continue
        lines += [f'<a id="p-{para.index}"></a>' + highlighted(d, article, para, page, anchors), ""]
    if people_ids:
        lines += ["## People in this article" + NOT_SEARCHED, ""]
        rows = []
        for pid in people_ids:
            person = d.person(pid)
            if not person:
                continue
            local = [lp for lp in ex.people if d.person_of.get((article.id, lp.key)) == pid]
            mentions = sum(len(lp.mentions) for lp in local)
            quotes = sum(1 for q in ex.quotes if d.person_of.get((article.id, q.speaker or "")) == pid)
            rows.append(f"| {link(page, person_page(pid), person.name)} | {mentions} | {quotes} |")
        lines += ["| Person | Mentions | Quotes |", "| --- | ---: | ---: |", *rows, ""]
    if quote_ids:
        lines += ["## Quotes" + NOT_SEARCHED, ""]
        for qid in quote_ids:
            q = d.quote(qid)
            who = d.person(q.speaker).name if d.person(q.speaker) else "Unattributed"
            occ = next(o for o in q.occurrences if o.article == article.id)
            lines.append(
                f"- {link(page, quote_page(qid), '“' + short(occ.text, 80) + '”')} — {md_text(who)}"
                f" ([in the text](#{anchors_for(anchors, d, article, qid)}))"
            )
        lines.append("")
    return page_front_matter(fm, "\n".join(lines))


def title_given_apart(article: Article, head: Paragraph) -> bool:
    """True when front matter gives the title and the text's first line is something else."""
    if "title" not in article.meta.from_front_matter:
        return False
    first = " ".join(article.raw[head.start : head.end].split()).casefold()
    return first != " ".join((article.meta.title or "").split()).casefold()


def anchors_for(anchors: dict[int, str], d: Dossier, article: Article, qid: str) -> str:
    for idx, anchor in sorted(anchors.items()):
        if d.quote_of.get((article.id, idx)) == qid:
            return anchor
    return ""


def _first_body(article: Article) -> str:
    body = article.body()
    return article.raw[body[0].start : body[0].end] if body else article_label(article)
