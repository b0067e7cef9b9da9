"""``dossier add``: turn saved web pages, Markdown and plain text into seeds.

Each input becomes ``seeds/<date>-<title-slug>.md``: YAML front matter with the
metadata that could be found, then the article text, one paragraph a line with a
blank line between paragraphs (the read stage's paragraph rule). The input file is
kept byte for byte in ``seeds/originals/`` (which the read stage skips) and named,
with its sha256, in the front matter, so every seed can be traced to what was saved.

An article already in the dossier (same canonical URL, or the same text after
normalising case, punctuation and spacing) is reported and not added again; an
existing seed is never overwritten without ``force``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import SeedError
from ..link.slugs import slugify
from ..publish.output import atomic_write
from ..write.markup import front_matter
from .article import (
    FRONT_MATTER_FIELDS,
    MAX_ARTICLE_BYTES,
    MAX_SEED_BYTES,
    decode,
    find_seeds,
    read_article,
    read_text,
    split_front_matter,
)
from .html import HTML_SUFFIXES, read_page

ORIGINALS = "originals"
TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Canonical front-matter keys written for new seeds, in this order.
FIELDS = ("title", "dek", "authors", "date", "outlet", "url", "description", "language")
# Tracking parameters that make one article look like several URLs.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ncid|ocid)$", re.I)
_SNIFF_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]", re.I)


@dataclass
class Candidate:
    """One input turned into seed material, not yet written."""

    source: Path
    data: bytes  # the original file, kept verbatim
    metadata: dict  # front matter, without the provenance fields
    body: str  # article text, one paragraph a line, blank lines between
    warnings: list[str] = field(default_factory=list)


@dataclass
class AddResult:
    source: Path
    seed: Path  # the seed written, or the existing seed this input duplicates
    status: str  # "added" | "replaced" | "duplicate"
    reason: str = ""  # why a duplicate: "same URL" | "same text"
    fields: list[str] = field(default_factory=list)  # metadata found
    warnings: list[str] = field(default_factory=list)


def url_key(url: str | None) -> str | None:
    """A URL reduced to what identifies the article: no fragment, tracking parameters or trailing '/'."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    )
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("", host, parts.path.rstrip("/") or "/", query, ""))


def text_key(text: str) -> str:
    """Hash of the words alone: the same article with other quote marks, spacing or line breaks matches."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class SeedIndex:
    """The seeds already in the folder, by article id, canonical URL and text hash."""

    by_stem: dict[str, Path] = field(default_factory=dict)
    by_url: dict[str, Path] = field(default_factory=dict)
    by_text: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def scan(cls, seeds: Path) -> SeedIndex:
        index = cls()
        if not seeds.is_dir():
            return index
        for path in find_seeds(seeds):
            index.by_stem.setdefault(path.stem, path)
            try:
                article = read_article(path)
            except SeedError:
                continue  # a broken seed is the build's to report; it can't be a duplicate
            index.note(path, article.meta.url, article.raw)
        return index

    def note(self, path: Path, url: str | None, body: str) -> None:
        key = url_key(url)
        if key:
            self.by_url.setdefault(key, path)
        self.by_text.setdefault(text_key(body), path)
        self.by_stem[path.stem] = path

    def duplicate_of(self, url: str | None, body: str) -> tuple[Path, str] | None:
        key = url_key(url)
        if key and key in self.by_url:
            return self.by_url[key], "same URL"
        found = self.by_text.get(text_key(body))
        return (found, "same text") if found else None


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise SeedError(str(path), None, "is a directory, not an article file")
        if path.stat().st_size > MAX_SEED_BYTES:
            raise SeedError(str(path), None, f"is over {MAX_SEED_BYTES // (1024 * 1024)} MB; refused")
        return path.read_bytes()
    except FileNotFoundError:
        raise SeedError(str(path), None, "does not exist") from None
    except PermissionError:
        raise SeedError(str(path), None, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise SeedError(str(path), None, f"cannot be read: {exc.strerror or exc}") from None


def _kind(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in MARKDOWN_SUFFIXES and _SNIFF_HTML.search(data[:2048])):
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise SeedError(
        str(path),
        None,
        f"don't know how to read {suffix or 'files without a suffix'} (use .html, .htm, .md or .txt)",
    )


def _normalise_body(text: str) -> str:
    """One paragraph a line, blank line between, no trailing spaces: the layout every seed shares."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n\n".join(line.rstrip() for line in lines if line.strip())


# Markup parsed from a saved page, once scripts, styles and inline images are gone. A news page
# is well under 2 MB of it; a 30 MB page of navigation took trafilatura 6 minutes and 3.5 GB.
MAX_PAGE_MARKUP = 6 * 1024 * 1024
# Elements whose content is never article text (JSON-LD scripts are kept: they hold metadata).
_HEAVY = re.compile(rb"<(script|style|svg|template|noscript)\b([^>]*)>", re.I)
_DATA_URI = re.compile(rb"data:[^\"'\s)>]{256,}", re.I)


def strip_heavy_markup(data: bytes) -> bytes:
    """A page without its scripts, styles, inline SVG and long data: URIs, in one linear pass."""
    out, pos = [], 0
    lower = data.lower()
    for m in _HEAVY.finditer(data):
        if m.start() < pos:
            continue
        name = m.group(1).lower()
        if name == b"script" and b"ld+json" in m.group(2).lower():
            continue
        close = lower.find(b"</" + name, m.end())
        out.append(data[pos : m.start()])
        pos = len(data) if close < 0 else close
    out.append(data[pos:])
    return _DATA_URI.sub(b"data:,", b"".join(out))


def _from_page(path: Path, data: bytes) -> Candidate:
    markup = strip_heavy_markup(data)
    if len(markup) > MAX_PAGE_MARKUP:
        raise SeedError(
            str(path),
            None,
            f"holds {len(markup) / 2**20:.0f} MB of markup besides scripts and styles; at most "
            f"{MAX_PAGE_MARKUP // 2**20} MB is read (save the article's page alone, or its text as .txt)",
        )
    page = read_page(markup, str(path))
    paragraphs = list(page.paragraphs)
    # The read stage takes the first line as the headline, so the seed starts with it.
    if page.title and (not paragraphs or " ".join(paragraphs[0].split()) != page.title):
        paragraphs.insert(0, page.title)
    metadata = {
        "title": page.title,
        "authors": page.authors or None,
        "date": page.date,
        "outlet": page.outlet,
        "url": page.url,
        "description": page.description,
        "language": page.language,
    }
    return Candidate(path, data, metadata, "\n\n".join(paragraphs), page.warnings)


def _from_text(path: Path, data: bytes, markdown: bool) -> Candidate:
    text, warnings = decode(data, str(path))
    article = read_text(text, path.stem, str(path), markdown=markdown)
    if not article.paragraphs:
        raise SeedError(str(path), article.body_line, "has no article text")
    given = {}
    if markdown:
        # The user's front matter is authoritative: kept as written, aliases and extra keys included.
        given = split_front_matter(text, str(path))[0]
    present = {FRONT_MATTER_FIELDS.get(str(k).lower(), str(k)) for k in given}
    meta = article.meta
    found = {
        "title": meta.title.lstrip("# ").strip() if meta.title else None,
        "dek": meta.dek,
        "authors": meta.authors or None,
        # An inferred date is a guess; front matter would make it look like a fact.
        "date": None if meta.date_inferred else meta.date,
        "outlet": meta.outlet,
        "url": meta.url,
        "description": meta.description,
        "language": meta.language,
    }
    metadata = dict(given)
    for key, value in found.items():
        if key not in present and key not in metadata:
            metadata[key] = value
    return Candidate(path, data, metadata, _normalise_body(article.raw), warnings)


def prepare(path: Path) -> Candidate:
    """Read one input file into seed material. Raises SeedError naming the file."""
    data = _read_bytes(path)
    kind = _kind(path, data)
    if kind == "html":
        return _from_page(path, data)
    return _from_text(path, data, markdown=kind == "markdown")


def _value(metadata: dict, field_name: str) -> str | None:
    for key, value in metadata.items():
        if FRONT_MATTER_FIELDS.get(str(key).lower()) == field_name and value not in (None, "", []):
            return str(value)
    return None


def seed_name(candidate: Candidate) -> str:
    """'2018-04-26-kanye-west-shares-john-legends-text-messages': date and title, readable and safe."""
    title = _value(candidate.metadata, "title")
    slug = slugify(title, fallback="article") if title else slugify(candidate.source.stem, fallback="article")
    date = _value(candidate.metadata, "date")
    if date and re.match(r"\d{4}-\d{2}-\d{2}", date):
        slug = f"{date[:10]}-{slug}"
    return slug


def render(candidate: Candidate, original: str) -> str:
    """The seed file's text: front matter via the YAML serializer, then the body."""
    metadata = {k: v for k, v in candidate.metadata.items() if v not in (None, "", [])}
    # Provenance goes last so the article's own fields read first.
    metadata.pop("original", None)
    metadata.pop("original_sha256", None)
    metadata["original"] = original
    metadata["original_sha256"] = hashlib.sha256(candidate.data).hexdigest()
    return front_matter(metadata, candidate.body)


def add_file(path: Path, seeds: Path, index: SeedIndex, force: bool = False) -> AddResult:
    """Add one file as a seed (or report it as a duplicate). Raises SeedError naming the file."""
    candidate = prepare(path)
    url = _value(candidate.metadata, "url")
    stem = seed_name(candidate)
    target = seeds / f"{stem}.md"
    fields = [f for f in FIELDS if _value(candidate.metadata, f)]
    duplicate = index.duplicate_of(url, candidate.body)
    existing = index.by_stem.get(stem)
    if duplicate and not (force and duplicate[0] == existing):
        return AddResult(path, duplicate[0], "duplicate", duplicate[1], fields, candidate.warnings)
    if existing is not None and not force:
        raise SeedError(
            str(path),
            None,
            f"would be saved as {existing}, which already exists and holds another article; "
            "pass --force to overwrite it",
        )
    if existing is not None and existing != target:
        # Another suffix with the same stem would give two seeds one page name.
        raise SeedError(
            str(path), None, f"{existing} already uses the name {stem!r}; rename or remove it first"
        )
    original = Path(ORIGINALS) / f"{stem}{path.suffix.lower()}"
    text = render(candidate, original.as_posix())
    # Read the seed back as the build will before writing it: what we write must be a seed the
    # build accepts (its size, its encoding, its front matter).
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_ARTICLE_BYTES:
        raise SeedError(
            str(path),
            None,
            f"its text is {len(encoded) / 2**20:.1f} MB; a seed is at most {MAX_ARTICLE_BYTES // 1024} KB "
            "(one article): nothing written",
        )
    check = read_text(decode(encoded, str(target))[0], stem, str(target), markdown=True)
    if not check.paragraphs:
        raise SeedError(str(path), None, "no article text left to write")
    atomic_write(seeds / original, candidate.data)
    atomic_write(target, text.encode("utf-8"))
    index.note(target, url, check.raw)
    status = "replaced" if existing is not None else "added"
    return AddResult(path, target, status, "", fields, candidate.warnings)


def expand(paths: list[Path]) -> list[Path]:
    """Files to add: the files given, and the article files directly inside folders given."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            known = HTML_SUFFIXES + MARKDOWN_SUFFIXES + TEXT_SUFFIXES
            files += sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in known)
        else:
            files.append(p)
    return files
