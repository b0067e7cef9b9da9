"""The demo as a reader sees it, in the built HTML: every curation note where it belongs, one
count of statements everywhere (agreeing with data/quotes.json), search results a reader can
tell apart, and fragments kept out of the announcements."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from e2e_helpers import ROOT, make_project, mkdocs_build

# Notes of the kinds the demo's dossier.yml lacks, added to a copy of it: one per kind is shown.
EXTRA_NOTES = """
  - article: 000_35de9ac7b62baea6
    author: Test desk
    text: Transcribed from the radio interview's web page, not from the broadcast.
  - person: Ebro Darden
    author: Test desk
    text: Host of the Hot 97 morning show.
"""


@pytest.fixture(scope="module")
def curated(tmp_path_factory) -> Path:
    """The demo project with its dossier.yml (plus an article and a person note), built."""
    project = make_project(tmp_path_factory.mktemp("curated"))
    shutil.copy(ROOT / "dossier.yml", project / "dossier.yml")
    with open(project / "dossier.yml", "a", encoding="utf-8") as fh:
        fh.write(EXTRA_NOTES)
    mkdocs_build(project, "--strict")
    return project


def text_of(page: str) -> str:
    """The page's words as a reader sees them (tags dropped, entities decoded, spaces joined)."""
    body = page.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def admonitions(page: str) -> list[str]:
    return [text_of(m) for m in re.findall(r'<div class="admonition[^"]*">.*?</div>', page, re.S)]


def note_words(text: str) -> str:
    return " ".join(text.split())


def notes_of(project: Path) -> dict[str, list[tuple[object, str]]]:
    """Kind -> (what the note is about, its text) of every note in the project's dossier.yml."""
    import yaml

    out: dict[str, list[tuple[object, str]]] = {}
    for n in yaml.safe_load((project / "dossier.yml").read_text("utf-8"))["notes"]:
        kind = next(k for k in ("quote", "person", "article", "dossier") if k in n)
        out.setdefault(kind, []).append((n[kind], note_words(n["text"])))
    return out


def pages_for(project: Path, kind: str, about: object) -> list[str]:
    """The built pages a note of this kind, about this, belongs on."""
    if kind == "dossier":
        return [site_page(project, ""), site_page(project, "articles/")]
    if kind == "article":
        (article,) = [a for a in data(project, "articles") if a["id"] == about]
        return [site_page(project, article["url"])]
    if kind == "person":
        (person,) = [p for p in data(project, "people") if p["name"] == about]
        return [site_page(project, person["url"])]
    exact = about["exact"] if isinstance(about, dict) else about
    (quote,) = [q for q in data(project, "quotes") if exact.lower() in q["quotation"].lower()]
    return [site_page(project, quote["url"])]


def site_page(project: Path, url: str) -> str:
    return (project / "site" / url.lstrip("/") / "index.html").read_text("utf-8")


def sub_pages(project: Path, folder: str) -> list[str]:
    """The built sub-pages of an index page (each in its own folder, as MkDocs writes a page)."""
    return [p.read_text("utf-8") for p in sorted((project / "site" / folder).glob("*/index.html"))]


def data(project: Path, name: str) -> list[dict]:
    return json.loads((project / "site" / "data" / f"{name}.json").read_text("utf-8"))


@pytest.mark.parametrize("kind", ["dossier", "article", "person", "quote"])
def test_every_note_is_shown_where_it_belongs(curated, kind):
    notes = notes_of(curated)[kind]
    assert notes, f"the demo's curation has a {kind} note"
    for about, note in notes:
        for page in pages_for(curated, kind, about):
            boxes = admonitions(page)
            assert any(note in box for box in boxes), (kind, note, boxes)


def test_dossier_notes_show_on_the_sources_page_when_the_home_page_is_yours(tmp_path):
    project = make_project(tmp_path / "own-home")
    shutil.copy(ROOT / "dossier.yml", project / "dossier.yml")
    (project / "docs" / "index.md").write_text("# Our dossier\n\nWritten by us.\n", "utf-8")
    mkdocs_build(project, "--strict")
    ((_, note),) = notes_of(project)["dossier"]
    assert "Written by us." in text_of(site_page(project, ""))
    assert any(note in box for box in admonitions(site_page(project, "articles/")))


def rows(page: str) -> list[list[str]]:
    """Each table row's cells as text, with the first cell's link target."""
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if cells:
            href = re.search(r'href="([^"]+)"', row)
            out.append([href.group(1) if href else "", *(text_of(c) for c in cells)])
    return out


def test_counts_agree_with_the_data_export(curated):
    quotes = [q for q in data(curated, "quotes") if not q["fragment"]]
    people = {p["name"]: p for p in data(curated, "people")}
    said: dict[str, int] = {}
    for q in quotes:
        if q["speaker"]:
            said[q["speaker"]] = said.get(q["speaker"], 0) + 1
    assert said, "the demo has attributed statements"
    base = "http://site/"
    # The people index and each person page.
    index = rows(site_page(curated, "people/"))
    assert {r[1]: int(r[2]) for r in index} == {name: said.get(name, 0) for name in people}
    # ... and its sub-pages by initial, which list everyone once.
    by_name = [r for page in sub_pages(curated, "people/by-name") for r in rows(page)]
    assert len(by_name) == len(people)
    assert {r[1]: int(r[2]) for r in by_name} == {name: said.get(name, 0) for name in people}
    for name, person in people.items():
        top = text_of(site_page(curated, person["url"]))
        assert f"{said.get(name, 0)} quotes ·" in top, name
    # The sources index: statements printed in each article, each counted once.
    printed: dict[str, set[str]] = {}
    for q in quotes:
        for o in q["occurrences"]:
            printed.setdefault(base + o["url"], set()).add(q["id"])
    for href, *cells in rows(site_page(curated, "articles/")):
        assert int(cells[-1]) == len(printed.get(urljoin(base + "articles/", href), set())), href
    by_date = [r for page in sub_pages(curated, "articles/by-date") for r in rows(page)]
    assert len(by_date) == len(data(curated, "articles"))
    for href, *cells in by_date:
        assert int(cells[-1]) == len(printed.get(urljoin(base + "articles/by-date/x/", href), set())), href
    # Each article's people table, and the statements it lists.
    for article in data(curated, "articles"):
        page = site_page(curated, article["url"])
        mine = [q for q in quotes if any(o["article"] == article["id"] for o in q["occurrences"])]
        listed = text_of(page.split('id="quotes"', 1)[1]) if 'id="quotes"' in page else ""
        for _, name, _mentions, count in rows(page.split('id="people-in-this-article"', 1)[1]):
            want = sum(1 for q in mine if q["speaker"] == name)
            assert int(count) == want, (article["id"], name)
            assert listed.count(f"— {name} (") == want, (article["id"], name)
    # The quotes index and the home page.
    assert f"{len(quotes)} statements from" in text_of(site_page(curated, "quotes/"))
    home = text_of(site_page(curated, ""))
    assert f"{len(quotes)} quotes" in home
    for name, n in said.items():
        if f"{name} (" in home:
            assert f"{name} ({n})" in home


def test_search_results_are_titled_by_the_quotes_words_without_stray_arrows(curated):
    index = json.loads((curated / "site" / "search" / "search_index.json").read_text("utf-8"))
    assert not [d["location"] for d in index["docs"] if "↗" in d["title"] + d["text"]]
    by_id = {q["url"]: q for q in data(curated, "quotes")}
    titles = {d["location"]: d["title"] for d in index["docs"] if d["location"] in by_id}
    assert len(titles) == len(by_id)
    for url, title in titles.items():
        q = by_id[url]
        first_words = " ".join(q["quotation"].split()[:3])
        assert html.unescape(title).startswith("“" + first_words), title
        assert title.endswith(q["speaker"] or "Unattributed"), title
    assert len(set(titles.values())) == len(titles)
