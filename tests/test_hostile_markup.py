"""Hostile text: seed text, quotes, names and titles render literally, never as markup.

The corpus in tests/hostile/ is built for real (``mkdocs build --strict``, which runs the
plugin) and the HTML is parsed: no payload may arrive as a tag, an event handler, a
script or a javascript:/data: link. The generated Markdown is also rendered through the
``markdown`` package with the site's extensions plus the common pymdown ones a user might
enable, so escaping does not depend on today's mkdocs.yml.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_head import render_head

from dossier.write.markup import md_text, page_front_matter, theme_text

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"
# The site's extensions (mkdocs.yml + what the plugin adds) and the pymdown ones users often turn on.
EXTENSIONS = [
    "admonition",
    "tables",
    "toc",
    "attr_list",
    "md_in_html",
    "def_list",
    "footnotes",
    "abbr",
    "pymdownx.mark",
    "pymdownx.caret",
    "pymdownx.tilde",
    "pymdownx.emoji",
    "pymdownx.arithmatex",
    "pymdownx.superfences",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.critic",
    "pymdownx.betterem",
    "pymdownx.smartsymbols",
    "pymdownx.details",
    "pymdownx.tasklist",
]
# Tags that seed text could only produce by being interpreted as markup.
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "img", "svg", "style", "details", "del", "ins"}
FORBIDDEN_TAGS |= {
    "sup",
    "sub",
    "hr",
    "pre",
    "form",
    "input",
    "base",
    "frame",
    "frameset",
    "math",
    "b",
    "div",
}
URL_ATTRS = {"href", "src", "data", "action", "formaction", "xlink:href", "poster", "background"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text (with character references decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)


def parse(text: str) -> Tags:
    p = Tags()
    p.feed(text)
    p.close()
    return p


def live_markup(p: Tags) -> list[str]:
    """Problems: event handlers, dangerous URLs (anywhere), and tags no payload may create."""
    bad = []
    for tag, attrs in p.tags:
        for name, value in attrs.items():
            if name.startswith("on"):
                bad.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and value and value.strip().lower().startswith(BAD_SCHEMES):
                bad.append(f"<{tag} {name}={value!r}>")
        if tag == "iframe" or tag == "object" or tag == "embed":
            bad.append(f"<{tag}>")
    return bad


# ---------------------------------------------------------------- md_text on arbitrary text

PIECES = [
    *"<>&\\`*_[]{}()|~=^:#+-$@!\"' \n\t.0123456789aZ/%?;,",
    "-->",
    "<!--",
    "javascript:",
    "---",
    "...",
    "==",
    "^^",
    "~~",
    ":smile:",
    "--8<--",
    "{%",
    "{{",
    "}}",
    "1.",
    "1)",
    "++",
    "{--",
    "{++",
    "(c)",
    "<-",
    "=/=",
    "\u2028",
    "\x00",
    "\x0b",
    "\u00a0",
    "&amp;",
    "&#60;",
    "[x](javascript:alert(1))",
    "<script>",
    "![i](data:x)",
    "    ",
    "!!! note",
    "??? note",
    "/// tab | x",
    "%",
    "[^1]",
    "*[HTML]: x",
    "- [ ]",
    ": def",
]


def expected_text(text: str) -> str:
    """What md_text promises to display: the text with control characters and runs of whitespace tamed."""
    import re

    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "\ufffd", text)
    return re.sub(r"[ \t\r\n\u2028\u2029]+", " ", text).strip()


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join) | st.text(max_size=80))
def test_md_text_renders_as_one_plain_paragraph_of_the_same_text(text):
    rendered = markdown.markdown(md_text(text), extensions=EXTENSIONS)
    p = parse(rendered)
    want = expected_text(text)
    if not want:
        return
    assert p.tags == [("p", {})], rendered
    assert "".join(p.text) == want


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "1. not a list",
        "# not a heading",
        "> not a quote",
        "- not an item",
        "| a | b |",
        "    indented",
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "{: onclick=alert(1) }",
    ],
)
def test_md_text_in_a_heading_list_item_and_table_cell_stays_text(text):
    for template, tag in (("# {}", "h1"), ("- {}", "li"), ("| h |\n| --- |\n| {} |", "td")):
        p = parse(markdown.markdown(template.format(md_text(text)), extensions=EXTENSIONS))
        assert tag in [t for t, _ in p.tags]
        assert text.strip() in "".join(p.text)
        assert not live_markup(p)
        assert not [t for t, _ in p.tags if t in FORBIDDEN_TAGS]


def test_front_matter_is_yaml_even_with_delimiters_and_specials_inside():
    nasty = "---\n...\n: x\n- y\n&a *a !!python/object:os.system {{ x }} '\"\t#c"
    page = page_front_matter({"title": nasty, "dossier": {"text": nasty, "list": [nasty]}}, "# body\n---\n")
    head, body = page[4:].split("\n---\n", 1)
    data = yaml.safe_load(head)
    # title is escaped for the theme (which prints it unescaped); dossier data stays exact
    assert html.unescape(data["title"]) == nasty and "<" not in data["title"]
    assert data["dossier"] == {"text": nasty, "list": [nasty]}
    assert body.strip() == "# body\n---"


def test_theme_text_survives_an_attribute_and_a_text_node():
    payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>&amp;'
    p = parse(f'<meta content="{theme_text(payload)}"><title>{theme_text(payload)}</title>')
    assert p.tags[0] == ("meta", {"content": payload})
    assert not p.scripts and "".join(p.text) == payload


def test_preview_head_json_ld_cannot_close_its_script():
    text = "</script><script>alert('ld')</script><!-- \u2028 & \"q\""
    nasty = '"><img src=x onerror=alert(1)>'
    meta = {
        "kind": "quote",
        "text": text,
        "speaker_name": nasty,
        "sources": [{"title": nasty, "date": None, "url": "javascript:alert(1)"}],
        "preview": {"title": nasty, "description": '"><svg onload=alert(1)>', "creator": nasty},
    }
    head = render_head(meta, canonical="https://example.org/q/")
    p = parse(head)
    assert not live_markup(p)
    assert [t for t, _ in p.tags if t == "script"] == ["script"]
    ((attrs, body),) = p.scripts
    assert attrs == {"type": "application/ld+json"}
    ld = json.loads(body)
    assert ld["text"] == text and ld["creator"]["name"] == nasty
    og = {a["property"]: a["content"] for t, a in p.tags if t == "meta" and "property" in a}
    assert og["og:description"] == '"><svg onload=alert(1)>'
    assert og["og:title"] == nasty


# ---------------------------------------------------------------- the hostile corpus, built for real


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """tests/hostile/ as the seeds of a project, built by `mkdocs build --strict` (plugin included).

    These seeds are hostile in content only, so strict mode must pass; broken *files* are
    exercised by the CLI in test_hostile_files.py (they are expected seed errors).
    """
    root = tmp_path_factory.mktemp("hostile-site")
    shutil.copytree(HOSTILE, root / "seeds")
    (root / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "about.md", root / "docs" / "about.md")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", root / "overrides")  # its theme.custom_dir
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return root


def generated_pages(root: Path) -> list[Path]:
    manifest = json.loads((root / "docs" / ".dossier-manifest.json").read_text("utf-8"))
    return [root / "docs" / rel for rel in manifest["files"] if rel.endswith(".md")]


def test_every_hostile_seed_became_an_article(hostile_site):
    seeds = sorted(p.stem for p in HOSTILE.iterdir() if p.suffix in (".txt", ".md"))
    data = json.loads((hostile_site / "docs" / "data" / "articles.json").read_text("utf-8"))
    assert sorted(a["id"] for a in data) == seeds


def test_generated_markdown_has_valid_front_matter_and_no_live_markup(hostile_site):
    pages = generated_pages(hostile_site)
    assert len(pages) > 20
    for page in pages:
        text = page.read_text("utf-8")
        assert text.startswith("---\n"), page
        head, body = text[4:].split("\n---\n", 1)
        meta = yaml.safe_load(head)
        assert isinstance(meta, dict) and "title" in meta, page
        rendered = markdown.markdown(body, extensions=EXTENSIONS)
        p = parse(rendered)
        assert not live_markup(p), (page, live_markup(p))
        forbidden = sorted({t for t, _ in p.tags if t in FORBIDDEN_TAGS})
        assert not forbidden, (page, forbidden)
        for tag, attrs in p.tags:
            if tag == "mark":
                assert attrs.get("class") == "dossier-quote", (page, attrs)
            if tag == "span":
                assert attrs.get("class") == "dossier-source", (page, attrs)
            if tag == "a" and attrs.get("href"):
                href = attrs["href"]
                # a page, or a quote's citation files (generated downloads beside its page)
                download = href.endswith((".bib", ".csl.json"))
                assert href.startswith(("#", "http://", "https://")) or ".md" in href or download, (
                    page,
                    href,
                )


def test_article_text_keeps_its_structure(hostile_site):
    """Leading #, >, -, digits, pipes, indentation and --- in seed text open no block of their own."""
    text = (hostile_site / "docs" / "articles" / "markup-injection.md").read_text("utf-8")
    body = text[4:].split("\n---\n", 1)[1]
    p = parse(markdown.markdown(body, extensions=EXTENSIONS))
    tags = [t for t, _ in p.tags]
    assert tags.count("h1") == 1
    assert tags.count("table") == 1  # the people table the writer makes, not the seed's pipes
    assert "blockquote" not in tags and "ol" not in tags and "pre" not in tags
    assert "div" not in tags  # no admonition, no md_in_html block
    shown = "".join(p.text)
    for literal in (
        "<script>alert('quote')</script>",
        "[here](javascript:alert(1))",
        "{{ config.site_name }}",
        "==marked== ^^inserted^^ ~~deleted~~ :smile: --8<--",
        "| pipe | table |",
        "# Not a heading",
        "> Not a quote block",
        "1. not an ordered list",
        "<!-- hidden comment -->",
    ):
        assert literal in shown, literal


def test_html_site_has_no_live_payload(hostile_site):
    pages = list((hostile_site / "site").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        p = parse(page.read_text("utf-8"))
        assert not live_markup(p), (page, live_markup(p))
        for tag, attrs in p.tags:
            assert tag != "img" or attrs.get("src") != "x", page
            assert tag != "b", page  # the theme uses none; payloads do
        for attrs, body in p.scripts:
            if attrs.get("src"):
                continue
            if attrs.get("type") == "application/ld+json":
                json.loads(body)  # still one intact JSON value: nothing closed the block
                assert "<" not in body
                continue
            assert "alert(" not in body and "evil(" not in body, (page, body[:200])


def test_payloads_are_shown_literally_on_the_site(hostile_site):
    site = hostile_site / "site"
    quote = next((site / "quotes").glob("jane-roe-img-src-x-onerror*/index.html"))
    p = parse(quote.read_text("utf-8"))
    shown = "".join(p.text)
    assert "<img src=x onerror=alert('quote2')> Again ](javascript:alert(1))" in shown
    article = parse((site / "articles" / "front-matter-injection" / "index.html").read_text("utf-8"))
    shown = "".join(article.text)
    assert "<script>alert('title')</script> [link](javascript:alert(1))" in shown
    assert "<iframe src=//evil.example></iframe>" in shown


def test_only_http_urls_become_links(hostile_site):
    docs = hostile_site / "docs" / "articles"
    for name in ("front-matter-injection.md", "data-url.md"):
        text = (docs / name).read_text("utf-8")
        assert "original</a>" not in text, name
    meta = yaml.safe_load((docs / "front-matter-injection.md").read_text("utf-8")[4:].split("\n---\n")[0])
    assert meta["dossier"]["url"] == "javascript:alert('url')"  # kept as data, never as a link
    page = parse((hostile_site / "site" / "articles" / "http-url" / "index.html").read_text("utf-8"))
    originals = [a for t, a in page.tags if t == "a" and a.get("rel") == "nofollow noopener"]
    assert [a["href"] for a in originals] == ['https://example.org/a?b=1&c="2"']


def test_a_first_line_that_is_not_the_title_is_not_lost(hostile_site):
    """With a front-matter title, the first line of the text is still shown (and its quotes anchored)."""
    text = (hostile_site / "docs" / "articles" / "front-matter-injection.md").read_text("utf-8")
    assert "said on Tuesday that she stood by the vote" in text
    assert 'id="q-jane-roe-script-script-alert-ld-script-we-did-the"' in text
