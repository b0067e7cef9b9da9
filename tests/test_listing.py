"""What the index pages list and count (dossier/write/listing.py): the listing updated from the
previous build's in one process equals the one made from scratch, after random edits; and edits
that move counts between people, empty an article of quotes or only change curation give the
full build's landing pages, data export and sub-pages, warm."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from test_incremental_render import (
    CURATION,
    HOSTILE,
    ROOT,
    S0,
    S1,
    check,
    make_project,
    random_edit,
    rebuild,
    replace_in,
)

from dossier.model import Dossier
from dossier.write import data
from dossier.write.index_parts import statements_of
from dossier.write.listing import listing_since, prepare, tallies_of

pytestmark = pytest.mark.usefixtures("warm_settled")


def from_scratch(d: Dossier) -> Dossier:
    """The same dossier with nothing derived kept: its listing and tallies made whole."""
    fresh = Dossier(**{f.name: getattr(d, f.name) for f in dataclasses.fields(Dossier) if f.init})
    prepare(fresh)
    return fresh


@pytest.mark.parametrize("seed", [31, 32])
def test_updated_listing_equals_the_full_one_after_random_edits(tmp_path: Path, seed: int):
    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())]
    project = make_project(tmp_path / "p", files)
    before = rebuild(project).dossier
    rng = random.Random(seed)
    updated = 0
    for n in range(10):
        label, edit = random_edit(rng, project)
        edit()
        d = rebuild(project).dossier
        if d is None:
            continue
        full = from_scratch(d)
        # The build's own listing (updated when it could be) and tallies are the full ones.
        assert d.listing == full.listing, f"step {n}: {label}"
        assert d.tallies == full.tallies == tallies_of(d), f"step {n}: {label}"
        # The people index's counts, from the tallies: each person's statements as every page counts them.
        assert d.tallies.ranked_statements == [statements_of(d, pid) for pid in d.tallies.ranked], label
        assert any(d.tallies.ranked_statements), label
        if d.changed is not None and before is not None:
            updated += 1
            assert listing_since(before, d, d.changed, True) == full.listing, f"step {n}: {label}"
        before = d
    assert updated >= 5


def landing(project: Path) -> dict:
    docs = project / "docs"
    pages = ("index.md", "quotes/index.md", "people/index.md", "timeline.md", "articles/index.md")
    return {p: (docs / p).read_text("utf-8") for p in pages}


def said(project: Path, name: str) -> int:
    people = data.read_export(project / "docs", "people")  # (in parts: a warm process)
    return next(len(p["quotes"]) for p in people if p["name"] == name)


def test_warm_edits_moving_counts_emptying_an_article_and_curation_give_the_full_build(tmp_path: Path):
    project = make_project(tmp_path / "p", [*sorted((ROOT / "seeds").glob("*.txt"))])
    seeds, scratch = project / "seeds", tmp_path / "scratch"
    rebuild(project)
    check(project, scratch, lambda: None, "warm-up")
    # A quote moved from one person to another: both counts change on every landing page.
    line = '\n"We will talk again soon, I am sure of it, every single day," Legend said.\n'
    check(project, scratch, lambda: (seeds / S1).write_text((seeds / S1).read_text("utf-8") + line), "added")
    legend, teigen = said(project, "John Legend"), said(project, "Chrissy Teigen")
    before = landing(project)
    result = check(
        project,
        scratch,
        replace_in(seeds / S1, 'every single day," Legend', 'every single day," Chrissy Teigen'),
        "moved",
    )
    assert result.dossier.changed is not None  # the warm path
    assert (said(project, "John Legend"), said(project, "Chrissy Teigen")) == (legend - 1, teigen + 1)
    assert landing(project)["people/index.md"] != before["people/index.md"]
    # Every quote of an article gone: its sources row, timeline days and export records follow.
    text = (seeds / S0).read_text("utf-8")
    bare = "Nobody said anything.\n\n" + "\n".join(
        line for line in text.split("\n") if '"' not in line and "\u201c" not in line
    )
    result = check(project, scratch, lambda: (seeds / S0).write_text(bare, "utf-8"), "emptied")
    assert result.dossier.changed is not None
    quotes = data.read_export(project / "docs", "quotes")
    assert quotes and all(
        o["article"] != result.dossier.articles[0].id for q in quotes for o in q["occurrences"]
    )
    # Curation only: a person's description (their record in the export), then the curation gone.
    result = check(
        project,
        scratch,
        replace_in(project / "dossier.yml", "description: Model", "description: A model"),
        "curation",
    )
    assert result.dossier.changed is not None
    assert any(
        (p["description"] or "").startswith("A model and television")
        for p in data.read_export(project / "docs", "people")
    )
    check(project, scratch, lambda: (project / "dossier.yml").unlink(), "curation removed")
    check(project, scratch, lambda: (project / "dossier.yml").write_text(CURATION, "utf-8"), "curation back")
