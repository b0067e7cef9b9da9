"""What a one-seed edit costs the render side, in a fresh process and in a long-lived one.

Usage: .venv/bin/python benchmarks/edit_bench.py PROJECT [--runs 4] [--changed] [--no-cards] [--warm-only] [--profile OUT]

PROJECT is a folder with ``seeds/`` (and ``docs/``), built before (e.g. by build_bench.py
``--keep``, or ``dossier build`` on a ``synth.py`` dossier). In this process, builds it once, then
toggles build_bench's edit (a sentence with a new quote) on and off the middle seed ``--runs``
times as a fresh process would see it (the store and the manifest held between builds dropped
first) and ``--runs`` times as ``mkdocs serve`` does (kept). Prints each rebuild's CPU seconds
by stage (``BuildResult.timings`` with the build's clock set to this process's CPU time) and the
load average. After the first build a thread stands for `mkdocs serve`'s file watcher: no render
workers are forked (as under serve), so every job's CPU time is counted.

``--changed`` keeps the whole pipeline warm (``pipeline.keep_warm``, as the MkDocs plugin does):
linking is replayed and the linker hands the render side ``Dossier.changed``; without it only
the render side's state is kept and every record is fingerprinted. ``--profile OUT`` writes a
cProfile (CPU clock) of one more same-process rebuild to OUT. ``--warm-only`` skips the
fresh-process runs (at 10,000 articles each costs a whole link and fingerprinting).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import threading
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier import pipeline  # noqa: E402
from dossier.model import SiteOptions  # noqa: E402
from dossier.publish import clock, incremental, output  # noqa: E402
from dossier.publish.build import build  # noqa: E402

EDIT = "\n\n“This sentence was added by the benchmark to test one-seed rebuilds,” said Benchmark Editor.\n"
STAGES = (
    "link",
    "render.load",
    "render.fingerprints",
    "render.check",
    "render.render",
    "render",
    "sync",
    "save",
)


def rebuild(project: Path, site: SiteOptions) -> dict[str, float]:
    result = build(project / "seeds", project / "docs", site=site)
    if result.problems:
        print("problems:", result.problems[:3], file=sys.stderr)
    return result.timings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--changed", action="store_true", help="hand the render side Dossier.changed")
    ap.add_argument("--no-cards", action="store_true")
    ap.add_argument("--warm-only", action="store_true", help="only the same-process rebuilds")
    ap.add_argument("--profile", type=Path, help="cProfile one more same-process rebuild into this file")
    args = ap.parse_args(argv)
    clock.time = types.SimpleNamespace(perf_counter=time.process_time)  # type: ignore[attr-defined]
    site = SiteOptions(cards=not args.no_cards)
    if args.changed:
        pipeline.keep_warm(True)  # link replayed, `changed` handed over, render state kept
    else:
        incremental.keep_warm(True)  # the render side's state only, as before the warm linker
    seeds = sorted((args.project / "seeds").iterdir())
    seed = seeds[len(seeds) // 2]
    text = seed.read_text("utf-8")
    rebuild(args.project, site)  # brings docs/ up to date, and fills this process's state
    # From here on, as under `mkdocs serve`: its file watcher is a thread, and the renderer does
    # not fork workers beside threads, so every job renders in this process and is counted.
    watcher = threading.Event()
    threading.Thread(target=watcher.wait, daemon=True).start()
    rows: dict[str, list[dict[str, float]]] = {"fresh process": [], "same process": []}
    if args.warm_only:
        del rows["fresh process"]
    try:
        for mode in rows:
            if mode == "same process":  # an edit and its undoing unmeasured: the state is warm
                for warm_up in (text + EDIT, text):
                    seed.write_text(warm_up, "utf-8")
                    rebuild(args.project, site)
            for n in range(args.runs * 2):
                if mode == "fresh process":
                    incremental._WARM.clear()
                    output._KNOWN.clear()
                    pipeline._WARM = None
                seed.write_text(text + EDIT if n % 2 == 0 else text, "utf-8")
                rows[mode].append(rebuild(args.project, site))
        if args.profile:  # one more edit, profiled (not in the figures: the profiler slows it)
            seed.write_text(text + EDIT, "utf-8")
            profiler = cProfile.Profile(time.process_time)
            profiler.runcall(rebuild, args.project, site)
            profiler.dump_stats(args.profile)
    finally:
        seed.write_text(text, "utf-8")
    print(f"{args.project}: one-seed edit, CPU s of this process (median, min-max of {args.runs * 2})")
    print(f"{'stage':24}" + "".join(f"{m:>26}" for m in rows))
    for stage in (*STAGES, "rendered"):
        cells = []
        for runs in rows.values():
            xs = [r.get(stage, 0.0) for r in runs]
            cells.append(f"{statistics.median(xs):.3f} ({min(xs):.3f}-{max(xs):.3f})")
        print(f"{stage:24}" + "".join(f"{c:>26}" for c in cells))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    incremental._WARM.clear()  # the edit is undone: nothing this process holds needs writing
    watcher.set()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
