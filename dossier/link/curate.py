"""The editor's notes and statuses (dossier.yml ``notes``), put on the linked dossier, and what
``dossier check`` tells the editor about their people.

People, same/different people and quote corrections are not here: the linker takes them as
constraints (``people.py``, ``corrections.py``). Notes only annotate what the link stage made.
Every note anchor that matches nothing, or more than one quote, is reported; nothing is
dropped silently.
"""

from __future__ import annotations

import re

import markdown
import nh3

from ..model import CuratedPerson, Curation, Dossier, Note, Quote
from .anchors import find, problem
from .matching import name_key
from .people import Roster, curated_mentions

# Link targets a note may use; anything else (javascript:, data:, vbscript:) is cut.
_SAFE_SCHEMES = ("http", "https", "mailto")
_LINK_TARGET = re.compile(r"(\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?)([a-zA-Z][a-zA-Z0-9+.-]*):", re.M)


def sanitize_note(markdown_text: str) -> str:
    """Markdown stays Markdown; raw HTML is stripped (nh3) and unsafe link schemes are cut."""
    cleaned = nh3.clean(markdown_text, tags=set())
    return _LINK_TARGET.sub(
        lambda m: m.group(0) if m.group(2).lower() in _SAFE_SCHEMES else m.group(1) + "#unsafe-link-removed-",
        cleaned,
    )


# What a rendered note may contain. Markdown makes these from editor text; nothing else (no
# attributes but these, no raw HTML, no styles or classes) can reach the page.
_NOTE_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_NOTE_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def _note_markdown() -> markdown.Markdown:
    """Plain Markdown with the raw-HTML parsers removed: "<tag>" in a note is text, and without
    attr_list (which the site enables) "{: onerror=... }" stays text too. Images stay links:
    the site loads nothing from other hosts (readers' privacy)."""
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    for pattern in ("html", "image_link", "image_reference", "short_image_ref"):
        md.inlinePatterns.deregister(pattern)
    return md


_MARKDOWN = _note_markdown()


def render_note(markdown_text: str) -> str:
    """A note as HTML for a page: Markdown, then the *output* cleaned by an allow-list (nh3).

    One line (line breaks as character references, the same to a browser), so it is a single
    raw HTML block that MkDocs' Markdown passes through untouched.
    """
    html = _MARKDOWN.reset().convert(markdown_text)
    clean = nh3.clean(
        html,
        tags=_NOTE_TAGS,
        attributes=_NOTE_ATTRIBUTES,
        url_schemes=set(_SAFE_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return clean.replace("\r", "").replace("\n", "&#10;")


def curation_report(d: Dossier, cur: Curation) -> list[str]:
    """What `dossier check` tells the editor about the people they named: a curated person no article
    mentions, and an alias that matches no text."""
    out: list[str] = []
    by_name = {p.name: p for p in d.people}
    for cp in cur.people:
        person = by_name.get(cp.name)
        if person is None or not person.articles or person.mention_count == 0:
            out.append(f"{cur.path}:{cp.line}: curated person {cp.name!r} is mentioned in no article")
            continue
        for alias in cp.aliases:
            probe = CuratedPerson(name=alias)
            if not any(curated_mentions(a, probe) for a in d.articles):
                out.append(
                    f"{cur.path}:{cp.line}: alias {alias!r} of {cp.name!r} matches nothing in the seeds"
                )
    return out


def _quote_at(d: Dossier, where: str, note: Note, folded: dict, problems: list[str]) -> Quote | None:
    """The one quote a note's anchor points at, or None (and a problem)."""
    matches = find(note.quote, d.articles, folded)
    hit: dict[str, Quote] = {}
    for m in matches:
        for q, o in d.occurrences_in(m.article):
            if any(s < m.end and m.start < e for s, e in o.pieces):
                hit.setdefault(q.id, q)
    if len(hit) == 1:
        return next(iter(hit.values()))
    problems.append(problem(where, note.quote, bool(matches), list(hit)))
    return None


def _note_record(n: Note) -> dict:
    rec = {"text": sanitize_note(n.text), "html": render_note(n.text), "author": n.author, "date": n.date}
    if n.status:
        rec["status"] = n.status
    if n.real_speaker:
        rec["real_speaker"] = n.real_speaker
    return rec


def annotate(d: Dossier, cur: Curation, roster: Roster, folded: dict) -> list[str]:
    """Put the editor's notes and statuses on the dossier's quotes, people, articles and itself;
    returns the problems (orphaned or ambiguous anchors, unknown people and articles)."""
    problems: list[str] = []
    for n in cur.notes:
        where = f"{cur.path}:{n.line}"
        rec = _note_record(n)
        if n.quote:
            q = _quote_at(d, where, n, folded, problems)
            if q is None:
                continue
            if n.status:
                q.status = n.status
            if n.real_speaker:
                rec["real_speaker_id"] = roster.id_for(n.real_speaker)
            q.notes.append(rec)
        elif n.person:
            ids = [
                p for p in roster.people if name_key(n.person) in {name_key(x) for x in [p.name, *p.aliases]}
            ]
            if len(ids) != 1:
                kind = "orphaned" if not ids else "ambiguous"
                problems.append(f"{where}: {kind}: note on person {n.person!r} names {len(ids)} people")
                continue
            ids[0].notes.append(rec)
        elif n.article:
            if d.find_article(n.article) is None:
                problems.append(f"{where}: orphaned: note on article {n.article!r}, which is not a seed")
                continue
            d.article_notes.setdefault(n.article, []).append(rec)
        elif n.dossier:
            d.notes.append(rec)
    return problems
