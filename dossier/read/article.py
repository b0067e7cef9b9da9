"""Read stage: a seed file -> an Article (raw text, paragraphs with offsets, metadata).

Plain-text seeds (``.txt``) hold the article as published, one paragraph a line.
Markdown seeds (``.md``) may start with YAML front matter; the body after it is
the article text and every offset refers to that body as stored.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

import yaml

from ..errors import SeedError
from ..model import Article, ArticleMeta, Paragraph
from .dates import date_in_file_name
from .metadata import classify
from .seeds import MAX_ARTICLE_BYTES, display_name, find_seeds

# A line break is \r\n, a lone \r or \n: seeds come from every platform and the
# raw text is kept exactly as decoded, so paragraphs are found on all three.
_LINE = re.compile(r"[^\r\n]+")
# Front-matter keys we understand; anything else is kept in meta.extra.
FRONT_MATTER_FIELDS = {
    "title": "title",
    "dek": "dek",
    "subtitle": "dek",
    "author": "authors",
    "authors": "authors",
    "date": "date",
    "outlet": "outlet",
    "site_name": "outlet",
    "url": "url",
    "description": "description",
    "language": "language",
    "lang": "language",
}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
MAX_SEED_BYTES = 64 * 1024 * 1024  # input `dossier add` accepts (saved web pages are big)


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode seed bytes; returns the text and warnings. Raises SeedError on binary data."""
    warnings: list[str] = []
    if not data.strip():
        raise SeedError(path, None, "the file is empty" if not data else "the file holds only whitespace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        warnings.append("a UTF-8 byte-order mark was removed")
    sample = data[:65536]
    if b"\x00" in sample and sample.count(b"\x00") * 20 > len(sample):
        raise SeedError(path, None, "this looks like a binary file (many NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _mostly_utf8(data, warnings)
        if text is None:
            line = data.count(b"\n", 0, exc.start) + 1
            try:
                text = data.decode("cp1252")
                warnings.append(f"not valid UTF-8 (first bad byte on line {line}); decoded as Windows-1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                warnings.append(f"not valid UTF-8 (first bad byte on line {line}); decoded as Latin-1")
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
        warnings.append("NUL characters were replaced by U+FFFD")
    controls = len(_CONTROL.findall(text, 0, 65536))
    if controls * 10 > min(len(text), 65536):
        raise SeedError(path, None, "this looks like a binary file (mostly control characters), not text")
    return text, warnings


MAX_STRAY_BYTES = 64  # more than this many bytes that are not UTF-8: the file is in another encoding


def _mostly_utf8(data: bytes, warnings: list[str]) -> str | None:
    """UTF-8 with a few stray bytes: the text with each as U+FFFD, or None when the file is not
    UTF-8 at all (more than MAX_STRAY_BYTES bad bytes, or fewer good multi-byte characters)."""
    view = memoryview(data)
    parts: list[str] = []
    bad: list[int] = []
    pos = 0
    while True:
        try:
            parts.append(str(view[pos:], "utf-8"))
            break
        except UnicodeDecodeError as exc:
            if len(bad) == MAX_STRAY_BYTES:
                return None
            parts += [str(view[pos : pos + exc.start], "utf-8"), "\ufffd"]
            bad.append(pos + exc.start)
            pos += exc.start + 1  # one replacement per bad byte: offsets stay countable
    text = "".join(parts)
    good = len(text) - len(text.encode("ascii", "ignore")) - len(bad)
    if good < len(bad):
        return None
    lines = [data.count(b"\n", 0, off) + 1 for off in bad[:5]]
    shown = ", ".join(f"{off} (line {line})" for off, line in zip(bad, lines, strict=False))
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    warnings.append(f"{len(bad)} byte(s) that are not UTF-8 replaced by U+FFFD, at byte offset {shown}{more}")
    return text


def split_paragraphs(raw: str) -> list[Paragraph]:
    """Each non-blank line is a paragraph; offsets exclude surrounding whitespace."""
    paragraphs: list[Paragraph] = []
    for m in _LINE.finditer(raw):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + line.index(stripped[0])
        paragraphs.append(Paragraph(len(paragraphs), start, start + len(stripped)))
    return paragraphs


# Front matter is a few fields. YAML aliases can make a few hundred bytes stand for billions
# of values ("billion laughs"): the node graph is measured before anything is built from it.
MAX_FRONT_MATTER_VALUES = 10_000
MAX_FRONT_MATTER_DEPTH = 50


class _FrontMatterLoader(yaml.SafeLoader):
    """yaml.SafeLoader with alias expansion bounded and impossible dates reported, not raised."""

    def get_single_data(self):  # type: ignore[override]
        node = self.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return self.construct_document(node)

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:  # 2019-02-30: a date-shaped value that is no date
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark
            ) from None


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp)


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand to too many values, or that nests too deep.

    Sizes are summed over the graph with each node measured once, so this is linear in the
    text whatever the aliases multiply to.
    """
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_FRONT_MATTER_DEPTH:
            raise yaml.constructor.ConstructorError(
                None, None, f"nested more than {MAX_FRONT_MATTER_DEPTH} levels deep", node.start_mark
            )
        if id(node) in size:
            continue
        children = (
            [x for kv in node.value for x in kv]
            if isinstance(node, yaml.MappingNode)
            else node.value
            if isinstance(node, yaml.SequenceNode)
            else []
        )
        if done:
            total = 1 + sum(size[id(c)] for c in children)
            if total > MAX_FRONT_MATTER_VALUES:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"expands to more than {MAX_FRONT_MATTER_VALUES:,} values (YAML aliases); write the "
                    "values out",
                    node.start_mark,
                )
            size[id(node)] = total
            continue
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in size)


def load_front_matter(text: str) -> object:
    """Parse front matter YAML safely (see _FrontMatterLoader); raises yaml.YAMLError."""
    try:
        return yaml.load(text, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise yaml.YAMLError("nested too deep") from None


def split_front_matter(text: str, path: str) -> tuple[dict, str, int]:
    """Return (front matter, body, 1-based line of the body's first character)."""
    m = re.match(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", text, re.S | re.M)
    if not m:
        return {}, text, 1
    try:
        data = load_front_matter(m.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise SeedError(path, line, f"front matter is not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise SeedError(path, 2, "front matter must be a mapping of field: value")
    body_line = text.count("\n", 0, m.end()) + 1
    return data, text[m.end() :], body_line


def _apply_front_matter(meta: ArticleMeta, fm: dict, path: str) -> None:
    for key, value in fm.items():
        target = FRONT_MATTER_FIELDS.get(str(key).lower())
        if target is None:
            meta.extra[str(key)] = value
            continue
        if value is None:
            continue
        if target == "authors":
            value = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        elif target == "date":
            value = _front_matter_date(value, path)
        else:
            value = str(value)
        setattr(meta, target, value)
        if target == "date":
            meta.date_inferred = False
            meta.date_basis = "front matter"
        meta.from_front_matter.append(target)


def _front_matter_date(value: object, path: str) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?.*)?", text):
        return text[:10] + ("T" + text[11:16] if len(text) >= 16 else "")
    from .dates import parse_date_text

    parsed = parse_date_text(text)
    if parsed is None:
        raise SeedError(path, 2, f"front matter date {text!r} is not a date (use YYYY-MM-DD)")
    return parsed


def read_text(text: str, article_id: str, path: str = "<text>", markdown: bool = False) -> Article:
    """Build an Article from decoded text (the pure part of the read stage)."""
    fm: dict = {}
    body_line = 1
    raw = text
    if markdown:
        fm, raw, body_line = split_front_matter(text, path)
    paragraphs = split_paragraphs(raw)
    meta = ArticleMeta()
    _apply_front_matter(meta, fm, path)
    paragraphs, dates = classify(raw, paragraphs, meta, date_in_file_name(article_id))
    return Article(
        id=article_id,
        path=path,
        raw=raw,
        paragraphs=paragraphs,
        meta=meta,
        dates=dates,
        body_line=body_line,
        content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def _too_big(shown: str, size: int) -> SeedError:
    return SeedError(
        shown,
        None,
        f"is {size / (1024 * 1024):.1f} MB; one article is at most {MAX_ARTICLE_BYTES // 1024} KB "
        "(seeds hold a single article: split it or trim it)",
    )


def read_article(path: str | Path) -> Article:
    """Read one seed file. Raises SeedError (naming the file) for unusable input."""
    p = Path(path)
    shown = display_name(str(p))
    try:
        # Opening a FIFO blocks and a device never ends: only regular files are read.
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise SeedError(shown, None, "is a directory, not a seed file")
        if not stat.S_ISREG(info.st_mode):
            raise SeedError(shown, None, "is not a regular file (a device, pipe or socket)")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise _too_big(shown, info.st_size)
        with p.open("rb") as fh:
            # Bounded even if the file grows between stat and read.
            data = fh.read(MAX_ARTICLE_BYTES + 1)
        if len(data) > MAX_ARTICLE_BYTES:
            raise _too_big(shown, max(len(data), p.stat().st_size))
    except SeedError:
        raise
    except FileNotFoundError:
        raise SeedError(
            shown, None, "does not exist (a broken link, or it disappeared during the build)"
        ) from None
    except PermissionError:
        raise SeedError(shown, None, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise SeedError(shown, None, f"cannot be read: {exc.strerror or exc}") from None
    text, warnings = decode(data, shown)
    markdown = p.suffix.lower() in (".md", ".markdown")
    article = read_text(text, display_name(p.stem), shown, markdown=markdown)
    article.warnings[:0] = warnings
    if not article.paragraphs:
        raise SeedError(shown, article.body_line, "has front matter but no article text")
    return article


def read_all(roots: list[Path]) -> tuple[list[Article], list[str]]:
    """Every seed under the given files or folders, read once each, and one line per problem
    (a missing path, a refused or unreadable seed)."""
    articles: list[Article] = []
    problems: list[str] = []
    seen: set[str] = set()
    for root in roots:
        if not root.exists():
            problems.append(f"{root}: no such file or folder")
            continue
        refused: list[str] = []
        for path in find_seeds(root, refused):
            try:
                article = read_article(path)
            except SeedError as exc:
                problems.append(str(exc))
                continue
            if article.id not in seen:
                seen.add(article.id)
                articles.append(article)
        problems += refused
    return articles, problems
