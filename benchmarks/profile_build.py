"""cProfile of one `dossier build` in-process over ../shared/corpus/polnear-train: from scratch, or
(``--edit``) the rebuild after one seed is edited.

Usage: .venv/bin/python benchmarks/profile_build.py [--shared DIR] [--limit N] [--edit] [--top 15] [--sort cumulative]
       .venv/bin/python benchmarks/profile_build.py --memory [--limit N]

Copies the seeds to a temp folder (no cache, no lock, empty docs), profiles
``dossier.publish.build.build`` and prints the top entries, then a small table of the
pipeline's stages (cumulative CPU seconds of the functions named in STAGES, under the
profiler, so relative sizes matter more than absolute ones), the build's own stage
timings (wall seconds, BuildResult.timings) and one JSON line. With ``--edit`` a first
build (not profiled) fills the cache, then the middle seed gets build_bench's edit (a
sentence with a new quote) and the rebuild is profiled. The profile counts this
process's CPU time only: work done in worker processes is not in it. Exits 0 with a
message when the shared corpus is absent.

``--memory`` traces allocations instead (tracemalloc, no profiler): per stage, the memory
held before it, its peak and what it leaves held; where the memory held at the end of
rendering (the build's peak) was allocated, by module; and what kind of object holds it
(a census of the objects reachable then, by type). Slower than a plain build.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_bench  # noqa: E402
import synth  # noqa: E402

from dossier import pipeline  # noqa: E402
from dossier.publish.build import build  # noqa: E402

# (label, module file suffix, function name): looked up in the profile by name, so a stage the
# engine renames or parallelises simply shows as absent.
STAGES = [
    ("read seeds", "dossier/read/article.py", "read_article"),
    ("extract", "dossier/extract/pipeline.py", "extract"),
    ("link (curation, ids)", "dossier/link/linker.py", "link"),
    ("render pages", "dossier/write/__init__.py", "render_site"),
    ("render pages", "dossier/publish/incremental.py", "render_incremental"),
    ("write docs/", "dossier/publish/output.py", "sync"),
]


def stage_times(stats: pstats.Stats) -> dict[str, float]:
    out: dict[str, float] = {}
    for (file, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        for label, suffix, name in STAGES:
            if func == name and file.endswith(suffix):
                out[label] = out.get(label, 0.0) + ct
    return out


# The pipeline's stages as build_site calls them (looked up on the pipeline module, so they can
# be wrapped there).
MEMORY_STAGES = ["load_articles", "run_pipeline", "render_incremental", "render_site", "sync"]
MB = 2**20


def census() -> list[tuple[str, int, int]]:
    """(type, objects, bytes) of everything reachable from the collector's objects, largest first.

    Strings, bytes and containers of only such values are not tracked by the collector, so
    each object's referents are counted too, and untracked containers opened in turn."""
    todo = gc.get_objects()  # before the census's own containers exist, which it would count
    seen: set[int] = {id(todo)}
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        name = type(obj).__name__
        sizes[name] += sys.getsizeof(obj)
        counts[name] += 1
        for o in gc.get_referents(obj):
            if id(o) not in seen and (not gc.is_tracked(o) or isinstance(o, (dict, list, tuple))):
                todo.append(o)
    return [(name, counts[name], size) for name, size in sizes.most_common(12)]


def memory(seeds: Path, work: Path) -> dict:
    """Trace the allocations of one cold build, by stage (see the module's docstring)."""
    rows: list[dict] = []
    at_peak: dict = {}

    def traced(name, fn):
        def run(*args, **kwargs):
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            out = fn(*args, **kwargs)
            now, peak = tracemalloc.get_traced_memory()
            rows.append(
                {
                    "stage": name,
                    "held_before_mb": before / MB,
                    "peak_mb": peak / MB,
                    "held_after_mb": now / MB,
                }
            )
            if name in ("render_incremental", "render_site"):  # everything rendered, nothing written
                # The census first: a snapshot holds a tuple and an int per allocation traced.
                at_peak["by_type"] = [(t, n, b / MB) for t, n, b in census()]
                snap = tracemalloc.take_snapshot()
                at_peak["by_module"] = [
                    (
                        str(st.traceback[0].filename)
                        .split("site-packages/")[-1]
                        .replace(str(ROOT) + "/", ""),
                        st.size / MB,
                    )
                    for st in snap.statistics("filename")[:12]
                ]
                del snap
            return out

        return run

    originals = {name: getattr(pipeline, name) for name in MEMORY_STAGES}
    for name, fn in originals.items():
        setattr(pipeline, name, traced(name, fn))
    tracemalloc.start()
    try:
        result = build(seeds, work / "docs", curation=work / "dossier.yml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        for name, fn in originals.items():
            setattr(pipeline, name, fn)
    return {"articles": len(result.dossier.articles), "stages": rows, **at_peak, "last_peak_mb": peak / MB}


def print_memory(report: dict) -> None:
    n = report["articles"]
    print(f"{n} articles, traced memory (MB) by stage:")
    print(f"  {'stage':<20}{'held before':>12}{'peak':>10}{'held after':>12}")
    for r in report["stages"]:
        print(
            f"  {r['stage']:<20}{r['held_before_mb']:>12.1f}{r['peak_mb']:>10.1f}{r['held_after_mb']:>12.1f}"
        )
    top = max(r["peak_mb"] for r in report["stages"])
    print(f"  highest peak: {top:.1f} MB, {top / n:.3f} MB per article")
    print("held at the end of rendering, by the module that allocated it (MB):")
    for name, mb in report.get("by_module", []):
        print(f"  {mb:8.1f}  {name}")
    print("the same, by type of object (objects, MB; sys.getsizeof, shared objects counted once):")
    for name, count, mb in report.get("by_type", []):
        print(f"  {mb:8.1f}  {count:>10,}  {name}")
    print(json.dumps(report))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=synth.DEFAULT_SHARED)
    ap.add_argument("--limit", type=int, help="profile only the first N articles")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime, ...)")
    ap.add_argument("--dump", type=Path, help="also save the raw profile here (for snakeviz, pstats)")
    ap.add_argument("--edit", action="store_true", help="profile the rebuild after editing one seed")
    ap.add_argument("--memory", action="store_true", help="trace memory by stage instead of profiling")
    args = ap.parse_args(argv)
    paths = synth.corpus_or_skip(args.shared, args.limit)
    if not paths:
        return 0
    work = Path(tempfile.mkdtemp(prefix="dossier-profile-"))
    try:
        seeds = synth.copy_seeds(paths, work / "seeds")
        if args.memory:
            print_memory(memory(seeds, work))
            return 0
        if args.edit:
            build(seeds, work / "docs", curation=work / "dossier.yml")
            victim = sorted(seeds.iterdir())[len(paths) // 2]
            with victim.open("a", encoding="utf-8") as fh:
                fh.write(build_bench.EDIT)
        # CPU time, not wall: on a busy machine wall time mostly measures the other processes.
        pr = cProfile.Profile(time.process_time)
        t0 = time.perf_counter()
        c0 = time.process_time()
        pr.enable()
        result = build(seeds, work / "docs", curation=work / "dossier.yml")
        pr.disable()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    buf = io.StringIO()
    stats = pstats.Stats(pr, stream=buf)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(buf.getvalue().rstrip())
    if args.dump:
        pr.dump_stats(args.dump)
    stats = pstats.Stats(pr)  # unstripped, for the stage lookup by file
    stages = stage_times(stats)
    d = result.dossier
    print()
    rows = [
        ("articles", f"{len(paths)}"),
        ("quotes / people", f"{len(d.quotes)} / {len(d.people)}"),
        ("files written", f"{len(result.report.written)}"),
        ("wall (profiled)", f"{wall:.2f} s"),
        ("CPU this process", f"{cpu:.2f} s"),
    ] + [(f"  {k}", f"{v:.2f} s ({v / max(cpu, 1e-9):.0%})") for k, v in stages.items()]
    rows += [("build's own timings", "(wall s)")]
    rows += [(f"  {k}", f"{v}") for k, v in result.timings.items()]
    for k, v in rows:
        print(f"{k:<24}{v:>20}")
    print(
        json.dumps(
            {
                "articles": len(paths),
                "quotes": len(d.quotes),
                "people": len(d.people),
                "written": len(result.report.written),
                "wall_s": round(wall, 3),
                "cpu_s": round(cpu, 3),
                "edit": args.edit,
                "stages_s": {k: round(v, 3) for k, v in stages.items()},
                "timings": result.timings,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
