"""Machine-readable export published with the site: data/quotes.json, people.json, articles.json.

Quotes follow Quotebank's record shape: one record per statement with all its occurrences.
"""

from __future__ import annotations

import hashlib
import json

from ..model import Dossier
from .cite import citation_text, cite_paths
from .common import DATA, article_page, is_fragment

# In a long-lived process (``keep_records``), each record's text in the export, by the digest
# of its compact JSON (made by json's C encoder; the indented text, which json makes in Python,
# is most of the export's cost): an edit encodes again only the records that differ. Per file,
# the last build's records only.
_RECORDS: dict[str, dict[bytes, str]] = {}
KEEP_RECORDS = False


def keep_records(on: bool) -> None:
    """Keep each record's text for the next build in this process (or stop, and forget them)."""
    global KEEP_RECORDS
    KEEP_RECORDS = on
    if not on:
        _RECORDS.clear()


def _dump(records: list[dict], name: str = "") -> bytes:
    """``json.dumps(records, ensure_ascii=False, indent=1)`` and a newline, as bytes."""
    if not KEEP_RECORDS or not records:
        return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    known = _RECORDS.get(name, {})
    now: dict[bytes, str] = {}
    parts = []
    for record in records:
        compact = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
        key = hashlib.blake2b(compact, digest_size=16).digest()
        text = known.get(key) or now.get(key)
        if text is None:
            # A record of the list is indented one level deeper: one more space on each line
            # (the text of a JSON string holds no line break: json escapes them).
            text = " " + json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ")
        now[key] = text
        parts.append(text)
    _RECORDS[name] = now
    return ("[\n" + ",\n".join(parts) + "\n]\n").encode("utf-8")


def _url(page: str) -> str:
    """Site-relative URL of a generated page (directory URLs, MkDocs' default)."""
    return page[: -len(".md")] + "/"


def render_data(d: Dossier, slugs: dict[str, str]) -> dict[str, bytes]:
    quotes = []
    for q in d.quotes:
        speaker = d.person(q.speaker)
        quotes.append(
            {
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
        )
    people = [
        {
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
        for p in d.people
    ]
    articles = [
        {
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
        for a in d.articles
    ]
    return {
        f"{DATA}/quotes.json": _dump(quotes, "quotes"),
        f"{DATA}/people.json": _dump(people, "people"),
        f"{DATA}/articles.json": _dump(articles, "articles"),
    }
