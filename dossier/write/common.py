"""Helpers shared by the page writers: page paths, relative links, dates, quote snippets, and
the pieces of data every page template gets (Link, Note).

A generated page is Markdown where MkDocs needs Markdown: headings (the table of contents,
permalinks and Material's search sections come from them) and admonitions. Everything else is
raw HTML, which Python-Markdown passes through without parsing it inline. A raw HTML block is
one or more lines that each start with "<", with no blank line inside and a blank line after,
so the plugin can set whole blocks aside before Markdown runs (see dossier.publish.plugin). The page
templates (dossier/templates/) write that markup; dossier.write.templates escapes what they
print. Links in raw HTML point at .md pages like Markdown links do; the plugin turns them into
the pages' URLs and warns about a link to a page that does not exist.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..link.matching import words
from ..model import Article, Quote
from .templates import Link, trusted

if TYPE_CHECKING:
    from ..model import Dossier

ARTICLES, QUOTES, PEOPLE, DATA = "articles", "quotes", "people", "data"


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


# Page paths and anchors are made of page ids and slugs ([a-z0-9-]: registry.valid_id, slugs.slugify).
_PLAIN_HREF = re.compile(r"[a-z0-9./#-]*")


def page_link(from_page: str, to_page: str, label: str, anchor: str = "") -> Link:
    href = rel(from_page, to_page, anchor)
    # Nothing to escape in a plain path: printed as it is (checked, not assumed).
    return Link(trusted(href) if _PLAIN_HREF.fullmatch(href) else escape(href), label)


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


# A quotation of fewer words is a fragment: a scare quote or a phrase lifted into the
# reporter's sentence ("locker room talk"), not a statement of its own. Phrases quoted one
# after another in a sentence may come joined as the pieces of one quote ("locker room
# talk … ambitious"): it is a fragment when each piece is.
FRAGMENT_WORDS = 4
PIECES = " … "  # how the link stage joins a quote's pieces (split by narration)


def is_fragment(q: Quote) -> bool:
    return _fragment(q.text)


# Every index page, count and the data export asks this of every quote on every build: each
# wording is split into words once (a bound on the wordings kept: about 10 MB).
@lru_cache(maxsize=1 << 17)
def _fragment(text: str) -> bool:
    return all(len(words(piece)) < FRAGMENT_WORDS for piece in text.split(PIECES))


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


@dataclass(slots=True)
class Note:
    """A curation note as page templates get it (macros.md's ``admonition`` prints it)."""

    kind: str  # Material's admonition kind: note, success, info, warning, danger
    heading: str
    html: Markup


def notes(raw: list[dict]) -> list[Note]:
    """Curation notes, shown as Material admonitions in raw HTML: the note is rendered and cleaned
    by curate.render_note, so MkDocs' Markdown (attr_list and all) never sees editor text."""
    out = []
    for note in raw:
        kind, title = STATUS_ADMONITION.get(note.get("status") or "", ("note", "Note"))
        by = " — ".join(str(x) for x in (note.get("author"), note.get("date")) if x)
        out.append(Note(kind, f"{title}: note by {by}" if by else title, trusted(note.get("html") or "")))
    return out


def speaker_name(d: Dossier, q: Quote) -> str:
    """The speaker a page shows: their name, or the article's own description of someone it does not
    name ("A senior aide", capitalised as it starts the line), or "Unattributed"."""
    p = d.person(q.speaker)
    if p is not None:
        return p.name
    return q.described_as[:1].upper() + q.described_as[1:] if q.described_as else "Unattributed"
