"""``Dossier.relations`` updated from the previous build's (dossier/write/relations.py) equals the
relations built from scratch, after edits rebuilt in one process as under `mkdocs serve`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_incremental_render import HOSTILE, ROOT, S0, make_project, random_edit, rebuild

from dossier.model import Dossier, Relations
from dossier.write.relations import OccurrencesByArticle, dirty_articles, relations_since

pytestmark = pytest.mark.usefixtures("warm_settled")


def from_scratch(d: Dossier) -> Relations:
    return Dossier.relations.func(d)  # type: ignore[attr-defined]


def shown(rel: Relations) -> dict:
    """What pages can read of the relations: empty entries read as missing ones."""
    return {
        "said": {k: [q.id for q in v] for k, v in rel.said.items() if v},
        "addressed": {k: [q.id for q in v] for k, v in rel.addressed.items() if v},
        "about": {k: [q.id for q in v] for k, v in rel.about.items() if v},
        "together": {k: dict(v) for k, v in rel.together.items() if v},
        "by_article": {k: (v.present, v.about) for k, v in rel.by_article.items()},
    }


def assert_same(updated: Relations, d: Dossier, label: str) -> None:
    assert shown(updated) == shown(from_scratch(d)), label
    current = {id(q) for q in d.quotes}
    for lists in (updated.said, updated.addressed, updated.about):
        assert all(id(q) in current for qs in lists.values() for q in qs), (
            f"{label}: a previous build's Quote"
        )


def assert_occurrences_as_full(before: Dossier, d: Dossier, label: str) -> bool:
    """Every article's occurrences, as the build left them, are the full map's (the same objects);
    True when they were made as asked (write.relations.OccurrencesByArticle)."""
    full = Dossier._occurrences_by_article.func(d)  # type: ignore[attr-defined]
    for a in {a.id for a in before.articles} | {a.id for a in d.articles} | {"no such article"}:
        got = [(id(q), id(o)) for q, o in d.occurrences_in(a)]
        assert got == [(id(q), id(o)) for q, o in full.get(a, [])], f"{label}: {a}"
    return type(d.__dict__["_occurrences_by_article"]) is OccurrencesByArticle


def test_occurrences_by_article_made_as_asked_equal_the_full_map(tmp_path: Path):
    """Without curation notes (whose anchors make the linker ask for every article's), a warm
    build's occurrences by article are made as asked from the index kept in this process."""
    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())]
    project = make_project(tmp_path / "p", files, curation=None)
    before = rebuild(project).dossier
    rng = random.Random(23)
    made_as_asked = 0
    for n in range(10):
        label, edit = random_edit(rng, project)
        edit()
        d = rebuild(project).dossier
        if d is not None and before is not None and d.changed is not None:
            made_as_asked += assert_occurrences_as_full(before, d, f"step {n}: {label}")
        before = d
    assert made_as_asked >= 5


@pytest.mark.parametrize("seed", [21, 22])
def test_updated_relations_equal_the_full_ones_after_random_edits(tmp_path: Path, seed: int):
    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())]
    project = make_project(tmp_path / "p", files)
    before = rebuild(project).dossier
    rng = random.Random(seed)
    updated_builds = same_order = 0
    for n in range(10):
        label, edit = random_edit(rng, project)
        edit()
        d = rebuild(project).dossier
        if d is None:
            continue
        if d.changed is not None and before is not None:
            updated_builds += 1
            # The build's own relations came from the update: they are the full ones.
            assert shown(d.relations) == shown(from_scratch(d)), f"step {n}: {label}"
            assert_occurrences_as_full(before, d, f"step {n}: {label}")
            rel, change = relations_since(before, d, d.changed)
            assert_same(rel, d, f"step {n}: {label}")
            # What it says may differ covers what does.
            was, now = shown(before.relations), shown(rel)
            for name in ("said", "addressed", "about", "together"):
                differ = {
                    k for k in was[name].keys() | now[name].keys() if was[name].get(k) != now[name].get(k)
                }
                assert differ <= getattr(change, name), f"step {n}: {label}: {name}"
            if change.same_order:
                ids = {a.id for a in before.articles} | {a.id for a in d.articles}
                occ = {
                    a
                    for a in ids
                    if [q.id for q, _ in before.occurrences_in(a)] != [q.id for q, _ in d.occurrences_in(a)]
                }
                assert occ <= change.articles, f"step {n}: {label}"
                same_order += 1
        before = d
    assert updated_builds >= 5 and same_order >= 3


def test_an_article_is_read_again_when_its_people_or_quotes_change(tmp_path: Path):
    """The articles whose share is read again: the edited one, and every unchanged article that
    prints a quote that changed or whose people are other Person ids now."""
    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")))
    before = rebuild(project).dossier
    seed = project / "seeds" / S0
    seed.write_text(seed.read_text("utf-8") + '\n"We start again on Monday," Kanye West said.\n', "utf-8")
    d = rebuild(project).dossier
    assert d.changed is not None and ("a", S0.removesuffix(".txt")) in d.changed
    dirty = dirty_articles(before, d, d.changed)
    assert S0.removesuffix(".txt") in dirty
    # Nothing said changed: only the re-read article.
    assert dirty_articles(before, d, frozenset()) == {S0.removesuffix(".txt")}
    # A quote named as changed makes every article printing it, before or now, be read again.
    q = max(d.quotes, key=lambda q: len({o.article for o in q.occurrences}))
    assert {o.article for o in q.occurrences} <= dirty_articles(before, d, frozenset({("q", q.id)}))
    # Other Person ids for an article's people, its own record unchanged: read again.
    key = next(k for k in d.person_of if k[0] != S0.removesuffix(".txt"))
    other = key[0]
    moved = Dossier(
        d.articles, d.extractions, d.people, d.quotes, {**d.person_of, key: "someone-else"}, d.quote_of
    )
    assert other in dirty_articles(d, moved, frozenset())
    rel, _ = relations_since(d, moved, frozenset())
    assert_same(rel, moved, "a person id moved")
