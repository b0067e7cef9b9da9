"""The demo site as a reader uses it, in a real (headless Debian) Chromium.

Home without console errors, search finding a quote, a quote page's facts and its
link into the highlighted article passage, link previews, the colour toggle, phone
width, and screenshots of the main pages in test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from e2e_helpers import screenshot

# lunr's English stop words of six letters or more (never indexed, so never found).
STOP = {"across", "almost", "because", "cannot", "either", "however", "likely", "neither", "rather", "should"}


def quotes_of(site) -> list[dict]:
    return json.loads((site / "data" / "quotes.json").read_text("utf-8"))


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def search_word(site) -> tuple[str, dict]:
    """A word of >= 6 letters in exactly one quote's text and in no other page's title.

    Among those, the one in the fewest indexed pages, so the quote's page is among the first results.
    """
    quotes = quotes_of(site)
    per_quote = Counter(w for q in quotes for w in words(q["quotation"]))
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    candidates = []
    for q in quotes:
        own = f"quotes/{q['id']}/"
        for w in sorted(words(q["quotation"])):
            if len(w) < 6 or per_quote[w] != 1 or w in STOP:
                continue
            other_titles = [d for d in index if not d["location"].startswith(own) and w in words(d["title"])]
            if other_titles:
                continue
            pages = {d["location"].split("#")[0] for d in index if w in words(d["title"] + " " + d["text"])}
            candidates.append((len(pages), w, q["id"]))
    assert candidates, "no word occurs in exactly one quote"
    _, word, qid = min(candidates)
    return word, next(q for q in quotes if q["id"] == qid)


def test_home_loads_without_console_errors(demo_url, new_page):
    page, watch = new_page(demo_url)
    response = page.goto(demo_url, wait_until="networkidle")
    assert response.status == 200
    assert page.locator("h1").first.inner_text().strip()
    assert page.locator("a[href*='quotes/']").count() > 0
    assert watch.console_errors == []
    assert watch.failed == [] and watch.bad_status == [] and watch.dialogs == []
    assert watch.outside == [], f"requests to outside hosts: {watch.outside}"
    screenshot(page, "home")


def test_search_finds_a_quote_by_one_of_its_words(demo_site, demo_url, new_page):
    word, quote = search_word(demo_site)
    page, watch = new_page(demo_url)
    page.goto(demo_url, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    hit = page.locator(f".md-search-result__item a.md-search-result__link[href*='quotes/{quote['id']}/']")
    hit.first.wait_for(state="visible")
    assert page.locator(".md-search-result__item").count() >= 1
    hit.first.click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path.endswith(f"/quotes/{quote['id']}/"), (word, page.url)
    assert quote["speaker"] in page.locator("article h1").inner_text()
    assert watch.console_errors == [] and watch.failed == []


def fact(page, label: str) -> str:
    return page.locator(f"article table tr:has(td:first-child:text-is('{label}')) td").nth(1).inner_text()


def test_quote_page_shows_its_facts_sources_and_context(demo_site, demo_url, new_page):
    quote = max(quotes_of(demo_site), key=lambda q: (q["numOccurrences"], q["id"]))
    page, watch = new_page(demo_url)
    page.goto(demo_url + quote["url"], wait_until="load")
    article = page.locator("article")
    assert quote["speaker"] in article.locator("h1").inner_text()
    assert quote["quotation"][:40] in article.locator("blockquote").first.inner_text()
    assert fact(page, "Speaker") == quote["speaker"]
    y, m, d = (int(x) for x in quote["date"][:10].split("-"))
    assert re.search(rf"\b{d} \w+ {y}\b", fact(page, "Date"))
    assert fact(page, "Medium") == (quote["medium"] or "not stated")
    assert fact(page, "Sources") == str(quote["numOccurrences"])
    articles = json.loads((demo_site / "data" / "articles.json").read_text("utf-8"))
    titles = {a["url"]: a["title"] for a in articles}
    for occ in quote["occurrences"]:
        link = article.locator(f"p > strong > a[href*='{occ['url']}#q-']")
        assert link.count() == 1, occ["url"]
        assert link.inner_text().strip() == titles[occ["url"]]
    marks = article.locator("mark.dossier-quote")
    assert marks.count() >= quote["numOccurrences"]
    for i in range(marks.count()):
        assert marks.nth(i).is_visible()
        assert marks.nth(i).inner_text().strip()
    assert watch.console_errors == [] and watch.failed == []
    screenshot(page, "quote")


def test_link_to_the_article_lands_on_the_highlighted_passage(demo_site, demo_url, new_page):
    quote = max(quotes_of(demo_site), key=lambda q: (q["numOccurrences"], q["id"]))
    page, watch = new_page(demo_url)
    for n, occ in enumerate(quote["occurrences"]):
        page.goto(demo_url + quote["url"], wait_until="load")
        link = page.locator(f"article p > strong > a[href*='{occ['url']}#q-']")
        link.click()
        page.wait_for_load_state("load")
        anchor = urlsplit(page.url).fragment
        assert urlsplit(page.url).path.endswith("/" + occ["url"]) and anchor.startswith("q-")
        target = page.locator(f"[id='{anchor}']")
        assert target.evaluate("e => e.tagName") == "MARK"
        assert target.evaluate("e => e.matches(':target')")
        box = target.bounding_box()
        view = page.viewport_size
        header = page.locator("header.md-header").bounding_box()
        assert box is not None and header is not None
        # in the viewport, and not hidden under the sticky header
        assert header["y"] + header["height"] <= box["y"] + 1, (box, header)
        assert box["y"] + min(box["height"], 40) <= view["height"], (box, view)
        assert occ["wording"][:20] in target.inner_text() or target.inner_text() in occ["wording"]
        if n == 0:
            screenshot(page, "article-at-quote", full_page=False)  # what the reader lands on
    assert watch.console_errors == [] and watch.failed == []


def test_quote_page_has_open_graph_and_quotation_json_ld(demo_site, demo_url, new_page):
    quote = max(quotes_of(demo_site), key=lambda q: (q["numOccurrences"], q["id"]))
    page, _ = new_page(demo_url)
    page.goto(demo_url + quote["url"])
    og = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('head meta[property^=\"og:\"]')]"
        ".map(m => [m.getAttribute('property'), m.getAttribute('content')]))"
    )
    assert og["og:type"] == "article"
    assert quote["speaker"] in og["og:title"]
    assert quote["quotation"][:30] in og["og:title"]
    assert quote["quotation"][:30] in og["og:description"]
    assert og["og:site_name"]
    blocks = page.evaluate(
        "() => [...document.querySelectorAll('head script[type=\"application/ld+json\"]')].map(s => s.textContent)"
    )
    data = [json.loads(b) for b in blocks]
    ld = next(d for d in data if d.get("@type") == "Quotation")
    assert ld["@context"] == "https://schema.org"
    assert ld["text"] == quote["quotation"]
    assert ld["spokenByCharacter"] == {"@type": "Person", "name": quote["speaker"]}
    assert len(ld["isBasedOn"]) == quote["numOccurrences"]
    assert ld["dateCreated"] == quote["date"]


def test_pages_load_every_asset(demo_site, demo_url, new_page):
    """A few pages of each kind in the browser: no failed request, no 404, no console error."""
    quote = quotes_of(demo_site)[0]
    people = json.loads((demo_site / "data" / "people.json").read_text("utf-8"))
    articles = json.loads((demo_site / "data" / "articles.json").read_text("utf-8"))
    paths = ["quotes/", "timeline/", "about/", quote["url"], people[0]["url"], articles[0]["url"]]
    paths += ["this/page/does/not/exist/"]
    page, watch = new_page(demo_url)
    for path in paths:
        response = page.goto(demo_url + path, wait_until="load")
        if path.startswith("this/"):
            assert response.status == 404  # http.server's own 404, not the site's
            watch.bad_status.clear()
            watch.console.clear()
            continue
        assert response.status == 200, path
    assert watch.failed == [] and watch.bad_status == [] and watch.console_errors == []
    assert watch.outside == []


def test_person_page_and_timeline(demo_site, demo_url, new_page):
    people = json.loads((demo_site / "data" / "people.json").read_text("utf-8"))
    person = max(people, key=lambda p: (len(p["quotes"]), p["id"]))
    page, watch = new_page(demo_url)
    page.goto(demo_url + person["url"], wait_until="load")
    assert person["name"] in page.locator("article h1").inner_text()
    for qid in person["quotes"]:
        assert page.locator(f"article a[href*='quotes/{qid}/']").count() >= 1, qid
    screenshot(page, "person")
    page.goto(demo_url + "timeline/", wait_until="load")
    assert page.locator("article h2").count() >= 1
    screenshot(page, "timeline")
    assert watch.console_errors == [] and watch.failed == []


def test_light_dark_toggle(demo_url, new_page):
    page, watch = new_page(demo_url)
    page.goto(demo_url, wait_until="load")
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    assert before == "default"
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    bg = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    screenshot(page, "home-dark")
    # the choice is remembered on the next page
    page.goto(demo_url + "quotes/", wait_until="load")
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != bg
    assert watch.console_errors == []


@pytest.mark.parametrize("kind", ["home", "quote", "article", "person"])
def test_phone_width_has_no_horizontal_scroll(kind, demo_site, demo_url, new_page):
    quotes = quotes_of(demo_site)
    quote = max(quotes, key=lambda q: len(q["quotation"]))
    people = json.loads((demo_site / "data" / "people.json").read_text("utf-8"))
    path = {
        "home": "",
        "quote": quote["url"],
        "article": quote["occurrences"][0]["url"],
        "person": max(people, key=lambda p: len(p["quotes"]))["url"],
    }[kind]
    page, _ = new_page(demo_url, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(demo_url + path, wait_until="load")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 375:
        wide = page.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)"
            ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
        )
        pytest.fail(f"{kind} page is {width}px wide at 375px: {wide}")
    if kind in ("home", "quote"):
        screenshot(page, f"phone-{kind}")
