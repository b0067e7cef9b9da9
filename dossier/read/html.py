"""A saved web page -> the article's text (one paragraph a line) and its metadata.

The main-content and metadata extraction is trafilatura's; this module decodes the
bytes the way a browser would (BOM, then the declared charset, then UTF-8 with a
Windows-1252 fallback), hands trafilatura a parsed tree so it never has a URL to
fetch, and turns its result into plain data.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import SeedError
from .article import decode

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Fewer words than this is a page without an article (an index, a 404, a paywall stub).
MIN_ARTICLE_WORDS = 30
# A charset declaration sits in the first bytes of a page (the HTML standard says 1024; be lenient).
_PRESCAN = 4096
_XML_DECL = re.compile(rb"""\A\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECL_TEXT = re.compile(r"\A\s*<\?xml[^>]*\?>")
# Browsers decode pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG Encoding), and so
# do we: that is where "smart quotes" in such pages come from.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp819"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# trafilatura collapses every whitespace run, no-break spaces included; browsers keep those, and
# quotes printed with them must stay identical, so they travel through as a rare printable mark.
_NBSP_MARK = "\u02fd"  # MODIFIER LETTER SHELF: printable, unknown to news text, NFC-stable


@dataclass
class PageArticle:
    """What a saved page yields: the story text and whatever metadata it declares."""

    paragraphs: list[str]
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # YYYY-MM-DD
    outlet: str | None = None
    url: str | None = None  # canonical URL (link rel=canonical, og:url)
    description: str | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares (BOM, XML declaration, <meta charset>), as a Python codec name."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:_PRESCAN]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    if label in _AS_CP1252:
        return "cp1252"
    if label.startswith("utf-16"):
        # Markup readable enough to find this label is not UTF-16: browsers read it as UTF-8.
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode a saved page, honouring its declared charset; returns the text and warnings."""
    charset = declared_charset(data)
    if charset:
        try:
            return data.decode(charset).removeprefix("\ufeff"), []
        except UnicodeDecodeError:
            pass
    text, warnings = decode(data, path)
    if charset:
        warnings.insert(0, f"the page declares {charset} but is not valid {charset}; decoded by guess")
    return text, warnings


def _language(tree: HtmlElement) -> str | None:
    lang = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    if lang:
        return lang
    for xpath in (
        './/meta[@http-equiv="content-language"]/@content',
        './/meta[@property="og:locale"]/@content',
    ):
        found = tree.xpath(xpath)
        if found and str(found[0]).strip():
            return str(found[0]).strip().replace("_", "-")
    return None


def _mark_nbsp(tree: HtmlElement) -> None:
    for el in tree.iter():
        if isinstance(el.text, str) and "\u00a0" in el.text:
            el.text = el.text.replace("\u00a0", _NBSP_MARK)
        if isinstance(el.tail, str) and "\u00a0" in el.tail:
            el.tail = el.tail.replace("\u00a0", _NBSP_MARK)


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def parse_page(html: str, path: str) -> PageArticle:
    """Extract the article from a page's decoded HTML. Raises SeedError when there is none."""
    import trafilatura
    from trafilatura.utils import load_html

    # A str that still carries an XML encoding declaration makes lxml re-decode it as bytes.
    html = _XML_DECL_TEXT.sub("", html, count=1)
    # trafilatura logs parse trouble at ERROR level; our own message says it once, naming the file.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    tree = load_html(html)
    if tree is None:
        raise SeedError(path, None, "is not an HTML page that could be parsed")
    language = _language(tree)
    # trafilatura takes og:url first, which often carries tracking parameters; rel=canonical is the article.
    canonical = [str(h).strip() for h in tree.xpath('.//link[@rel="canonical"]/@href') if str(h).strip()]
    keep_nbsp = _NBSP_MARK not in html
    if keep_nbsp:
        _mark_nbsp(tree)
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        output_format="python",
        # Dates from the page's markup (meta, JSON-LD, <time>), never guessed from stray text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(doc, "text", None) or ""
    if keep_nbsp:
        text = text.replace(_NBSP_MARK, "\u00a0")
    paragraphs = [line.strip() for line in text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if sum(len(p.split()) for p in paragraphs) < MIN_ARTICLE_WORDS:
        raise SeedError(
            path,
            None,
            "no article text found in this page (is it an index, an error page or a paywall?); nothing added",
        )
    authors = [a.strip() for a in re.split(r";|\|", doc.author or "") if a.strip()]
    return PageArticle(
        paragraphs=paragraphs,
        title=_clean(doc.title),
        authors=authors,
        date=_clean(doc.date),
        outlet=_clean(doc.sitename),
        url=canonical[0] if canonical and "://" in canonical[0] else _clean(doc.url),
        description=_clean(doc.description),
        language=language,
    )


def read_page(data: bytes, path: str) -> PageArticle:
    """Decode and parse a saved page."""
    html, warnings = decode_html(data, path)
    page = parse_page(html, path)
    page.warnings[:0] = warnings
    return page
