"""Machine-readable export published with the site: data/quotes.json, people.json, articles.json.

Quotes follow Quotebank's record shape: one record per statement with all its occurrences.

In a long-lived process (``keep_records``) each record's text is kept by id, with the dossier it
was made from; the next build, told which records' inputs may differ since that dossier
(``RecordChanges``, from the incremental renderer's fingerprints), makes only those again. The
bytes are those of ``json.dumps`` of the whole list (json's indent encodes in Python: most of
the export's cost).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..model import Article, Dossier, Person, Quote, SiteOptions
from .cite import citation_text, cite_paths
from .common import DATA, article_page, is_fragment


@dataclass
class RecordChanges:
    """The records whose inputs may differ from those of ``since``'s records, by file and id.

    A quote's record reads the quote, its speaker's and addressee's records, the articles that
    print it (their records and slugs) and the site's options; a person's, the person and the
    ids of the quotes they said; an article's, the article and its slug."""

    since: Dossier
    ids: dict[str, set[str]]  # "quotes" | "people" | "articles" -> ids


@dataclass
class _Kept:
    """The last export's record texts (a record of the list, indented one level, as bytes)."""

    made_from: Dossier
    site: SiteOptions
    texts: dict[str, dict[str, bytes]] = field(default_factory=dict)  # file -> id -> text


_KEPT: list[_Kept] = []  # at most one: the last export this process made
KEEP_RECORDS = False


def keep_records(on: bool) -> None:
    """Keep each record's text for the next build in this process (or stop, and forget them)."""
    global KEEP_RECORDS
    KEEP_RECORDS = on
    if not on:
        _KEPT.clear()


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
    """The three export files. ``changes``: which records may differ since the dossier the kept
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
    now = _Kept(d, d.site)
    for name, (items, make) in makers.items():
        before = kept.texts[name] if kept is not None else {}
        stale = changes.ids[name] if kept is not None and changes is not None else ()
        texts = now.texts[name] = {}
        parts = []
        for x in items:
            text = None if x.id in stale else before.get(x.id)
            if text is None:
                text = _record_text(make(x))
            texts[x.id] = text
            parts.append(text)
        out[f"{DATA}/{name}.json"] = _join(parts)
    if KEEP_RECORDS:
        _KEPT[:] = [now]
    return out
