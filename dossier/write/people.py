"""Person pages: names, their quotes by date, quotes to and about them, articles, companions."""

from __future__ import annotations

import heapq

from ..model import Dossier, Person, Quote
from .common import (
    NOT_SEARCHED,
    article_label,
    article_page,
    date_note,
    html_link,
    html_list,
    html_p,
    human_date,
    is_fragment,
    notes_block,
    person_page,
    quote_page,
    short,
)
from .head import person_preview
from .markup import html_attr, html_text, md_text, page_front_matter


def render_person(d: Dossier, p: Person, slugs: dict[str, str]) -> str:
    page = person_page(p.id)
    rel = d.relations
    said, to, about, together = rel.said[p.id], rel.addressed[p.id], rel.about[p.id], rel.together[p.id]
    # A quote addressed to them is about them too: listed once, under "addressed to them".
    addressed = {q.id for q in to}
    about = [q for q in about if q.id not in addressed]
    fragments = [q for q in said if is_fragment(q)]
    said = [q for q in said if not is_fragment(q)]
    summary = f"{p.name}: {len(said)} quotes in {len(p.articles)} articles of this dossier."
    fm = {
        "title": p.name,
        "description": summary,
        "dossier": {
            "kind": "person",
            "id": p.id,
            "name": p.name,
            "entity": p.kind,
            "called": p.called,
            "aliases": p.aliases,
            "description": p.description,
            "links": p.links,
            "notes": p.notes,
            "articles": p.articles,
            "quotes": [q.id for q in said],
            "fragments": [q.id for q in fragments],
            "mentions": p.mention_count,
            "preview": person_preview(d, p, summary),
        },
    }
    lines = [f"# {md_text(p.name)}", ""]
    top = []  # description, names, links, counts: one raw HTML block
    if p.kind != "person":
        top.append(html_p(f"<em>{html_text(p.kind.capitalize()).strip()}</em>"))
    if p.description:
        top.append(html_p(html_text(p.description).strip()))
    if p.aliases:
        top.append(html_p("Also named: " + ", ".join(html_text(a).strip() for a in p.aliases)))
    if p.called:
        top.append(html_p("Called in the articles: " + ", ".join(html_text(c).strip() for c in p.called)))
    safe_links = {
        k: v for k, v in p.links.items() if k == "wikidata" or v.lower().startswith(("http://", "https://"))
    }
    if safe_links:
        shown = []
        for k, v in sorted(safe_links.items()):
            url = f"https://www.wikidata.org/wiki/{v}" if k == "wikidata" and not v.startswith("http") else v
            shown.append(
                f'<a href="{html_attr(url)}" rel="nofollow noopener">{html_text(k.capitalize())}</a>'
            )
        top.append(html_p("Links: " + " · ".join(shown)))
    if p.image_credit:
        top.append(html_p(f"<em>Image credit: {html_text(p.image_credit).strip()}</em>"))
    top.append(html_p(f"{len(said)} quotes · {len(p.articles)} articles · {p.mention_count} mentions"))
    lines += ["\n".join(top), ""]
    lines += notes_block(p.notes)
    lines += date_note(any(q.date_inferred for q in said + fragments))
    # Wikiquote's discipline: sourced quotes, then disputed, then misattributed ones.
    sections = [
        ("Quotes", [q for q in said if q.status not in ("disputed", "misattributed")]),
        ("Disputed", [q for q in said if q.status == "disputed"]),
        ("Misattributed", [q for q in said if q.status == "misattributed"]),
        # Fewer than four words: a phrase quoted in the reporter's sentence, not a statement.
        ("Quoted phrases", fragments),
    ]
    for title, quotes in sections:
        if not quotes and title != "Quotes":
            continue
        lines += [f"## {title}{NOT_SEARCHED}", ""]
        items = []
        for q in quotes:
            bits = [human_date(q.date)] + ([q.medium] if q.medium else [])
            if q.status == "verified":
                bits.append("verified")
            link = html_link(page, quote_page(q.id), "“" + short(q.text, 100) + "”")
            items.append(f"{link} — {html_text(', '.join(bits))}")
        lines += [html_list(items) if items else html_p("No quotes attributed."), ""]
    if to:
        lines += ["## Quotes addressed to them" + NOT_SEARCHED, ""]
        lines += [html_list([quote_line(page, q, d) for q in to]), ""]
    if about:
        lines += ["## Quotes about them" + NOT_SEARCHED, ""]
        lines += [html_list([quote_line(page, q, d) for q in about]), ""]
    lines += ["## Articles" + NOT_SEARCHED, ""]
    items = []
    for aid in p.articles:
        art = d.article(aid)
        when = html_text(human_date(art.meta.date))
        items.append(f"{html_link(page, article_page(aid, slugs), article_label(art))} ({when})")
    lines += [html_list(items), ""]
    if together:
        lines += ["## Appears with" + NOT_SEARCHED, ""]
        items = []
        ranked = heapq.nsmallest(APPEARS_WITH_SHOWN, together.items(), key=lambda kv: (-kv[1], kv[0]))
        for pid, n in ranked:
            other = d.person(pid)
            if other:
                items.append(f"{html_link(page, person_page(pid), other.name)} ({n})")
        if len(together) > APPEARS_WITH_SHOWN:
            items.append(html_text(f"and {len(together) - APPEARS_WITH_SHOWN} others"))
        lines += [html_list(items), ""]
    return page_front_matter(fm, "\n".join(lines))


# Most frequent companions shown on a person page: every person of a crowded article listing
# every other one made pages quadratic in the article's size.
APPEARS_WITH_SHOWN = 30


def quote_line(page: str, q: Quote, d: Dossier) -> str:
    """A quote as an HTML list item's content: its words (linked) and its speaker."""
    who = d.person(q.speaker)
    link = html_link(page, quote_page(q.id), "“" + short(q.text, 90) + "”")
    return f"{link} — {html_text(who.name if who else 'unattributed')}"
