"""Index pages (quotes, people, sources), the timeline and the generated home page."""

from __future__ import annotations

from collections import defaultdict

from ..model import Dossier
from .common import (
    ARTICLES,
    PEOPLE,
    QUOTES,
    SEARCH_EXCLUDED,
    article_label,
    article_page,
    date_note,
    html_link,
    html_list,
    html_p,
    html_table,
    human_date,
    link,
    notes_block,
    person_page,
    quote_page,
    statements,
)
from .markup import html_text, md_text, page_front_matter
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


def statement_counts(d: Dossier) -> dict[str, int]:
    """Person id -> statements they made: the one count every page gives (fragments aside)."""
    counts: dict[str, int] = defaultdict(int)
    for q in statements(d.quotes):
        if q.speaker:
            counts[q.speaker] += 1
    return counts


def render_quotes_index(d: Dossier) -> str:
    page = QUOTES_INDEX
    listed = statements(d.quotes)
    fragments = len(d.quotes) - len(listed)
    intro = f"{len(listed)} statements from {len(d.articles)} sources."
    if fragments:
        intro += (
            f" {fragments} shorter quoted phrases (under four words) are not listed here: they are"
            " shown in their articles and on their speakers' pages."
        )
    lines = ["# Quotes", "", html_p(html_text(intro)), ""]
    lines += date_note(any(q.date_inferred for q in listed))
    by_speaker: dict[str, list] = defaultdict(list)
    for q in listed:
        by_speaker[q.speaker or ""].append(q)
    lines += ["## By speaker", ""]
    for pid in sorted(by_speaker, key=lambda k: (k == "", d.person(k).name if d.person(k) else "")):
        person = d.person(pid)
        title = link(page, person_page(pid), person.name) if person else "Unattributed"
        lines += [f"### {title}", ""]
        items = [f"{quote_line(page, q, d)} · {html_text(human_date(q.date))}" for q in by_speaker[pid]]
        lines += [html_list(items), ""]
    lines += ["## By date", ""]
    by_date: dict[str, list] = defaultdict(list)
    for q in listed:
        by_date[q.date or ""].append(q)
    for date in sorted(by_date, key=lambda k: (k == "", k)):
        lines += [f"### {md_text(human_date(date)) if date else 'Undated'}", ""]
        lines += [html_list([quote_line(page, q, d) for q in by_date[date]]), ""]
    return _page(
        "Quotes", f"All {len(listed)} statements in the dossier, by speaker and by date.", "quotes", lines
    )


def render_people_index(d: Dossier) -> str:
    page = PEOPLE_INDEX
    counts = statement_counts(d)
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
    # Notes on the whole dossier are about its sources: shown here as well as on the home page,
    # which is generated only when the dossier has none of its own.
    lines += notes_block(d.notes)
    nquotes = {a.id: len(article_statements(d, a.id)) for a in d.articles}
    if any(a.meta.date_inferred for a in d.articles):
        lines += [
            html_p("<em>Dates marked * are inferred from the text; the article's page says how.</em>"),
            "",
        ]
    rows = [
        [
            html_text(human_date(a.meta.date) + (" *" if a.meta.date_inferred else "")),
            html_link(page, article_page(a.id, slugs), article_label(a)),
            html_text(", ".join(a.meta.authors)).strip() or "—",
            html_text(a.meta.outlet or "").strip() or "—",
            str(nquotes[a.id]),
        ]
        for a in sorted(d.articles, key=lambda a: (a.meta.date or "", a.id))
    ]
    lines += [html_table(["Date", "Article", "Author", "Outlet", "Quotes"], rows, right=frozenset({4})), ""]
    return _page("Sources", f"The {len(d.articles)} source articles of the dossier.", "articles", lines)


def article_statements(d: Dossier, article_id: str) -> list:
    """The statements an article prints, each once however many times or pieces it prints it."""
    return statements(list({q.id: q for q, _ in d.occurrences_in(article_id)}.values()))


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
    for q in statements(d.quotes):
        if q.date:
            quotes_by_date[q.date[:10]].append(q)
    lines = [
        "# Timeline",
        "",
        html_p("Events dated in the sources (relative dates resolved against each article's date)."),
        "",
    ]
    lines += date_note(any(q.date_inferred for qs in quotes_by_date.values() for q in qs))
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
    counts = statement_counts(d)
    listed = statements(d.quotes)
    lines = ["# Dossier", ""]
    lines += [
        html_p(
            f"{len(d.articles)} {html_link(page, ARTICLES_INDEX, 'sources')} · {len(listed)} "
            f"{html_link(page, QUOTES_INDEX, 'quotes')} · {len(d.people)} {html_link(page, PEOPLE_INDEX, 'people')} · "
            f"{html_link(page, TIMELINE, 'timeline')}"
        ),
        "",
    ]
    lines += notes_block(d.notes)
    top = sorted((p for p in d.people if counts[p.id]), key=lambda p: (-counts[p.id], p.name))[:10]
    if top:
        lines += ["## Most quoted", ""]
        lines += [
            html_list([f"{html_link(page, person_page(p.id), p.name)} ({counts[p.id]})" for p in top]),
            "",
        ]
    # The latest statements: dated ones, newest first; fragments are not statements to announce.
    # On one day, the quotes whose speaker is known come first, then as the quotes index lists them.
    latest = sorted(
        (q for q in listed if q.date), key=lambda q: (q.date, q.speaker is not None), reverse=True
    )[:10]
    if latest:
        lines += ["## Latest quotes", ""]
        lines += date_note(any(q.date_inferred for q in latest))
        items = [f"{quote_line(page, q, d)} · {html_text(human_date(q.date))}" for q in latest]
        lines += [html_list(items), ""]
    return _page(
        "Dossier",
        f"{len(listed)} quotes by {len(d.people)} people in {len(d.articles)} sources.",
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
