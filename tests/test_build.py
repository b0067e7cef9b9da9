"""`dossier build` end to end on the demo seeds: pages, manifest rules, idempotence, MkDocs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest

from dossier.cli import main
from dossier.errors import DossierError
from dossier.publish.build import build
from dossier.publish.output import MANIFEST


def run_build(project: Path):
    return build(project / "seeds", project / "docs")


def test_article_pages_carry_the_metadata(project):
    run_build(project)
    page = frontmatter.load(project / "docs/articles/001-f7b43fe09d3c56d2.md")
    assert page["title"] == "Kanye West Shares John Legend's Text Messages on Twitter"
    meta = page["dossier"]
    assert meta["authors"] == ["Zach Johnson"]
    assert meta["date"] == "2018-04-26T17:25"
    assert meta["dek"] == "The musicians disagree about President Donald Trump, of course"
    radio = frontmatter.load(project / "docs/articles/000-35de9ac7b62baea6.md")
    assert radio["dossier"]["date"] == "2018-04-27" and radio["dossier"]["date_inferred"] is True
    assert radio["dossier"]["credits"] == ["John Lamparski/WireImage"]
    assert "Date inferred" in radio.content
    for rel in ("articles/index.md", "quotes/index.md", "people/index.md", "timeline.md", "index.md"):
        assert (project / "docs" / rel).is_file(), rel


def test_second_build_writes_nothing(project):
    first = run_build(project)
    assert first.report.written
    stamps = {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()}
    second = run_build(project)
    assert second.report.written == [] and second.report.removed == []
    assert stamps == {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()}


def test_a_build_with_nothing_to_do_imports_no_reader_nor_pipeline(project, monkeypatch):
    # The no-change path's cost is mostly imports: it lists and stamps the seeds, nothing more.
    # With no mkdocs.yml, not even YAML (a project with one reads its site_url).
    (project / "mkdocs.yml").unlink()
    monkeypatch.chdir(project)
    assert main(["build", "--seeds", "seeds", "--docs", "docs"]) == 0
    code = (
        "import sys; from dossier.cli import main; "
        "assert main(['build', '--seeds', 'seeds', '--docs', 'docs']) == 0; "
        "print(sorted(m for m in ('yaml', 'dossier.read.article', 'dossier.pipeline', "
        "'dossier.extract', 'concurrent.futures.process') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert " 0 files written" in r.stdout and r.stdout.splitlines()[-1] == "[]"


def test_hand_written_pages_survive_and_home_is_theirs(project):
    (project / "docs/index.md").write_text("# My own home\n", "utf-8")
    about = (project / "docs/about.md").read_bytes()
    result = run_build(project)
    run_build(project)
    assert (project / "docs/index.md").read_text("utf-8") == "# My own home\n"
    assert (project / "docs/about.md").read_bytes() == about
    assert result.report.skipped == ["index.md"]


def test_clash_with_a_user_file_is_an_error_and_destroys_nothing(project):
    (project / "docs/timeline.md").write_text("mine", "utf-8")
    with pytest.raises(DossierError, match="timeline.md.*not written by dossier"):
        run_build(project)
    assert (project / "docs/timeline.md").read_text("utf-8") == "mine"


def test_removed_seed_removes_its_pages(project):
    run_build(project)
    page = project / "docs/articles/000-35de9ac7b62baea6.md"
    assert page.exists()
    (project / "seeds/000_35de9ac7b62baea6.txt").unlink()
    result = run_build(project)
    assert not page.exists()
    assert "articles/000-35de9ac7b62baea6.md" in result.report.removed
    assert (project / "docs/about.md").exists()
    manifest = (project / "docs" / MANIFEST).read_text("utf-8")
    assert "000-35de9ac7b62baea6" not in manifest


def test_builds_are_byte_identical(project, tmp_path):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(project / "seeds", other / "seeds")
    run_build(project)
    build(other / "seeds", other / "docs")
    files = sorted(p.relative_to(project / "docs") for p in (project / "docs").rglob("*") if p.is_file())
    files.remove(Path("about.md"))
    assert files == sorted(p.relative_to(other / "docs") for p in (other / "docs").rglob("*") if p.is_file())
    for rel in files:
        assert (project / "docs" / rel).read_bytes() == (other / "docs" / rel).read_bytes(), rel


def test_bad_seeds_are_reported_and_the_rest_builds(project, capsys):
    (project / "seeds/empty.txt").write_bytes(b"")
    (project / "seeds/binary.txt").write_bytes(bytes(range(256)) * 64)
    (project / "seeds/windows.txt").write_bytes(
        "Old Headline Here\n\n\u201cFine,\u201d he said.\n".encode("cp1252")
    )
    code = main(["build", "--seeds", str(project / "seeds"), "--docs", str(project / "docs")])
    err = capsys.readouterr().err
    assert code == 1
    assert "seeds/empty.txt: the file is empty" in err
    assert "seeds/binary.txt" in err and "binary" in err
    assert "Windows-1252" in err and "Traceback" not in err
    assert (project / "docs/articles/windows.md").exists()
    assert (project / "docs/articles/001-f7b43fe09d3c56d2.md").exists()


def test_cli_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["build", "--help"])
    assert exc.value.code == 0
    assert "--seeds" in capsys.readouterr().out


def test_missing_seeds_folder_is_a_one_line_error(tmp_path, capsys):
    code = main(["build", "--seeds", str(tmp_path / "nope"), "--docs", str(tmp_path / "docs")])
    assert code == 1
    assert "nope: the seeds folder does not exist" in capsys.readouterr().err


def test_mkdocs_build_strict_runs_the_plugin(project):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    article = (site / "articles/001-f7b43fe09d3c56d2/index.html").read_text("utf-8")
    assert "Zach Johnson" in article and 'class="dossier-quote"' in article
    assert (site / "about/index.html").exists()
    assert (site / "assets/dossier.css").exists()
    assert "WARNING" not in proc.stderr
