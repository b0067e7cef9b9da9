"""The live preview's pieces, without a server: which docs/ changes ask for a rebuild, which
generated files a rebuild leaves to the pages already built, and the notices it keeps quiet.
(tests/e2e/test_serve_live.py runs them together under `dossier serve`.)"""

from __future__ import annotations

from types import SimpleNamespace

from mkdocs.structure.files import File, Files, InclusionLevel

from dossier.publish.live import OwnWritesFilter, RebuildOnChange
from dossier.publish.output import digest
from dossier.publish.plugin import leave_built_alone, nav_paths

NAV = [{"Home": "index.md"}, {"Quotes": "quotes/index.md"}, {"More": [{"About": "/about.md"}]}]


def event(kind: str, path, dest=None, directory: bool = False):
    return SimpleNamespace(
        event_type=kind, src_path=str(path), dest_path=str(dest or ""), is_directory=directory
    )


def watched(tmp_path, files: dict[str, str]) -> tuple[OwnWritesFilter, list[int]]:
    docs = tmp_path / "docs"
    for rel, text in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, "utf-8")
    asked: list[int] = []
    watch = OwnWritesFilter(docs, lambda: asked.append(1))
    manifest = {rel: digest(text.encode()) for rel, text in files.items() if rel != "about.md"}
    watch.build_started()
    watch.build_finished([], manifest=manifest)
    return watch, asked


def test_only_changes_the_generator_did_not_make_ask_for_a_rebuild(tmp_path):
    watch, asked = watched(tmp_path, {"quotes/a.md": "A\n", "quotes/b.md": "B\n", "about.md": "About\n"})
    docs = tmp_path / "docs"
    # Reading files (the build reads pages, MkDocs too) is no change.
    watch.dispatch(event("opened", docs / "about.md"))
    watch.dispatch(event("closed_no_write", docs / "about.md"))
    # The generator's own write: the bytes its manifest records.
    watch.dispatch(event("modified", docs / "quotes/a.md"))
    assert asked == []
    # A hand edit of a generated page, and of the user's own page.
    (docs / "quotes/b.md").write_text("B, edited by hand\n", "utf-8")
    watch.dispatch(event("modified", docs / "quotes/b.md"))
    watch.dispatch(event("closed", docs / "about.md"))
    assert len(asked) == 2
    # The next build learns which files others changed: MkDocs must render those again.
    assert watch.build_started() == {"quotes/b.md", "about.md"}
    assert watch.build_started() == set()


def test_events_during_a_build_are_judged_against_what_it_wrote(tmp_path):
    watch, asked = watched(tmp_path, {"quotes/a.md": "A\n", "quotes/gone.md": "G\n"})
    docs = tmp_path / "docs"
    watch.build_started()
    (docs / "quotes/a.md").write_text("A, rebuilt\n", "utf-8")  # the build rewrites a page ...
    (docs / "quotes/new.md").write_text("N\n", "utf-8")  # ... writes a new one ...
    (docs / "quotes/gone.md").unlink()  # ... and removes one
    for rel, kind in (
        ("quotes/a.md", "modified"),
        ("quotes/new.md", "created"),
        ("quotes/gone.md", "deleted"),
    ):
        watch.dispatch(event(kind, docs / rel))
    assert asked == []  # held until the build has finished
    # After a first build the generator's files are known: the written ones are hashed here.
    watch.build_finished(["quotes/gone.md"], written=["quotes/a.md", "quotes/new.md"])
    assert asked == []
    assert watch.generated() == {"quotes/a.md", "quotes/new.md"}
    # Someone puts the removed page back: not the generator's doing.
    (docs / "quotes/gone.md").write_text("G\n", "utf-8")
    watch.dispatch(event("created", docs / "quotes/gone.md"))
    assert asked == [1]


def test_a_seed_change_asks_for_a_rebuild_and_reading_one_does_not(tmp_path):
    asked: list[int] = []
    handler = RebuildOnChange(lambda: asked.append(1))
    for kind in ("opened", "closed_no_write"):
        handler.dispatch(event(kind, tmp_path / "a.txt"))
    handler.dispatch(event("modified", tmp_path, directory=True))
    assert asked == []
    handler.dispatch(event("modified", tmp_path / "a.txt"))
    assert asked == [1]


def site_files(tmp_path, paths: list[str]) -> Files:
    files = Files([File(p, str(tmp_path / "docs"), str(tmp_path / "site"), True) for p in paths])
    for f in files:
        f.inclusion = InclusionLevel.NOT_IN_NAV
    return files


PATHS = [
    "index.md",
    "about.md",
    "quotes/index.md",
    "quotes/a.md",
    "quotes/b.md",
    "cards/a.png",
    "data/q.json",
]


def test_a_rebuild_leaves_unchanged_generated_files_to_the_built_site(tmp_path):
    files = site_files(tmp_path, PATHS)
    generated = {"index.md", "quotes/index.md", "quotes/a.md", "quotes/b.md", "cards/a.png", "data/q.json"}
    rebuild = leave_built_alone(files, generated - {"quotes/b.md", "data/q.json"}, NAV)
    # The nav's pages stay (a nav entry for a left-out page is a warning), the user's page and
    # the changed files too; the others are left out of every loop but keep their URLs for links.
    assert rebuild.left_out() == {"quotes/a.md", "cards/a.png"}
    assert [f.src_uri for f in rebuild] == [p for p in PATHS if p not in rebuild.left_out()]
    assert len(rebuild) == len(PATHS) - 2
    assert [f.src_uri for f in rebuild.documentation_pages()] == [
        "index.md",
        "about.md",
        "quotes/index.md",
        "quotes/b.md",
    ]
    a = rebuild.get_file_from_path("quotes/a.md")
    assert a is files.get_file_from_path("quotes/a.md") and rebuild.src_uris["cards/a.png"].url
    assert not a.inclusion.is_excluded()  # a link to it is no "excluded" notice: it is served
    assert a.url_relative_to(rebuild.get_file_from_path("quotes/b.md")) == "../a/"
    # A file a plugin adds or removes afterwards is in (or out of) both the loops and the look-ups.
    extra = File("extra.css", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    rebuild.append(extra)
    assert extra in list(rebuild) and rebuild.get_file_from_path("extra.css") is extra
    rebuild.remove(rebuild.get_file_from_path("quotes/b.md"))
    assert rebuild.get_file_from_path("quotes/b.md") is None
    assert "quotes/b.md" not in {f.src_uri for f in rebuild}


def test_without_a_nav_every_page_is_in_it_and_only_other_files_are_left_out(tmp_path):
    files = site_files(tmp_path, PATHS)
    rebuild = leave_built_alone(files, {"quotes/a.md", "cards/a.png", "data/q.json"}, None)
    assert rebuild.left_out() == {"cards/a.png", "data/q.json"}
    assert {f.src_uri for f in rebuild.documentation_pages()} == {p for p in PATHS if p.endswith(".md")}


def test_nav_paths_reads_nested_sections_and_links():
    assert nav_paths(NAV) == {"index.md", "quotes/index.md", "about.md"}
    assert nav_paths(["a.md", {"Section": ["b/c.md", {"Out": "https://example.org/"}]}]) == {
        "a.md",
        "b/c.md",
        "https://example.org/",
    }
    assert nav_paths(None) == set()


def _theme_env(cache):
    from mkdocs.theme import Theme

    env = Theme(name="material").get_env()  # a new environment per build, as MkDocs makes it
    env.bytecode_cache = cache
    compiled: list[str] = []
    compile_ = env.compile

    def counted(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_(source, name, filename, *args, **kwargs)

    env.compile = counted
    return env, compiled


def test_a_rebuilds_theme_templates_are_compiled_once_per_server_and_again_when_edited(tmp_path):
    import jinja2

    from dossier.publish.live import CompiledTemplates

    cache = CompiledTemplates()
    first, compiled = _theme_env(cache)
    names = ("main.html", "base.html", "partials/header.html", "partials/copyright.html")
    for name in names:
        first.get_template(name)
    assert compiled == list(names)
    second, again = _theme_env(cache)
    for name in names:
        second.get_template(name)
    assert again == []
    page = dict(page=None, config={"theme": {}, "extra": {}})
    assert second.get_template("partials/copyright.html").render(page) == first.get_template(
        "partials/copyright.html"
    ).render(page)

    # An edited template, and one read with other settings, compile again.
    (tmp_path / "t.html").write_text("<b>{{ x }}</b>", "utf-8")
    loader = jinja2.FileSystemLoader(str(tmp_path))
    plain = jinja2.Environment(loader=loader, bytecode_cache=cache)
    escaping = jinja2.Environment(loader=loader, bytecode_cache=cache, autoescape=True)
    assert plain.get_template("t.html").render(x="<i>") == "<b><i></b>"
    assert escaping.get_template("t.html").render(x="<i>") == "<b>&lt;i&gt;</b>"
    (tmp_path / "t.html").write_text("<p>{{ x }}</p>", "utf-8")
    assert (
        jinja2.Environment(loader=loader, bytecode_cache=cache).get_template("t.html").render(x="y")
        == "<p>y</p>"
    )


def test_every_environment_a_served_theme_makes_keeps_compiled_templates(project, monkeypatch):
    """Under serve each build reads the config again, and Material's search renders the theme's
    language partials in its on_config (three new environments a build) before MkDocs makes the
    build's own: from the second build on, none of them compiles a template again."""
    import jinja2
    from mkdocs.config import load_config

    monkeypatch.chdir(project)
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    config = load_config("mkdocs.yml", site_dir="site")
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        config.plugins["dossier"].config.enabled = False  # (no dossier build: only the config)
        config = config.plugins.on_config(config)
        config.theme.get_env().get_template("main.html")
        assert "partials/language.html" in compiled and "main.html" in compiled
        compiled.clear()
        again = load_config("mkdocs.yml", site_dir="site")  # the next build's config
        again.plugins["dossier"].config.enabled = False
        again = again.plugins.on_config(again)
        assert again.plugins["material/search"].config.lang  # (search translated its settings)
        again.theme.get_env().get_template("main.html")
        assert compiled == []
    finally:
        config.plugins.on_shutdown()
    # Under `mkdocs build` nothing is kept
    build = load_config("mkdocs.yml", site_dir="site")
    build.plugins.on_startup(command="build", dirty=False)
    assert build.plugins.on_config(build).theme.get_env().bytecode_cache is None


def test_the_pages_gone_since_the_last_site_are_those_mkdocs_would_drop(tmp_path):
    """pages_gone from two sets of paths gives what comparing every page's File.url of the two
    builds gives, with and without directory URLs, and every old URL when that setting changed;
    the search merge then drops exactly their entries and the rebuilt pages' old ones."""
    from dossier.publish.live import merge_search_index
    from dossier.publish.plugin import pages_gone

    docs, site = str(tmp_path), str(tmp_path / "site")
    before = [
        "index.md",
        "about.md",
        "quotes/a-b.md",
        "people/index.md",
        "x y/é.md",
        "notes/README.md",
        "c.png",
    ]
    after = ["index.md", "quotes/a-b.md", "people/index.md", "new/page.md", "c2.png"]

    def urls(paths, directory_urls):
        return {
            f.url for f in Files([File(p, docs, site, directory_urls) for p in paths]).documentation_pages()
        }

    for old, new in ((True, True), (False, False), (True, False)):
        config = SimpleNamespace(docs_dir=docs, site_dir=site, use_directory_urls=new)
        gone = pages_gone((old, set(before)), set(after), config)
        assert gone == urls(before, old) - (urls(after, new) if old == new else set())
        assert gone - urls(before, old) == set() and gone
    config = SimpleNamespace(docs_dir=docs, site_dir=site, use_directory_urls=True)
    assert pages_gone(None, set(after), config) == set()

    entries = [{"location": loc} for loc in ("", "about/", "about/#sec", "quotes/a-b/", "x%20y/%C3%A9/")]
    search = SimpleNamespace(
        search_index_prev=SimpleNamespace(entries=entries),
        search_index=SimpleNamespace(entries=[{"location": "quotes/a-b/"}, {"location": "new/page/"}]),
    )
    gone = pages_gone((True, set(before)), set(after), config)
    assert gone == {"about/", "x%20y/%C3%A9/", "notes/"}
    assert merge_search_index(search, {"quotes/a-b/", "new/page/"}, gone) == 1
    assert [e["location"] for e in search.search_index.entries] == ["", "quotes/a-b/", "new/page/"]
    assert search.search_index_prev is None


def test_the_search_index_written_from_kept_entries_is_materials_byte_for_byte():
    """Under serve the index's text is made from each entry's JSON kept between rebuilds: the same
    text Material writes, for entries kept, new and gone, and a change of an entry's text shows."""
    from material.plugins.search.plugin import SearchIndex

    from dossier.publish.live import SearchIndexText

    settings = {
        "lang": ["en"],
        "separator": r"[\s\-]+",
        "pipeline": ["stemmer"],
        "fields": {"title": {"boost": 1}},
    }
    kept = SearchIndexText()
    old = [
        {"location": "", "title": "Home", "text": "Café “quoted” <b>x</b>\u2028"},
        {"location": "quotes/a/", "title": "A", "text": "", "tags": ["x", "y"], "boost": 2},
        {"location": "people/b/#sec", "title": "B", "text": '\\ " /'},
    ]
    for entries in (old, [*old[1:], {"location": "new/", "title": "N", "text": "é"}], [old[0]]):
        ours, theirs = SearchIndex(**settings), SearchIndex(**settings)
        ours.entries, theirs.entries = entries, [dict(e) for e in entries]
        kept.install(ours)
        assert ours.generate_search_index(None) == theirs.generate_search_index(None)
    assert kept.texts([{"location": "", "title": "Home", "text": "changed"}])[0].endswith('"changed"}')


def test_a_rebuilds_own_files_updated_in_place_are_those_its_manifest_gives(tmp_path):
    """After a rebuild the watch updates its record from the files written and removed: the same
    generated files, and the same changes judged as the build's own, as a record from the
    whole manifest."""
    docs = tmp_path / "docs"
    docs.mkdir()
    by_writes, by_manifest = OwnWritesFilter(docs, lambda: None), OwnWritesFilter(docs, lambda: None)
    manifest: dict[str, str] = {}

    def build(write: dict[str, str], remove: list[str]) -> None:
        for rel, text in write.items():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_text(text, "utf-8")
            manifest[rel] = digest(text.encode())
        for rel in remove:
            (docs / rel).unlink()
            del manifest[rel]
        for watch in (by_writes, by_manifest):
            watch.build_started()
        first = not by_writes.generated()
        by_writes.build_finished(remove, **({"manifest": dict(manifest)} if first else {"written": [*write]}))
        by_manifest.build_finished(remove, manifest=dict(manifest))

    build({"a.md": "a", "q/b.md": "b", "q/c.md": "c"}, [])
    build({"q/b.md": "b2", "d.png": "d"}, ["q/c.md"])
    build({"q/c.md": "c3"}, ["a.md"])
    build({}, ["d.png"])
    assert by_writes.generated() == by_manifest.generated() == {"q/b.md", "q/c.md"}
    (docs / "q" / "b.md").write_text("edited by hand", "utf-8")
    for rel in ("a.md", "q/b.md", "q/c.md", "d.png", "other.md"):
        assert by_writes._ours(rel) == by_manifest._ours(rel), rel
    assert not by_writes._ours("q/b.md") and by_writes._ours("d.png") and not by_writes._ours("a.md")
