"""A quote URL, once built, never 404s: extend a quote, remove a source, correct a speaker."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest

from dossier.link.matching import words
from dossier.link.registry import LOCK
from dossier.publish.build import build

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


SHORT = 'Ann Lee Speaks\n\nAnn Lee was asked about the vote. "Haha, I love you all," Lee said on Tuesday.\n'


def test_edited_short_quote_keeps_its_url_and_the_lock_stays_as_it_was(tmp_path):
    docs = make(tmp_path, {"a.txt": SHORT})
    (qid,) = quote_pages(docs)
    lock = tmp_path / LOCK
    before, mtime = lock.read_bytes(), lock.stat().st_mtime_ns
    # A few words changed at the start of a five-word quote.
    docs = make(tmp_path, {"a.txt": SHORT.replace("Haha, I love", "Ha ha, we love")})
    page = frontmatter.load(docs / "quotes" / f"{qid}.md")
    assert page["dossier"]["kind"] == "quote"
    assert page["dossier"]["text"].startswith("Ha ha, we love")
    assert quote_pages(docs) == {qid: "quote"}
    assert lock.read_bytes() == before and lock.stat().st_mtime_ns == mtime  # not even rewritten


def test_trimmed_and_extended_quotes_keep_their_url(tmp_path):
    docs = make(tmp_path, {"a.txt": FIRST})
    (qid,) = quote_pages(docs)
    trimmed = FIRST.replace(" for every family in this county", "")
    docs = make(tmp_path, {"a.txt": trimmed})
    assert quote_pages(docs) == {qid: "quote"}
    extended = FIRST.replace("in this county,", "in this county, and I mean every single one,")
    docs = make(tmp_path, {"a.txt": extended})
    assert quote_pages(docs) == {qid: "quote"}
    assert len((tmp_path / LOCK).read_text("utf-8").splitlines()) == 1  # one line per published id


def test_another_statement_by_the_same_speaker_gets_its_own_url(tmp_path):
    docs = make(tmp_path, {"a.txt": FIRST})
    (qid,) = quote_pages(docs)
    other = FIRST.replace(
        "We will keep the clinic open for every family in this county",
        "Taxes on small farms are going down next spring",
    )
    docs = make(tmp_path, {"a.txt": other})
    pages = quote_pages(docs)
    assert pages[qid] == "retired"
    (new,) = [k for k, v in pages.items() if v == "quote"]
    assert new != qid
    assert len((tmp_path / LOCK).read_text("utf-8").splitlines()) == 2


def test_a_gone_statement_links_to_the_closest_one_present(tmp_path):
    two = (
        FIRST
        + 'Later she added: "The budget for roads will not be cut this year, not by a cent," Lee said.\n'
    )
    docs = make(tmp_path, {"a.txt": two})
    ids = sorted(quote_pages(docs))
    clinic = next(i for i in ids if "clinic" in i)
    roads = next(i for i in ids if "budget" in i)
    # The clinic quote is rewritten beyond recognition but still shares words with itself only
    # loosely; the roads quote stays. The gone one's page points at the nearest statement.
    rewritten = two.replace(
        "We will keep the clinic open for every family in this county",
        "Every family in this county will have a new school and roads",
    )
    docs = make(tmp_path, {"a.txt": rewritten})
    page = frontmatter.load(docs / "quotes" / f"{clinic}.md")
    assert page["dossier"]["kind"] == "retired"
    closest = page["dossier"]["closest"]
    assert closest and closest != roads
    assert quote_pages(docs)[closest] == "quote"
    assert f"{closest}.md" in page.content


def test_a_word_index_of_only_the_asked_words_answers_as_the_whole_one():
    """closest_statements indexes only the words its retired ids ask about: for those queries the
    overlaps (rarest words included) are the whole index's."""
    from dossier.link.registry import _WordIndex
    from dossier.pipeline import load_articles, run_pipeline

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    articles, extractions, _problems, _warnings = load_articles(seeds)
    d = run_pipeline(articles, None, extractions)
    items = {i: tuple(words(q.text)) for i, q in enumerate(d.quotes)}
    assert len(items) > 10
    queries = [ws for i, ws in items.items() if i % 3 == 0 and ws]
    asked = {w for ws in queries for w in ws}
    whole, only = _WordIndex(items), _WordIndex(items, asked)
    assert len(only.postings) < len(whole.postings)
    for ws in queries:
        for rarest in (0, 2, 8):
            assert only.overlaps(ws, rarest) == whole.overlaps(ws, rarest)


def test_the_registry_parsed_again_only_when_its_bytes_differ(tmp_path: Path):
    """A long-lived process keeps the last registry parsed: the same bytes give the same entries
    (a caller changing its lists changes no later answer), any byte changed is parsed again."""
    from dossier.link import registry

    build(
        Path(__file__).resolve().parent.parent / "seeds", tmp_path / "docs", lock=tmp_path / LOCK, cache=False
    )
    lock = tmp_path / LOCK
    data = lock.read_bytes()
    first = registry.parse(data, str(lock))
    assert len(first.entries) > 5 and not first.errors
    first.entries.clear()
    again = registry.parse(bytes(data), str(lock))  # equal bytes, another object
    assert again.entries and again.entries == registry._parse(data, str(lock)).entries
    # One line damaged in place (the file's size unchanged): its line is named
    line = data.split(b"\n")[2]
    damaged = data.replace(line, line.replace(b'"id"', b'"iD"'), 1)
    assert len(damaged) == len(data) and damaged != data
    lock.write_bytes(damaged)
    with pytest.raises(registry.RegistryError, match=f"{LOCK}:3: keys must be exactly"):
        registry.load(lock)
    # The same bytes under another name: problems name that file
    assert registry.parse(damaged, "other.lock").errors[0].startswith("other.lock:3:")
