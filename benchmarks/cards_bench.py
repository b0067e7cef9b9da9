"""Issue 16: share cards — drawing time per card, cache behaviour, build cost, file sizes.

Usage: .venv/bin/python benchmarks/cards_bench.py [--shared DIR] [--limit N] [--workdir DIR] [--keep]

On the 840-article corpus (../shared/corpus/polnear-train), in a temp project:
  1. cold `dossier build --no-cards` and cold `dossier build` (no .dossier-cache, no docs, no
     lock each time; the real CLI in a subprocess): the ratio of their wall times;
  2. in this process: a rebuild with nothing changed, one after a one-seed edit, one with
     the page store gone (as after a code change: every card job runs again), and one with docs/
     deleted (every card from the project's cache), counting the cards each drew;
  3. in this process, on one core: every card of the dossier drawn from scratch (cold: empty
     width caches), again (warm: fonts and word widths known), and taken from docs/ (reuse);
  4. sizes of the card files.
Targets: ≤ 10 ms per card on one core, 0 cards drawn by a warm rebuild, cold build with cards
≤ 1.5× without, every card ≤ 80 KB. Prints a table and one JSON line; exits 0 with a message
when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

from dossier.publish.build import build  # noqa: E402
from dossier.write import card_image as cards  # noqa: E402
from dossier.write import card_text  # noqa: E402
from dossier.write.cards import has_card, person_card, quote_card  # noqa: E402

CACHE = ".dossier-cache"
EDIT = "\n\n“This sentence was added by the benchmark to test one-seed rebuilds,” said Benchmark Editor.\n"


def cold(case: Path) -> None:
    for name in (CACHE, "docs"):
        shutil.rmtree(case / name, ignore_errors=True)
    (case / "dossier.lock").unlink(missing_ok=True)
    (case / "docs").mkdir()


def cli_build(case: Path, *flags: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the build and its workers) of one CLI build."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "dossier.cli", "build", *flags],
        cwd=case,
        env=env,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode not in (0, 1):  # 1: some seeds had problems, the rest built
        raise SystemExit(f"dossier build failed:\n{run.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return round(took, 2), round(cpu, 2)


def per_card_ms(all_cards: list, draw) -> list[float]:
    """CPU milliseconds per card (this process, one core): steadier than wall time on a busy machine."""
    out = []
    for card in all_cards:
        start = time.process_time()
        draw(card)
        out.append((time.process_time() - start) * 1000)
    return out


def summary(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {
        "cards": len(ms),
        "mean_ms": round(statistics.fmean(ms), 2),
        "median_ms": round(ms[len(ms) // 2], 2),
        "p95_ms": round(ms[int(len(ms) * 0.95)], 2),
        "max_ms": round(ms[-1], 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=synth.DEFAULT_SHARED)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the temp project")
    args = ap.parse_args(argv)
    try:
        paths = synth.source_paths(args.shared, args.limit)
    except OSError:
        paths = []
    if not paths:
        print(f"skipped: no corpus under {args.shared}/corpus/polnear-train")
        return 0
    work = Path(tempfile.mkdtemp(prefix="cards-bench-", dir=args.workdir))
    case = work / f"corpus-{len(paths)}"
    (case / "seeds").mkdir(parents=True)
    for p in paths:
        shutil.copy2(p, case / "seeds" / p.name)
    report: dict = {"articles": len(paths)}
    try:
        # 1. cold builds, without and with cards (each from nothing)
        cold(case)
        report["cold_no_cards_s"], report["cold_no_cards_cpu_s"] = cli_build(case, "--no-cards")
        cold(case)
        report["cold_cards_s"], report["cold_cards_cpu_s"] = cli_build(case)
        report["cold_ratio"] = round(report["cold_cards_s"] / report["cold_no_cards_s"], 2)
        report["cold_ratio_cpu"] = round(report["cold_cards_cpu_s"] / report["cold_no_cards_cpu_s"], 2)
        report["load_average"] = os.getloadavg()[0]
        # 2. rebuilds in this process, counting the cards drawn (in forked workers too: the
        # counter is shared memory made before the fork)
        drawn = multiprocessing.Value("i", 0)
        draw = cards.draw

        def counting(card: cards.Card) -> bytes:
            with drawn.get_lock():
                drawn.value += 1
            return draw(card)

        cards.draw = counting

        def rebuild(label: str) -> None:
            drawn.value = 0
            start = time.perf_counter()
            result = build(case / "seeds", case / "docs")
            report[f"{label}_s"] = round(time.perf_counter() - start, 2)
            report[f"cards_drawn_{label}"] = drawn.value
            dossiers.append(result.dossier)

        dossiers: list = []
        rebuild("warm_rebuild")  # nothing changed
        seed = sorted((case / "seeds").iterdir())[len(paths) // 2]
        seed.write_text(seed.read_text("utf-8") + EDIT, "utf-8")
        rebuild("one_edit")  # one seed edited: its new quote's card and its speaker's
        (case / CACHE / "pages.pickle").unlink()  # as after a code change: every job runs again
        (case / CACHE / "last-build.json").unlink()
        rebuild("rerender_all")
        shutil.rmtree(case / "docs")  # the site folder gone: every card from the project's cache
        rebuild("docs_gone")
        cards.draw = draw
        d = dossiers[-1]
        assert d is not None
        # 3. per card, on one core, in this process
        all_cards = [quote_card(d, q) for q in d.quotes]
        all_cards += [person_card(d, p) for p in d.people if has_card(d, p)]
        card_text.clear()
        cards._font.cache_clear()
        report["draw_cold"] = summary(per_card_ms(all_cards, cards.draw))
        report["draw_warm"] = summary(per_card_ms(all_cards, cards.draw))
        from dossier.publish.output import load_manifest

        with cards.reuse_from(case / "docs", load_manifest(case / "docs")):
            report["reuse"] = summary(per_card_ms(all_cards, cards.render))
        # 4. sizes
        sizes = sorted(p.stat().st_size for p in (case / "docs" / cards.FOLDER).glob("*.png"))
        report["card_kb"] = {
            "files": len(sizes),
            "min": round(sizes[0] / 1024, 1),
            "mean": round(statistics.fmean(sizes) / 1024, 1),
            "max": round(sizes[-1] / 1024, 1),
            "total_mb": round(sum(sizes) / 2**20, 1),
        }
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    checks = [
        (
            "draw, cold, mean ms/card (one core)",
            report["draw_cold"]["mean_ms"],
            "≤ 10",
            report["draw_cold"]["mean_ms"] <= 10,
        ),
        (
            "draw, warm, mean ms/card (one core)",
            report["draw_warm"]["mean_ms"],
            "≤ 10",
            report["draw_warm"]["mean_ms"] <= 10,
        ),
        (
            "cards drawn by a warm rebuild",
            report["cards_drawn_warm_rebuild"],
            "0",
            report["cards_drawn_warm_rebuild"] == 0,
        ),
        (
            "cards drawn re-rendering every page",
            report["cards_drawn_rerender_all"],
            "0",
            report["cards_drawn_rerender_all"] == 0,
        ),
        (
            "cards drawn after docs/ was deleted",
            report["cards_drawn_docs_gone"],
            "0",
            report["cards_drawn_docs_gone"] == 0,
        ),
        (
            "cold build with / without cards, wall",
            report["cold_ratio"],
            "≤ 1.5×",
            report["cold_ratio"] <= 1.5,
        ),
        (
            "cold build with / without cards, CPU",
            report["cold_ratio_cpu"],
            "≤ 1.5×",
            report["cold_ratio_cpu"] <= 1.5,
        ),
        ("largest card, KB", report["card_kb"]["max"], "≤ 80", report["card_kb"]["max"] <= 80),
    ]
    print(
        f"{report['articles']} articles, {report['draw_cold']['cards']} cards "
        f"(cold builds: {report['cold_no_cards_s']} s without cards, {report['cold_cards_s']} s with)"
    )
    for label, value, target, ok in checks:
        flag = "    " if ok is None else ("PASS" if ok else "FAIL")
        print(f"  {flag}  {label:<40} {value!s:>8}   target {target}")
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
