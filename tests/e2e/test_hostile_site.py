"""The site built from the hostile corpus runs no script and shows every payload as text."""

from __future__ import annotations

import json

import pytest
from e2e_helpers import crawl, screenshot

# Payloads a reader must see literally (each is in the corpus: tests/hostile/ or the inline one).
PAYLOADS = (
    "<script>alert(",
    "<img src=x onerror=alert(",
    "javascript:alert(",
    # the hand-edited files' (tests/e2e/conftest.py): a note, a curated name, a registry line
    "{: onerror=alert('note-img') }",
    "<b onmouseover=alert('name')>Markup</b> Person",
    "<script>alert('lock')</script>",
)

# Scripts a page may run: MkDocs-Material's own, and the JSON-LD data block (not executed).
DOM_AUDIT = """() => {
  const bad = [];
  for (const s of document.scripts) {
    if (s.type === 'application/ld+json') continue;
    if (s.src && new URL(s.src).origin === location.origin && s.src.includes('/assets/javascripts/')) continue;
    if (!s.src && !/alert|evil/.test(s.textContent)) continue;
    bad.push('script: ' + (s.src || s.textContent.slice(0, 80)));
  }
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) bad.push(`${e.tagName} ${a.name}=${a.value.slice(0, 40)}`);
      if (/^(href|src|action|data|formaction|xlink:href)$/i.test(a.name) && /^\\s*(javascript|vbscript|data):/i.test(a.value))
        bad.push(`${e.tagName} ${a.name}=${a.value.slice(0, 40)}`);
    }
  }
  for (const tag of ['iframe', 'object', 'embed', 'svg', 'details', 'style'])
    for (const e of document.querySelectorAll('article ' + tag)) bad.push('element in content: ' + tag);
  return {bad, text: document.body.innerText};
}"""


def pages_of(site) -> list[str]:
    return sorted(
        f.relative_to(site).as_posix().removesuffix("index.html")
        for f in site.rglob("index.html")
        if not f.relative_to(site).as_posix().startswith(("assets/", "search/"))
    )


def test_hostile_site_links_and_markup(hostile_site):
    result = crawl(hostile_site)
    assert result.broken == []
    assert result.unsafe == [], "javascript:/data: URLs in links"


def test_hostile_site_runs_no_script_and_shows_payloads_as_text(hostile_site, hostile_url, new_page):
    page, watch = new_page(hostile_url)
    shown: dict[str, list[str]] = {p: [] for p in PAYLOADS}
    problems: dict[str, list[str]] = {}
    shot = False
    for path in pages_of(hostile_site):
        # parsed and Material's scripts run; the DOM audit flags any handler that could run later
        page.goto(hostile_url + path, wait_until="domcontentloaded")
        audit = page.evaluate(DOM_AUDIT)
        if audit["bad"]:
            problems[path] = audit["bad"]
        text = audit["text"]
        for p in PAYLOADS:
            if p in text:
                shown[p].append(path)
        if path.startswith("articles/") and path != "articles/" and "<script>alert(" in text and not shot:
            screenshot(page, "hostile-article")
            shot = True
    page.wait_for_timeout(300)  # let any late handler (onerror of a broken image) fire
    assert watch.dialogs == [], f"a script ran: {watch.dialogs}"
    assert not [c for c in watch.console if "alert" in c or "evil" in c]
    assert watch.errors == [], watch.errors
    assert problems == {}
    assert watch.outside == [], f"the hostile site made requests outside: {watch.outside}"
    for p in PAYLOADS:
        assert shown[p], f"payload {p!r} is shown as text on no page"


def test_hostile_quote_previews_hold_the_payload_as_data(hostile_site, hostile_url, new_page):
    quotes = json.loads((hostile_site / "data" / "quotes.json").read_text("utf-8"))
    quote = next((q for q in quotes if "<" in q["quotation"]), None)
    if quote is None:
        pytest.skip("no quote of the hostile corpus holds markup")
    page, watch = new_page(hostile_url)
    page.goto(hostile_url + quote["url"], wait_until="load")
    ld = [
        json.loads(t)
        for t in page.evaluate(
            "() => [...document.querySelectorAll('script[type=\"application/ld+json\"]')].map(s => s.textContent)"
        )
    ]
    assert any(d.get("text") == quote["quotation"] for d in ld)
    title = page.locator("head meta[property='og:title']").get_attribute("content")
    assert quote["quotation"][:20] in title
    assert watch.dialogs == []


def test_hostile_search_results_run_no_script(hostile_url, new_page):
    """Search results are built from the index's text in the browser: a second place for injection."""
    page, watch = new_page(hostile_url)
    page.goto(hostile_url, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("onerror alert", delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    page.wait_for_timeout(300)
    audit = page.evaluate(DOM_AUDIT)
    assert audit["bad"] == []
    assert watch.dialogs == [] and watch.errors == []
    assert watch.outside == []
