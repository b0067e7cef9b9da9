"""Feeds: Atom and JSON Feed of the newest statements, each entry linking to its quote page."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from dossier.model import SiteOptions
from dossier.publish.build import build

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://example.org/dossier/"
A = "{http://www.w3.org/2005/Atom}"


def _build(project: Path, site: SiteOptions) -> Path:
    docs = project / "docs"
    build(project / "seeds", docs, curation=ROOT / "dossier.yml", site=site)
    return docs


def test_atom_and_json_feed_link_every_entry_to_its_quote_page(project):
    docs = _build(project, SiteOptions(site_url=SITE, name="Demo <dossier>"))
    quotes = json.loads((docs / "data" / "quotes.json").read_text("utf-8"))
    atom = ET.parse(docs / "feed.xml").getroot()
    assert atom.tag == f"{A}feed"
    assert atom.find(f"{A}title").text == "Demo <dossier>: new statements"
    entries = atom.findall(f"{A}entry")
    assert len(entries) == len(quotes)  # the demo has fewer than the feed's limit
    dates = [e.find(f"{A}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert atom.find(f"{A}updated").text == dates[0]
    ids = set()
    for e in entries:
        href = e.find(f"{A}link").get("href")
        assert href.startswith(SITE + "quotes/") and href.endswith("/")
        assert (docs / f"{href[len(SITE) :].rstrip('/')}.md").is_file()
        ids.add(e.find(f"{A}id").text)
    assert len(ids) == len(entries) and all(i.startswith("urn:uuid:") for i in ids)
    feed = json.loads((docs / "feed.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == SITE + "feed.json"
    assert [i["url"] for i in feed["items"]] == [e.find(f"{A}link").get("href") for e in entries]
    assert {i["id"] for i in feed["items"]} == ids


def test_feed_without_site_url_is_relative_and_stable(project):
    docs = _build(project, SiteOptions())
    first = (docs / "feed.xml").read_bytes()
    atom = ET.fromstring(first)
    assert all(e.find(f"{A}link").get("href").startswith("quotes/") for e in atom.findall(f"{A}entry"))
    assert "feed_url" not in json.loads((docs / "feed.json").read_text("utf-8"))
    (project / ".dossier-cache").rename(project / "old-cache")
    _build(project, SiteOptions())
    assert (docs / "feed.xml").read_bytes() == first  # no clock in it: same inputs, same bytes


def test_feed_survives_characters_xml_forbids(project):
    seed = project / "seeds" / "zz-control.md"
    seed.write_text(
        '---\ntitle: Control\ndate: 2030-01-01\n---\nControl\n\n"We said \x01 this \x0b and that, loudly," Jane Roe said.\n',
        "utf-8",
    )
    docs = _build(project, SiteOptions())
    atom = ET.parse(docs / "feed.xml").getroot()  # parses: no forbidden character got through
    first = atom.findall(f"{A}entry")[0]
    assert "We said" in first.find(f"{A}summary").text and "\ufffd" in first.find(f"{A}summary").text


def test_cli_takes_the_site_url_from_mkdocs_yml_or_the_flag(project):
    def cli(*flags: str) -> dict:
        run = subprocess.run(
            [sys.executable, "-m", "dossier.cli", "build", "--config", str(ROOT / "dossier.yml"), *flags],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        return json.loads((project / "docs" / "feed.json").read_text("utf-8"))

    yml = project / "mkdocs.yml"
    yml.write_text(
        yml.read_text("utf-8").replace("# site_url: https://example.github.io/dossier/", f"site_url: {SITE}")
    )
    feed = cli()
    assert feed["feed_url"] == SITE + "feed.json" and feed["title"].startswith("Dossier: Kanye West")
    feed = cli("--site-url", "https://elsewhere.example/")
    assert feed["feed_url"] == "https://elsewhere.example/feed.json"
