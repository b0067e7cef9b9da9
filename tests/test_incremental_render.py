"""Page-level incremental rendering (dossier/publish/incremental.py): a rebuild that re-renders only the
pages whose inputs changed gives, byte for byte, what a from-scratch build of the same inputs
gives — for every file in docs/ and the quote-id registry.

Each check edits a project that has been built before, rebuilds it in place (with its cache, in
this process, keeping the state of the build before as under `mkdocs serve`), then builds a fresh
copy of the same seeds, curation file and registry with no cache at all (every page rendered by
the plain writers, without the tracking views) and compares.
"""

from __future__ import annotations

import json
import random
import shutil
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest

import dossier.publish.incremental as incremental
from dossier import pipeline
from dossier.model import BuildResult, Dossier
from dossier.publish import output
from dossier.publish.build import build
from dossier.publish.cache import CACHE_DIR

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"
CORPUS = ROOT.parent / "shared" / "corpus" / "polnear-train"
S0, S1 = "000_35de9ac7b62baea6.txt", "001_f7b43fe09d3c56d2.txt"
CURATION = (ROOT / "dossier.yml").read_text("utf-8")


@pytest.fixture(autouse=True)
def warm_process():
    """Rebuilds in this process keep the build before's state, as under `mkdocs serve`: every check
    below also judges the warm path (unchanged seeds' extractions kept, linking replayed)."""
    from dossier.pipeline import keep_warm

    keep_warm()
    yield
    keep_warm(False)


def tree(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def make_project(folder: Path, seeds: list[Path], curation: str | None = CURATION) -> Path:
    (folder / "seeds").mkdir(parents=True)
    for src in seeds:
        shutil.copy(src, folder / "seeds" / src.name)
    (folder / "docs").mkdir()
    (folder / "docs" / "about.md").write_text("# About\n\nHand-written.\n", "utf-8")
    if curation is not None:
        (folder / "dossier.yml").write_text(curation, "utf-8")
    return folder


def rebuild(project: Path) -> BuildResult:
    return build(project / "seeds", project / "docs")


def from_scratch(project: Path, lock_before: bytes | None, where: Path) -> tuple[dict[str, bytes], bytes]:
    """A copy of the project's inputs as they are now, built with no cache and no docs."""
    if where.exists():
        shutil.rmtree(where)
    shutil.copytree(project / "seeds", where / "seeds")
    (where / "docs").mkdir()
    shutil.copy(project / "docs" / "about.md", where / "docs" / "about.md")
    if (project / "dossier.yml").exists():
        shutil.copy(project / "dossier.yml", where / "dossier.yml")
    if lock_before is not None:
        (where / "dossier.lock").write_bytes(lock_before)
    build(where / "seeds", where / "docs", cache=False)
    assert not (where / CACHE_DIR).exists()
    return tree(where / "docs"), (where / "dossier.lock").read_bytes()


def check(project: Path, scratch: Path, edit: Callable[[], object], label: str = "") -> BuildResult:
    """Apply ``edit``, rebuild in place, and compare every file with a from-scratch build."""
    lock = project / "dossier.lock"
    lock_before = lock.read_bytes() if lock.exists() else None
    edit()
    result = rebuild(project)
    assert result.dossier is not None or result.report.written == []
    want, want_lock = from_scratch(project, lock_before, scratch)
    got = tree(project / "docs")
    differ = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
    assert not differ, f"{label}: incremental build differs from a full build in {differ[:10]}"
    assert lock.read_bytes() == want_lock, f"{label}: registries differ"
    return result


def rendered(result: BuildResult) -> int:
    return int(result.timings.get("rendered", -1))


def replace_in(path: Path, old: str, new: str) -> Callable[[], None]:
    def edit() -> None:
        text = path.read_text("utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), "utf-8")

    return edit


def append_to(path: Path, text: str) -> Callable[[], None]:
    return lambda: path.write_text(path.read_text("utf-8") + text, "utf-8")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")))
    first = rebuild(project)
    assert first.report.written
    return project


def test_each_kind_of_edit_gives_the_full_build(demo: Path, tmp_path: Path):
    seeds, scratch = demo / "seeds", tmp_path / "scratch"
    steps: list[tuple[str, Callable[[], object]]] = [
        ("quote words", replace_in(seeds / S0, "I'm not mad people saw it", "I'm not angry people saw it")),
        (
            "quote added",
            append_to(seeds / S1, '\n"We will talk again soon, I am sure of it," Legend said.\n'),
        ),
        (
            "speaker changed",
            replace_in(seeds / S1, 'sure of it," Legend said', 'sure of it," Chrissy Teigen said'),
        ),
        (
            "quote removed",
            replace_in(seeds / S1, '"We will talk again soon, I am sure of it,"', "They will talk."),
        ),
        (
            "seed added",
            lambda: (seeds / "002_new.txt").write_text(
                "West Answers Legend\n\n"
                '"I love John Legend and I will always love him," Kanye West said on Friday.\n\n'
                'Legend replied: "He knows where I stand."\n',
                "utf-8",
            ),
        ),
        ("seed edited", append_to(seeds / "002_new.txt", '\n"Text me back," Ebro Darden told Legend.\n')),
        ("seed removed", lambda: (seeds / "002_new.txt").unlink()),
        (
            "seed taking another's page name",  # "000-35de…" sorts first: 000_35de… moves to "…-2"
            lambda: shutil.copy(seeds / S1, seeds / S0.replace("_", "-")),
        ),
        ("page name given back", lambda: (seeds / S0.replace("_", "-")).unlink()),
        (
            "text before the quotes",  # shifts every offset in the article
            replace_in(seeds / S0, "John Legend reached out", "On Thursday, singer John Legend reached out"),
        ),
        (
            "curation: a description",
            replace_in(demo / "dossier.yml", "Radio host on Hot 97", "Hot 97 radio host"),
        ),
        (
            "curation: a note",
            append_to(
                demo / "dossier.yml",
                "  - person: John Legend\n    author: Test\n    text: A note on Legend.\n",
            ),
        ),
        (
            "curation: a correction",
            replace_in(
                demo / "dossier.yml",
                "corrections:\n",
                "corrections:\n  - quote: He's talking about free thought\n    speaker: Ebro Darden\n",
            ),
        ),
        ("curation: removed", lambda: (demo / "dossier.yml").unlink()),
        ("curation: back", lambda: (demo / "dossier.yml").write_text(CURATION, "utf-8")),
        ("no change", lambda: None),
    ]
    counts = {}
    for label, edit in steps:
        counts[label] = rendered(check(demo, scratch, edit, label))
    # Only what an edit reaches is rendered again (the demo's site has ~60 jobs: pages, cards, the
    # index pages and their sub-pages; new words reach 4 sub-pages, which list or count the quote).
    assert 0 < counts["quote words"] < 30 and 0 < counts["curation: a description"] < 10, counts


def test_a_new_code_version_renders_everything(demo: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(incremental, "code_version", lambda: "another-version")
    result = check(demo, tmp_path / "scratch", append_to(demo / "seeds" / S0, "\nOne more line.\n"))
    jobs = incremental.site_jobs(result.dossier)
    assert rendered(result) == len(jobs)
    again = check(demo, tmp_path / "scratch", append_to(demo / "seeds" / S0, "\nAnd another.\n"))
    assert rendered(again) < len(jobs)


def test_keys_no_page_reads_are_dropped(demo: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(incremental, "_prune_due", lambda size, pruned: True)
    store = demo / CACHE_DIR / incremental.STORE
    seed = demo / "seeds" / S1
    check(demo, tmp_path / "scratch", append_to(seed, '\n"Gone soon, all of this," Legend said.\n'))
    before = len(incremental.load_store(store).keys)
    check(demo, tmp_path / "scratch", replace_in(seed, '"Gone soon, all of this," Legend said.', "Gone."))
    check(demo, tmp_path / "scratch", append_to(seed, "\nAnd more.\n"))
    after = incremental.load_store(store)
    assert len(after.keys) < before and after.pruned == len(after.keys)


def test_link_and_curation_leave_articles_and_extractions_as_read(tmp_path: Path):
    """Fingerprints take an article (and its extraction) as what reading its seed gives: no
    later stage may change them."""
    import pickle

    from dossier.link.curation import load as load_curation
    from dossier.pipeline import load_articles, run_pipeline

    project = make_project(
        tmp_path / "p", [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())]
    )
    articles, extractions, _, _ = load_articles(project / "seeds")
    before = pickle.dumps((articles, extractions))
    run_pipeline(articles, load_curation(project / "dossier.yml"), extractions)
    assert pickle.dumps((articles, extractions)) == before


def test_a_damaged_store_or_touched_pages_are_rendered_again(demo: Path, tmp_path: Path):
    # (A page edited by hand is left alone and named instead: tests/test_hostile_inputs.py.)
    store = demo / CACHE_DIR / incremental.STORE
    scratch = tmp_path / "scratch"
    check(demo, scratch, lambda: store.write_bytes(b"not a pickle"), "damaged store")
    page = next((demo / "docs" / "quotes").glob("*.md"))
    seed = demo / "seeds" / S1
    # With a seed edited too, so the build is not the no-change fast path (which only checks
    # that the generated files exist).
    for n, (label, touch) in enumerate(
        [
            ("deleted page", page.unlink),
            (
                "docs emptied",
                lambda: [f.unlink() for f in (demo / "docs").rglob("*.*") if f.name != "about.md"],
            ),
            ("deleted folder", lambda: shutil.rmtree(demo / "docs" / "people")),
        ]
    ):

        def edit(touch: Callable[[], object] = touch, n: int = n) -> None:
            touch()
            append_to(seed, f"\nParagraph {n}.\n")()

        check(demo, scratch, edit, label)
    assert page.is_file()


def test_tracked_rendering_writes_what_plain_rendering_writes(demo: Path):
    """Every job, rendered through the recording views, gives the plain writers' bytes."""
    from dossier.write import article_slugs, render_job, site_jobs

    d = build(demo / "seeds", demo / "docs", cache=False).dossier
    slugs = article_slugs(d)
    for job in site_jobs(d):
        files, keys = incremental.render_tracked(d, slugs, job)
        assert files == render_job(d, slugs, job), job
        assert keys, job


def test_table_entries_of_a_few_articles_fingerprint_as_the_whole_grouping_does(demo: Path):
    """A warm rebuild groups ``person_of`` / ``quote_of`` for the articles whose entries differ only
    (``Fingerprints.some_articles``): their keys' fingerprints are the whole grouping's, and an
    article outside them, read later, is not taken for one with no entries."""
    from dossier.write import article_slugs

    d = build(demo / "seeds", demo / "docs", cache=False).dossier
    slugs = article_slugs(d)
    whole = incremental.Fingerprints(d, slugs)
    for table in ("person_of", "quote_of"):
        first, *others = [a.id for a in d.articles]
        assert others and all(whole._article_entries(table, aid) for aid in [first, *others]), table
        few = incremental.Fingerprints(d, slugs)
        few.some_articles(table, [first, "no-such-article"])
        for aid in [first, "no-such-article", *others]:
            key = ("m", table, aid)
            assert few.key(key) == whole.key(key), key


def test_every_way_to_read_the_dossier_is_recorded(demo: Path):
    """The views record a key for each look-up, and a coarser one for anything else."""
    d = build(demo / "seeds", demo / "docs", cache=False).dossier
    aid, q = d.articles[0].id, d.quotes[0]
    p = d.person(q.speaker)

    def keys(read: Callable[[incremental._DossierView], object]) -> set:
        view = incremental._DossierView(d)
        read(view)
        return set(view.keys())

    assert keys(lambda v: v.quote_of.get((aid, 0))) == {("m", "quote_of", aid)}
    assert keys(lambda v: (aid, 0) in v.person_of) == {("m", "person_of", aid)}
    assert keys(lambda v: v.quote_of.get("x")) == {("m*", "quote_of")}
    assert keys(lambda v: list(v.quote_of.items())) == {("m*", "quote_of")}
    assert keys(lambda v: v.extractions[aid].quotes) == {("a", aid, "extraction")}
    assert keys(lambda v: v.article(aid).raw) == {("a", aid, "raw")}
    assert keys(lambda v: v.article(aid).paragraph_at(0)) == {("a", aid, "*")}
    assert keys(lambda v: v.quote(q.id)) == {("q", q.id, "")}
    assert keys(lambda v: v.quote("nonesuch")) == {("q", "nonesuch", "")}
    assert keys(lambda v: [v.quote(q.id).text, v.quote(q.id).date]) == {
        ("q", q.id, "text"),
        ("q", q.id, "date"),
    }
    many = lambda v: [getattr(v.person(p.id), f) for f in ("name", "aliases", "links", "notes", "articles")]  # noqa: E731
    assert keys(many) == {("p", p.id, "*")}
    assert keys(lambda v: [x.date for x in v.quotes]) == {
        ("g", "quotes", "", "date"),
        ("g", "quotes", "", ""),
    }
    assert keys(lambda v: len(v.people)) == {("g", "people", "", "")}
    # A member's id is part of who the members are (""): reading it adds nothing.
    assert keys(lambda v: [x.id for x, _ in v.occurrences_in(aid)]) == {("g", "occ", aid, "")}
    assert keys(lambda v: [x.text for x in v.relations.said[p.id]]) == {
        ("g", "said", p.id, "text"),
        ("g", "said", p.id, ""),
    }
    assert keys(lambda v: v.quote(q.id).id) == {("q", q.id, "")}
    assert keys(lambda v: v.relations.together[p.id]) == {("m", "together", p.id)}
    assert keys(lambda v: v.relations.about.get("nobody")) == {("g", "about", "nobody", "")}
    assert keys(lambda v: p.id in v.relations.said) == {("m*", "relations.said")}
    assert keys(lambda v: v.redirects.get("old")) == {("m", "redirects", "old")}
    assert keys(lambda v: v.notes) == {("d", "notes")}
    assert keys(lambda v: v.quote(q.id) == v.quote(q.id)) == {("q", q.id, "*")}
    assert isinstance(incremental._DossierView(d).quote(q.id), type(q))


# ---- random edits --------------------------------------------------------------------------

SPEAKERS = ["Kanye West", "John Legend", "Chrissy Teigen", "Ebro Darden", "Ana Silva", "a spokesman"]
WORDS = [
    "the",
    "deal",
    "is",
    "done",
    "and",
    "we",
    "will",
    "see",
    "what",
    "happens",
    "next",
    "week",
    "in",
    "city",
]


def random_edit(rng: random.Random, project: Path) -> tuple[str, Callable[[], object]]:
    seeds = sorted(p for p in (project / "seeds").iterdir() if p.is_file())
    seed = rng.choice(seeds)
    text = seed.read_text("utf-8", errors="replace")
    lines = text.split("\n")
    kind = rng.choice(
        ["words", "quote", "quote", "speaker", "delete", "copy", "add", "remove", "curation", "shift"]
    )
    if kind == "words":
        quoted = [i for i, line in enumerate(lines) if '"' in line or "\u201c" in line]
        i = rng.choice(quoted or [len(lines) - 1])
        ws = lines[i].split(" ")
        j = rng.randrange(len(ws))
        ws[j] = rng.choice(WORDS)
        lines[i] = " ".join(ws)
        return f"words {seed.name}", lambda: seed.write_text("\n".join(lines), "utf-8")
    if kind == "quote":
        said = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 12)))
        line = f'\n"{said.capitalize()}," {rng.choice(SPEAKERS)} said.\n'
        at = rng.randrange(1, len(lines) + 1)
        new = "\n".join(lines[:at] + [line] + lines[at:])
        return f"quote {seed.name}", lambda: seed.write_text(new, "utf-8")
    if kind == "speaker":
        names = [n for n in SPEAKERS if n in text]
        if not names:
            return "none", lambda: None
        old = rng.choice(names)
        new_text = text.replace(old, rng.choice(SPEAKERS), 1)
        return f"speaker {seed.name}", lambda: seed.write_text(new_text, "utf-8")
    if kind == "delete" and len(lines) > 4:
        i = rng.randrange(2, len(lines))
        del lines[i]
        return f"delete {seed.name}", lambda: seed.write_text("\n".join(lines), "utf-8")
    if kind == "copy":
        other = rng.choice(seeds).read_text("utf-8", errors="replace").split("\n")
        quoted = [line for line in other if '"' in line or "\u201c" in line] or other
        lines.insert(rng.randrange(1, len(lines) + 1), rng.choice(quoted))
        return f"copy into {seed.name}", lambda: seed.write_text("\n".join(lines), "utf-8")
    if kind == "add":
        name = f"9{rng.randrange(10**6):06d}_added.txt"
        body = "\n\n".join(lines[: rng.randrange(2, len(lines) + 1)])
        return f"add {name}", lambda: (project / "seeds" / name).write_text(body, "utf-8")
    if kind == "remove" and len(seeds) > 3:
        return f"remove {seed.name}", seed.unlink
    if kind == "curation":
        cur = project / "dossier.yml"
        person = rng.choice(SPEAKERS[:4])
        texts = [
            CURATION,
            CURATION.replace("description: Model", f"description: {rng.choice(WORDS)} model"),
            CURATION + f"  - person: {person}\n    author: Random\n    text: {rng.choice(WORDS)}.\n",
            CURATION.replace("aliases: [Legend, JL]", "aliases: [JL]"),
        ]
        choice = rng.choice(texts)
        return "curation", lambda: cur.write_text(choice, "utf-8")
    # shift: text inserted before everything else moves every offset of the article
    return f"shift {seed.name}", lambda: seed.write_text(
        lines[0] + "\n\nA new first paragraph.\n" + text, "utf-8"
    )


def run_random_edits(project: Path, scratch: Path, seed: int, steps: int) -> None:
    rng = random.Random(seed)
    for n in range(steps):
        label, edit = random_edit(rng, project)
        check(project, scratch, edit, f"random seed {seed} step {n}: {label}")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_on_demo_and_hostile_seeds(tmp_path: Path, seed: int):
    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())]
    project = make_project(tmp_path / "p", files)
    rebuild(project)
    run_random_edits(project, tmp_path / "scratch", seed, steps=8)


def test_random_edits_on_real_articles(tmp_path: Path):
    articles = sorted(CORPUS.glob("*.txt"))
    if not articles:
        pytest.skip(f"{CORPUS} is absent: the real-article check needs the shared corpus")
    picked = random.Random(7).sample(articles, 20)
    project = make_project(tmp_path / "p", picked, curation=CURATION)
    rebuild(project)
    run_random_edits(project, tmp_path / "scratch", 11, steps=6)


def test_the_gender_detector_comes_from_the_cache_as_parsed(tmp_path: Path):
    import gender_guesser.detector as gd

    from dossier.publish.cache import _detector_from

    first = _detector_from(tmp_path)  # parsed, and a copy kept
    assert len(list(tmp_path.rglob("gender-guesser-*.pickle"))) == 1
    cached, fresh = _detector_from(tmp_path), gd.Detector(case_sensitive=False)
    assert cached is not first and cached.names == fresh.names and cached.case_sensitive is False
    for name in ["John", "Chrissy", "Kanye", "Ebro", "Andrea", "Zoë", "xyzzy"]:
        assert cached.get_gender(name) == fresh.get_gender(name)


def test_edits_that_move_people_between_clusters_and_retire_ids(tmp_path: Path):
    """The link stage's global choices, redone after an edit, give the full build: a one-word name
    ("Smith") that fits one person until a new seed names a second Smith, a curated same_person
    that merges two people and is taken back, and a statement whose id is retired."""
    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")), curation=None)
    seeds, scratch = project / "seeds", tmp_path / "scratch"

    def seed(name: str, speaker: str, words: str) -> Callable[[], None]:
        text = f'A Statement From {speaker}\n\n"{words}" {speaker} said on Monday.\n'
        return lambda: (seeds / name).write_text(text, "utf-8")

    def speaker_of(result: BuildResult, words: str) -> str | None:
        d = result.dossier
        q = next(q for q in d.quotes if words in q.text)
        return d.person(q.speaker).name if q.speaker else None

    surname = "The budget will pass before the end of the month"
    seed("100_smith.txt", "Smith", surname + ",")()
    rebuild(project)
    anna = check(
        project, scratch, seed("101_anna.txt", "Anna Smith", "We hired four new teachers this year,"), "Anna"
    )
    assert speaker_of(anna, surname) == "Anna Smith"  # the only Smith
    bob = check(
        project, scratch, seed("102_bob.txt", "Bob Smith", "The road opens again in June,"), "a second Smith"
    )
    assert speaker_of(bob, surname) == "Smith"  # which Smith is no longer known
    back = check(project, scratch, lambda: (seeds / "102_bob.txt").unlink(), "the second Smith gone")
    assert speaker_of(back, surname) == "Anna Smith"
    cur = project / "dossier.yml"
    merged = check(
        project,
        scratch,
        lambda: cur.write_text("corrections:\n  - same_person: [John Legend, Chrissy Teigen]\n", "utf-8"),
        "curation: two people made one",
    )
    apart = check(project, scratch, cur.unlink, "curation: taken back")
    assert len(apart.dossier.people) == len(merged.dossier.people) + 1
    lock = project / "dossier.lock"
    registered = lock.read_text("utf-8")
    gone = check(
        project,
        scratch,
        replace_in(seeds / S0, "I'm not mad people saw it because", "He was not bothered, because"),
        "a registered statement's words gone",
    )
    assert gone.dossier.retired or gone.dossier.redirects
    assert lock.read_text("utf-8").startswith(registered)  # ids are appended, never rewritten


# ---- builds in one long-lived process (mkdocs serve) ---------------------------------------------


def fresh_process() -> None:
    """What a new process knows: nothing held in memory (a store not yet written is lost)."""
    incremental._WARM.clear()
    output._KNOWN.clear()


def hand_over_changed(monkeypatch) -> list[frozenset | None]:
    """Make the link stage set ``Dossier.changed`` as the linker is to: every article, quote and
    person that is new, gone or different since the last dossier, found by comparing them whole.
    Returns the list of what it handed over."""
    link = pipeline.run_pipeline
    last: list[Dossier] = []
    handed: list[frozenset | None] = []

    def records(d: Dossier) -> dict:
        return {
            **{("a", a.id): a for a in d.articles},
            **{("q", q.id): q for q in d.quotes},
            **{("p", p.id): p for p in d.people},
        }

    def run(*args, **kwargs) -> Dossier:
        d = link(*args, **kwargs)
        changed = None
        if last:
            before, now = records(last[0]), records(d)
            changed = frozenset(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
        d.changed = changed  # type: ignore[attr-defined]
        handed.append(changed)
        last[:] = [d]
        return d

    monkeypatch.setattr(pipeline, "run_pipeline", run)
    return handed


@pytest.mark.parametrize("seed", [4, 5])
def test_random_edits_in_one_process_with_changed_records_and_a_store_written_late(
    tmp_path: Path, seed: int, monkeypatch
):
    """Rebuilds in one process take the last build's store and manifest from memory, fingerprint
    only the records the linker says changed, and write the store to disk only now and then; a
    new process then starts from the older store on disk. Every step gives the full build."""
    handed = hand_over_changed(monkeypatch)
    monkeypatch.setattr(incremental, "SAVE_SHARE", 0.5)  # the store stays behind on disk
    full = []  # builds that fingerprinted every record
    every = incremental.Fingerprints.entities

    def entities(self):
        if self._entities is None:
            full.append(1)
        return every(self)

    monkeypatch.setattr(incremental.Fingerprints, "entities", entities)
    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())[:6]]
    project = make_project(tmp_path / "p", files)
    fresh_process()
    rebuild(project)
    rng = random.Random(seed)
    warm_builds = 0
    for n in range(10):
        if n in (4, 7):
            fresh_process()
        warm = bool(incremental._WARM)
        label, edit = random_edit(rng, project)
        before = len(full)
        result = check(project, tmp_path / "scratch", edit, f"random seed {seed} step {n}: {label}")
        if warm and result.dossier is not None and handed[-1] is not None:
            warm_builds += 1
            assert len(full) == before, "a warm build with changed records fingerprinted every record"
    assert warm_builds >= 4


def test_a_store_written_by_another_process_replaces_the_one_in_memory(demo: Path, tmp_path: Path):
    store = demo / CACHE_DIR / incremental.STORE
    check(demo, tmp_path / "scratch", append_to(demo / "seeds" / S0, "\nOne more line.\n"))
    held = incremental._WARM[str(store)].store
    assert incremental._last_store(store)[1] is not None  # (taken out of memory: put it back)
    incremental._WARM[str(store)] = incremental._Warm(output.file_stamp(store), held, {}, None)
    store.write_bytes(store.read_bytes())  # another build's store: a new file
    old, warm = incremental._last_store(store)
    assert warm is None and old is not None and old is not held
    # and a manifest another process wrote is read again
    manifest = demo / "docs" / output.MANIFEST
    assert output._known(demo / "docs") is not None
    manifest.write_bytes(manifest.read_bytes())
    assert output._known(demo / "docs") is None and output.touched_folders(demo / "docs") is None


def test_two_workers_in_small_chunks_write_what_one_process_writes(tmp_path: Path, monkeypatch):
    """Forked workers hand back a few jobs at a time and the build writes each chunk's files as
    they come (output.Stager): the files are those of a build in one process, after edits too."""
    from dossier import write

    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")))
    serial, _ = from_scratch(project, None, tmp_path / "serial")
    submitted = []

    class Pool(write.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):
            submitted.append(args[1])
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(write, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(write, "PARALLEL_PAGES", 0)
    monkeypatch.setattr(write, "CHUNK", 3)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    fresh_process()
    rebuild(project)
    if not write._can_fork():
        pytest.skip("no fork here: the workers are not used")
    assert len(submitted) > 4  # many chunks, each written as it came back
    assert tree(project / "docs") == {**serial, "about.md": (project / "docs" / "about.md").read_bytes()}
    assert not [p for p in (project / "docs").rglob(".*.tmp")]
    check(
        project, tmp_path / "scratch", append_to(project / "seeds" / S1, '\n"New words here," Legend said.\n')
    )
    assert not [p for p in (project / "docs").rglob(".*.tmp")]


def in_small_chunks_on_two_workers(monkeypatch) -> None:
    from dossier import write

    monkeypatch.setattr(write, "PARALLEL_PAGES", 0)
    monkeypatch.setattr(write, "CHUNK", 3)
    monkeypatch.setattr("os.cpu_count", lambda: 2)


@pytest.mark.parametrize("workers", [1, 2])
def test_keys_read_by_many_chunks_are_numbered_once(tmp_path: Path, monkeypatch, workers: int):
    """The keys each chunk of jobs finds new join the store's key table as the chunk comes back:
    a key read by several chunks (a template, a person many pages name) gets one number, and
    every job's recorded numbers are exactly the keys it reads."""
    from dossier.write import article_slugs, site_jobs

    in_small_chunks_on_two_workers(monkeypatch)
    monkeypatch.setattr("os.cpu_count", lambda: workers)
    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")))
    fresh_process()
    d = rebuild(project).dossier
    store = incremental.load_store(project / CACHE_DIR / incremental.STORE)
    assert store is not None
    assert len(set(store.keys)) == len(store.keys)
    assert len(store.fps) == len(store.keys)
    slugs = article_slugs(d)
    assert store.jobs == site_jobs(d)
    for job, deps in zip(store.jobs, store.deps, strict=True):
        _, reads = incremental.render_tracked(d, slugs, job)
        assert {store.keys[i] for i in array("I", deps)} == set(reads), job
    # and each key's fingerprint is the key's, not another's
    fps = incremental.Fingerprints(d, slugs)
    for key, fp in zip(store.keys, store.fps, strict=True):
        if key != incremental._ALWAYS_KEY:
            assert fps.key(key) == fp, key


@pytest.mark.parametrize("workers", [1, 2])
def test_a_job_failing_mid_build_leaves_docs_as_it_was(demo: Path, monkeypatch, workers: int):
    """Files are written to temp files as their chunk comes back; when a later job fails the build
    stops with its error and docs/ holds exactly what it held before (no page replaced, no temp
    file left), on a rebuild after an edit and on a first build."""
    in_small_chunks_on_two_workers(monkeypatch)
    monkeypatch.setattr("os.cpu_count", lambda: workers)
    render = incremental.render_tracked

    def failing(d, slugs, job, *rest):
        if job == ("feed",):  # one of the last jobs: earlier chunks are written by then
            raise RuntimeError("a template broke")
        return render(d, slugs, job, *rest)

    monkeypatch.setattr(incremental, "render_tracked", failing)
    docs = demo / "docs"
    before = tree(docs)
    append_to(demo / "seeds" / S0, '\n"Every page of this seed changes now," Legend said.\n')()
    for attempt in ("rebuild", "first build"):
        fresh_process()
        with pytest.raises(RuntimeError, match="a template broke"):
            rebuild(demo)
        assert tree(docs) == before, attempt
        assert not [p for p in docs.rglob("*.tmp")], attempt
        shutil.rmtree(docs)
        docs.mkdir()
        (docs / "about.md").write_text("# About\n\nHand-written.\n", "utf-8")
        shutil.rmtree(demo / CACHE_DIR)
        before = tree(docs)


def test_edits_rebuilt_in_one_process_replay_linking(tmp_path: Path, monkeypatch):
    """As under `mkdocs serve`, several edits rebuilt in this process take the warm path (unchanged
    seeds' extractions kept, linking replayed from the build before) and give the full build.
    ``Dossier.changed`` names every article, quote and person whose record differs from the
    build before (the renderer's own fingerprints are the full comparison), and is None after
    another process has built the project."""
    import subprocess
    import sys

    from dossier.publish.cache import WarmSeeds
    from dossier.publish.incremental import Fingerprints

    monkeypatch.setattr(WarmSeeds, "RACY_NS", 0)  # seeds written a moment ago count as settled
    project = make_project(
        tmp_path / "p", [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())]
    )
    seeds, scratch = project / "seeds", tmp_path / "scratch"
    moved = "\"Don't let this be part of your legacy. You're the greatest artist of our generation.\""

    def move_quote() -> None:
        replace_in(seeds / S1, moved, "")()
        append_to(seeds / S0, f"\nLegend added: {moved}\n")()

    steps: list[tuple[str, Callable[[], object]]] = [
        (
            "seed added",
            lambda: (seeds / "002_new.txt").write_text(
                'Legend Speaks\n\n"We will talk again soon, I am sure of it," John Legend said.\n', "utf-8"
            ),
        ),
        ("seed deleted", (seeds / S1).with_name("002_new.txt").unlink),
        ("a name edited", replace_in(seeds / S1, "Chrissy Teigen", "Chrissy Stephens")),
        ("a quote moved to another seed", move_quote),
        (
            "curation",
            lambda: (project / "dossier.yml").write_text(
                CURATION.replace("description: Model", "description: A model"), "utf-8"
            ),
        ),
        ("words", replace_in(seeds / S0, "I'm not mad people saw it", "I'm not angry people saw it")),
    ]
    before = rebuild(project).dossier
    prints = Fingerprints(before, {}).entities()
    for label, edit in steps:
        result = check(project, scratch, edit, label)
        assert result.timings["link.replayed"] == 1.0, label
        assert result.timings["link.regrouped"] < sum(len(q.occurrences) for q in result.dossier.quotes), (
            label
        )
        now = Fingerprints(result.dossier, {}).entities()
        differ = {k for k in prints.keys() | now.keys() if prints.get(k) != now.get(k)}
        assert result.dossier.changed is not None and differ <= result.dossier.changed, label
        assert differ, label  # every step changes some record
        prints = now
    # Another process (a `dossier build` in another terminal) builds the project: the pages on
    # disk are no longer this process's last build's, so what changed is unknown.
    append_to(seeds / S0, '\n"One more thing," Legend said.\n')()
    cli = "import sys; from dossier.cli import main; sys.exit(main())"
    subprocess.run(
        [sys.executable, "-c", cli, "build", "--seeds", "seeds", "--docs", "docs"], cwd=project, check=True
    )
    result = check(
        project, scratch, append_to(seeds / S1, '\n"And another," Legend said.\n'), "after another process"
    )
    assert result.dossier.changed is None


def test_dossier_lock_edited_by_hand_between_warm_builds_is_read_again(demo: Path, tmp_path: Path):
    """A warm build reuses the registry it left when dossier.lock is still as it left it; a hand edit
    (an id renamed, then a line removed) is read again, and the pages are those a fresh build makes."""
    scratch, lock = tmp_path / "scratch", demo / "dossier.lock"
    lines = lock.read_text("utf-8").splitlines(keepends=True)
    assert len(lines) > 3
    old_id = json.loads(lines[1])["id"]
    for label, text in [
        ("an id renamed by hand", "".join(lines).replace(f'"id": "{old_id}"', '"id": "renamed-by-hand"', 1)),
        ("a line removed by hand", "".join(lines[:1] + lines[2:])),
    ]:
        assert text != lock.read_text("utf-8")
        lock.write_text(text, "utf-8")
        result = check(demo, scratch, append_to(demo / "seeds" / S0, "\nOne more line.\n"), label)
        assert result.dossier is not None
    assert "renamed-by-hand" in lock.read_text("utf-8") or old_id in lock.read_text("utf-8")


def test_a_one_shot_build_keeps_nothing_for_a_next_build(demo: Path):
    """Without keep_warm (the CLI), neither the link memory nor the page store and table copies
    stay in the process; switching it on makes a build keep both."""
    pipeline.keep_warm(False)
    rebuild(demo)
    assert pipeline._WARM is None and not incremental._WARM
    pipeline.keep_warm()
    (demo / "seeds" / S0).write_text((demo / "seeds" / S0).read_text("utf-8") + "\nOne more line.\n", "utf-8")
    rebuild(demo)
    assert pipeline._WARM is not None and incremental._WARM
    held = next(iter(incremental._WARM.values()))
    assert held.before is not None and held.before.dossier.quote_of  # what a next build compares with
    pipeline.keep_warm(False)
    assert not incremental._WARM


def test_sync_lists_only_folders_someone_else_touched(demo: Path, tmp_path: Path, monkeypatch):
    """In one process, sync does not list a folder it listed before and nobody changed since (it
    asks for the names it writes one by one); a folder another hand wrote into since is listed
    again, so a killed build's temp file there goes and a user's file is not overwritten."""
    scratch, seed = tmp_path / "scratch", demo / "seeds" / S0
    listed: list[str] = []
    articles = str(demo / "docs" / "articles")
    scandir = output.os.scandir

    def counting(path="."):
        listed.append(str(path))
        return scandir(path)

    def edit_counted(edit: Callable[[], object]) -> Callable[[], object]:
        def run() -> None:
            edit()
            listed.clear()
            monkeypatch.setattr(output.os, "scandir", counting)
            try:
                rebuild(demo)  # (check's own rebuild then finds nothing to do)
            finally:
                monkeypatch.setattr(output.os, "scandir", scandir)

        return run

    check(demo, scratch, append_to(seed, "\nOne more line.\n"))
    check(demo, scratch, edit_counted(append_to(seed, "\nAnd another line.\n")))
    assert articles not in listed  # written into, as this process's last sync left it
    page = next((demo / "docs" / "articles").glob(f"{S0[:3]}*.md"))  # the edited seed's page
    leftover = page.with_name(f".{page.name}.abcd1234.tmp")
    leftover.write_text("a killed build's half page", "utf-8")
    check(demo, scratch, edit_counted(append_to(seed, "\nA third line.\n")))
    assert articles in listed and not leftover.exists()
    mine = page.with_name("002-mine.md")
    mine.write_text("# Mine\n", "utf-8")  # where the next page will go
    (demo / "seeds" / "002_mine.txt").write_text('Mine\n\n"Words of mine here," John Legend said.\n', "utf-8")
    with pytest.raises(Exception, match="exists and was not written by dossier"):
        rebuild(demo)
    assert mine.read_text("utf-8") == "# Mine\n"


def test_the_jobs_a_warm_rebuild_looks_at_include_every_reader_of_a_changed_key(tmp_path: Path, warm_settled):
    """A rebuild in one process looks only at the jobs ``_Warm.readers`` lists for the keys that
    changed: after each edit, every job is listed for every key it read as recorded (the jobs
    rendered now added for the keys they read anew), the files of every job are held for the
    next build's kept files (``_Warm.files``), and the build is the full one."""
    files = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(HOSTILE.iterdir())[:6]]
    project = make_project(tmp_path / "p", files)
    rebuild(project)
    rng = random.Random(12)
    looked = []
    for n in range(8):
        label, edit = random_edit(rng, project)
        result = check(project, tmp_path / "scratch", edit, f"readers step {n}: {label}")
        (warm,) = incremental._WARM.values()
        assert warm.readers is not None
        listed = {(k, job) for k, jobs in warm.readers.items() for job in jobs}
        for job, deps in zip(warm.store.jobs, warm.store.deps, strict=True):
            missing = [k for k in array("I", deps) if (k, job) not in listed]
            assert not missing, (label, job, [warm.store.keys[k] for k in missing[:3]])
        looked.append(rendered(result))
        # The kept files of the next build are made from this map: it is every job's files.
        assert warm.files == {
            path: sha for fs in warm.store.files for path, sha in zip(fs[::3], fs[1::3], strict=True)
        }, label
        # The next build numbers the keys its jobs read from the index's map: it is every key's.
        assert warm.index is not None and warm.index.numbered == {k: i for i, k in enumerate(warm.store.keys)}
    assert any(0 < n < len(warm.store.jobs) // 2 for n in looked)  # edits rendered few jobs


def test_key_numbers_a_failed_warm_build_made_are_not_taken_by_the_next(
    tmp_path: Path, warm_settled, monkeypatch
):
    """A warm build numbers the new keys its jobs read in the map the last build left (its index's):
    a build failing after that must leave nothing warm, so the next one numbers from the store."""
    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")))
    rebuild(project)
    in_small_chunks_on_two_workers(monkeypatch)
    render = incremental.render_tracked

    def failing(d, slugs, job, *rest):
        if job == ("feed",):  # one of the last jobs: earlier chunks' new keys are numbered by then
            raise RuntimeError("a template broke")
        return render(d, slugs, job, *rest)

    monkeypatch.setattr(incremental, "render_tracked", failing)
    append_to(project / "seeds" / S0, '\n"A quote no page has read before, for new keys," Legend said.\n')()
    with pytest.raises(RuntimeError, match="a template broke"):
        rebuild(project)
    assert not incremental._WARM  # the last build's index was taken, and is gone
    monkeypatch.setattr(incremental, "render_tracked", render)
    check(
        project, tmp_path / "scratch", append_to(project / "seeds" / S1, '\n"And one more," Teigen said.\n')
    )
    (warm,) = incremental._WARM.values()
    assert warm.index is not None and warm.index.numbered == {k: i for i, k in enumerate(warm.store.keys)}


def test_a_path_two_jobs_write_goes_to_the_same_job_as_in_a_full_build(
    tmp_path: Path, warm_settled, monkeypatch
):
    """When a job rendered now writes a path a kept job wrote, both are rendered and the path goes
    to the one a full build gives it (write.combine), not to the one rendered last."""
    import dossier.write as write

    plain = write.render_job

    def with_shared(d, slugs, job):
        files = plain(d, slugs, job)
        if job[0] == "quote" and "bridge" in d.quote(job[1]).text:
            files["shared.md"] = f"# {job[1]}\n".encode()  # the greater id wins, whatever the order
        return files

    monkeypatch.setattr(write, "render_job", with_shared)
    monkeypatch.setattr(incremental, "render_job", with_shared)
    project = make_project(tmp_path / "p", sorted((ROOT / "seeds").glob("*.txt")))
    rebuild(project)
    line = '\n"A bridge too far for us," John Legend said.\n'
    check(project, tmp_path / "scratch", append_to(project / "seeds" / S0, line), "the first writer")
    # A quote of another story, day and speaker writes it too; the kept page's id is the greater.
    story = (
        'Mayor Opens New Bridge\n\nMayor Ann Lee opened it on Friday. "The bridge will stand," Lee said.\n'
    )
    added = project / "seeds" / "2016-10-25-bridge.txt"
    check(project, tmp_path / "scratch", lambda: added.write_text(story, "utf-8"), "the second writer")
    assert "john-legend-a-bridge" in (project / "docs" / "shared.md").read_text("utf-8")
