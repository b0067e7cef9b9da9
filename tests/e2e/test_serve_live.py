"""Live preview under `dossier serve` (mkdocs serve --dirty with the plugin): an edited seed
causes one rebuild, not a second one for the pages the build wrote, and after it the served
search index still holds every page, so a reader finds another article's quote."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter

import pytest
from e2e_helpers import make_project
from test_reader import search_word
from test_serve import Serve, fetch, wait_for

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
    articles = json.loads((project / "docs" / "data" / "articles.json").read_text("utf-8"))
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
    quotes = json.loads((project / "docs" / "data" / "quotes.json").read_text("utf-8"))
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
