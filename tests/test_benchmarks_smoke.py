"""The issue-7 benchmark scripts still run end to end (on a few articles), so they cannot rot.

Skipped when ../shared (the corpus they read) is absent.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "polnear-train"

pytestmark = pytest.mark.skipif(not any(CORPUS.glob("*.txt")), reason="../shared corpus is absent")


def _last_json(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False
    )


def test_synth_is_deterministic_and_keeps_headlines(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        r = _run("benchmarks/synth.py", str(out), "-n", "20", "--seed", "3", "--limit", "60")
        assert r.returncode == 0, r.stderr
    report = _last_json(r.stdout)
    assert report["articles"] == 20
    files = sorted(a.glob("*.txt"))
    assert len(files) == 20
    assert [f.read_text("utf-8") for f in files] == [(b / f.name).read_text("utf-8") for f in files]
    # The first line of each synthetic article is the first line of the real article it is modelled on.
    for f in files:
        candidates = sorted(CORPUS.glob(f.stem.split("_", 1)[1] + "*.txt"))  # names are cut at 40 chars
        assert candidates, f.name
        assert f.read_text("utf-8").splitlines()[0] == candidates[0].read_text("utf-8").splitlines()[0]


def test_synth_refuses_to_write_into_the_repo() -> None:
    r = _run("benchmarks/synth.py", str(ROOT / "seeds-synthetic"), "-n", "2")
    assert r.returncode == 2
    assert not (ROOT / "seeds-synthetic").exists()


def test_build_bench_quick(tmp_path: Path) -> None:
    r = _run("benchmarks/build_bench.py", "--quick", "--limit", "30", "--timeout", "100", timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    case = report["cases"]["corpus-30"]
    assert case["articles"] == 30
    assert case["cold"]["status"] == 0 and case["cold"]["written"] > 30
    assert case["noop"]["written"] == 0
    assert case["one_edit"]["written"] >= 1
    assert case["mkdocs"]["status"] == 0 and case["mkdocs_bare"]["status"] == 0
    assert case["site"]["quote_pages"] > 0 and case["site"]["search_entries"]["quotes"] > 0
    assert "no-change rebuild" in r.stdout and re.search(r"\b(PASS|FAIL)\b", r.stdout)
    floor = case["io_floor"]
    assert floor["files"] >= case["cold"]["written"] and floor["plain_cpu_s"] > 0 and floor["safe_cpu_s"] > 0
    live = case["serve_edit"]
    assert "error" not in live, live
    assert live["rebuilds"] == 1 and live["edit_to_page_s"] > 0 and live["edit2_to_page_s"] > 0
    assert live["search_entries_after"] >= live["search_entries_before"] > 30


def test_io_floor_writes_what_a_cold_build_writes(tmp_path: Path) -> None:
    r = _run("benchmarks/io_floor.py", "--limit", "20", "--repeat", "1", timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    assert report["seeds"] == 20 and report["files"] > 40 and report["mb"] > 0
    assert report["safe_cpu_s"] > 0 and report["safe_wall_s"] > 0


def test_io_floor_interleaves_cold_builds_and_floors() -> None:
    r = _run("benchmarks/io_floor.py", "--interleave", "2", "--no-cards", "--limit", "10", timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    assert len(report["runs"]) == 2
    # The floor writes what these builds write: no share cards with --no-cards.
    assert report["files"] > 20 and report["files"] == report["runs"][0]["files"]
    for run in report["runs"]:
        assert run["build_cpu_s"] > run["floor_cpu_s"] > 0
        assert run["ratio"] == pytest.approx(run["build_cpu_s"] / run["floor_cpu_s"], rel=0.01)
    assert (
        min(run["ratio"] for run in report["runs"])
        <= report["ratio"]
        <= max(run["ratio"] for run in report["runs"])
    )
    for run in report["runs"]:  # floors run beside each build, the median taken
        assert run["floors"] and run["floor_cpu_s"] == pytest.approx(
            statistics.median(run["floors"]), abs=0.002
        )
    assert "median" in r.stdout and "beside it" in r.stdout


def test_io_floor_rebuilds_docs_with_the_cache_kept() -> None:
    r = _run("benchmarks/io_floor.py", "--interleave", "2", "--docs-again", "--limit", "10", timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    # The first build extracts and draws; the next ones, docs/ deleted, take both from the cache.
    assert report["first_build_cpu_s"] > max(run["build_cpu_s"] for run in report["runs"])
    assert "docs/ rebuilt" in r.stdout


def test_cards_bench_runs(tmp_path: Path) -> None:
    r = _run("benchmarks/cards_bench.py", "--limit", "15", "--workdir", str(tmp_path), timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    assert report["articles"] == 15
    assert report["cards_drawn_warm_rebuild"] == 0 and report["cards_drawn_rerender_all"] == 0
    assert report["cards_drawn_docs_gone"] == 0
    assert report["draw_cold"]["cards"] >= report["card_kb"]["files"] > 15  # equal cards share a file
    assert report["card_kb"]["max"] <= 80
    assert "cold build with / without cards" in r.stdout


def test_registry_bench_runs(tmp_path: Path) -> None:
    r = _run("benchmarks/registry_bench.py", "--limit", "40", "--repeat", "1", timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    assert report["articles"] == 40 and report["quotes_registered"] > report["quotes_after"] > 0
    assert report["retired"] > 0 and report["with_closest"] <= report["retired"]


def test_link_bench_runs() -> None:
    r = _run("benchmarks/link_bench.py", "--limit", "30", "--repeat", "1", timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    assert report["articles"] == 30 and report["cold_cpu_s"] > 0 and report["rebuild_cpu_s"] > 0


def test_snapshot_builds_are_identical_twice_and_a_changed_byte_shows(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):  # the demo only: no corpus under the --shared given
        r = _run(
            "benchmarks/snapshot_builds.py", "save", str(out), "--shared", str(tmp_path / "none"), timeout=300
        )
        assert r.returncode == 0, r.stderr[-2000:]
    same = _run("benchmarks/snapshot_builds.py", "diff", str(a), str(b))
    assert same.returncode == 0 and same.stdout.startswith("0 file(s) differ"), same.stdout
    page = next((b / "demo" / "docs" / "people").glob("kanye-west.md"))
    page.write_text(page.read_text("utf-8") + "x", "utf-8")
    changed = _run("benchmarks/snapshot_builds.py", "diff", str(a), str(b))
    assert changed.returncode == 1 and "differs: demo/docs/people/kanye-west.md" in changed.stdout


@pytest.mark.skipif(
    not (SHARED / "eval" / "score_people.py").exists(), reason="../shared/eval/score_people.py is absent"
)
def test_people_eval_builds_and_scores_the_gold_articles() -> None:
    r = _run("benchmarks/people_eval.py")
    assert r.returncode == 0, r.stderr
    report = _last_json(r.stdout)
    assert report["gold"] == "people-train30.json" and report["gold_pairs"] > 200
    assert 0 < report["precision"] <= 1 and 0 < report["recall"] <= 1


def test_train_ranker_cross_validates_and_scores_dev() -> None:
    r = _run("benchmarks/train_ranker.py", "--limit", "40", "--folds", "2", "--c", "1.0", timeout=300)
    assert r.returncode == 0, r.stderr
    report = _last_json(r.stdout)
    assert report["c"] == 1.0 and report["features"] > 50
    assert (
        0.5 < report["train_cv"]["speaker"]["accuracy"] <= 1
        and 0.5 < report["dev"]["speaker"]["accuracy"] <= 1
    )


def test_profile_build_memory_names_stages_modules_and_types() -> None:
    r = _run("benchmarks/profile_build.py", "--memory", "--limit", "12", timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    assert report["articles"] == 12
    assert [s["stage"] for s in report["stages"]][:2] == ["load_articles", "run_pipeline"]
    assert all(s["peak_mb"] >= s["held_before_mb"] > -1 for s in report["stages"])
    assert report["by_module"] and {name for name, _, _ in report["by_type"]} >= {"str", "dict"}


def test_page_cost_times_each_step_of_our_pages_and_the_bare_site(tmp_path: Path) -> None:
    # The demo project (no corpus needed, but it runs with the other benchmark smoke tests).
    case = tmp_path / "case"
    (case / "docs").mkdir(parents=True)
    (case / "docs" / "about.md").write_text((ROOT / "docs" / "about.md").read_text("utf-8"), "utf-8")
    shutil.copytree(ROOT / "seeds", case / "seeds")  # the lock and cache go beside them, not in the repo
    build = [sys.executable, "-m", "dossier.cli", "build", "--seeds", "seeds", "--docs", "docs", "--no-cards"]
    r = subprocess.run(build, capture_output=True, text=True, timeout=300, cwd=case, check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    r = _run("benchmarks/page_cost.py", str(case), "--bare", "--json", timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    pages = len(list((case / "docs").rglob("*.md")))
    assert report["ours"]["pages"] == report["bare"]["pages"] == pages
    ours, bare = report["ours"]["cpu_s"], report["bare"]["cpu_s"]
    for step in (
        "Markdown",
        "theme templates",
        "read source + front matter",
        "material/search: page_context",
    ):
        assert ours[step] > 0 and bare[step] > 0, step
    assert ours["dossier: page_content"] > 0 and "dossier: page_content" not in bare
    assert "ours / bare (CPU)" in r.stdout


def test_page_cost_times_rebuilds_after_an_edit_under_serve(tmp_path: Path) -> None:
    case = tmp_path / "case"
    (case / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "seeds", case / "seeds")
    build = [sys.executable, "-m", "dossier.cli", "build", "--seeds", "seeds", "--docs", "docs", "--no-cards"]
    r = subprocess.run(build, capture_output=True, text=True, timeout=300, cwd=case, check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    seeds = {p.name: p.read_bytes() for p in (case / "seeds").iterdir() if p.is_file()}
    r = _run("benchmarks/page_cost.py", str(case), "--serve-edit", "--rounds", "2", "--json", timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    runs = _last_json(r.stdout)["serve_edits"]
    pages = len(list((case / "docs").rglob("*.md")))
    assert len(runs) == 2
    for run in runs:
        # A dirty rebuild: the dossier built, MkDocs listed docs/ and rendered only what changed.
        assert run["dossier: pre_build"] > 0 and run["collect files"] > 0
        assert 0 < run["pages rendered"] < pages
    assert {p.name: p.read_bytes() for p in (case / "seeds").iterdir() if p.is_file()} == seeds  # edit undone


def test_warm_edit_measures_a_run_whose_first_edit_is_the_last_build(tmp_path: Path) -> None:
    # An even number of rounds leaves the last build with the sentence on: the next run's first
    # edit is then the no-change path's, which once crashed the benchmark.
    case = tmp_path / "case"
    shutil.copytree(ROOT / "seeds", case / "seeds")
    build = [sys.executable, "-m", "dossier.cli", "build", "--seeds", "seeds", "--docs", "docs", "--no-cards"]
    r = subprocess.run(build, capture_output=True, text=True, timeout=300, cwd=case, check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    seeds = {p.name: p.read_bytes() for p in (case / "seeds").iterdir() if p.is_file()}
    for _ in range(2):
        r = _run("benchmarks/build_bench.py", "--warm-edit", str(case), "--rounds", "2", timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        rows = _last_json(r.stdout)["warm_edits"]
        assert [row["build"] for row in rows] == ["cold process", "warm", "warm"]
        assert all(row["cpu_s"] > 0 and row["link"] > 0 for row in rows)  # every stage ran
    assert {p.name: p.read_bytes() for p in (case / "seeds").iterdir() if p.is_file()} == seeds


def test_edit_bench_times_fresh_and_same_process_rebuilds(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(ROOT / "seeds", project / "seeds")
    r = _run("benchmarks/edit_bench.py", str(project), "--runs", "1", "--changed", timeout=300)
    assert r.returncode == 0, r.stderr
    rows = {line.split()[0]: line.split()[1::2] for line in r.stdout.splitlines()[2:] if line[:1].isalpha()}
    assert set(rows) >= {"render.fingerprints", "render", "sync", "save", "rendered"}
    assert all(float(x) > 0 for x in rows["rendered"])  # the edit rendered pages in both modes
    seed_texts = {p.name: p.read_text("utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    assert {p.name: p.read_text("utf-8") for p in (project / "seeds").glob("*.txt")} == seed_texts  # undone


def test_extract_ab_times_two_revisions_and_compares_their_output() -> None:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    r = _run("benchmarks/extract_ab.py", "HEAD", "HEAD", "--limit", "12", "--rounds", "1", "--chunk", "5")
    assert r.returncode == 0, r.stderr[-2000:]
    report = _last_json(r.stdout)
    assert report["articles"] == 12 and report["identical"] is True
    assert report["a_articles_per_s"] > 0 and report["b_articles_per_s"] > 0


@pytest.mark.skipif(not (SHARED / "eval" / "polnear-train" / "gold.jsonl").exists(), reason="no train gold")
def test_cross_validation_keeps_its_fold_models_and_reuses_them(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from train_ranker import collect, cross_validated, load_gold

    split = SHARED / "eval" / "polnear-train"
    texts = sorted((split / "texts").glob("*.txt"))[:16]
    models = tmp_path / "folds"
    cross_validated(texts, collect(texts, load_gold(split)), 2, 0.3, tmp_path / "fitted.jsonl", models)
    assert sorted(p.name for p in models.iterdir()) == ["fold0.json", "fold1.json"]
    # no examples to fit from: the kept models are read, and they extract exactly as when fitted
    cross_validated(texts, [], 2, 0.3, tmp_path / "reused.jsonl", models)
    fitted = (tmp_path / "fitted.jsonl").read_text(encoding="utf-8")
    assert fitted.count("\n") > 20 and (tmp_path / "reused.jsonl").read_text(encoding="utf-8") == fitted
