"""Under serve, MkDocs' list of docs/ is made from the last build's: it must be what MkDocs' own
get_files gives, file for file, after files are added, removed, excluded or clash."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from dossier.publish.listing import DocsListing, list_from_last

SEEN = ("src_uri", "dest_uri", "url", "inclusion", "abs_src_path", "abs_dest_path", "page")


def _config(root: Path, **extra):
    (root / "mkdocs.yml").write_text(
        "site_name: t\nnot_in_nav: |\n  /quotes/*\nexclude_docs: |\n  drafts/\n", "utf-8"
    )
    return load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), **extra)


def _touch(docs: Path, *paths: str) -> None:
    for p in paths:
        (docs / p).parent.mkdir(parents=True, exist_ok=True)
        (docs / p).write_text(f"# {p}\n", "utf-8")


def _seen(files) -> list[tuple]:
    return [tuple(getattr(f, k) for k in SEEN) for f in files]


class CountedWalk:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, config):
        self.calls += 1
        return get_files(config)


@pytest.fixture
def project(tmp_path: Path):
    docs = tmp_path / "docs"
    _touch(
        docs,
        "index.md",
        "about.md",
        "quotes/b.md",
        "quotes/a.md",
        "quotes/index.md",
        "cards/x.png",
        "drafts/wip.md",
        ".hidden.md",
        "people/z-sub/deep.md",
        "people/z.md",
    )
    return tmp_path, docs


def test_a_listing_is_what_get_files_gives_through_adds_removals_and_clashes(project) -> None:
    root, docs = project
    config = _config(root)
    listing, walk = DocsListing(), CountedWalk()
    assert _seen(listing.get_files(config, walk)) == _seen(get_files(config))
    assert walk.calls == 1

    # Unchanged, and after a page gained a Page and was excluded by a plugin: fresh copies.
    first = listing.get_files(config, walk)
    for f in first:
        f.page = object()
        f.inclusion = type(f.inclusion).EXCLUDED
    again = listing.get_files(config, walk)
    assert _seen(again) == _seen(get_files(config)) and walk.calls == 1
    assert not {id(f) for f in again} & {id(f) for f in first}

    # New files (a new quote page, a new folder, an excluded draft), one removed, one renamed.
    _touch(docs, "quotes/c.md", "people/new/index.md", "drafts/more.md", "people/a.md")
    _touch(docs, "more/a.md", "more/indexes.md", "more/index.html", "more/README.txt", "more/READMEs.md")
    (docs / "about.md").unlink()
    (docs / "quotes" / "b.md").rename(docs / "quotes" / "bb.md")
    assert _seen(listing.get_files(config, walk)) == _seen(get_files(config)) and walk.calls == 1

    # A README beside an index: two sources of one page, which MkDocs' own walk settles.
    _touch(docs, "quotes/README.md")
    assert _seen(listing.get_files(config, walk)) == _seen(get_files(config)) and walk.calls == 2
    (docs / "quotes" / "README.md").unlink()
    assert _seen(listing.get_files(config, walk)) == _seen(get_files(config)) and walk.calls == 2


def test_changed_settings_list_docs_again(project) -> None:
    root, _ = project
    listing, walk = DocsListing(), CountedWalk()
    listing.get_files(_config(root), walk)
    flat = _config(root, use_directory_urls=False)
    assert _seen(listing.get_files(flat, walk)) == _seen(get_files(flat)) and walk.calls == 2
    assert any(f.url.endswith(".html") for f in listing.get_files(flat, walk))


def test_mkdocs_build_takes_its_files_from_the_listing_until_undone(project) -> None:
    import mkdocs.commands.build as build

    own = build.get_files
    undo = list_from_last(DocsListing())
    try:
        assert build.get_files is not own
        config = _config(project[0])
        assert _seen(build.get_files(config)) == _seen(own(config))
    finally:
        undo()
    assert build.get_files is own


def test_the_themes_files_are_listed_again_only_when_a_theme_folder_changed(project, monkeypatch) -> None:
    import dossier.publish.build as fast_path

    monkeypatch.setattr(fast_path, "_SETTLED_NS", 0)  # every folder counts as settled at once
    root, _ = project
    theme = root / "theme"
    _touch(theme, "main.html", "css/extra.css", "js/a.js")
    (root / "mkdocs.yml").write_text(
        f"site_name: t\ntheme:\n  name: mkdocs\n  custom_dir: {theme}\n", "utf-8"
    )
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    listing = DocsListing()
    listed_calls = []

    def theme_files(env) -> list[tuple]:
        own = env.list_templates
        env.list_templates = lambda **kw: listed_calls.append(1) or own(**kw)
        files = listing.get_files(config, get_files)
        files.add_files_from_theme(env, config)
        mkdocs_own = get_files(config)
        mkdocs_own.add_files_from_theme(config.theme.get_env(), config)
        assert _seen(files) == _seen(mkdocs_own)  # what MkDocs' own build collects, file for file
        return _seen(files)

    first = theme_files(config.theme.get_env())
    assert any(uri == "css/extra.css" for uri, *_ in first) and len(listed_calls) == 1
    assert theme_files(config.theme.get_env()) == first and len(listed_calls) == 1  # not listed again
    _touch(theme, "css/more.css")  # a new file in a theme folder: listed again, and found
    again = theme_files(config.theme.get_env())
    assert len(listed_calls) == 2 and any(uri == "css/more.css" for uri, *_ in again)
    (theme / "js" / "a.js").unlink()
    assert not any(uri == "js/a.js" for uri, *_ in theme_files(config.theme.get_env()))
    assert len(listed_calls) == 3
