"""Generated pages are raw HTML under Markdown headings; the plugin's fast path and link resolution.

The plugin sets raw HTML blocks aside before Python-Markdown runs and puts them back after;
a page must render the same with and without that (MkDocs' own rendering, page by page).
Links in raw HTML point at .md pages and the plugin turns them into URLs as MkDocs would.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from dossier.publish.build import build
from dossier.publish.plugin import DossierPlugin, cut_unsearched, put_html_back, resolve_links, set_html_aside
from dossier.write.markup import html_text


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, object]:
    """The demo's generated docs and its MkDocs config (with the plugins' on_config applied)."""
    root = tmp_path_factory.mktemp("raw-html")
    src = Path(__file__).resolve().parent.parent
    shutil.copytree(src / "seeds", root / "seeds")
    (root / "docs").mkdir()
    shutil.copy(src / "docs" / "about.md", root / "docs" / "about.md")
    shutil.copy(src / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(src / "overrides", root / "overrides")  # its theme.custom_dir
    build(root / "seeds", root / "docs", curation=src / "dossier.yml")
    config = load_config(str(root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    return root, config


def _render(config, files: Files, file: File, plugin: DossierPlugin | None) -> str:
    page = Page(None, file, config)
    if plugin is None:  # MkDocs alone: its own read of the file, the front matter as YAML
        page.markdown, page.meta = get_data(file.content_string)
    else:  # through the plugins: the dossier plugin reads the front matter
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    page.render(config, files)
    if plugin is not None:
        return plugin.on_page_content(page.content, page=page, config=config, files=files)
    return resolve_links(page.content, page, files)


def test_fast_path_renders_every_generated_page_as_plain_markdown_does(demo, caplog):
    _, config = demo
    files = get_files(config)
    plugin = config.plugins["dossier"]
    pages = [f for f in files.documentation_pages() if f.src_uri != "about.md"]
    assert len(pages) > 25
    kinds = set()
    with caplog.at_level(logging.WARNING):
        for file in pages:
            plain = _render(config, files, file, None)
            fast = _render(config, files, file, plugin)
            assert _squeeze(fast) == _squeeze(plain), file.src_uri
            assert plugin._token not in fast
            assert ".md" not in re.sub(r'href="https?://[^"]*"', "", fast), file.src_uri
            kinds.add(file.src_uri.split("/")[0])
    assert {"articles", "quotes", "people", "index.md", "timeline.md"} <= kinds
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_the_plugin_reads_generated_front_matter_as_mkdocs_yaml_does(demo):
    _, config = demo
    files = get_files(config)
    plugin = config.plugins["dossier"]
    pages = [f for f in files.documentation_pages() if f.src_uri != "about.md"]
    for file in pages:
        markdown, meta = get_data(file.content_string)  # MkDocs alone: libyaml
        page = Page(None, file, config)
        page.read_source(config)
        assert page.meta == {} and page.markdown == markdown, file.src_uri  # no front matter left
        config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        assert page.meta == meta and isinstance(meta["dossier"], dict), file.src_uri
        assert page.title == meta["title"]
    assert plugin._meta == {}
    # A user's page, even in YAML's flow style, and front matter JSON cannot hold: MkDocs' YAML.
    for text, title in (
        ("---\n{title: plain flow}\n---\n\n# Hi\n", "plain flow"),
        ('---\n{"title": "big", "x": .inf}\n---\n\n# Hi\n', "big"),
        ("---\n{\n---\n\n# Hi\n", None),
    ):
        file = File.generated(config, "mine.md", content=text)
        page = Page(None, file, config)
        assert plugin.on_page_read_source(page=page, config=config) is None
        page.read_source(config)
        assert page.meta.get("title") == title and page.markdown.strip() == (
            "# Hi" if title else text.strip()
        )


def _indexed(content: str) -> list[tuple]:
    """What Material's search parser keeps of a page: its sections that are not excluded."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(content)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text)) for s in parser.data if not s.is_excluded()]


def test_cutting_unsearched_sections_leaves_the_search_index_as_it_was(demo):
    _, config = demo
    files = get_files(config)
    plugin = DossierPlugin()
    cuts = 0
    for file in files.documentation_pages():
        content = _render(config, files, file, plugin)
        short, cut = cut_unsearched(content, "tok")
        cuts += len(cut)
        assert _indexed(short) == _indexed(content), file.src_uri
        assert put_html_back(short, cut, "tok", "<!--{}-->") == (content, 0)
    assert cuts > 50


def test_a_section_holding_an_admonition_is_not_cut():
    page = (
        '<h1 id="a">A</h1><p>kept</p><h2 data-search-exclude id="b">B</h2><ul><li>x</li></ul>'
        '<h2 data-search-exclude id="c">C</h2><div class="admonition"><h3 id="d">D</h3></div>'
    )
    short, cut = cut_unsearched(page, "tok")
    assert cut == ["<ul><li>x</li></ul>"]
    assert short == page.replace("<ul><li>x</li></ul>", "<!--tok0-->")


def test_fast_path_leaves_markdown_only_headings_and_notes(demo):
    root, _ = demo
    page = next((root / "docs" / "quotes").glob("kanye-west-i-love-you-john*.md")).read_text("utf-8")
    body = page.split("\n---\n", 1)[1]
    short, blocks = set_html_aside(body, "tok")
    assert blocks and all(b.startswith("<") for b in blocks)
    for chunk in short.split("\n\n"):
        chunk = chunk.strip()
        assert not chunk or chunk.startswith(("#", "!!!", "    ")) or re.fullmatch(r"tok\d+", chunk), chunk
    html = markdown.markdown(short, extensions=["toc", "attr_list", "admonition"])
    back, missing = put_html_back(html, blocks, "tok")
    assert missing == 0 and "<blockquote>" in back and "<table>" in back


def test_a_lost_placeholder_is_counted():
    _, blocks = set_html_aside("# T\n\n<p>x</p>\n\n## U\n\n<p>y</p>", "tok")
    assert len(blocks) == 2
    assert put_html_back("<p>tok1</p>", blocks, "tok") == ("<p>y</p>", 1)


def _files(use_directory_urls: bool) -> Files:
    return Files(
        [
            File(p, "/docs", "/site", use_directory_urls)
            for p in ("index.md", "quotes/index.md", "quotes/a.md", "people/b.md", "articles/c_d.md")
        ]
    )


@pytest.mark.parametrize(
    ("use_directory_urls", "expected"),
    [
        (True, ['href="../../people/b/"', 'href="../../articles/c_d/#q-x"', 'href="../"', 'href="../../"']),
        (
            False,
            [
                'href="../people/b.html"',
                'href="../articles/c_d.html#q-x"',
                'href="index.html"',
                'href="../index.html"',
            ],
        ),
    ],
)
def test_links_become_urls_like_mkdocs_makes_them(use_directory_urls, expected):
    files = _files(use_directory_urls)
    page = SimpleNamespace(file=files.get_file_from_path("quotes/a.md"))
    html = (
        '<a href="../people/b.md">B</a><a href="../articles/c_d.md#q-x">C</a>'
        '<a href="index.md">all</a><a href="../index.md">home</a>'
        '<a href="#q-y">here</a><a href="https://example.org/README.md">out</a>'
    )
    out = resolve_links(html, page, files)
    assert re.findall(r'href="[^"]*"', out) == [
        *expected,
        'href="#q-y"',
        'href="https://example.org/README.md"',
    ]


def test_a_link_to_a_missing_page_is_a_warning(caplog):
    files = _files(True)
    page = SimpleNamespace(file=files.get_file_from_path("quotes/a.md"))
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.dossier"):
        out = resolve_links('<a href="../people/nobody.md">?</a>', page, files)
    assert out == '<a href="../people/nobody.md">?</a>'
    assert any("people/nobody.md" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.text(max_size=80)
    | st.lists(st.sampled_from(list("<>&\"'`*_[]\n\r\t \u2028\x00\x02")), max_size=20).map("".join)
)
def test_html_text_in_a_raw_block_shows_the_text(text):
    """Escaped seed text in a raw HTML block: one paragraph, the same text (white space tamed)."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags, self.text, self.tag = [], [], ""

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            self.tag = tag

        def handle_endtag(self, tag):
            self.tag = ""

        def handle_data(self, data):
            if self.tag == "p":
                self.text.append(data)

    block = f"<p>{html_text(text)}</p>"
    assert "\n\n" not in block
    rendered = markdown.markdown(f"# h\n\n{block}\n\n## i", extensions=["toc", "attr_list", "md_in_html"])
    p = Text()
    p.feed(rendered)
    assert p.tags == ["h1", "p", "h2"]
    controls = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "\ufffd", text)
    assert "".join(p.text) == re.sub(r"[ \t\r\n\u2028\u2029]+", " ", controls)


@pytest.mark.parametrize(("theme", "cuts"), [("material", True), ("mkdocs", False)])
def test_sections_are_cut_only_for_materials_search(tmp_path, theme, cuts):
    """MkDocs' own search indexes data-search-exclude sections too: nothing is cut for it."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\ntheme: {theme}\nplugins: [search, {{dossier: {{enabled: false}}}}]\n", "utf-8"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert config.plugins["dossier"]._material_search is cuts
