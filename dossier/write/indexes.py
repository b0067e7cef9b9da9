"""Index pages (quotes, people, sources), the timeline and the generated home page."""

from __future__ import annotations

from collections import defaultdict

from ..link import Dossier
from ..markup import html_text, md_text, page_front_matter
from .common import (
    ARTICLES,
    PEOPLE,
    QUOTES,
    SEARCH_EXCLUDED,
    article_label,
    article_page,
    html_link,
    html_list,
    html_p,
    html_table,
    human_date,
    link,
    person_page,
    quote_page,
)
from .people import quote_line

QUOTES_INDEX, PEOPLE_INDEX, ARTICLES_INDEX, TIMELINE, HOME = (
    f"{QUOTES}/index.md",
    f"{PEOPLE}/index.md",
    f"{ARTICLES}/index.md",
    "timeline.md",
    "index.md",
)


def _page(title: str, description: str, kind: str, body: list[str]) -> str:
    meta = {"title": title, "description": description, "search": SEARCH_EXCLUDED, "dossier": {"kind": kind}}
    return page_front_matter(meta, "\n".join(body))


def render_quotes_index(d: Dossier) -> str:
    page = QUOTES_INDEX
    lines = ["# Quotes", "", html_p(f"{len(d.quotes)} statements from {len(d.articles)} sources."), ""]
    by_speaker: dict[str, list] = defaultdict(list)
    for q in d.quotes:
        by_speaker[q.speaker or ""].append(q)
    lines += ["## By speaker", ""]
    for pid in sorted(by_speaker, key=lambda k: (k == "", d.person(k).name if d.person(k) else "")):
        person = d.person(pid)
        title = link(page, person_page(pid), person.name) if person else "Unattributed"
        lines += [f"### {title}", ""]
        items = [
            f"{quote_line(page, q, d)} · {html_text(human_date(q.date, q.date_inferred))}"
            for q in by_speaker[pid]
        ]
        lines += [html_list(items), ""]
    lines += ["## By date", ""]
    by_date: dict[str, list] = defaultdict(list)
    for q in d.quotes:
        by_date[q.date or ""].append(q)
    for date in sorted(by_date, key=lambda k: (k == "", k)):
        lines += [f"### {md_text(human_date(date)) if date else 'Undated'}", ""]
        lines += [html_list([quote_line(page, q, d) for q in by_date[date]]), ""]
    return _page(
        "Quotes", f"All {len(d.quotes)} quotations in the dossier, by speaker and by date.", "quotes", lines
    )


def render_people_index(d: Dossier) -> str:
    page = PEOPLE_INDEX
    counts = defaultdict(int)
    for q in d.quotes:
        if q.speaker:
            counts[q.speaker] += 1
    lines = ["# People", "", html_p(f"{len(d.people)} people named in the sources."), ""]
    rows = [
        [
            html_link(page, person_page(p.id), p.name),
            str(counts[p.id]),
            str(len(p.articles)),
            str(p.mention_count),
        ]
        for p in sorted(d.people, key=lambda p: (-counts[p.id], p.name.lower()))
    ]
    lines += [html_table(["Person", "Quotes", "Articles", "Mentions"], rows, right=frozenset({1, 2, 3})), ""]
    return _page("People", f"The {len(d.people)} people of the dossier.", "people", lines)


def render_articles_index(d: Dossier, slugs: dict[str, str]) -> str:
    page = ARTICLES_INDEX
    lines = ["# Sources", "", html_p(f"{len(d.articles)} articles."), ""]
    nquotes = defaultdict(int)
    for (aid, _), _qid in d.quote_of.items():
        nquotes[aid] += 1
    rows = [
        [
            html_text(human_date(a.meta.date, a.meta.date_inferred)),
            html_link(page, article_page(a.id, slugs), article_label(a)),
            html_text(", ".join(a.meta.authors)).strip() or "—",
            html_text(a.meta.outlet or "").strip() or "—",
            str(nquotes[a.id]),
        ]
        for a in sorted(d.articles, key=lambda a: (a.meta.date or "", a.id))
    ]
    lines += [html_table(["Date", "Article", "Author", "Outlet", "Quotes"], rows, right=frozenset({4})), ""]
    return _page("Sources", f"The {len(d.articles)} source articles of the dossier.", "articles", lines)


def timeline_events(d: Dossier) -> dict[str, list[tuple[str, str, int, str]]]:
    """Date -> [(article id, sentence, offset, date words)]: narration sentences that name a date."""
    events: dict[str, list[tuple[str, str, int, str]]] = defaultdict(list)
    for a in d.articles:
        spans = [(q.start, q.end) for q in d.extractions[a.id].quotes]
        for dm in a.dates:
            para = a.paragraph_at(dm.start)
            if not dm.value or not para or para.kind != "body" or any(s <= dm.start < e for s, e in spans):
                continue
            events[dm.value[:10]].append(
                (a.id, _sentence(a.raw, para.start, para.end, dm.start), para.start, dm.text)
            )
    return events


def _sentence(raw: str, lo: int, hi: int, at: int) -> str:
    """The sentence of raw[lo:hi] around offset ``at`` (news sentences end in . ! ? before a space)."""
    start = lo
    for i in range(at, lo, -1):
        if raw[i - 1] in ".!?" and raw[i].isspace() and not raw[i - 2 : i].isupper():
            start = i
            break
    end = hi
    for i in range(at, hi - 1):
        if raw[i] in ".!?" and raw[i + 1].isspace():
            end = i + 1
            break
    return raw[start:end].strip()


def render_timeline(d: Dossier, slugs: dict[str, str]) -> str:
    page = TIMELINE
    events = timeline_events(d)
    quotes_by_date = defaultdict(list)
    for q in d.quotes:
        if q.date:
            quotes_by_date[q.date[:10]].append(q)
    lines = [
        "# Timeline",
        "",
        html_p("Events dated in the sources (relative dates resolved against each article's date)."),
        "",
    ]
    for date in sorted(set(events) | set(quotes_by_date)):
        lines += [f"## {md_text(human_date(date))}", ""]
        items = []
        for aid, sentence, _, said in sorted(
            set(events.get(date, [])), key=lambda e: (e[0], e[2], e[1], e[3])
        ):
            source = html_link(page, article_page(aid, slugs), article_label(d.article(aid)))
            items.append(
                f"<strong>{html_text(said).strip()}</strong>: {html_text(sentence).strip()} — {source}"
            )
        items += [f"Quote: {quote_line(page, q, d)}" for q in quotes_by_date.get(date, [])]
        lines += [html_list(items), ""]
    return _page("Timeline", "What happened when, from the dates in the sources.", "timeline", lines)


def render_home(d: Dossier) -> str:
    page = HOME
    counts = defaultdict(int)
    for q in d.quotes:
        if q.speaker:
            counts[q.speaker] += 1
    lines = ["# Dossier", ""]
    lines += [
        html_p(
            f"{len(d.articles)} {html_link(page, ARTICLES_INDEX, 'sources')} · {len(d.quotes)} "
            f"{html_link(page, QUOTES_INDEX, 'quotes')} · {len(d.people)} {html_link(page, PEOPLE_INDEX, 'people')} · "
            f"{html_link(page, TIMELINE, 'timeline')}"
        ),
        "",
    ]
    top = sorted((p for p in d.people if counts[p.id]), key=lambda p: (-counts[p.id], p.name))[:10]
    if top:
        lines += ["## Most quoted", ""]
        lines += [
            html_list([f"{html_link(page, person_page(p.id), p.name)} ({counts[p.id]})" for p in top]),
            "",
        ]
    latest = sorted(d.quotes, key=lambda q: (q.date or "", q.id), reverse=True)[:10]
    if latest:
        lines += ["## Latest quotes", ""]
        items = [
            f"{quote_line(page, q, d)} · {html_text(human_date(q.date, q.date_inferred))}" for q in latest
        ]
        lines += [html_list(items), ""]
    return _page(
        "Dossier",
        f"{len(d.quotes)} quotes by {len(d.people)} people in {len(d.articles)} sources.",
        "home",
        lines,
    )


__all__ = [
    "render_quotes_index",
    "render_people_index",
    "render_articles_index",
    "render_timeline",
    "render_home",
    "quote_page",
]
