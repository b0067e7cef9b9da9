"""Helpers shared by the page writers: page paths, relative links, dates, quote snippets.

A generated page is Markdown where MkDocs needs Markdown: headings (the table of contents,
permalinks and Material's search sections come from them) and curation notes (editor-written
Markdown, shown as admonitions). Everything else is raw HTML, which Python-Markdown passes
through without parsing it inline. A raw HTML block here is one or more lines that each
start with "<", with no blank line inside and a blank line after, so the plugin can set
whole blocks aside before Markdown runs (see dossier.publish.plugin). Text in it is escaped with
html_text, attribute values with html_attr; in Markdown contexts text goes through md_text.
Links in raw HTML point at .md pages like Markdown links do; the plugin turns them into
the pages' URLs and warns about a link to a page that does not exist.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from functools import lru_cache
from typing import TYPE_CHECKING

from ..link.matching import words
from ..model import Article, Quote
from .markup import html_text, md_text

if TYPE_CHECKING:
    from ..model import Dossier

ARTICLES, QUOTES, PEOPLE, DATA = "articles", "quotes", "people", "data"


# Appended to a heading: Material's search leaves that section out. Lists of quotes and
# context paragraphs repeat text indexed on its own page; indexing them again only grows
# the index and buries the page the reader wants.
NOT_SEARCHED = " { data-search-exclude }"
# Front matter for pages whose every word is on another page (indexes, redirects).
SEARCH_EXCLUDED = {"exclude": True}


def article_page(article_id: str, slugs: dict[str, str]) -> str:
    return f"{ARTICLES}/{slugs[article_id]}.md"


def quote_page(quote_id: str) -> str:
    return f"{QUOTES}/{quote_id}.md"


def person_page(person_id: str) -> str:
    return f"{PEOPLE}/{person_id}.md"


def rel(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link target from one docs-relative .md page to another.

    In Markdown MkDocs checks and rewrites it; in raw HTML the dossier plugin does.
    """
    return _relpath(posixpath.dirname(from_page), to_page) + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=4096)
def _relpath(from_dir: str, to_page: str) -> str:
    # posixpath.relpath normalises both paths on every call; pages link tens of thousands of times.
    src = from_dir.split("/") if from_dir else []
    dst = to_page.split("/")
    common = 0
    while common < min(len(src), len(dst) - 1) and src[common] == dst[common]:
        common += 1
    return "/".join([".."] * (len(src) - common) + dst[common:])


def link(from_page: str, to_page: str, label: str, anchor: str = "") -> str:
    """A Markdown link (for headings; everywhere else pages use html_link)."""
    return f"[{md_text(label)}]({rel(from_page, to_page, anchor)})"


def html_link(from_page: str, to_page: str, label: str, anchor: str = "") -> str:
    """A link in raw HTML; ``label`` is plain text."""
    return f'<a href="{rel(from_page, to_page, anchor)}">{html_text(label)}</a>'


def html_list(items: list[str], tag: str = "ul") -> str:
    """A list as one raw HTML block; the items are HTML already. No items: no list."""
    if not items:
        return ""
    return f"<{tag}>\n" + "\n".join(f"<li>{item}</li>" for item in items) + f"\n</{tag}>"


_RIGHT = ' style="text-align: right;"'  # what Python-Markdown's tables write for "---:"


def html_table(head: list[str] | None, rows: list[list[str]], right: frozenset[int] = frozenset()) -> str:
    """A table as one raw HTML block, like a Markdown table; cells are HTML already.

    ``right``: columns aligned right (counts). No ``head``: a table without a header row.
    One cell a line, as Python-Markdown writes them: the line breaks are the white space
    that keeps neighbouring cells' words apart in the search index.
    """

    def row(cells: list[str], tag: str) -> str:
        return (
            "<tr>\n"
            + "\n".join(f"<{tag}{_RIGHT if i in right else ''}>{c}</{tag}>" for i, c in enumerate(cells))
            + "\n</tr>"
        )

    out = ["<table>"]
    if head is not None:
        out += ["<thead>", row(head, "th"), "</thead>"]
    out += ["<tbody>", *(row(r, "td") for r in rows), "</tbody>", "</table>"]
    return "\n".join(out)


def html_p(inner: str) -> str:
    """A paragraph as a raw HTML block; ``inner`` is HTML already."""
    return f"<p>{inner}</p>"


def human_date(iso: str | None, inferred: bool = False) -> str:
    """'2018-04-26T17:25' -> '26 April 2018, 17:25' (plain text); marks inferred dates."""
    if not iso:
        return "date unknown"
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso  # plain text: the caller escapes it for where it goes
    text = f"{d.day} {d.strftime('%B')} {d.year}"
    if len(iso) >= 16:
        text += f", {iso[11:16]}"
    return text + (" (inferred)" if inferred else "")


def date_note(inferred: bool) -> list[str]:
    """Said once on a page that lists dates: which of them are inferred (not on every line)."""
    if not inferred:
        return []
    return [
        html_p(
            "<em>A quote whose sources give no date for it carries the date of the earliest article "
            "printing it; its own page says so.</em>"
        ),
        "",
    ]


# A quotation of fewer words is a fragment: a scare quote or a phrase lifted into the
# reporter's sentence ("locker room talk"), not a statement of its own. Phrases quoted one
# after another in a sentence may come joined as the pieces of one quote ("locker room
# talk … ambitious"): it is a fragment when each piece is.
FRAGMENT_WORDS = 4
PIECES = " … "  # how the link stage joins a quote's pieces (split by narration)


def is_fragment(q: Quote) -> bool:
    return all(len(words(piece)) < FRAGMENT_WORDS for piece in q.text.split(PIECES))


def statements(quotes: list[Quote]) -> list[Quote]:
    """The quotes that are statements of their own: what indexes list and every count counts."""
    return [q for q in quotes if not is_fragment(q)]


def short(text: str, limit: int = 90) -> str:
    """A one-line excerpt cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def article_label(article: Article) -> str:
    title = article.meta.title or article.id
    return short(title, 110)


def outlet_of(article: Article) -> str | None:
    return article.meta.outlet


STATUS_ADMONITION = {
    "verified": ("success", "Verified"),
    "unverified": ("info", "Unverified"),
    "disputed": ("warning", "Disputed"),
    "misattributed": ("danger", "Misattributed"),
}


def notes_block(notes: list[dict]) -> list[str]:
    """Curation notes as Material admonitions, in raw HTML: the note is rendered and cleaned by
    curate.render_note, so MkDocs' Markdown (attr_list and all) never sees editor text."""
    lines: list[str] = []
    for note in notes:
        kind, title = STATUS_ADMONITION.get(note.get("status") or "", ("note", "Note"))
        by = " — ".join(str(x) for x in (note.get("author"), note.get("date")) if x)
        heading = f"{title}: note by {by}" if by else title
        body = note.get("html") or ""
        lines.append(
            f'<div class="admonition {kind}"><p class="admonition-title">{html_text(heading)}</p>{body}</div>'
        )
        lines.append("")
    return lines


def speaker_name(d: Dossier, q: Quote) -> str:
    """The speaker a page shows: their name, or the article's own description of someone it does not
    name ("A senior aide", capitalised as it starts the line), or "Unattributed"."""
    p = d.person(q.speaker)
    if p is not None:
        return p.name
    return q.described_as[:1].upper() + q.described_as[1:] if q.described_as else "Unattributed"
