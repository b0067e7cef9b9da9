"""Pages from templates: a project's templates/ overrides the package's by name, escaping is the
engine's on every page kind, and an edited template re-renders the pages of its kind only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import frontmatter
import markdown
import pytest
from test_hostile_markup import EXTENSIONS, live_markup, parse

from dossier.errors import DossierError
from dossier.model import SiteOptions
from dossier.pipeline import load_articles, run_pipeline
from dossier.publish.build import build
from dossier.templates import FOLDER as PACKAGE_TEMPLATES
from dossier.write import article_slugs, render_site
from dossier.write.common import article_page, person_page, quote_page
from dossier.write.index_parts import letter_key, month_key, part_path

ROOT = Path(__file__).resolve().parent.parent
# Markup, quotes and ampersands in a quote and in a speaker's name, as seed text or an editor could
# give them (the extraction never finds such a name in prose; the curation file can hold one).
HOSTILE_TEXT = 'We <script>alert("quote")</script> & \'mean\' it " onmouseover="alert(1)'
HOSTILE_NAME = 'Ann "<img src=x onerror=alert(1)>" O\'Neil & <b>Co</b>'


def _mark_the_quote_line(project: Path) -> None:
    """Copy the package's quote template into the project and change one line of it."""
    (project / "templates").mkdir()
    source = (PACKAGE_TEMPLATES / "quote.md").read_text("utf-8")
    assert "<blockquote>\n<p>“{{ text|stripped }}”</p>" in source
    edited = source.replace(
        "<blockquote>\n<p>“{{ text|stripped }}”</p>",
        '<blockquote class="house-style">\n<p>“{{ text|stripped }}” — {{ speaker }}</p>',
    )
    (project / "templates" / "quote.md").write_text(edited, "utf-8")


def test_a_project_quote_template_shows_on_the_pages_mkdocs_builds(project):
    _mark_the_quote_line(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    quotes = [p for p in (project / "site" / "quotes").glob("*/index.html")]
    assert quotes
    marked = [p for p in quotes if 'class="house-style"' in p.read_text("utf-8")]
    assert marked and len(marked) == len(
        [p for p in (project / "docs/quotes").glob("*.md") if p.stem != "index"]
    )
    page = frontmatter.load(project / "docs" / "quotes" / f"{marked[0].parent.name}.md")
    assert f"” — {page['dossier']['speaker_name']}</p>" in marked[0].read_text("utf-8")
    for other in (project / "site" / "articles").glob("*/index.html"):
        assert "house-style" not in other.read_text("utf-8")


def test_an_edited_template_re_renders_the_pages_of_its_kind(project):
    site = SiteOptions(cards=False, templates=project / "templates")
    seeds, docs = project / "seeds", project / "docs"
    build(seeds, docs, site=site)
    unchanged = build(seeds, docs, site=site)
    assert unchanged.dossier is None  # nothing changed: the fast path
    _mark_the_quote_line(project)
    result = build(seeds, docs, site=site)
    quote_jobs = len(result.dossier.quotes)
    # The quote pages, and the data export (rendered on every build); no article, person or index page.
    assert result.timings["rendered"] == quote_jobs + 1
    pages = [docs / quote_page(q.id) for q in result.dossier.quotes]
    assert all('class="house-style"' in p.read_text("utf-8") for p in pages)
    (project / "templates" / "quote.md").unlink()
    build(seeds, docs, site=site)
    assert not any("house-style" in p.read_text("utf-8") for p in pages)


def test_a_broken_template_is_an_error_naming_its_file_and_line(project):
    (project / "templates").mkdir()
    (project / "templates" / "person.md").write_text("# {{ person.name|md }}\n\n{% if %}\n", "utf-8")
    with pytest.raises(DossierError, match=r"templates/person\.md:3: "):
        build(
            project / "seeds",
            project / "docs",
            site=SiteOptions(cards=False, templates=project / "templates"),
        )
    (project / "templates" / "person.md").write_text("# {{ person.name|md }}\n\n{{ nobody.here }}\n", "utf-8")
    with pytest.raises(DossierError, match=r"templates/person\.md:3: 'nobody' is undefined"):
        build(
            project / "seeds",
            project / "docs",
            site=SiteOptions(cards=False, templates=project / "templates"),
        )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, str]]:
    """The demo dossier with a hostile quote, speaker name, title and byline; a redirect and a
    retired id pointing at that quote. Returns (pages, page kind -> path)."""
    articles, extractions, problems, _ = load_articles(ROOT / "seeds")
    assert not problems
    d = run_pipeline(articles, None, extractions)
    d.site = SiteOptions(cards=False)
    q = next(q for q in d.quotes if q.speaker and q.date and d.person(q.speaker))
    person = d.person(q.speaker)
    person.name = HOSTILE_NAME
    person.aliases = [HOSTILE_NAME]
    q.text = HOSTILE_TEXT
    article = d.article(q.occurrences[0].article)
    article.meta.title = HOSTILE_TEXT
    article.meta.authors = [HOSTILE_NAME]
    article.meta.outlet = HOSTILE_NAME
    for eq in d.extractions[article.id].quotes:
        eq.speaker_name = HOSTILE_NAME
    d.redirects = {"an-old-id": q.id}
    d.retired = [("a-gone-id", person.id, HOSTILE_TEXT, q.id)]
    pages = render_site(d)
    kinds = {
        "article": article_page(article.id, article_slugs(d)),
        "quote": quote_page(q.id),
        "person": person_page(person.id),
        "redirect": quote_page("an-old-id"),
        "retired": quote_page("a-gone-id"),
        "home": "index.md",
        "quotes": "quotes/index.md",
        "people": "people/index.md",
        "sources": "articles/index.md",
        "timeline": "timeline.md",
        # The index pages' sub-pages holding the hostile quote, speaker and article.
        "quotes part": part_path("quotes", month_key(q.date)),
        "people part": part_path("people", letter_key(HOSTILE_NAME)),
        "sources part": part_path("articles", month_key(article.meta.date)),
        "timeline part": part_path("timeline", month_key(q.date)),
    }
    return {k: v.decode("utf-8") for k, v in pages.items() if k.endswith(".md")}, kinds


@pytest.mark.parametrize(
    "kind",
    [
        "article",
        "quote",
        "person",
        "redirect",
        "retired",
        "home",
        "quotes",
        "people",
        "sources",
        "timeline",
        "quotes part",
        "people part",
        "sources part",
        "timeline part",
    ],
)
def test_hostile_text_and_names_are_escaped_on_every_page_kind(hostile_site, kind):
    pages, kinds = hostile_site
    page = frontmatter.loads(pages[kinds[kind]])
    family = kind.removesuffix(" part")
    assert page["dossier"]["kind"] == {"sources": "articles"}.get(family, family)
    html = markdown.markdown(page.content, extensions=EXTENSIONS)
    p = parse(html)
    tags = {tag for tag, _ in p.tags}
    assert not {"script", "img", "b"} & tags, html
    assert not live_markup(p)
    text = " ".join("".join(p.text).split())
    # The page shows the hostile words as words.
    assert HOSTILE_TEXT[:40] in text or HOSTILE_NAME in text, text[:2000]
    if kind == "article":
        titles = [a.get("title") for t, a in p.tags if t == "mark" and a.get("title")]
        assert HOSTILE_NAME in titles
