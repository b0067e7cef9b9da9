"""A quote URL, once built, never 404s: extend a quote, remove a source, correct a speaker."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter

from dossier.build import build
from dossier.registry import LOCK

FIRST = (
    "Senator Defends Her Vote\n\n"
    'Ann Lee spoke on Tuesday. "We will keep the clinic open for every family in this county," Lee said.\n'
)
EXTENDED = (
    "Clinic Will Stay Open, Senator Says\n\n"
    'The senator, Ann Lee, was firm. "We will keep the clinic open for every family in this county. '
    'Nobody will lose care while I serve," Lee said on Tuesday.\n'
)


def quote_pages(docs: Path) -> dict[str, str]:
    """id -> kind of every quote page."""
    out = {}
    for p in (docs / "quotes").glob("*.md"):
        if p.name != "index.md":
            out[p.stem] = frontmatter.load(p)["dossier"]["kind"]
    return out


def make(tmp: Path, seeds: dict[str, str]) -> Path:
    (tmp / "seeds").mkdir(exist_ok=True)
    for p in (tmp / "seeds").iterdir():
        if p.name not in seeds:
            p.unlink()
    for name, text in seeds.items():
        (tmp / "seeds" / name).write_text(text, "utf-8")
    build(tmp / "seeds", tmp / "docs")
    return tmp / "docs"


def test_new_source_extending_a_quote_keeps_its_id(tmp_path):
    docs = make(tmp_path, {"a.txt": FIRST})
    before = quote_pages(docs)
    assert list(before.values()) == ["quote"]
    (qid,) = before
    docs = make(tmp_path, {"a.txt": FIRST, "b.txt": EXTENDED})
    after = quote_pages(docs)
    assert after[qid] == "quote"
    page = frontmatter.load(docs / "quotes" / f"{qid}.md")
    assert len(page["dossier"]["sources"]) == 2
    assert "Nobody will lose care" in page["dossier"]["text"]


def test_removed_source_leaves_a_page_not_a_404(tmp_path):
    docs = make(tmp_path, {"a.txt": FIRST})
    (qid,) = quote_pages(docs)
    docs = make(tmp_path, {"other.txt": "Another Story Here\n\nNothing was said today.\n"})
    pages = quote_pages(docs)
    assert pages[qid] == "retired"
    assert "clinic open" in frontmatter.load(docs / "quotes" / f"{qid}.md")["dossier"]["words"]


def test_corrected_speaker_keeps_the_url(tmp_path):
    docs = make(tmp_path, {"a.txt": FIRST})
    (qid,) = quote_pages(docs)
    corrected = FIRST.replace("Ann Lee spoke on Tuesday.", "Bo Chan spoke on Tuesday.").replace(
        "Lee said", "Chan said"
    )
    docs = make(tmp_path, {"a.txt": corrected})
    page = frontmatter.load(docs / "quotes" / f"{qid}.md")
    assert page["dossier"]["kind"] == "quote"
    assert page["dossier"]["speaker_name"] == "Bo Chan"


def test_two_registered_cuts_merging_leave_one_page_and_one_redirect(tmp_path):
    part_one = (
        'Title One Here\n\n"We will keep the clinic open for every family in this county," Ann Lee said.\n'
    )
    docs = make(tmp_path, {"a.txt": part_one})
    (first,) = quote_pages(docs)
    # The registry gets a second, separately registered statement for the same words by hand
    # (as an older build with a different cut would have left), then both match one quote.
    lock = tmp_path / LOCK
    with open(lock, "a", encoding="utf-8") as fh:
        words = (
            "we will keep the clinic open for every family in this county nobody will lose care while i serve"
        )
        fh.write(json.dumps({"id": "ann-lee-older-cut", "speaker": "ann-lee", "words": words}) + "\n")
    docs = make(tmp_path, {"a.txt": part_one, "b.txt": EXTENDED})
    pages = quote_pages(docs)
    kinds = {pages[first], pages["ann-lee-older-cut"]}
    assert kinds == {"quote", "redirect"}
    old, current = (
        (first, "ann-lee-older-cut") if pages[first] == "redirect" else ("ann-lee-older-cut", first)
    )
    assert frontmatter.load(docs / "quotes" / f"{old}.md")["dossier"]["to"] == current


def test_registry_is_append_only(tmp_path):
    make(tmp_path, {"a.txt": FIRST})
    lock = tmp_path / LOCK
    first = lock.read_bytes()
    make(tmp_path, {"a.txt": FIRST, "b.txt": EXTENDED})
    assert lock.read_bytes().startswith(first)
    make(tmp_path, {"a.txt": FIRST, "b.txt": EXTENDED})
    second = lock.read_bytes()
    make(tmp_path, {"a.txt": FIRST, "b.txt": EXTENDED})
    assert lock.read_bytes() == second  # a no-change build appends nothing
