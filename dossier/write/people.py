"""Person pages: names, their quotes by date, quotes to and about them, articles, companions."""

from __future__ import annotations

from ..link import Dossier
from ..markup import html_attr, md_text, page_front_matter
from ..model import Person
from .common import (
    NOT_SEARCHED,
    article_label,
    article_page,
    human_date,
    link,
    notes_block,
    person_page,
    quote_page,
    short,
)


def render_person(d: Dossier, p: Person, slugs: dict[str, str]) -> str:
    page = person_page(p.id)
    rel = d.relations
    said, to, about, together = rel.said[p.id], rel.addressed[p.id], rel.about[p.id], rel.together[p.id]
    fm = {
        "title": p.name,
        "description": f"{p.name}: {len(said)} quotes in {len(p.articles)} articles of this dossier.",
        "dossier": {
            "kind": "person",
            "id": p.id,
            "name": p.name,
            "aliases": p.aliases,
            "description": p.description,
            "links": p.links,
            "notes": p.notes,
            "articles": p.articles,
            "quotes": [q.id for q in said],
            "mentions": p.mention_count,
        },
    }
    lines = [f"# {md_text(p.name)}", ""]
    if p.description:
        lines += [md_text(p.description), ""]
    if p.aliases:
        lines += ["Also named: " + ", ".join(md_text(a) for a in p.aliases), ""]
    safe_links = {
        k: v for k, v in p.links.items() if k == "wikidata" or v.lower().startswith(("http://", "https://"))
    }
    if safe_links:
        shown = []
        for k, v in sorted(safe_links.items()):
            url = f"https://www.wikidata.org/wiki/{v}" if k == "wikidata" and not v.startswith("http") else v
            shown.append(f'<a href="{html_attr(url)}" rel="nofollow noopener">{md_text(k.capitalize())}</a>')
        lines += ["Links: " + " · ".join(shown), ""]
    if p.image_credit:
        lines += [f"*Image credit: {md_text(p.image_credit)}*", ""]
    lines += [f"{len(said)} quotes · {len(p.articles)} articles · {p.mention_count} mentions", ""]
    lines += notes_block(p.notes)
    # Wikiquote's discipline: sourced quotes, then disputed, then misattributed ones.
    sections = [
        ("Quotes", [q for q in said if q.status not in ("disputed", "misattributed")]),
        ("Disputed", [q for q in said if q.status == "disputed"]),
        ("Misattributed", [q for q in said if q.status == "misattributed"]),
    ]
    for title, quotes in sections:
        if not quotes and title != "Quotes":
            continue
        lines += [f"## {title}{NOT_SEARCHED}", ""]
        for q in quotes:
            bits = [human_date(q.date, q.date_inferred)] + ([md_text(q.medium)] if q.medium else [])
            if q.status == "verified":
                bits.append("verified")
            lines.append(
                f"- {link(page, quote_page(q.id), '“' + short(q.text, 100) + '”')} — {', '.join(bits)}"
            )
        if not quotes:
            lines.append("No quotes attributed.")
        lines.append("")
    if to:
        lines += ["## Quotes addressed to them" + NOT_SEARCHED, ""]
        lines += [f"- {quote_line(page, q, d)}" for q in to]
        lines.append("")
    if about:
        lines += ["## Quotes about them" + NOT_SEARCHED, ""]
        lines += [f"- {quote_line(page, q, d)}" for q in about]
        lines.append("")
    lines += ["## Articles" + NOT_SEARCHED, ""]
    for aid in p.articles:
        art = d.article(aid)
        lines.append(
            f"- {link(page, article_page(aid, slugs), article_label(art))} ({human_date(art.meta.date, art.meta.date_inferred)})"
        )
    lines.append("")
    if together:
        lines += ["## Appears with" + NOT_SEARCHED, ""]
        for pid, n in sorted(together.items(), key=lambda kv: (-kv[1], kv[0])):
            other = d.person(pid)
            if other:
                lines.append(f"- {link(page, person_page(pid), other.name)} ({n})")
        lines.append("")
    return page_front_matter(fm, "\n".join(lines))


def quote_line(page: str, q, d: Dossier) -> str:
    who = d.person(q.speaker)
    return f"{link(page, quote_page(q.id), '“' + short(q.text, 90) + '”')} — {md_text(who.name if who else 'unattributed')}"
