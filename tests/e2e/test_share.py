"""A pasted quote link: its card, the wording view on a phone, the citation files, the feeds."""

from __future__ import annotations

import json

from e2e_helpers import screenshot

TWEET = "I really appreciate this dialogue with John Legend"


def _tweet(site) -> dict:
    quotes = json.loads((site / "data" / "quotes.json").read_text("utf-8"))
    return next(q for q in quotes if q["quotation"].startswith(TWEET))


def test_og_image_exists_with_the_declared_size(demo_site, demo_url, new_page):
    q = _tweet(demo_site)
    page, watch = new_page(demo_url)
    page.goto(demo_url + q["url"])
    meta = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('head meta[property], head meta[name]')]"
        ".map(m => [m.getAttribute('property') || m.getAttribute('name'), m.getAttribute('content')]))"
    )
    assert meta["twitter:card"] == "summary_large_image"
    image = page.evaluate("src => new URL(src, document.baseURI).href", meta["og:image"])
    size = page.evaluate(
        """src => new Promise((ok, fail) => {
            const im = new Image();
            im.onload = () => ok([im.naturalWidth, im.naturalHeight]);
            im.onerror = () => fail('image did not load: ' + src);
            im.src = src;
        })""",
        image,
    )
    assert size == [int(meta["og:image:width"]), int(meta["og:image:height"])] == [1200, 630]
    assert meta["og:image:alt"].startswith("Share card: Kanye West")
    response = page.request.get(image)
    assert response.ok and response.headers["content-type"] == "image/png"
    assert len(response.body()) <= 80_000
    ld = next(
        d
        for d in map(json.loads, page.locator("head script[type='application/ld+json']").all_text_contents())
        if d.get("@type") == "Quotation"
    )
    assert ld["creator"] == {"@type": "Person", "name": "Kanye West"} and ld["image"].endswith(".png")
    feeds = page.evaluate(
        "() => [...document.querySelectorAll('head link[rel=alternate]')].map(l => [l.type, l.href])"
    )
    for kind, href in feeds:
        assert page.request.get(href).ok, (kind, href)
    assert {k for k, _ in feeds} == {"application/atom+xml", "application/feed+json"}
    assert watch.console_errors == [] and watch.failed == []


def test_wording_view_reads_at_375px(demo_site, demo_url, new_page):
    q = _tweet(demo_site)
    page, watch = new_page(demo_url, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(demo_url + q["url"])
    view = page.locator(".dossier-wording")
    view.scroll_into_view_if_needed()
    text = " ".join(view.inner_text().split())
    assert "[only in 2: This is year one." in text and "truly hearing all sides.]" in text
    assert "stops at “…don't think of empathy,”" in text
    # nothing wider than the phone: no sideways scrolling to read it
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.querySelector('.dossier-wording').scrollWidth,"
        " document.querySelector('.dossier-wording').clientWidth]"
    )
    assert widths[0] <= widths[1] and widths[2] <= widths[3], widths
    # the marks are in the text itself (brackets and labels), so they read without colour
    assert page.locator(".dossier-wording ins.dossier-cut").count() >= 1
    view.screenshot(
        path=str(screenshot(page, "wording-375px", full_page=False).with_name("wording-view.png"))
    )
    assert watch.console_errors == [] and watch.failed == []


def test_citation_files_download(demo_site, demo_url, new_page):
    q = _tweet(demo_site)
    page, _ = new_page(demo_url)
    page.goto(demo_url + q["url"])
    links = page.locator("a[download]")
    assert links.count() == 2
    for href in links.evaluate_all("els => els.map(a => a.href)"):
        body = page.request.get(href)
        assert body.ok, href
        if href.endswith(".csl.json"):
            assert json.loads(body.text())[0]["id"] == q["id"]
        else:
            assert body.text().startswith("@misc{")
