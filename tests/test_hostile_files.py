"""Broken seed files: each gives one clear message naming it, the rest still builds, exit is 1.

Binary and huge files are generated here at run time, never committed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dossier import pipeline
from dossier.cli import main
from dossier.read.article import MAX_ARTICLE_BYTES, read_article

STORY = 'Jane Roe said, "{}," on Monday.\n'


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def run_build(project: Path, capsys) -> tuple[int, list[str], list[str], dict]:
    os.chdir(project)
    status = main(["build"])
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    articles = json.loads((project / "docs" / "data" / "articles.json").read_text("utf-8"))
    return status, errors, warnings, {a["seed"]: a for a in articles}


def test_every_broken_file_is_listed_and_the_rest_builds(project, capsys, monkeypatch):
    seeds = project / "seeds"
    write(seeds / "empty.txt", b"")
    write(seeds / "blank.txt", b"  \n\t\r\n  ")
    write(seeds / "binary.txt", bytes(range(256)) * 40)
    write(seeds / "mostly-nul.md", b"Title\n" + b"\x00" * 4000)
    (seeds / "broken.txt").symlink_to(seeds / "nowhere.txt")
    (seeds / "loop1.txt").symlink_to(seeds / "loop2.txt")
    (seeds / "loop2.txt").symlink_to(seeds / "loop1.txt")
    (seeds / "folder.txt").mkdir()
    write(seeds / "folder.txt" / "inside.txt", STORY.format("Inside a folder named like a seed"))
    os.mkfifo(seeds / "pipe.txt")  # opening it would block forever
    huge = seeds / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 50 MB by size, nothing on disk, never read
        fh.truncate(50 * 1024 * 1024)
    write(seeds / "locked.txt", STORY.format("Locked away"))
    write(seeds / "vanishing.txt", STORY.format("Gone before it is read"))
    write(seeds / "fine.txt", "Title\n\n" + STORY.format("Still built"))

    # Tests run as root, where chmod 000 does not stop reading: simulate the permission error.
    real_open = Path.open

    def guarded_open(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    real_find = pipeline.find_seeds

    def find_then_delete(root, *args, **kwargs):
        found = real_find(root, *args, **kwargs)
        (seeds / "vanishing.txt").unlink(missing_ok=True)  # disappears between listing and reading
        return found

    monkeypatch.setattr(pipeline, "find_seeds", find_then_delete)

    status, errors, _, built = run_build(project, capsys)
    assert status == 1
    expected = {
        "seeds/empty.txt": "the file is empty",
        "seeds/blank.txt": "only whitespace",
        "seeds/binary.txt": "binary file",
        "seeds/mostly-nul.md": "binary file",
        "seeds/broken.txt": "does not exist",
        "seeds/loop1.txt": "symbolic links",
        "seeds/loop2.txt": "symbolic links",
        "seeds/pipe.txt": "not a regular file",
        "seeds/huge.txt": "50.0 MB",
        "seeds/locked.txt": "permission denied",
        "seeds/vanishing.txt": "disappeared during the build",
        "seeds/folder.txt": "is a directory",  # named like a seed: said so, and its contents still read
    }
    for seed, message in expected.items():
        hits = [e for e in errors if e.startswith(f"error: {seed}: ")]
        assert len(hits) == 1 and message in hits[0], (seed, errors)
    assert len(errors) == len(expected)
    assert {"seeds/fine.txt", "seeds/folder.txt/inside.txt"} <= set(built)
    assert sum(s.startswith("seeds/0") for s in built) == 2  # the demo seeds too


def test_encodings_and_line_endings_build_with_warnings(project, capsys):
    seeds = project / "seeds"
    write(seeds / "bom.txt", b"\xef\xbb\xbfTitle\r\n\r\n" + STORY.format("BOM and CRLF").encode())
    write(seeds / "cr.txt", b"Title\r" + STORY.format("Lone CR").encode().replace(b"\n", b"\r"))
    (seeds / "latin1.txt").write_bytes(("Title\n\n" + STORY.format("Caf\xe9 cr\xe8me")).encode("cp1252"))
    write(seeds / "nul.txt", b'Title\n\nJane\x00 Roe said, "NUL\x00 inside," on Monday.\n')
    status, errors, warnings, built = run_build(project, capsys)
    assert status == 0 and not errors
    assert {"seeds/bom.txt", "seeds/cr.txt", "seeds/latin1.txt", "seeds/nul.txt"} <= set(built)
    assert any("bom.txt" in w and "byte-order mark" in w for w in warnings)
    assert any("latin1.txt" in w and "Windows-1252" in w for w in warnings)
    assert any("nul.txt" in w and "U+FFFD" in w for w in warnings)
    quotes = json.loads((project / "docs" / "data" / "quotes.json").read_text("utf-8"))
    texts = {q["quotation"] for q in quotes}
    assert {"BOM and CRLF,", "Lone CR,", "Café crème,"} <= texts


@pytest.mark.parametrize(
    "name",
    [
        "CON.txt",
        "nul.md",
        "a\\..\\..\\evil.txt",
        "spaces and ünïcödé ✓.txt",
        "😀🔥.txt",
        "مرحبا.txt",
        "x" * 200 + ".txt",
        'semi;colon&amp<tag>|pipe?*".txt',
        "ctrl\x01\x7fchar.txt",
    ],
)
def test_weird_seed_names_build_inside_docs(project, capsys, name):
    write(project / "seeds" / name, "Title\n\n" + STORY.format("Odd names are fine"))
    status, errors, _, built = run_build(project, capsys)
    assert status == 0 and not errors
    [article] = [a for seed, a in built.items() if not seed.startswith("seeds/0")]
    page = project / "docs" / (article["url"].rstrip("/") + ".md")
    assert page.is_file() and page.resolve().is_relative_to((project / "docs").resolve())
    assert page.parent.name == "articles" and len(page.name) <= 80
    assert page.stem.lower() not in {"con", "nul", "prn", "aux", "index"}


def test_undecodable_bytes_in_a_file_name_do_not_crash(project, capsys):
    name = os.fsencode(project / "seeds") + b"/bad\xffname.txt"
    with open(name, "wb") as fh:
        fh.write(("Title\n\n" + STORY.format("Bad bytes in a name")).encode())
    status, errors, _, built = run_build(project, capsys)
    assert status == 0 and not errors
    assert "seeds/bad\ufffdname.txt" in built


def test_names_differing_only_by_case_get_distinct_pages(project, capsys):
    write(project / "seeds" / "Story.txt", "Title\n\n" + STORY.format("Upper"))
    write(project / "seeds" / "story.txt", "Title\n\n" + STORY.format("Lower"))
    status, _, _, built = run_build(project, capsys)
    assert status == 0
    urls = {built["seeds/Story.txt"]["url"], built["seeds/story.txt"]["url"]}
    assert urls == {"articles/story/", "articles/story-2/"}  # lowercase: no clash on case-folding disks


def test_a_seed_growing_past_the_cap_while_read_is_refused(tmp_path, monkeypatch):
    """The size is checked on what is read, not only on what stat said."""
    seed = write(tmp_path / "grows.txt", "x" * 10)
    real_stat = Path.stat
    calls = []

    def stale_stat(self, *args, **kwargs):
        info = real_stat(self, *args, **kwargs)
        if self.name == "grows.txt" and not calls:
            calls.append(1)
            seed.write_bytes(b"word " * (MAX_ARTICLE_BYTES // 4))  # grows after the check
        return info

    monkeypatch.setattr(Path, "stat", stale_stat)
    with pytest.raises(Exception, match="at most 1024 KB"):
        read_article(seed)
