"""Live preview under `dossier serve` (mkdocs serve --dirty with the plugin): an edited seed
causes one rebuild, not a second one for the pages the build wrote, and after it the served
search index still holds every page, so a reader finds another article's quote."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections import Counter

import pytest
from e2e_helpers import make_project
from test_reader import search_word
from test_serve import Serve, fetch, wait_for

from dossier.write.data import read_export  # (serve writes the export in parts)

NEW_QUOTE = "“Previews should follow every edit without a second rebuild,” said Pat Example."


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = Serve(make_project(tmp_path_factory.mktemp("live")))
    yield server
    server.stop()


def rebuilds(log_text: str) -> int:
    # mkdocs serve logs this line each time its watcher starts a rebuild.
    return log_text.count("Detected file changes")


def served_index(server) -> list[dict]:
    status, body = fetch(server.url + "search/search_index.json")
    assert status == 200
    return json.loads(body)["docs"]


def test_an_edit_rebuilds_once_and_search_still_finds_other_quotes(live, new_page, tmp_path):
    project = live.project
    before = served_index(live)
    articles = read_export(project / "docs", "articles")
    edited = articles[0]
    seed = project / "seeds" / edited["seed"].split("/")[-1]
    log_before = (project / "serve.log").read_text("utf-8", "replace")
    assert rebuilds(log_before) == 0  # nothing changed since it started

    with seed.open("a", encoding="utf-8") as fh:
        fh.write(f"\n\n{NEW_QUOTE}\n")
    url = live.url + edited["url"].lstrip("/")
    wait_for(url, lambda status, body: status == 200 and "Pat Example" in body, timeout=90)
    # The build wrote pages into docs/; MkDocs' watcher looks every 0.5 s: give it many looks.
    time.sleep(4)
    log_after = (project / "serve.log").read_text("utf-8", "replace")
    assert rebuilds(log_after) == 1, log_after[len(log_before) :]

    # The served index after the dirty rebuild: every page still there, the edit in it.
    after = served_index(live)
    pages_before = {d["location"].split("#")[0] for d in before}
    pages_after = {d["location"].split("#")[0] for d in after}
    assert pages_before <= pages_after and len(after) >= len(before) > 20
    assert any("Pat Example" in d["title"] + d["text"] for d in after)
    counts_before, counts_after = (
        Counter(d["location"] for d in before),
        Counter(d["location"] for d in after),
    )
    assert all(counts_after[loc] <= n for loc, n in counts_before.items())  # no page indexed twice

    # A reader searches for a word of a quote of the other article, and finds it.
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "data").mkdir()
    quotes = read_export(project / "docs", "quotes")
    others = [q for q in quotes if all(o["article"] != edited["id"] for o in q["occurrences"])]
    assert others
    (site / "data" / "quotes.json").write_text(json.dumps(others), "utf-8")
    (site / "search" / "search_index.json").write_text(json.dumps({"docs": after}), "utf-8")
    word, quote = search_word(site)
    page, watch = new_page(live.url)
    page.goto(live.url, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    hit = page.locator(f".md-search-result__item a.md-search-result__link[href*='quotes/{quote['id']}/']")
    hit.first.wait_for(state="visible")
    assert watch.console_errors == []
    shutil.rmtree(site)


def a_word_to_change(quotes: list[dict], article: str, text: str) -> tuple[str, dict]:
    """A word of >= 6 letters printed once in the seed, inside one of the article's quotes of
    >= 8 words (so the quote keeps its id when one word changes)."""
    for q in quotes:
        for o in q["occurrences"]:
            if o["article"] != article or len(o["wording"].split()) < 8 or text.count(o["wording"]) != 1:
                continue
            for word in re.findall(r"[A-Za-z]{6,}", o["wording"]):
                if len(re.findall(rf"\b{word}\b", text)) == 1:
                    return word, q
    raise AssertionError(f"no quote of {article} with a word to change")


def served_path(docs, md) -> str:
    return md.relative_to(docs).with_suffix("").as_posix() + "/"


def built_page(url: str) -> str:
    """A served page without the live-reload script mkdocs serve adds (new on every request)."""
    status, body = fetch(url)
    assert status == 200, url
    return re.sub(r"<script>\s*var livereload = .*?</script>", "", body, flags=re.S)


def test_an_edited_quote_shows_in_the_open_page_and_the_other_pages_stay(live, new_page):
    project = live.project
    docs = project / "docs"
    articles = read_export(docs, "articles")
    quotes = read_export(docs, "quotes")
    edited, other = articles[-1], articles[0]
    assert edited["id"] != other["id"]
    seed = project / "seeds" / edited["seed"].split("/")[-1]
    text = seed.read_text("utf-8")
    word, quote = a_word_to_change(quotes, edited["id"], text)
    new_word = "Zanzibarian"  # in no seed of the demo
    assert new_word not in text
    # Pages that may or may not change with the edit: whichever keeps its docs/ source must be
    # served exactly as before (built by the first build, left alone by the rebuild).
    sources = [
        docs / (other["url"].rstrip("/") + ".md"),
        *sorted(p for p in (docs / "people").glob("*.md") if p.stem != "index"),
    ]
    before = {md: (md.read_bytes(), built_page(live.url + served_path(docs, md))) for md in sources}
    log_before = (project / "serve.log").read_text("utf-8", "replace")

    # The edited article's page is open in a browser; the edit reaches it by live reload.
    page, watch = new_page(live.url)
    page.goto(live.url + edited["url"].lstrip("/"), wait_until="load")
    assert new_word not in page.content()
    seed.write_text(re.sub(rf"\b{word}\b", new_word, text), "utf-8")
    page.locator(f"mark.dossier-quote:has-text('{new_word}')").first.wait_for(timeout=90_000)
    time.sleep(4)  # as above: a second rebuild would have started by now
    log_after = (project / "serve.log").read_text("utf-8", "replace")
    assert rebuilds(log_after) - rebuilds(log_before) == 1, log_after[len(log_before) :]

    # The quote's own page shows the new words; a page the edit did not touch is served as before.
    assert new_word in fetch(live.url + quote["url"].lstrip("/"))[1]
    kept = [md for md, (src, _) in before.items() if md.read_bytes() == src]
    assert kept
    for md in kept:
        assert built_page(live.url + served_path(docs, md)) == before[md][1], md
    assert any(new_word in d["text"] for d in served_index(live))
    assert watch.console_errors == []

    # A generated page edited by hand is not the dossier build's write: it is rendered again too.
    person = sorted((docs / "people").glob("*.md"))[0]
    url = live.url + f"people/{person.stem}/"
    person.write_text(person.read_text("utf-8") + "\n\nHand-written Quokkaesque note.\n", "utf-8")
    wait_for(url, lambda status, body: status == 200 and "Quokkaesque" in body, timeout=90)
