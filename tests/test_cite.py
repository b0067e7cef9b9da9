"""Citations: the earliest source, CSL-JSON read back by a real citation processor, BibTeX."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from dossier.model import SiteOptions
from dossier.publish.build import build
from dossier.write.cite import bib_text

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://example.org/dossier/"
TWEET = "I really appreciate this dialogue with John Legend"


@pytest.fixture
def demo(project: Path) -> tuple[Path, dict, list[dict]]:
    docs = project / "docs"
    build(project / "seeds", docs, curation=ROOT / "dossier.yml", site=SiteOptions(site_url=SITE))
    quotes = json.loads((docs / "data" / "quotes.json").read_text("utf-8"))
    articles = {a["id"]: a for a in json.loads((docs / "data" / "articles.json").read_text("utf-8"))}
    q = next(q for q in quotes if q["quotation"].startswith(TWEET))
    return docs, q, [articles[o["article"]] for o in q["occurrences"]]


def test_citation_names_the_earliest_source(demo):
    docs, q, sources = demo
    earliest = min(sources, key=lambda a: a["date"])
    later = max(sources, key=lambda a: a["date"])
    assert earliest["date"][:10] == "2018-04-26" and later["date"][:10] == "2018-04-27"
    # the page lists the 27 April article first, but the citation names the 26 April one
    assert q["occurrences"][0]["article"] == later["id"]
    page = (docs / "quotes" / f"{q['id']}.md").read_text("utf-8")
    cite = page.split("## Cite this quote", 1)[1]
    assert earliest["title"] in cite and later["title"] not in cite
    assert "26 April 2018 (date of the earliest source)" in cite
    assert f"{SITE}quotes/{q['id']}/" in cite
    # the data export carries the same citation
    assert earliest["title"] in q["citation"] and later["title"] not in q["citation"]
    assert q["citation"].endswith(f"Permanent link: {SITE}quotes/{q['id']}/")


def test_csl_json_reads_back_with_citeproc(demo):
    docs, q, sources = demo
    item = json.loads((docs / "quotes" / f"{q['id']}.csl.json").read_text("utf-8"))
    assert q["cite_files"]["csl"] == f"quotes/{q['id']}.csl.json"  # the data export points to it
    source = CiteProcJSON(item)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    citation = Citation([CitationItem(q["id"])])
    bib.register(citation)
    inline = str(bib.cite(citation, lambda item: None))
    (entry,) = [str(e) for e in bib.bibliography()]
    assert entry.startswith("West, K. (2018)")
    assert "I really appreciate this dialogue" in entry
    assert f"{SITE}quotes/{q['id']}/" in entry
    assert inline == "(West, 2018)"
    assert item[0]["type"] == "post" and item[0]["issued"] == {"date-parts": [[2018, 4, 26]]}
    assert "Kanye West Shares John Legend's Text Messages on Twitter" in item[0]["note"]


def test_bibtex_file(demo):
    docs, q, _ = demo
    bib = (docs / "quotes" / f"{q['id']}.bib").read_text("utf-8")
    assert bib.startswith("@misc{" + q["id"] + ",")
    assert "author = {West, Kanye}" in bib and "date = {2018-04-26}" in bib
    assert f"url = {{{SITE}quotes/{q['id']}/}}" in bib
    assert bib.count("{") == bib.count("}")


def test_bibtex_escapes_latex_specials():
    assert bib_text("50% of $5 & {x} #1 a_b ~ ^ \\") == (
        r"50\% of \$5 \& \{x\} \#1 a\_b \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


def test_without_site_url_there_is_no_permanent_link(project):
    docs = project / "docs"
    build(project / "seeds", docs, curation=ROOT / "dossier.yml")
    quotes = json.loads((docs / "data" / "quotes.json").read_text("utf-8"))
    assert all("URL" not in json.loads((docs / q["cite_files"]["csl"]).read_text("utf-8"))[0] for q in quotes)
    assert all(
        (docs / q["cite_files"]["csl"]).is_file() and (docs / q["cite_files"]["bibtex"]).is_file()
        for q in quotes
    )
