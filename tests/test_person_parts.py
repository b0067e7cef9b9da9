"""Person pages of bounded size (dossier/write/person_parts.py): a person with more entries than a
page holds keeps their URL, with who they are and their months; the entries are on sub-pages by
month, each at most CAP long, every entry on exactly one; an edit re-renders the sub-pages whose
entries changed; and rebuilds give what a from-scratch build gives."""

from __future__ import annotations

import random
import re
from pathlib import Path

import frontmatter
import pytest
from test_incremental_render import HOSTILE, ROOT, check, make_project, random_edit, rebuild

import dossier.write.index_parts as index_parts
import dossier.write.person_parts as person_parts
from dossier.publish.build import build
from dossier.write.common import is_fragment

HREF = re.compile(r'href="([^"#]+\.md)')
SMALL = 4  # entries a page: every demo person with more is bounded


@pytest.fixture()
def small_pages(monkeypatch):
    monkeypatch.setattr(index_parts, "CAP", SMALL)
    monkeypatch.setattr(person_parts, "CAP", SMALL)


def _links(docs: Path, page: str) -> list[str]:
    base = (docs / page).parent
    body = frontmatter.load(docs / page).content
    return [(base / h).resolve().relative_to(docs.resolve()).as_posix() for h in HREF.findall(body)]


def _entries(d, p) -> set[tuple[str, str]]:
    """Every entry a person's page shows when it lists them all (person_context's lists)."""
    rel = d.relations
    to = {q.id for q in rel.addressed.get(p.id, [])}
    about = {q.id for q in rel.about.get(p.id, [])} - to
    said = {q.id for q in rel.said.get(p.id, [])}
    return {("q", i) for i in said | to | about} | {("a", a) for a in p.articles}


def test_a_person_with_many_entries_has_them_on_capped_monthly_sub_pages(tmp_path, small_pages):
    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")))
    result = rebuild(project)
    d, docs = result.dossier, project / "docs"
    slugs = {f"articles/{p.name}": p.stem for p in (docs / "articles").glob("*.md")}
    bounded = [p for p in d.people if len(_entries(d, p)) > SMALL]
    assert len(bounded) >= 3
    for p in bounded:
        landing = f"people/{p.id}.md"
        body = frontmatter.load(docs / landing).content
        assert "## By month" in body and "## Quotes" not in body
        assert not any(t.startswith("quotes/") for t in _links(docs, landing))
        subs = sorted(x.relative_to(docs).as_posix() for x in (docs / "people" / p.id).glob("*.md"))
        assert subs and set(subs) <= set(_links(docs, landing))  # every part linked from the landing
        listed: list[tuple[str, str]] = []
        for sub in subs:
            meta = frontmatter.load(docs / sub)
            assert meta["search"] == {"exclude": True} and meta["dossier"]["id"] == p.id
            targets = [t for t in _links(docs, sub) if t.startswith(("quotes/", "articles/"))]
            assert 0 < len(targets) <= SMALL, sub
            listed += [("q", t[7:-3]) if t.startswith("quotes/") else ("a", t) for t in targets]
            assert f"people/{p.id}.md" in _links(docs, sub)  # the way back
        assert len(listed) == len(set(listed)), p.id
        quotes = {x for x in listed if x[0] == "q"}
        assert quotes == {x for x in _entries(d, p) if x[0] == "q"}, p.id
        assert len(listed) - len(quotes) == len(p.articles)
        said = d.relations.said.get(p.id, [])
        statements = sum(not is_fragment(q) for q in said)
        assert f"<p>{statements} quotes · {len(p.articles)} articles" in body
    assert slugs  # (articles were written)
    # A person under the cap keeps the page that lists everything, with no sub-pages.
    small = [p for p in d.people if len(_entries(d, p)) <= SMALL]
    assert small
    for p in small:
        assert "## Quotes" in frontmatter.load(docs / f"people/{p.id}.md").content
        assert not (docs / "people" / p.id).exists()


def test_a_quote_added_re_renders_its_month_part_and_the_landing_only(tmp_path, monkeypatch, warm_settled):
    monkeypatch.setattr(index_parts, "CAP", 6)
    monkeypatch.setattr(person_parts, "CAP", 6)
    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")))
    d = rebuild(project).dossier
    who = max(d.people, key=lambda p: len(_entries(d, p)))
    folder = project / "docs" / "people" / who.id
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    text = seed.read_text("utf-8")
    tried = []
    # A quote whose id marks a cut adds a part and renumbers the month's later ones (one in a
    # third of CAP at the real cap, every other one here): try a few, judge those that do not.
    for words in ("We will build the bridge by spring", "The river is ours again", "Nine years was long"):
        parts_before = sorted(x.name for x in folder.glob("*.md"))
        assert len(parts_before) >= 4
        seed.write_text(text + f'\n\n"{words}," {who.name} said.\n', "utf-8")
        result = rebuild(project)
        assert f"people/{who.id}.md" in result.report.written  # its counts changed
        if sorted(x.name for x in folder.glob("*.md")) == parts_before:
            written = [w for w in result.report.written if w.startswith(f"people/{who.id}/")]
            tried.append(len(written))
            assert len(written) == 1, written  # the part the quote joined; no later part moved
        seed.write_text(text, "utf-8")
        rebuild(project)
    assert tried, "every quote tried was a mark: the check had nothing to judge"


@pytest.mark.parametrize("seed", [6, 7])
def test_random_edits_with_bounded_person_pages_give_the_full_build(
    tmp_path, small_pages, warm_settled, seed
):
    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())[:4]]
    project = make_project(tmp_path / "p", files)
    rebuild(project)
    rng = random.Random(seed)
    for n in range(6):
        label, edit = random_edit(rng, project)
        check(project, tmp_path / "scratch", edit, f"bounded pages, seed {seed} step {n}: {label}")


def test_bounded_pages_are_not_built_for_the_demo_at_the_real_cap(tmp_path):
    """At the real cap the demo's people are small: their pages list everything as before."""
    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")))
    build(project / "seeds", project / "docs")
    assert not [p for p in (project / "docs" / "people").iterdir() if p.is_dir() and p.name != "by-name"]


def test_a_months_parts_are_cut_again_when_its_entries_differ():
    """The cuts kept per (person, month) are used only for the same entries (and cap)."""
    ids = [f"sq{n:04d}-{'x' * (n % 7)}" for n in range(3 * index_parts.CAP)]
    fresh = index_parts.split_parts([(e, 1) for e in ids])
    assert person_parts._parts("someone", "2018-04", ids) == fresh
    edited = ids[:100] + ["snew-quote"] + ids[100:]
    assert person_parts._parts("someone", "2018-04", edited) == index_parts.split_parts(
        [(e, 1) for e in edited]
    )
    assert person_parts._parts("someone", "2018-04", ids[:-1]) == index_parts.split_parts(
        [(e, 1) for e in ids[:-1]]
    )


def test_a_warm_rebuild_makes_again_only_the_person_jobs_an_edit_can_change(
    tmp_path, small_pages, warm_settled, monkeypatch
):
    """A rebuild in the same process keeps the last build's ``person_jobs`` of the people the edit
    cannot change: after random edits the site's jobs are those made from scratch, and most
    people's were kept."""
    import dossier.publish.incremental as incremental
    from dossier.publish.cache import CACHE_DIR
    from dossier.write import site_jobs

    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())[:4]]
    project = make_project(tmp_path / "p", files)
    rebuild(project)
    made: list[str] = []
    real = incremental.person_jobs
    monkeypatch.setattr(incremental, "person_jobs", lambda d, p: made.append(p.id) or real(d, p))
    store = str(project / CACHE_DIR / incremental.STORE)
    rng = random.Random(8)
    kept = bounded = 0
    for n in range(8):
        label, edit = random_edit(rng, project)
        edit()
        made.clear()
        d = rebuild(project).dossier
        if d is None:
            continue
        assert incremental._WARM[store].store.jobs == site_jobs(d), f"step {n}: {label}"
        kept += len(d.people) - len(made)
        bounded += sum(1 for p in d.people if p.id not in made and person_parts.person_jobs(d, p)[0])
    assert kept > 0 and bounded > 0, (kept, bounded)
