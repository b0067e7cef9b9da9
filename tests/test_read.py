"""Read stage on the real seeds and on broken input."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import SeedError
from dossier.read.article import read_article, read_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EONLINE = SEEDS / "001_f7b43fe09d3c56d2.txt"
RADIO = SEEDS / "000_35de9ac7b62baea6.txt"


def kinds(article):
    return [(p.kind, article.raw[p.start : p.end][:30]) for p in article.paragraphs]


def test_eonline_metadata():
    a = read_article(EONLINE)
    assert a.meta.title == "Kanye West Shares John Legend's Text Messages on Twitter"
    assert a.meta.dek == "The musicians disagree about President Donald Trump, of course"
    assert a.meta.authors == ["Zach Johnson"]
    assert a.meta.date == "2018-04-26T17:25"
    assert not a.meta.date_inferred
    assert a.meta.truncated  # it stops at "got more philosophical:"
    body = [a.raw[p.start : p.end] for p in a.body()]
    assert body[0] == "Communicate with Kanye West at your own risk."
    assert not any("Zach Johnson" in t for t in body)


def test_radio_metadata_and_photo_block():
    a = read_article(RADIO)
    assert a.meta.title.startswith("John Legend on His Leaked Texts to Kanye West: 'I Think He Sees")
    assert a.meta.authors == []
    assert a.meta.date == "2018-04-27"
    assert a.meta.date_inferred
    assert a.meta.credits == ["John Lamparski/WireImage"]
    assert any(c.startswith("John Legend attends NBC's") for c in a.meta.captions)
    body = " ".join(a.raw[p.start : p.end] for p in a.body())
    assert "Lamparski" not in body and "attends NBC" not in body
    assert "Check out the rest" not in body  # boilerplate is not story text
    assert [p.kind for p in a.paragraphs].count("boilerplate") == 1


def test_weekday_date_resolved_from_caption_year():
    a = read_article(RADIO)
    friday = next(d for d in a.dates if d.text.startswith("Friday"))
    assert friday.value == "2018-04-27" and friday.inferred
    thursday = next(d for d in a.dates if d.text == "Thursday")
    assert thursday.value == "2018-04-26"


@pytest.mark.parametrize("path", [EONLINE, RADIO])
def test_paragraph_offsets_are_exact(path):
    a = read_article(path)
    assert a.raw == path.read_text("utf-8")
    for p in a.paragraphs:
        text = a.raw[p.start : p.end]
        assert text == text.strip() and text and "\n" not in text


def test_front_matter_wins_and_offsets_refer_to_body(tmp_path):
    seed = tmp_path / "story.md"
    seed.write_text(
        "---\ntitle: Given Title\nauthor: [Ann Writer, Bo Reporter]\ndate: 2019-05-01\noutlet: The Daily\n"
        "url: https://example.org/a\nsection: politics\n---\nGuessed Headline\n\nBy Someone Else Jan 2, 2018\n\n"
        "Body text here, said Ann.\n",
        "utf-8",
    )
    a = read_article(seed)
    assert a.meta.title == "Given Title"
    assert a.meta.authors == ["Ann Writer", "Bo Reporter"]
    assert a.meta.date == "2019-05-01" and not a.meta.date_inferred
    assert a.meta.outlet == "The Daily" and a.meta.url == "https://example.org/a"
    assert a.meta.extra == {"section": "politics"}
    assert a.raw.startswith("Guessed Headline")
    assert a.line_of(a.raw.index("Body")) == 13


def test_bad_front_matter_names_file_and_line(tmp_path):
    seed = tmp_path / "bad.md"
    seed.write_text("---\ntitle: ok\nauthor: [unclosed\n---\nText.\n", "utf-8")
    with pytest.raises(SeedError) as exc:
        read_article(seed)
    assert "bad.md" in str(exc.value) and "front matter" in str(exc.value)
    assert exc.value.line and exc.value.line >= 3


@pytest.mark.parametrize(
    "data, message",
    [(b"", "empty"), (b"   \n\n\t ", "whitespace"), (bytes(range(256)) * 40, "binary")],
)
def test_unusable_files_raise_a_clear_error(tmp_path, data, message):
    seed = tmp_path / "x.txt"
    seed.write_bytes(data)
    with pytest.raises(SeedError, match=message) as exc:
        read_article(seed)
    assert str(seed) in str(exc.value)


def test_cp1252_smart_quotes_are_decoded_with_a_warning(tmp_path):
    seed = tmp_path / "win.txt"
    seed.write_bytes("Headline\n\n\u201cWe won,\u201d she said.\n".encode("cp1252"))
    a = read_article(seed)
    assert "\u201cWe won,\u201d" in a.raw
    assert any("Windows-1252" in w for w in a.warnings)


def test_bom_crlf_and_lone_cr(tmp_path):
    seed = tmp_path / "dos.txt"
    seed.write_bytes(b"\xef\xbb\xbfHeadline here\r\n\r\nFirst paragraph.\r\nSecond.\rThird.\r\n")
    a = read_article(seed)
    assert not a.raw.startswith("\ufeff")
    assert [a.raw[p.start : p.end] for p in a.paragraphs] == [
        "Headline here",
        "First paragraph.",
        "Second.",
        "Third.",
    ]
    assert any("byte-order mark" in w for w in a.warnings)


def test_directory_and_missing_file(tmp_path):
    folder = tmp_path / "looks_like.txt"
    folder.mkdir()
    with pytest.raises(SeedError, match="directory"):
        read_article(folder)
    link = tmp_path / "broken.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(SeedError, match="does not exist"):
        read_article(link)


def test_byline_with_several_authors_and_debris():
    a = read_text(
        "A Headline For Tests\n\nBy Ann Lee and Bo Chan | Mar 3, 2020 9:05 AMShare\n\nStory.\n", "t"
    )
    assert a.meta.authors == ["Ann Lee", "Bo Chan"]
    assert a.meta.date == "2020-03-03T09:05"


def test_find_seeds_walks_as_rglob_does(tmp_path: Path) -> None:
    """find_seeds lists folders with os.scandir; its seeds, hidden and refused lines (in order) are
    those of the rglob walk it replaced, on a tree with every case that walk told apart."""
    from dossier.read.seeds import SEED_SUFFIXES, display_name, find_seeds, outside

    out = tmp_path / "out"
    out.mkdir()
    (out / "secret.txt").write_text("Secret\n", "utf-8")
    root = tmp_path / "seeds"
    for rel in (
        "a.txt", "B.TXT", "c.Markdown", "d.md", "e.", ".txt", ".hidden.md", "README.md", "sub/readme.MD",
        "notes.rst", "sub/deeper/f.txt", "sub/.g.txt", ".secret/h.txt", "originals/i.txt",
        "sub/originals/deep/j.md", "originals.txt", "sub/originals.md/k.txt",
    ):  # fmt: skip
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("Text.\n", "utf-8")
    (root / "folder.txt").mkdir()  # a folder named like a seed: listed (reading it then fails)
    (root / "out.txt").symlink_to(out / "secret.txt")
    (root / "sub" / ".out.txt").symlink_to(out / "secret.txt")
    (root / "sub" / "in.txt").symlink_to(root / "a.txt")
    (root / "linked").symlink_to(out)  # not walked into
    (root / "linked.md").symlink_to(root / "sub")

    def by_rglob() -> tuple[list[Path], list[str], list[str]]:
        found, hidden, refused = [], [], []
        for p in root.rglob("*"):
            if "originals" in p.relative_to(root).parts:
                continue
            if p.suffix.lower() not in SEED_SUFFIXES or p.name.lower() == "readme.md":
                continue
            if p.name.startswith("."):
                hidden.append(f"{display_name(str(p))}: skipped: a hidden file (its name starts with a dot)")
            elif outside(p, root.resolve()):
                refused.append(f"{display_name(str(p))}: refused: it links to a file outside {root}")
            else:
                found.append(p)
        return sorted(found, key=lambda q: q.as_posix()), hidden, refused

    hidden: list[str] = []
    refused: list[str] = []
    found = find_seeds(root, refused, hidden)
    assert (found, hidden, refused) == by_rglob()
    assert {p.relative_to(root).as_posix() for p in found} >= {
        "B.TXT",
        "folder.txt",
        "sub/in.txt",
        ".secret/h.txt",
    }
    assert len(hidden) == 3 and len(refused) == 1
    assert find_seeds(tmp_path / "absent") == [] and find_seeds(root / "a.txt") == [root / "a.txt"]


def test_find_seeds_refuses_links_out_of_the_folder_at_any_depth(tmp_path: Path) -> None:
    """Only paths through a link are resolved (the others cannot lead out): links to files outside,
    deep in subfolders or beside in-folder links, are refused; links that stay inside are seeds."""
    from dossier.read.seeds import find_seeds, outside

    out = tmp_path / "out"
    (out / "deep").mkdir(parents=True)
    (out / "secret.txt").write_text("Secret\n\nText.\n", "utf-8")
    (out / "deep" / "more.md").write_text("More\n\nText.\n", "utf-8")
    root = tmp_path / "seeds"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "real.txt").write_text("Real\n\nText.\n", "utf-8")
    (root / "top.txt").symlink_to(out / "secret.txt")
    (root / "a" / "b" / "deep.txt").symlink_to(out / "secret.txt")
    (root / "a" / "inside.txt").symlink_to(root / "a" / "b" / "real.txt")
    (root / "a" / "relative.txt").symlink_to(Path("..") / ".." / "out" / "secret.txt")
    (root / "linked").symlink_to(out)  # a linked folder: not walked into
    (root / "folder.md").symlink_to(out / "deep")
    refused: list[str] = []
    found = find_seeds(root, refused)
    assert [p.relative_to(root).as_posix() for p in found] == ["a/b/real.txt", "a/inside.txt"]
    assert sorted(r.split(": ")[0].removeprefix(str(root) + "/") for r in refused) == [
        "a/b/deep.txt",
        "a/relative.txt",
        "folder.md",
        "top.txt",
    ]
    # The same answer as resolving every path found
    every = [p for p in root.rglob("*") if p.suffix in (".txt", ".md") and not outside(p, root.resolve())]
    assert sorted(every) == found
