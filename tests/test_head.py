"""Link previews come from the theme override (dossier/overrides), not from plugin hooks.

The partial is rendered through the Material theme's own Jinja environment with real front
matter of demo pages; a site built without the dossier plugin (as an engine that ignores
MkDocs plugins would) still has them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import frontmatter
from mkdocs.theme import Theme
from PIL import Image

from dossier.model import SiteOptions
from dossier.publish.build import build
from dossier.publish.plugin import OVERRIDES, add_overrides

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://example.org/dossier/"
TWEET = "I really appreciate this dialogue with John Legend"


def render_head(
    meta: dict, canonical: str | None = None, site_url: str | None = SITE, url="quotes/x/"
) -> str:
    """The head partial for a page with this ``dossier`` front matter, as MkDocs renders it."""
    theme = Theme(name="material")
    add_overrides(theme)
    env = theme.get_env()
    page = SimpleNamespace(meta={"dossier": meta}, canonical_url=canonical, url=url)
    config = {"site_name": "Site", "site_url": site_url, "use_directory_urls": True}
    return env.get_template("partials/dossier-head.html").render(page=page, config=config, base_url="../..")


class _Head(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.ld: list[dict] = []
        self._in_ld = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            self.meta[a.get("property") or a.get("name") or a.get("http-equiv")] = a.get("content")
        elif tag == "link":
            self.links.append(a)
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.ld.append(json.loads(data))
            self._in_ld = False


def _demo(project: Path, site: SiteOptions) -> Path:
    build(project / "seeds", project / "docs", curation=ROOT / "dossier.yml", site=site)
    return project / "docs"


def _quote_meta(docs: Path, words: str) -> dict:
    for path in sorted((docs / "quotes").glob("*.md")):
        meta = frontmatter.load(path).metadata["dossier"]
        if meta.get("kind") == "quote" and meta["text"].startswith(words):
            return meta
    raise AssertionError(f"no quote page starts with {words!r}")


def test_quote_head_has_absolute_card_with_size_and_creator(project):
    docs = _demo(project, SiteOptions(site_url=SITE, name="Demo"))
    meta = _quote_meta(docs, TWEET)
    head = _Head(render_head(meta, canonical=SITE + f"quotes/{meta['id']}/"))
    image = head.meta["og:image"]
    assert image.startswith(SITE + "cards/") and image.endswith(".png")
    card = docs / image[len(SITE) :]
    with Image.open(card) as im:
        assert im.size == (int(head.meta["og:image:width"]), int(head.meta["og:image:height"])) == (1200, 630)
    assert card.stat().st_size <= 80_000
    assert head.meta["twitter:card"] == "summary_large_image"
    assert "Kanye West" in head.meta["og:image:alt"]
    # no "(inferred)" and no ".…" in what a preview shows
    assert "(inferred)" not in head.meta["og:description"]
    assert not head.meta["og:title"].split("”")[0].endswith((".…", ",…"))
    (ld,) = head.ld
    assert ld["creator"] == {"@type": "Person", "name": "Kanye West"}
    assert ld["image"] == image and ld["text"] == meta["text"]
    feeds = {link["type"]: link["href"] for link in head.links if link.get("rel") == "alternate"}
    assert set(feeds) == {"application/atom+xml", "application/feed+json"}


def test_person_page_gets_a_card_too(project):
    docs = _demo(project, SiteOptions(site_url=SITE))
    meta = frontmatter.load(docs / "people" / "john-legend.md").metadata["dossier"]
    head = _Head(render_head(meta, url="people/john-legend/"))
    assert head.meta["og:type"] == "profile" and head.meta["og:title"] == "John Legend"
    assert (docs / head.meta["og:image"][len(SITE) :]).is_file()
    assert not head.ld  # a person page is no Quotation


def test_person_only_named_gets_no_empty_card(project):
    docs = _demo(project, SiteOptions(site_url=SITE))
    people = {p.stem: frontmatter.load(p).metadata["dossier"] for p in (docs / "people").glob("*.md")}
    people = {k: m for k, m in people.items() if m.get("kind") == "person"}
    said = {p["id"]: p["quotes"] for p in json.loads((docs / "data" / "people.json").read_text("utf-8"))}
    bare = [k for k, m in people.items() if not said[m["id"]] and not m["description"]]
    assert bare  # the demo names people who say nothing (Taylor Swift, Donald Trump...)
    for key, meta in people.items():
        head = _Head(render_head(meta, url=f"people/{key}/"))
        if key in bare:
            assert "og:image" not in head.meta and head.meta["twitter:card"] == "summary"
        else:
            assert head.meta["twitter:card"] == "summary_large_image"
    quotes = json.loads((docs / "data" / "quotes.json").read_text("utf-8"))
    cards = {p.name for p in (docs / "cards").glob("*.png")}
    assert len(cards) == len(quotes) + len(people) - len(bare)


def test_no_cards_means_no_image(project):
    docs = _demo(project, SiteOptions(cards=False))
    assert not (docs / "cards").exists()
    head = _Head(render_head(_quote_meta(docs, TWEET), site_url=None))
    assert "og:image" not in head.meta
    assert head.meta["twitter:card"] == "summary"
    assert "image" not in head.ld[0]


def test_redirect_page_refreshes_to_the_current_quote():
    head = _Head(render_head({"kind": "redirect", "to": "new-id"}, url="quotes/old-id/"))
    assert head.meta["refresh"] == "0; url=../new-id/"


def test_plugin_puts_the_override_after_a_users_own_custom_dir(tmp_path):
    plain = Theme(name="material")
    add_overrides(plain)
    assert plain.dirs[0] == str(OVERRIDES)
    mine = tmp_path / "mine"
    mine.mkdir()
    custom = Theme(name="material", custom_dir=str(mine))
    add_overrides(custom)
    assert custom.dirs[:2] == [str(mine), str(OVERRIDES)]
    add_overrides(custom)  # once only
    assert custom.dirs.count(str(OVERRIDES)) == 1


def test_site_built_without_the_plugin_keeps_its_previews(project):
    """An engine that reads mkdocs.yml and custom_dir but no MkDocs plugin (Zensical)."""
    _demo(project, SiteOptions(site_url=SITE))
    yml = (project / "mkdocs.yml").read_text("utf-8")
    yml = yml.replace("  - dossier:\n      seeds: seeds\n", "")
    yml = yml.replace("# site_url: https://example.github.io/dossier/", f"site_url: {SITE}")
    assert "dossier" not in yml.split("plugins:")[1].split("markdown_extensions")[0]
    (project / "mkdocs.yml").write_text(yml, "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    meta = _quote_meta(project / "docs", TWEET)
    page = project / "site" / "quotes" / meta["id"] / "index.html"
    head = _Head(page.read_text("utf-8"))
    assert head.meta["og:image"].startswith(SITE + "cards/")
    assert (project / "site" / head.meta["og:image"][len(SITE) :]).is_file()
    assert any(ld.get("@type") == "Quotation" for ld in head.ld)
    shutil.rmtree(project / "site")


def test_an_organisation_speaker_is_an_organization_creator():
    meta = {
        "kind": "quote",
        "text": "We stand by our reporting.",
        "speaker_name": "The Daily",
        "sources": [],
        "preview": {"title": "t", "description": "d", "creator": "The Daily", "creator_type": "Organization"},
    }
    (ld,) = _Head(render_head(meta)).ld
    assert ld["creator"] == {"@type": "Organization", "name": "The Daily"}
