"""Helpers shared by the page writers: page paths, relative links, dates, quote snippets."""

from __future__ import annotations

import datetime as dt
import posixpath
from functools import lru_cache

from ..markup import md_text
from ..model import Article

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
    """A Markdown link target from one docs-relative .md page to another (MkDocs checks it)."""
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
    return f"[{md_text(label)}]({rel(from_page, to_page, anchor)})"


def human_date(iso: str | None, inferred: bool = False) -> str:
    """'2018-04-26T17:25' -> '26 April 2018, 17:25'; marks inferred dates."""
    if not iso:
        return "date unknown"
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return md_text(iso)
    text = f"{d.day} {d.strftime('%B')} {d.year}"
    if len(iso) >= 16:
        text += f", {iso[11:16]}"
    return text + (" (inferred)" if inferred else "")


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
    """Curation notes as Material admonitions. Note text is editor Markdown, sanitised by curate."""
    lines: list[str] = []
    for note in notes:
        kind, title = STATUS_ADMONITION.get(note.get("status") or "", ("note", "Note"))
        by = " — ".join(md_text(x) for x in (note.get("author"), note.get("date")) if x)
        heading = f"{title}: note by {by}" if by else title
        lines.append(f'!!! {kind} "{heading.replace(chr(34), chr(39))}"')
        body = (note.get("text") or "").strip().splitlines() or [""]
        lines += [f"    {line}" if line.strip() else "" for line in body]
        lines.append("")
    return lines
