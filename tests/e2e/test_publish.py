"""Publishing on GitHub Pages: with site_url set, canonical URLs, og:url and the sitemap are right.

The build is the one the Pages workflow runs (`mkdocs build --strict`), on a copy of the demo
project whose mkdocs.yml sets a project-site address (a sub-path, like USER.github.io/REPO/).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from e2e_helpers import ROOT, crawl, make_project, mkdocs_build, parse, url_to_file

SITE_URL = "https://example.github.io/dossier/"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"(?m)^#? ?site_url:.*$", "", config)
    config = config.replace("site_name:", f"site_url: {SITE_URL}\nsite_name:", 1)
    project = make_project(tmp_path_factory.mktemp("pages"), mkdocs_yml=config)
    return mkdocs_build(project, "--strict")


def test_canonical_urls_point_to_existing_pages(published):
    pages = [f for f in published.rglob("*.html") if f.name != "404.html" and "assets" not in f.parts]
    assert len(pages) > 20
    for f in pages:
        canonical = parse(f).canonical
        assert canonical and canonical.startswith(SITE_URL), f
        assert url_to_file(published, canonical, SITE_URL) == f, (f, canonical)


def test_quote_page_open_graph_url_is_absolute_and_canonical(published):
    quotes = json.loads((published / "data" / "quotes.json").read_text("utf-8"))
    for q in quotes:
        f = published / q["url"] / "index.html"
        info = parse(f)
        og_url = info.meta.get("og:url")
        assert og_url == SITE_URL + q["url"] == info.canonical, f
        assert url_to_file(published, og_url, SITE_URL) == f
        ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', f.read_text("utf-8"), re.S)
        assert json.loads(ld.group(1))["url"] == og_url


def test_sitemap_lists_every_page_under_site_url(published):
    tree = ET.parse(published / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in tree.getroot().findall("s:url/s:loc", ns)]
    assert locs
    for loc in locs:
        assert loc.startswith(SITE_URL), loc
        target = url_to_file(published, loc, SITE_URL)
        assert target is not None and target.is_file(), loc
    quotes = json.loads((published / "data" / "quotes.json").read_text("utf-8"))
    assert {SITE_URL + q["url"] for q in quotes} <= set(locs), "quote pages missing from the sitemap"


def test_links_hold_under_the_project_sub_path(published):
    """Including the 404 page, whose links are absolute: /dossier/assets/…, not /assets/…."""
    result = crawl(published, SITE_URL)
    assert result.broken == []


def test_pages_workflow_uses_the_projects_commands():
    text = WORKFLOW.read_text("utf-8")
    for needed in (
        "bash scripts/setup.sh",
        "mkdocs build --strict",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "pages: write",
        "id-token: write",
    ):
        assert needed in text, needed
