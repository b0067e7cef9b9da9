"""The build cache and the no-change fast path: fast when nothing changed, never stale."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import dossier.publish.build as fast_path
from dossier.cli import main
from dossier.publish.build import build
from dossier.publish.cache import CACHE_DIR, code_version


def run(project: Path):
    return build(project / "seeds", project / "docs")


def test_unchanged_inputs_take_the_fast_path(project):
    first = run(project)
    assert first.dossier is not None
    second = run(project)
    assert second.dossier is None  # nothing was read, linked or rendered
    assert second.report.written == [] and second.report.unchanged == len(first.report.written)
    assert second.summary == first.summary


def test_any_input_change_rebuilds(project):
    run(project)
    seed = project / "seeds/000_35de9ac7b62baea6.txt"
    seed.write_text(seed.read_text("utf-8") + '\n"We will talk again soon," Legend said.\n', "utf-8")
    edited = run(project)
    assert edited.dossier is not None
    assert any("soon" in q.text for q in edited.dossier.quotes)
    (project / "dossier.yml").write_text(
        "people:\n  - name: John Legend\n    description: Singer.\n", "utf-8"
    )
    curated = run(project)
    assert curated.dossier is not None
    assert "people/john-legend.md" in curated.report.written
    (project / "docs/timeline.md").unlink()
    restored = run(project)
    assert restored.dossier is not None and "timeline.md" in restored.report.written


def test_an_input_rewritten_in_place_with_as_many_bytes_rebuilds(project):
    """The registry (and the manifest) are stamped by digests kept with their bytes (a warm process
    hashes a file again only when its bytes differ): a same-size rewrite between builds is a change."""
    run(project)
    assert run(project).dossier is None  # stamped twice: digests kept
    lock = project / "dossier.lock"
    lines = lock.read_bytes().splitlines(keepends=True)
    assert lines[0] != lines[1]
    lock.write_bytes(b"".join([lines[1], lines[0], *lines[2:]]))  # as many bytes, others
    assert run(project).dossier is not None


def test_the_fast_path_sees_a_deleted_page_after_it_stamped_the_folders(project, monkeypatch):
    """Once a no-change build found every generated file, the next one only compares each
    folder's inode and mtime: deleting or adding a file there changes them."""
    monkeypatch.setattr(fast_path, "_SETTLED_NS", 0)  # every folder counts as settled at once
    first = run(project)
    time.sleep(0.05)  # past the filesystem's clock tick: a later change gives another mtime
    assert run(project).dossier is None  # listed every folder, and stamped them
    stamped = run(project)
    assert stamped.dossier is None and stamped.report.unchanged == len(first.report.written)
    time.sleep(0.05)
    page = next((project / "docs" / "quotes").glob("*.md"))
    page.unlink()
    again = run(project)
    assert again.dossier is not None and page.is_file()
    time.sleep(0.05)
    run(project)  # stamps the folders again
    (project / "docs" / "quotes").rename(project / "docs" / "quotes-moved")
    (project / "docs" / "quotes").mkdir()  # another folder in its place: another inode
    assert run(project).dossier is not None and page.is_file()


def test_problems_are_reported_again_on_the_fast_path(project, capsys, monkeypatch):
    (project / "seeds/empty.txt").write_bytes(b"")
    monkeypatch.chdir(project)
    assert main(["build"]) == 1
    capsys.readouterr()
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "seeds/empty.txt: the file is empty" in err


def test_cache_entries_are_keyed_by_content_and_code(project):
    run(project)
    entries = list((project / CACHE_DIR / code_version()).rglob("*.pickle"))
    assert len(entries) == 2
    article, extraction = pickle.loads(entries[0].read_bytes())
    assert extraction.article_id == article.id
    # A stale entry under another code version is never used.
    assert not (project / CACHE_DIR / "0000000000000000").exists()
