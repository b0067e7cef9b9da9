"""Every page of the built demo: no broken internal link, no missing asset, no dead anchor."""

from __future__ import annotations

import json

from e2e_helpers import crawl

# Hosts a demo page may point to: the theme's web font and its "Made with Material" credit.
KNOWN_OUTSIDE = {"https://fonts.googleapis.com", "https://fonts.gstatic.com", "https://squidfunk.github.io"}


def test_no_broken_internal_link_or_missing_asset(demo_site):
    result = crawl(demo_site)
    assert result.pages > 20 and result.checked > 500
    assert result.broken == []
    assert result.unsafe == []


def test_every_anchor_exists(demo_site):
    """Links into articles (#q-…, #p-…) and headings point at an element with that id."""
    assert crawl(demo_site).bad_fragments == []


def test_only_known_outside_hosts(demo_site):
    outside = crawl(demo_site).outside
    # source articles link to their outlets; everything else must be known
    assert {h for h in outside if h not in KNOWN_OUTSIDE and not _is_source(demo_site, h)} == set()


def _is_source(site, host: str) -> bool:
    articles = json.loads((site / "data" / "articles.json").read_text("utf-8"))
    return any((a.get("source_url") or "").startswith(host) for a in articles)
