"""Citations of a quote: a text citation, CSL-JSON (what Zotero and citeproc read) and BibTeX.

A statement is cited as its speaker's words, dated, and "quoted in" the *earliest* source that
prints it (the source its date comes from when the date is inferred), with that source's URL
when known and the quote page's permanent URL when the site's address is known.
"""

from __future__ import annotations

import json
import re

from ..model import Article, Dossier, Occurrence, Quote
from .common import QUOTES, article_label, human_date, short, speaker_name

TITLE_LIMIT = 400

# CSL item types by medium (CSL 1.0.1); a statement of unknown medium is cited as a speech.
CSL_TYPES = {
    "tweet": "post",
    "post": "post",
    "interview": "interview",
    "radio interview": "interview",
    "tv interview": "interview",
    "text message": "personal_communication",
    "email": "personal_communication",
    "letter": "personal_communication",
    "statement": "speech",
    "speech": "speech",
}


def earliest_source(d: Dossier, q: Quote) -> tuple[Occurrence, Article]:
    """The occurrence in the earliest-dated article (undated ones last; ties: as printed)."""

    def when(n_o: tuple[int, Occurrence]) -> tuple:
        n, o = n_o
        date = d.article(o.article).meta.date
        return (date is None, date or "", n)

    _, first = min(enumerate(q.occurrences), key=when)
    return first, d.article(first.article)


def quote_url(d: Dossier, quote_id: str) -> str | None:
    """The quote page's permanent URL (directory URLs), when the site's address is known."""
    base = d.site.site_url
    return f"{base.rstrip('/')}/{QUOTES}/{quote_id}/" if base else None


def cite_paths(quote_id: str) -> dict[str, str]:
    """The docs-relative paths of a quote's citation files."""
    return {"csl": f"{QUOTES}/{quote_id}.csl.json", "bibtex": f"{QUOTES}/{quote_id}.bib"}


def source_text(art: Article) -> str:
    """“Title” by Authors, Outlet, date, URL — the source as a reader would look it up."""
    out = f"“{article_label(art)}”"
    if art.meta.authors:
        out += f" by {', '.join(art.meta.authors)}"
    for bit in (art.meta.outlet, human_date(art.meta.date) if art.meta.date else None, art.meta.url):
        if bit:
            out += f", {bit}"
    return out


def citation_text(d: Dossier, q: Quote) -> str:
    """The human-readable citation shown on the quote page."""
    _, art = earliest_source(d, q)
    parts = [speaker_name(d, q)]
    if q.medium:
        to = d.person(q.addressee)
        parts.append(q.medium + (f" to {to.name}" if to else ""))
    date = human_date(q.date)
    parts.append(f"{date} (date of the earliest source)" if q.date and q.date_inferred else date)
    text = f"{', '.join(parts)}; quoted in {source_text(art)}."
    url = quote_url(d, q.id)
    return text + (f" Permanent link: {url}" if url else "")


def _name_parts(name: str) -> dict:
    words = name.split()
    if len(words) < 2:
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def _date_parts(iso: str | None) -> dict | None:
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", iso or "")
    if not m:
        return None
    return {"date-parts": [[int(x) for x in m.groups() if x]]}


def csl_item(d: Dossier, q: Quote) -> dict:
    """The quote as one CSL-JSON item."""
    _, art = earliest_source(d, q)
    # The words as the title, cut at a word boundary past TITLE_LIMIT: a reference list's
    # entry, not the record (the page and data/quotes.json hold every word).
    title = short(q.text, TITLE_LIMIT)
    item: dict = {"id": q.id, "type": CSL_TYPES.get(q.medium or "", "speech"), "title": title}
    who = d.person(q.speaker)
    if who:  # an organisation's name is not split into given and family names
        item["author"] = [{"literal": who.name} if who.kind == "organisation" else _name_parts(who.name)]
    if q.medium:
        item["genre"] = q.medium[0].upper() + q.medium[1:]
    issued = _date_parts(q.date)
    if issued:
        item["issued"] = issued
    item["container-title"] = art.meta.outlet or article_label(art)
    item["note"] = f"Quoted in {source_text(art)}."
    url = quote_url(d, q.id)
    if url:
        item["URL"] = url
    return item


def csl_json(item: dict) -> bytes:
    return (json.dumps([item], ensure_ascii=False, indent=1) + "\n").encode("utf-8")


_BIB_SPECIAL = re.compile(r"([\\{}%&$#_~^])")
_BIB_ESCAPE = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bib_text(text: str) -> str:
    """Text safe inside a BibTeX field's braces (LaTeX's special characters escaped)."""
    text = " ".join(text.split())
    return _BIB_SPECIAL.sub(lambda m: _BIB_ESCAPE.get(m.group(1), "\\" + m.group(1)), text)


def bibtex(item: dict) -> bytes:
    """A CSL item as a BibTeX @misc entry (biblatex reads ``date``; BibTeX ``year``/``month``)."""
    key = re.sub(r"[^A-Za-z0-9_:-]", "", item["id"]) or "quote"
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        a = item["author"][0]
        fields.append(
            (
                "author",
                f"{{{bib_text(a['literal'])}}}"
                if "literal" in a
                else f"{bib_text(a['family'])}, {bib_text(a['given'])}",
            )
        )
    fields.append(("title", "{" + bib_text(item["title"]) + "}"))
    if item.get("genre"):
        fields.append(("howpublished", bib_text(item["genre"])))
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    if parts:
        fields.append(("year", str(parts[0])))
        fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    fields.append(("note", bib_text(item["note"])))
    if item.get("URL"):
        fields.append(("url", item["URL"]))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{key},\n{body}\n}}\n".encode()


def render_cite_files(d: Dossier, q: Quote) -> dict[str, bytes]:
    """A quote's downloadable citation files, path -> bytes."""
    item = csl_item(d, q)
    paths = cite_paths(q.id)
    return {paths["csl"]: csl_json(item), paths["bibtex"]: bibtex(item)}
