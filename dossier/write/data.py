"""Machine-readable export published with the site: quotes, people and articles, as whole lists
(data/quotes.json, people.json, articles.json), or in a live preview in parts (data/quotes/00.json
… 3f.json, the same for people and articles, listed in data/parts.json).

Quotes follow Quotebank's record shape: one record per statement with all its occurrences.

A record's part is fixed by its id (``part_of``), and a part lists its records in the whole
list's order, so an edit changes only the parts of the records it changes. A long-lived process
(``keep_records``: ``mkdocs serve``) writes the parts only: the whole lists (96 MB at 10,000
articles) would be joined, hashed, written and read back on every edit. A one-shot build
(``dossier build``, ``mkdocs build``: what is published) writes the whole lists only, as before.

In a long-lived process each part's record texts are kept by id, with the dossier they were made
from; the next build, told which records' inputs may differ since that dossier
(``RecordChanges``, from the incremental renderer's fingerprints), makes only those again, and
hands out a part whose records and order are unchanged as the very bytes object it made before
(``Hashed``: hashed once). The bytes are those of ``json.dumps`` of the list (json's indent
encodes in Python: most of the export's cost).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article, Dossier, Person, Quote, SiteOptions
from ..publish.output import Hashed
from .cite import citation_text, cite_paths
from .common import DATA, article_page, is_fragment

KINDS = ("quotes", "people", "articles")
# Parts per kind: 1.5 MB each for the quotes of 10,000 articles; a fixed number, so that no
# record changes its part as the dossier grows.
PARTS = 64
PARTS_LIST = f"{DATA}/parts.json"


@dataclass
class RecordChanges:
    """The records whose inputs may differ from those of ``since``'s records, by file and id.

    A quote's record reads the quote, its speaker's and addressee's records, the articles that
    print it (their records and slugs) and the site's options; a person's, the person and the
    ids of the quotes they said; an article's, the article and its slug."""

    since: Dossier
    ids: dict[str, set[str]]  # "quotes" | "people" | "articles" -> ids


@dataclass(slots=True)
class _Part:
    ids: list[str]  # its records' ids, in the order of the whole list
    texts: list[bytes]  # each record's text (an item of the list, indented one level)
    data: Hashed  # the part's file


@dataclass
class _Kept:
    """The last export's parts, by kind and part name."""

    made_from: Dossier
    site: SiteOptions
    parts: dict[str, dict[str, _Part]] = field(default_factory=dict)


_KEPT: list[_Kept] = []  # at most one: the last export this process made
KEEP_RECORDS = False
_PART_OF: dict[str, str] = {}  # id -> its part's name, for the ids seen in this process


def keep_records(on: bool) -> None:
    """Keep each record's text for the next build in this process (or stop, and forget them);
    while on, builds write the export in parts only."""
    global KEEP_RECORDS
    KEEP_RECORDS = on
    if not on:
        _KEPT.clear()
        _PART_OF.clear()


def part_of(record_id: str) -> str:
    """The name of the part a record is in: two hex digits of its id's CRC-32, mod ``PARTS``."""
    name = _PART_OF.get(record_id)
    if name is None:
        name = f"{zlib.crc32(record_id.encode('utf-8', 'surrogatepass')) % PARTS:02x}"
        if KEEP_RECORDS:
            _PART_OF[record_id] = name
    return name


def _record_text(record: dict) -> bytes:
    # A record of the list is indented one level deeper: one more space on each line (the text
    # of a JSON string holds no line break: json escapes them).
    return (" " + json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ")).encode("utf-8")


def _join(parts: list[bytes]) -> bytes:
    """``json.dumps(records, ensure_ascii=False, indent=1)`` and a newline, from the records' texts."""
    return b"[\n" + b",\n".join(parts) + b"\n]\n" if parts else b"[]\n"


def _url(page: str) -> str:
    """Site-relative URL of a generated page (directory URLs, MkDocs' default)."""
    return page[: -len(".md")] + "/"


def quote_record(d: Dossier, q: Quote, slugs: dict[str, str]) -> dict:
    speaker = d.person(q.speaker)
    return {
        "id": q.id,
        "quotation": q.text,
        "speaker": speaker.name if speaker else q.described_as,
        "speaker_kind": speaker.kind if speaker else ("description" if q.described_as else None),
        "speaker_id": q.speaker,
        "date": q.date,
        "date_inferred": q.date_inferred,
        "medium": q.medium,
        "addressee": q.addressee,
        "status": q.status,
        # Under four words: a quoted phrase, counted and listed apart from statements.
        "fragment": is_fragment(q),
        "url": f"quotes/{q.id}/",
        "numOccurrences": len(q.occurrences),
        "occurrences": [
            {
                "article": o.article,
                "url": _url(article_page(o.article, slugs)),
                "source_url": d.article(o.article).meta.url,
                "span": [o.start, o.end],
                "pieces": [list(p) for p in o.pieces],
                "wording": o.text,
                "cue": o.cue,
                "confidence": round(o.confidence, 3),
            }
            for o in q.occurrences
        ],
        # The quote page's citation, and where its CSL-JSON and BibTeX files are.
        "citation": citation_text(d, q),
        "cite_files": cite_paths(q.id),
    }


def person_record(d: Dossier, p: Person) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "called": p.called,
        "aliases": p.aliases,
        "description": p.description,
        "links": p.links,
        "url": f"people/{p.id}/",
        "articles": p.articles,
        "mentions": p.mention_count,
        "quotes": [q.id for q in d.relations.said[p.id]],
    }


def article_record(a: Article, slugs: dict[str, str]) -> dict:
    return {
        "id": a.id,
        "title": a.meta.title,
        "dek": a.meta.dek,
        "authors": a.meta.authors,
        "date": a.meta.date,
        "date_inferred": a.meta.date_inferred,
        "date_source": a.meta.date_basis or None,  # front matter, byline, file name, or how inferred
        "outlet": a.meta.outlet,
        "source_url": a.meta.url,
        "url": _url(article_page(a.id, slugs)),
        "seed": a.path,
        "sha256": a.content_hash,
        "truncated": a.meta.truncated,
    }


def render_data(d: Dossier, slugs: dict[str, str], changes: RecordChanges | None = None) -> dict[str, bytes]:
    """The export's files. ``changes``: which records may differ since the dossier the kept
    texts were made from; without it, or when they were made from another, all are made."""
    kept = _KEPT[0] if _KEPT else None
    if kept is not None and (changes is None or changes.since is not kept.made_from or kept.site != d.site):
        kept = None
    makers = {
        "quotes": (d.quotes, lambda q: quote_record(d, q, slugs)),
        "people": (d.people, lambda p: person_record(d, p)),
        "articles": (d.articles, lambda a: article_record(a, slugs)),
    }
    out: dict[str, bytes] = {}
    if not KEEP_RECORDS:  # a one-shot build: the whole lists, as published
        for name, (items, make) in makers.items():
            out[f"{DATA}/{name}.json"] = _join([_record_text(make(x)) for x in items])
        return out
    listed: dict[str, list[str]] = {}
    now = _Kept(d, d.site)
    for name, (items, make) in makers.items():
        before = kept.parts[name] if kept is not None else {}
        stale: set[str] = changes.ids[name] if kept is not None and changes is not None else set()
        stale_parts = {part_of(i) for i in stale}
        grouped: dict[str, list] = {}
        for x in items:
            key = part_of(x.id)
            members = grouped.get(key)
            if members is None:
                grouped[key] = [x]
            else:
                members.append(x)
        made: dict[str, tuple[list[str], list[bytes]]] = {}  # the parts made again: ids, texts
        parts = now.parts[name] = {}
        for key in sorted(grouped):
            members = grouped[key]
            ids = [x.id for x in members]
            part = before.get(key)
            if part is None or key in stale_parts or part.ids != ids:
                old = dict(zip(part.ids, part.texts, strict=True)) if part is not None else {}
                texts = []
                for x in members:
                    text = None if x.id in stale else old.get(x.id)
                    texts.append(_record_text(make(x)) if text is None else text)
                made[key] = (ids, texts)
            else:
                parts[key] = part
        for key, (ids, texts) in made.items():
            parts[key] = _Part(ids, texts, Hashed(_join(texts)))
        for key in sorted(parts):
            out[f"{DATA}/{name}/{key}.json"] = parts[key].data
        listed[name] = [f"{name}/{key}.json" for key in sorted(parts)]
    out[PARTS_LIST] = (json.dumps(listed, indent=1) + "\n").encode("utf-8")
    _KEPT[:] = [now]
    return out


def read_export(docs: Path, name: str) -> list[dict]:
    """One kind's records (``name``: quotes, people or articles) from the export's parts in
    ``docs`` (the folder holding data/): part by part, each in the whole list's order."""
    listed = json.loads((docs / PARTS_LIST).read_text("utf-8"))[name]
    return [r for rel in listed for r in json.loads((docs / DATA / rel).read_text("utf-8"))]
