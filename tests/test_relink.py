"""``relink`` (the link stage replayed from the previous link in this process, link/replay.py) gives,
field by field, what ``link`` from scratch gives: on the demo and hostile seeds and on a synthetic
dossier made from the shared corpus, after random edits — articles added, deleted, re-worded, a
speaker's name changed, a quote moved to another article, the curation changed."""

from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path

import pytest

from dossier.errors import SeedError
from dossier.extract import extract
from dossier.link.curation import load as load_curation
from dossier.link.linker import link, relink
from dossier.link.replay import LinkMemory
from dossier.model import Article, Curation, Dossier, Extraction
from dossier.read.article import read_article

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"
SHARED = ROOT.parent / "shared"
CURATION = (ROOT / "dossier.yml").read_text("utf-8")
QUOTE_MARKS = ('"', "\u201c")


def assert_same(got: Dossier, want: Dossier, label: str) -> None:
    for f in dataclasses.fields(Dossier):
        a, b = getattr(got, f.name), getattr(want, f.name)
        assert a == b, f"{label}: Dossier.{f.name} differs"
        if isinstance(a, dict):  # pages iterate these: the order must be the same too
            assert list(a) == list(b), f"{label}: Dossier.{f.name} is in another order"


class Project:
    """Seeds as texts, read again only when edited, as a long-lived build process keeps them."""

    def __init__(self, folder: Path, texts: dict[str, str], curation: str | None) -> None:
        self.folder, self.texts = folder, texts
        folder.mkdir(parents=True)
        self.read: dict[str, tuple[Article, Extraction]] = {}
        for name in texts:
            self.write(name)
        self.set_curation(curation)

    def write(self, name: str) -> None:
        path = self.folder / name
        path.write_text(self.texts[name], "utf-8")
        try:
            article = read_article(path)
        except SeedError:  # an edit broke it (front matter, say): left out, as a build does
            self.read.pop(name, None)
            return
        self.read[name] = (article, extract(article))

    def delete(self, name: str) -> None:
        del self.texts[name]
        self.read.pop(name, None)

    def set_curation(self, text: str | None) -> None:
        self.cur: Curation | None = None
        if text is not None:
            (self.folder.parent / "dossier.yml").write_text(text, "utf-8")
            self.cur = load_curation(self.folder.parent / "dossier.yml")

    def inputs(self) -> tuple[list[Article], dict[str, Extraction]]:
        return [a for a, _ in self.read.values()], {a.id: e for a, e in self.read.values()}


def random_edit(rng: random.Random, p: Project, step: int) -> str:
    names = sorted(p.texts)
    name = rng.choice(names)
    lines = p.texts[name].split("\n")
    quoted = [i for i, line in enumerate(lines) if any(m in line for m in QUOTE_MARKS)]
    kind = rng.choice(["add", "delete", "words", "name", "move", "move", "curation"])
    if kind == "add":
        other = p.texts[rng.choice(names)].split("\n")
        new = f"zz{step:03d}_added.txt"
        p.texts[new] = "\n".join(lines[: rng.randrange(2, len(lines) + 1)] + other[-3:])
        p.write(new)
    elif kind == "delete" and len(names) > 3:
        p.delete(name)
    elif kind == "words" and quoted:
        i = rng.choice(quoted)
        ws = lines[i].split(" ")
        ws[rng.randrange(len(ws))] = rng.choice(["budget", "never", "tomorrow", "the"])
        lines[i] = " ".join(ws)
        p.texts[name] = "\n".join(lines)
        p.write(name)
    elif kind == "name":
        # A speaker renamed: every name-like pair of capitalised words is a candidate.
        pairs = sorted(
            {
                f"{a} {b}"
                for line in lines
                for a, b in zip(line.split(), line.split()[1:], strict=False)
                if a.istitle() and b.istitle()
            }
        )
        if pairs:
            p.texts[name] = p.texts[name].replace(
                rng.choice(pairs), rng.choice(["Anna Smith", "John Legend"])
            )
            p.write(name)
    elif kind == "move" and quoted:
        line = lines.pop(rng.choice(quoted))
        p.texts[name] = "\n".join(lines)
        p.write(name)
        other = rng.choice(sorted(p.texts))
        olines = p.texts[other].split("\n")
        olines.insert(rng.randrange(1, len(olines) + 1), line)
        p.texts[other] = "\n".join(olines)
        p.write(other)
    elif kind == "curation":
        p.set_curation(
            rng.choice(
                [
                    CURATION,
                    None,
                    CURATION.replace("aliases: [Legend, JL]", "aliases: [JL]"),
                    "corrections:\n  - same_person: [John Legend, Chrissy Teigen]\n",
                ]
            )
        )
    return f"step {step}: {kind} {name}"


def replay_matches_scratch(p: Project, seed: int, steps: int) -> list[tuple[int, int]]:
    """Random edits, each relinked from the previous memory and compared with a link from scratch;
    returns how many occurrences each replay regrouped, of how many."""
    rng = random.Random(seed)
    articles, extractions = p.inputs()
    d, mem = relink(None, articles, extractions, p.cur)
    assert_same(d, link(articles, extractions, p.cur), "first link")
    regrouped = []
    for step in range(steps):
        label = random_edit(rng, p, step)
        articles, extractions = p.inputs()
        d, mem = relink(mem, articles, extractions, p.cur)
        assert isinstance(mem, LinkMemory)
        assert_same(d, link(articles, extractions, p.cur), label)
        regrouped.append((mem.regrouped, sum(len(q.occurrences) for q in d.quotes)))
    return regrouped


@pytest.mark.parametrize("seed", [1, 2])
def test_relink_equals_link_on_demo_and_hostile_seeds(tmp_path: Path, seed: int):
    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())]
    texts = {f.name: f.read_text("utf-8", errors="replace") for f in files}
    replay_matches_scratch(Project(tmp_path / "seeds", texts, CURATION), seed, steps=12)


def test_relink_equals_link_on_a_synthetic_dossier(tmp_path: Path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    if not synth.source_paths(SHARED, 1):
        pytest.skip(f"{SHARED / synth.CORPUS} is absent: the synthetic dossier is made from it")
    synth.synthesize(SHARED, tmp_path / "made", 150, seed=5, share=0.2, limit=120)
    texts = {f.name: f.read_text("utf-8") for f in sorted((tmp_path / "made").iterdir())}
    regrouped = replay_matches_scratch(Project(tmp_path / "seeds", texts, CURATION), 4, steps=14)
    # The replay regroups what the edits reach, not the dossier: most edits touch a few components.
    shares = sorted(n / total for n, total in regrouped)
    assert shares[len(shares) // 2] < 0.25, regrouped


def test_unchanged_inputs_regroup_nothing(tmp_path: Path):
    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())]
    p = Project(tmp_path / "seeds", {f.name: f.read_text("utf-8", errors="replace") for f in files}, CURATION)
    articles, extractions = p.inputs()
    d, mem = relink(None, articles, extractions, p.cur)
    assert mem.regrouped == sum(len(q.occurrences) for q in d.quotes) > 0
    again, mem = relink(mem, articles, extractions, p.cur)
    assert mem.regrouped == 0
    assert_same(again, d, "no edit")
    assert all(
        a is not b for a, b in zip(again.quotes, d.quotes, strict=True)
    )  # copies: ids are put on afresh
