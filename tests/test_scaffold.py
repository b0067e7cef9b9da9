"""`dossier new DIR`: a dossier of one's own, with nothing of the demo, that builds and publishes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from dossier.cli import main
from dossier.link.curation import load

# Ten short articles with no date anywhere in their text; the file names carry the dates.
ARTICLES = [
    ("2016-10-03-water", "Council Delays Water Vote", "Ann Lee", "We need another month to read the report"),
    ("2016-10-04-school", "New School Opens Doors", "Bo Chan", "Every child here deserves a good building"),
    ("2016-10-06-budget", "Budget Talks Stall", "Cy Diaz", "Nobody at this table wants a shutdown"),
    ("2016-10-10-roads", "Road Repairs Start", "Di Ellis", "The worst streets come first this time"),
    ("2016-10-12-parks", "Parks Get More Staff", "Ed Fox", "Our rangers have been stretched far too thin"),
    ("2016-10-14-fire", "Fire Station Saved", "Flo Gray", "This station answers calls from three towns"),
    ("2016-10-17-bus", "Bus Fares Frozen", "Gus Hale", "Riders should not pay for our mistakes"),
    (
        "2016-10-19-library",
        "Library Hours Extended",
        "Hal Ives",
        "Students asked us for quiet evenings to study",
    ),
    (
        "2016-10-21-housing",
        "Housing Plan Unveiled",
        "Ida Judd",
        "Rents have doubled and wages have not moved",
    ),
    (
        "2016-10-24-election",
        "Turnout Push Begins",
        "Jo Kemp",
        "Every vote in this county will be counted twice",
    ),
]


def article(title: str, speaker: str, words: str) -> str:
    surname = speaker.split()[-1]
    return (
        f"{title}\n\n"
        f"{speaker}, a member of the council, spoke to reporters on Monday.\n"
        f'"{words}," {surname} said. "We will report back to residents next week."\n'
    )


def test_new_makes_a_dossier_with_nothing_of_the_demo(tmp_path, capsys):
    target = tmp_path / "my-dossier"
    assert main(["new", str(target), "--title", 'Council "watch": 2016']) == 0
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/pages.yml",
        ".gitignore",
        "docs/.gitkeep",
        "dossier.yml",
        "mkdocs.yml",
        "requirements.txt",
        "seeds/README.md",
    ]
    config = yaml.safe_load((target / "mkdocs.yml").read_text("utf-8"))
    assert config["site_name"] == 'Council "watch": 2016'
    assert "about.md" not in (target / "mkdocs.yml").read_text("utf-8")
    cur = load(target / "dossier.yml")  # every example is commented out: an empty curation
    assert not (cur.people or cur.corrections or cur.notes)
    for text in (p.read_text("utf-8") for p in target.rglob("*") if p.is_file()):
        assert "Kanye" not in text and "Legend" not in text
    assert "cd " in capsys.readouterr().out


def test_new_refuses_a_folder_in_use(tmp_path, capsys):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine", "utf-8")
    assert main(["new", str(tmp_path / "used")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "used" in err[0] and "not an empty folder" in err[0]
    assert (tmp_path / "used" / "notes.txt").read_text("utf-8") == "mine"


def test_ten_undated_articles_get_a_timeline_and_a_strict_build(tmp_path):
    target = tmp_path / "council"
    assert main(["new", str(target), "--title", "Council watch"]) == 0
    for stem, title, speaker, words in ARTICLES:
        (target / "seeds" / f"{stem}.txt").write_text(article(title, speaker, words), "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    docs = target / "docs"
    timeline = (docs / "timeline.md").read_text("utf-8")
    days = re.findall(r"^## (\d+ \w+ 2016)$", timeline, re.M)
    # Each article's date, and the "Monday" each one names, resolved against it.
    assert len(days) >= 10
    assert "date unknown" not in (docs / "articles/index.md").read_text("utf-8")
    home = (docs / "index.md").read_text("utf-8")
    latest = home.split("## Latest quotes", 1)[1]
    assert latest.count("<li>") == 10 and "unattributed" not in latest
    assert (target / "dossier.lock").exists()
    assert "Council watch" in (target / "site" / "index.html").read_text("utf-8")
    assert not (docs / "about.md").exists()


def test_scaffold_workflow_and_gitignore_cover_the_generated_files(tmp_path):
    target = tmp_path / "d"
    main(["new", str(target)])
    ignored = (target / ".gitignore").read_text("utf-8").split()
    for path in ("docs/index.md", "docs/quotes/", "docs/data/", ".dossier-cache/", "site/"):
        assert path in ignored
    workflow = yaml.safe_load((target / ".github/workflows/pages.yml").read_text("utf-8"))
    steps = [s.get("run", "") for s in workflow["jobs"]["build"]["steps"]]
    assert any("requirements.txt" in s for s in steps) and any("mkdocs build --strict" in s for s in steps)
    assert "${{ steps.pages.outputs.base_url }}" in (target / ".github/workflows/pages.yml").read_text(
        "utf-8"
    )
    assert Path(target / "requirements.txt").read_text("utf-8").count("dossier @") == 1


def test_the_scaffold_gitignore_covers_every_file_a_build_writes(tmp_path):
    """Every generated file of a real build (the demo seeds, curation included) is ignored by the
    new project's .gitignore and by this repository's: a page kind added later without its folder
    would show as untracked."""
    import shutil

    from dossier.publish.output import MANIFEST, load_manifest

    target = tmp_path / "d"
    main(["new", str(target)])
    repo = Path(__file__).resolve().parent.parent
    shutil.rmtree(target / "seeds")
    shutil.copytree(repo / "seeds", target / "seeds")
    shutil.copy(repo / "dossier.yml", target / "dossier.yml")
    assert main(["build", "--seeds", str(target / "seeds"), "--docs", str(target / "docs")]) == 0
    written = [*load_manifest(target / "docs"), MANIFEST]
    assert len(written) > 50
    for gitignore in (target / ".gitignore", repo / ".gitignore"):
        lines = gitignore.read_text("utf-8").splitlines()
        ignored = [line for line in lines if line and not line.startswith("#")]
        for path in written:
            full = f"docs/{path}"
            assert any(full == p or (p.endswith("/") and full.startswith(p)) for p in ignored), (
                gitignore,
                full,
            )
