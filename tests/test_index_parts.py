"""Index pages of bounded size: landing pages at the old URLs, entries on sub-pages by a stable key
(month, initial), each sub-page capped, and an edit re-rendering only the sub-pages it touches."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import frontmatter
import pytest

import dossier.write.index_parts as parts
from dossier.publish.build import build
from dossier.publish.incremental import render_tracked
from dossier.write import article_slugs, site_jobs
from dossier.write.common import statements
from dossier.write.index_parts import letter_key, month_key

ROOT = Path(__file__).resolve().parent.parent
# A seed of another month than the demo's (dated by its file name), so the dossier has two.
BRIDGE = (
    "Mayor Opens New Bridge\n\n"
    'Mayor Ann Lee opened the bridge on Friday. "It took us nine years to build it," Lee said.\n'
    'The council voted for it last week. "We are proud of what the town has done," Lee added.\n'
)
LINK = re.compile(r'href="([^"#]+\.md)')


def _project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "seeds" / "2016-10-25-bridge.txt").write_text(BRIDGE, "utf-8")
    return tmp_path


def _body(docs: Path, page: str) -> str:
    return frontmatter.load(docs / page).content


def _sub_pages(docs: Path, folder: str) -> list[str]:
    return sorted(p.relative_to(docs).as_posix() for p in (docs / folder).glob("*.md"))


def _linked(docs: Path, page: str, folder: str) -> list[str]:
    """Pages under ``folder`` that ``page`` links to (resolved to docs-relative paths)."""
    base = (docs / page).parent
    out = []
    for href in LINK.findall(_body(docs, page)):
        target = (base / href).resolve().relative_to(docs.resolve()).as_posix()
        if target.startswith(folder + "/"):
            out.append(target)
    return out


def test_month_and_letter_keys_are_safe_path_parts():
    assert month_key("2018-04-26T17:25") == "2018-04"
    assert month_key(None) == month_key("") == month_key("../../x") == month_key("2018/04") == "undated"
    assert letter_key("Émile Zola") == "e"
    assert letter_key("  'Kanye' West") == "k"
    assert letter_key("Владимир Путин") == letter_key("42 Club") == letter_key("") == "other"


@pytest.fixture()
def capped(tmp_path, monkeypatch):
    """The demo and a bridge story, built with two entries a page: every index splits."""
    monkeypatch.setattr(parts, "CAP", 2)
    project = _project(tmp_path)
    result = build(project / "seeds", project / "docs")
    assert result.dossier is not None
    return project / "docs", result.dossier


def test_every_entry_is_on_exactly_one_capped_sub_page(capped):
    docs, d = capped
    folders = {"quotes": "quotes/by-date", "people": "people/by-name", "articles": "articles/by-date"}
    for family, folder in folders.items():
        pages = _sub_pages(docs, folder)
        assert len(pages) >= 2, family
        listed = []
        for page in pages:
            body = _body(docs, page)
            entries = _linked(docs, page, family)
            links = [t for t in entries if "/" not in t[len(family) + 1 :] and t != f"{family}/index.md"]
            assert 0 < len(links) <= 2, (page, links)
            listed += links
            assert frontmatter.load(docs / page)["search"] == {"exclude": True}
            assert body.startswith("# ")
        assert len(listed) == len(set(listed)), family
        if family == "quotes":
            # Statements only: a fragment (under four words) is on its article's and speaker's pages.
            assert set(listed) == {f"quotes/{q.id}.md" for q in statements(d.quotes)}
        elif family == "people":
            assert set(listed) == {f"people/{p.id}.md" for p in d.people}
        else:
            assert len(listed) == len(d.articles)
    # Two months of quotes, the bigger split in numbered parts that link on to each other.
    quotes = _sub_pages(docs, "quotes/by-date")
    assert "quotes/by-date/2016-10.md" in quotes and "quotes/by-date/2018-04-2.md" in quotes
    second = _body(docs, "quotes/by-date/2018-04-2.md")
    assert 'href="2018-04.md"' in second and 'href="2018-04-3.md"' in second


def test_landing_pages_stay_small_and_link_every_key(capped):
    docs, d = capped
    for landing, folder in (
        ("quotes/index.md", "quotes/by-date"),
        ("people/index.md", "people/by-name"),
        ("articles/index.md", "articles/by-date"),
        ("timeline.md", "timeline"),
    ):
        # A key's first page (a month's parts after it are -2, -3 …).
        firsts = {p for p in _sub_pages(docs, folder) if not re.search(r"(\d{4}-\d{2}|/[a-z]+)-\d+\.md$", p)}
        assert set(_linked(docs, landing, folder)) == firsts, landing
    # Too many to list: the landing pages give counts and links, not the entries.
    quotes_body = _body(docs, "quotes/index.md")
    assert "## All statements" not in quotes_body
    assert not any(f"quotes/{q.id}.md" in quotes_body for q in d.quotes)
    assert "## All sources" not in _body(docs, "articles/index.md")
    assert "## " not in _body(docs, "timeline.md")  # no day listed
    assert f"{len(statements(d.quotes))} statements from 3 sources" in quotes_body


def test_a_small_dossier_lists_its_entries_on_the_landing_pages_too(tmp_path):
    project = _project(tmp_path)
    result = build(project / "seeds", project / "docs")
    docs, d = project / "docs", result.dossier
    quotes = _body(docs, "quotes/index.md")
    for q in statements(d.quotes):
        assert f"{q.id}.md" in quotes
        assert f"{q.id}.md" in _body(docs, f"quotes/by-date/{month_key(q.date)}.md")
    people = _body(docs, "people/index.md")
    assert all(f"{p.id}.md" in people for p in d.people)
    assert "## 21 October 2016" in _body(docs, "timeline.md")  # "on Friday", resolved
    assert "## 21 October 2016" in _body(docs, "timeline/2016-10.md")


def test_an_edit_re_renders_the_sub_pages_of_its_month_only(tmp_path):
    project = _project(tmp_path)
    build(project / "seeds", project / "docs")
    seed = project / "seeds" / "2016-10-25-bridge.txt"
    seed.write_text(BRIDGE + '"The river is ours again," Lee said at the opening.\n', "utf-8")
    written = set(build(project / "seeds", project / "docs").report.written)
    assert {"quotes/by-date/2016-10.md", "timeline/2016-10.md"} <= written
    # The demo's month and the people whose entries did not change are left as they were.
    assert not {"quotes/by-date/2018-04.md", "timeline/2018-04.md", "people/by-name/k.md"} & written
    assert "articles/by-date/2018-04.md" not in written


def test_a_sub_page_reads_only_what_it_lists(tmp_path):
    """The incremental renderer's record of a sub-page: the records it lists, never a whole list."""
    project = _project(tmp_path)
    d = build(project / "seeds", project / "docs").dossier
    slugs = article_slugs(d)
    for job in site_jobs(d):
        if job[0] != "part":
            continue
        _, reads = render_tracked(d, slugs, job)
        whole = [
            k
            for k in reads
            if k[0] in ("m*", "d") or (k[0] == "g" and k[1] in ("quotes", "people", "articles"))
        ]
        assert not whole, (job[:4], whole)


def test_an_articles_events_are_found_again_when_its_text_or_kind_of_seed_changes():
    """article_events is kept per (id, seed path, text hash): the same text read as a Markdown
    seed (front matter) or edited gives the events of what was read, not the kept ones."""
    from types import SimpleNamespace

    from dossier.model import Extraction
    from dossier.read.article import read_text

    text = (
        "---\ntitle: Vote\n---\nVote Day\n\nThe council voted on Thursday, March 3, 2016, to close the old "
        "library, officials said.\n\nMore text follows here in the body of the story.\n"
    )

    def events(article):
        d = SimpleNamespace(article=lambda aid: article, extractions={article.id: Extraction(article.id)})
        return [(e.day, e.sentence, e.offset) for e in parts.article_events(d, article.id)]

    as_md = events(read_text(text, "vote", "seeds/vote.md", markdown=True))
    as_txt = events(read_text(text, "vote", "seeds/vote.txt"))
    assert as_md and as_txt and as_md != as_txt  # offsets differ: the front matter is not body text
    assert events(read_text(text, "vote", "seeds/vote.md", markdown=True)) == as_md
    edited = text.replace("Thursday, March 3", "Friday, March 4")
    assert {day for day, _, _ in events(read_text(edited, "vote", "seeds/vote.md", markdown=True))} == {
        "2016-03-04"
    }


def test_an_entry_added_or_removed_changes_its_own_part_only():
    """Parts are cut where their entries' ids mark (not at counts): an insertion or a removal
    leaves every other part with the same entries, bar the rare mark or a part at the cap."""
    import random

    rng = random.Random(19)
    ids = [f"q{rng.getrandbits(40):x}" for _ in range(5 * parts.CAP)]
    before = parts.split_parts([(i, 1) for i in ids])
    assert len(before) >= 3 and all(0 < len(p) <= parts.CAP for p in before)
    assert [i for p in before for i in p] == ids
    moved = 0
    for _ in range(40):
        at = rng.randrange(len(ids))
        new = f"n{rng.getrandbits(40):x}"
        for edited in (ids[:at] + [new] + ids[at:], ids[:at] + ids[at + 1 :]):
            after = parts.split_parts([(i, 1) for i in edited])
            assert [i for p in after for i in p] == edited and all(len(p) <= parts.CAP for p in after)
            changed = [p for p in after if p not in before]
            moved += len(changed) > 1
            assert len(changed) <= 3, (at, len(changed))
    assert moved <= 12  # a count-cut split shifted every later part: nearly every edit
    # A key that fits is one part, cut nowhere.
    assert parts.split_parts([(i, 1) for i in ids[: parts.CAP]]) == [ids[: parts.CAP]]


@pytest.mark.parametrize("cap", [12, 200])
def test_a_cut_resumed_where_units_differ_is_the_cut_of_them_all(monkeypatch, cap: int):
    """``split_parts_since`` (a month cut again after an edit) gives ``split_parts`` of the new
    units, with entries of several sizes (the timeline's articles count their events), edits at
    either end, several at once, a month growing past the cap or shrinking under it; and it
    keeps the parts before and after the edit as the same objects."""
    import random

    monkeypatch.setattr(parts, "CAP", cap)
    rng = random.Random(cap)

    def unit() -> tuple[str, int]:
        return (f"u{rng.getrandbits(40):x}", rng.choice([1, 1, 1, 2, 5, cap // 3 + 1, cap + 3]))

    units = [unit() for _ in range(6 * cap)]
    kept_parts = 0
    for _ in range(120):
        before, cut = units, parts.split_parts(units)
        units = list(units)
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            at = rng.choice([0, len(units), rng.randrange(len(units) + 1)])
            what = rng.random()
            if what < 0.4 or not units:
                units.insert(at, unit())
            elif what < 0.8:
                del units[min(at, len(units) - 1)]
            else:
                units[min(at, len(units) - 1)] = unit()
        if rng.random() < 0.05:
            units = units[: rng.randrange(1, cap // 2 + 2)]  # under the cap: one part
        elif len(units) < 2 * cap:
            units += [unit() for _ in range(3 * cap)]
        got = parts.split_parts_since(units, before, cut)
        assert got == parts.split_parts(units), (len(before), len(units))
        kept_parts += sum(any(p is q for q in cut) for p in got)
    assert kept_parts > 500  # most parts are kept, not cut again


def test_parts_cut_under_another_cap_are_not_reused(capped, monkeypatch):
    """The kept cuts (``_CUT``) are keyed by the cap: a process that changes it gets parts of the
    new size for the same listing, not the ones cut before."""
    _, d = capped
    small = parts.part_jobs(d)
    assert any(job[4] > 1 for job in small) and all(len(job[5]) <= 2 for job in small if job[1] != "timeline")
    monkeypatch.setattr(parts, "CAP", 200)
    whole = parts.part_jobs(d)  # the same listing, its groups the same objects
    assert all(job[3] == job[4] == 1 for job in whole), [job[:5] for job in whole if job[4] > 1]
    monkeypatch.setattr(parts, "CAP", 2)
    assert parts.part_jobs(d) == small
