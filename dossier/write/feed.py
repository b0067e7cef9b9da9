"""Feeds of the dossier's newest statements: Atom (feed.xml) and JSON Feed 1.1 (feed.json).

Newest means latest-dated (then last printed): a dossier is rebuilt from its seeds, so the
statements' dates are what it knows of "when". Entries link to the quote pages, with absolute
URLs when the site's address is known. Entry ids are the quote ids made into stable URNs,
so a reader sees each statement once however the site moves.
"""

from __future__ import annotations

import json
import re
import uuid
from xml.sax.saxutils import escape, quoteattr

from ..model import Dossier, Quote
from .cite import earliest_source, quote_url, source_text
from .common import QUOTES, human_date, short, speaker_name

ATOM, JSON_FEED = "feed.xml", "feed.json"
_NEVER = "1970-01-01"
# Characters XML 1.0 does not allow (a seed may hold any): shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text))


def _newest(d: Dossier) -> list[Quote]:
    return [d.quote(qid) for qid in d.tallies.newest]  # (dossier.write.listing.newest_quotes)


def _link(d: Dossier, path: str) -> str:
    base = d.site.site_url
    return f"{base.rstrip('/')}/{path}" if base else path


def _entry_id(q: Quote) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"dossier:quote:{q.id}").urn


def _timestamp(date: str | None) -> str:
    """RFC 3339 (Atom and JSON Feed want a time; a bare day is its midnight, UTC)."""
    day = (date or _NEVER)[:10]
    time = date[11:16] if date and len(date) >= 16 else "00:00"
    return f"{day}T{time}:00Z"


def _summary(d: Dossier, q: Quote) -> str:
    bits = [x for x in (q.medium, human_date(q.date) if q.date else None) if x]
    _, art = earliest_source(d, q)
    said = f"{speaker_name(d, q)}{' (' + ', '.join(bits) + ')' if bits else ''}"
    return f"“{' '.join(q.text.split())}” — {said}; quoted in {source_text(art)}."


def render_feeds(d: Dossier) -> dict[str, bytes]:
    quotes = _newest(d)
    title = f"{d.site.name}: new statements"
    updated = max((_timestamp(q.date) for q in quotes), default=_timestamp(None))
    home = _link(d, "")
    entries = []
    items = []
    for q in quotes:
        url = quote_url(d, q.id) or f"{QUOTES}/{q.id}/"
        entry_title = f"{speaker_name(d, q)}: “{short(q.text, 100)}”"
        summary = _summary(d, q)
        stamp = _timestamp(q.date)
        href = quoteattr(_NOT_XML.sub("", url))
        entries.append(
            "<entry>\n"
            f"<id>{_entry_id(q)}</id>\n"
            f"<title>{_xml(entry_title)}</title>\n"
            f'<link rel="alternate" type="text/html" href={href}/>\n'
            f"<updated>{stamp}</updated>\n"
            f"<author><name>{_xml(speaker_name(d, q))}</name></author>\n"
            f"<summary>{_xml(summary)}</summary>\n"
            "</entry>"
        )
        items.append(
            {
                "id": _entry_id(q),
                "url": url,
                "title": entry_title,
                "content_text": summary,
                "date_published": stamp,
                "authors": [{"name": speaker_name(d, q)}],
            }
        )
    atom = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<id>{uuid.uuid5(uuid.NAMESPACE_URL, 'dossier:feed:' + d.site.name).urn}</id>\n"
        f"<title>{_xml(title)}</title>\n"
        f"<updated>{updated}</updated>\n"
        + (f'<link rel="alternate" type="text/html" href={quoteattr(home)}/>\n' if home else "")
        + (
            f'<link rel="self" type="application/atom+xml" href={quoteattr(_link(d, ATOM))}/>\n'
            if d.site.site_url
            else ""
        )
        + "\n".join(entries)
        + "\n</feed>\n"
    )
    feed: dict = {"version": "https://jsonfeed.org/version/1.1", "title": title}
    if d.site.site_url:
        feed["home_page_url"] = home
        feed["feed_url"] = _link(d, JSON_FEED)
    feed["items"] = items
    return {
        ATOM: atom.encode("utf-8"),
        JSON_FEED: (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
    }
