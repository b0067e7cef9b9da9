"""Under `mkdocs serve`, an edit is rebuilt from the state the server's previous build kept in the
process: the first edit after the server starts too, however MkDocs names mkdocs.yml."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config

import dossier.publish.build as build_module
from dossier.model import NO_CARDS_ENV
from dossier.publish.plugin import project_root


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every dossier build the plugin runs, as (seeds folder, result)."""
    seen: list = []
    own = build_module.build

    def recorded(seeds, *args, **kwargs):
        result = own(seeds, *args, **kwargs)
        seen.append((seeds, result))
        return result

    monkeypatch.setattr(build_module, "build", recorded)
    return seen


def _pre_build(config_file, command: str | None = None):
    """What MkDocs runs before the files are collected: the config read, then the plugin (started
    first when ``command`` is given)."""
    config = load_config(config_file, site_dir="site")
    if command:
        config.plugins.on_startup(command=command, dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    return config


def test_the_first_edit_under_serve_is_replayed_from_the_servers_first_build(
    project: Path, builds: list, warm_settled, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    monkeypatch.setenv(NO_CARDS_ENV, "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    # Built before the server starts (as `dossier serve` does): nothing changed for the server's build.
    _pre_build("mkdocs.yml", command="build")
    assert builds[-1][1].dossier is not None  # a fresh project: every stage ran
    _pre_build("mkdocs.yml", command="build").plugins.on_shutdown()
    assert builds[-1][1].dossier is None  # outside serve, nothing changed: the fast path

    # `mkdocs serve -f mkdocs.yml` hands load_config the file opened by that name; each rebuild
    # hands it the same file object, closed by then, which MkDocs opens again by its absolute path.
    given = open("mkdocs.yml", "rb")  # noqa: SIM115 - MkDocs closes it, as under serve
    config = load_config(given, site_dir="site")
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        assert builds[-1][1].dossier is not None  # the server's first build kept the pipeline's state
        seed = sorted((project / "seeds").glob("*.txt"))[0]
        seed.write_text(
            seed.read_text("utf-8") + "\n\n“A sentence for the warm rebuild,” said Warm Tester.\n", "utf-8"
        )
        assert given.closed
        _pre_build(given)
        seeds, edit = builds[-1]
        assert seeds == builds[-2][0]  # one name for the project, whatever the config was read by
        assert edit.timings["link.replayed"] == 1.0  # linked from the last build's memory
        assert any("sentence for the warm rebuild" in q.text for q in edit.dossier.quotes)
    finally:
        config.plugins.on_shutdown()


def test_the_project_root_has_one_name_however_mkdocs_yml_is_named(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    assert project_root("mkdocs.yml") == project_root(str(tmp_path / "mkdocs.yml")) == Path(".")
    assert project_root("site/mkdocs.yml") == project_root(str(tmp_path / "site" / "mkdocs.yml"))
    assert project_root(None) == Path(".")


def test_records_of_a_build_rendered_in_forked_workers_are_kept_for_the_next_edit(
    project: Path, warm_settled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's first build often renders most pages again (new code, another site_url), on
    forked workers. The data export's record texts must stay in this process all the same, so the
    first edit after it encodes only the records it changed."""
    from dossier import write
    from dossier.write import data

    monkeypatch.setattr(write, "PARALLEL_PAGES", 0)  # every build of the demo forks its workers
    monkeypatch.setattr(write, "CHUNK", 5)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    if not write._can_fork():
        pytest.skip("no fork here: every job is rendered in this process anyway")
    first = build_module.build(project / "seeds", project / "docs")
    assert data._KEPT and data._KEPT[0].made_from is first.dossier
    encoded: list[dict] = []
    own = data._record_text
    monkeypatch.setattr(data, "_record_text", lambda record: encoded.append(record) or own(record))
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    seed.write_text(seed.read_text("utf-8") + "\n\n“Kept records stay here,” said Fork Tester.\n", "utf-8")
    edit = build_module.build(project / "seeds", project / "docs")
    records = len(edit.dossier.quotes) + len(edit.dossier.people) + len(edit.dossier.articles)
    assert any(r.get("quotation") == "Kept records stay here," for r in encoded)  # the new quote's made
    assert 0 < len(encoded) < records / 2  # and few others
    # (a long-lived process writes the export in parts only: see dossier/write/data.py)
    files = data.render_data(edit.dossier, write.article_slugs(edit.dossier))
    made = [
        r for rel in json.loads(files[data.PARTS_LIST])["quotes"] for r in json.loads(files[f"data/{rel}"])
    ]
    assert data.read_export(project / "docs", "quotes") == made


def test_the_extractor_is_loaded_before_the_first_edit_needs_it(project: Path, monkeypatch) -> None:
    """A server whose first build found every extraction cached loads the extractor's name lists
    before the first edit (from the cache folder's pickled copies), not during it."""
    from dossier.extract import mentions, places
    from dossier.publish.cache import CACHE_DIR, load_extractor
    from dossier.read.article import find_seeds

    build_module.build(project / "seeds", project / "docs")  # the pickled copies are made
    monkeypatch.setattr(mentions, "load_detector", None)
    monkeypatch.setattr(places, "load_gazetteer", None)
    mentions._detector.cache_clear()
    places.gazetteer.cache_clear()
    unreadable = project / "seeds" / "0-empty.txt"
    unreadable.write_text("", "utf-8")  # (the first seed listed: one that fails to read is passed over)
    seeds = find_seeds(project / "seeds")
    assert seeds[0] == unreadable
    load_extractor(seeds, project / CACHE_DIR)
    assert mentions._detector.cache_info().currsize == 1
    assert places.gazetteer.cache_info().currsize == 1
    assert mentions.load_detector is not None and places.load_gazetteer is not None  # the pickled copies
