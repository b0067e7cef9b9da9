"""Issue 19: the I/O floor of a cold build — what reading the seeds and writing the build's files costs
with nothing else done.

Usage: .venv/bin/python benchmarks/io_floor.py [--shared DIR] [--limit N] [--docs DIR] [--repeat 3]
       .venv/bin/python benchmarks/io_floor.py --interleave 3 [--no-cards] [--docs-again] [--limit N]

Reads every corpus seed (../shared/corpus/polnear-train), then writes as many files, of the same
sizes and in the same folders, as a cold `dossier build` writes into docs/. The sizes come from
``--docs`` (the docs/ of a cold build); without it a cold build is run first in a temp folder
(not timed) to learn them. Two ways of writing are timed, each in a fresh folder:

- plain: open, write, close;
- safe: what a build needs — a temp file beside the target, then a rename over it (no fsync:
  the generator's policy, see dossier/publish/output.py), each folder made once.

CPU seconds (user + system of this process) and wall seconds, the best of ``--repeat`` runs.
Prints a small table and one JSON line. Exits 0 with a message when the corpus is absent.
Importable: ``measure(seeds, sizes, work)`` (build_bench.py uses it on its own cold build).

``--interleave N``: the ratio the issue sets (cold build CPU ≤ 5× the floor's). The floor moves
with the disk and the machine's load from one minute to the next, so N cold builds (each in a
fresh folder: no cache, empty docs/) each run while this process runs safe-write floors of a
build's files back to back beside it: each build is compared with the median floor of the same
minutes; prints each build, its floors, its ratio and the medians. ``--no-cards``: builds without share cards. ``--docs-again``: one project, built
once, then N builds each with docs/ deleted and the project's cache kept (a rebuild of the site).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

VENV_BIN = Path(sys.executable).parent
# The CLI build of a benchmark case, run in its folder (build_bench.py runs the same).
BUILD_CMD = [
    str(VENV_BIN / "dossier"),
    "build",
    "--seeds",
    "seeds",
    "--docs",
    "docs",
    "--config",
    "dossier.yml",
]


def sizes_of(docs: Path) -> dict[str, int]:
    """Every file under docs/ (the manifest too), relative path -> size."""
    return {p.relative_to(docs).as_posix(): p.stat().st_size for p in docs.rglob("*") if p.is_file()}


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    # getrusage counts microseconds (os.times counts clock ticks: a small floor read as 0)
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _write_all(sizes: dict[str, int], out: Path, safe: bool) -> None:
    blob = memoryview(b"x" * max(sizes.values(), default=0))
    for folder in sorted({os.path.dirname(rel) for rel in sizes}):
        os.makedirs(out / folder, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if safe else os.O_TRUNC)
    root = os.fspath(out)
    for rel, size in sizes.items():
        target = os.path.join(root, rel)
        path = (
            os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.floor.tmp")
            if safe
            else target
        )
        fd = os.open(path, flags, 0o644)
        os.write(fd, blob[:size])
        os.close(fd)
        if safe:
            os.replace(path, target)


def measure(
    seeds: list[Path], sizes: dict[str, int], work: Path, repeat: int = 3, plain: bool = True
) -> dict:
    """Best CPU and wall seconds of reading the seeds and writing the files, plain (unless not
    ``plain``) and safe."""
    out: dict = {"seeds": len(seeds), "files": len(sizes), "mb": round(sum(sizes.values()) / 1e6, 1)}
    for safe in (False, True) if plain else (True,):
        best_cpu = best_wall = float("inf")
        for n in range(repeat):
            folder = work / f"floor-{'safe' if safe else 'plain'}-{n}"
            c0, w0 = _cpu(), time.perf_counter()
            for p in seeds:
                p.read_bytes()
            _write_all(sizes, folder, safe)
            best_cpu = min(best_cpu, _cpu() - c0)
            best_wall = min(best_wall, time.perf_counter() - w0)
            shutil.rmtree(folder)
        key = "safe" if safe else "plain"
        out[f"{key}_cpu_s"], out[f"{key}_wall_s"] = round(best_cpu, 3), round(best_wall, 3)
    return out


def cold_build_sizes(seeds: list[Path], work: Path, extra: tuple[str, ...] = ()) -> dict[str, int]:
    """Run a cold `dossier build` of the seeds in work/ (untimed; ``extra`` CLI flags) and return
    its files' sizes."""
    (work / "seeds").mkdir(parents=True)
    for p in seeds:
        shutil.copy2(p, work / "seeds" / p.name)
    subprocess.run([*BUILD_CMD, *extra], cwd=work, check=False, capture_output=True)
    return sizes_of(work / "docs")


def _new_case(seeds: list[Path], case: Path) -> None:
    (case / "seeds").mkdir(parents=True)
    for p in seeds:
        shutil.copy2(p, case / "seeds" / p.name)
    (case / "docs").mkdir()


def _build_beside_floors(
    case: Path, extra: list[str], seeds: list[Path], sizes: dict[str, int], work: Path
) -> tuple[float, list[float]]:
    """One CLI build in ``case`` and, while it runs, safe-write floors of ``sizes`` back to back in
    this process (at least one, at most ``MOST_FLOORS``): the build's CPU seconds (its workers
    included) and each floor's."""
    os.sync()  # what earlier runs wrote is on disk: neither the build nor a floor pays its writeback
    before = _cpu(resource.RUSAGE_CHILDREN)
    build = subprocess.Popen(
        [*BUILD_CMD, *extra], cwd=case, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    floors: list[float] = []
    try:
        while not floors or (build.poll() is None and len(floors) < MOST_FLOORS):
            os.sync()  # (untimed) the last floor's writeback is not charged to the next
            floors.append(measure(seeds, sizes, work, repeat=1, plain=False)["safe_cpu_s"])
    finally:
        _, err = build.communicate()
    if build.returncode:
        raise RuntimeError(f"the build failed: {err.decode(errors='replace')[-2000:]}")
    return _cpu(resource.RUSAGE_CHILDREN) - before, floors


MOST_FLOORS = 12  # while one build runs (a floor is 1-10 s wall here, a build 30-150 s)


def interleaved(seeds: list[Path], work: Path, runs: int, extra: list[str], docs_again: bool = False) -> dict:
    """``runs`` CLI builds, each with safe-write floors of its files run at the same time; each
    build's CPU over the median of the floors beside it, and the medians.

    The floor moves with the disk's and the machine's load from one minute to the next (1.3 to
    9 s CPU at 840 on this machine, the build far less): only a build and floors measured side by
    side, under the same load, give a ratio that means something. Floors run back to back grew
    each time (1.0, 2.3, 4.7, 5.1 s beside one build): each paid the writeback of the files the
    last one wrote and deleted, so the disk is synced (untimed) before the build and each floor.

    Cold builds: each in a fresh folder (no cache, empty docs/), after one untimed build that
    gives the files' sizes. ``docs_again``: one project, built once first (its first build,
    reported apart), then each build with docs/ deleted and the project's cache kept
    (extractions, share cards): a rebuild of the site folder.
    """
    if docs_again:
        project = work / "project"
        _new_case(seeds, project)
        before = _cpu(resource.RUSAGE_CHILDREN)
        subprocess.run([*BUILD_CMD, *extra], cwd=project, check=True, capture_output=True)
        first = _cpu(resource.RUSAGE_CHILDREN) - before
        sizes = sizes_of(project / "docs")
    else:
        sizes = cold_build_sizes(seeds, work / "sizes", tuple(extra))  # the files these builds write
        shutil.rmtree(work / "sizes")
    pairs = []
    for n in range(runs):
        if docs_again:
            case = work / "project"
            shutil.rmtree(case / "docs")
            (case / "docs").mkdir()
        else:
            case = work / f"build-{n}"
            _new_case(seeds, case)
        build, floors = _build_beside_floors(case, extra, seeds, sizes, work)
        written = len(sizes_of(case / "docs"))
        if not docs_again:
            shutil.rmtree(case)  # a disk as full as at the start for the next build
        floor = statistics.median(floors)
        pairs.append(
            {
                "build_cpu_s": round(build, 3),
                "floor_cpu_s": round(floor, 3),
                "floors": [round(f, 3) for f in floors],
                "files": written,
                "ratio": round(build / floor, 2),
            }
        )
        print(
            f"  run {n + 1}: build {build:.2f} s CPU; {len(floors)} floors beside it "
            f"{min(floors):.2f}-{max(floors):.2f}, median {floor:.2f} s CPU: {build / floor:.1f}×"
        )
    out = {
        "files": len(sizes),
        "runs": pairs,
        "build_median_s": statistics.median(p["build_cpu_s"] for p in pairs),
        "floor_median_s": statistics.median(p["floor_cpu_s"] for p in pairs),
        "ratio": statistics.median(p["ratio"] for p in pairs),
    }
    if docs_again:
        out["first_build_cpu_s"] = round(first, 3)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=synth.DEFAULT_SHARED)
    ap.add_argument("--limit", type=int, help="only the first N corpus articles")
    ap.add_argument("--docs", type=Path, help="docs/ of a cold build, whose file sizes to write")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--interleave", type=int, metavar="N", help="N cold builds alternating with N floors")
    ap.add_argument("--no-cards", action="store_true", help="with --interleave: builds without share cards")
    ap.add_argument(
        "--docs-again",
        action="store_true",
        help="with --interleave: one project, docs/ deleted before each build, its cache kept",
    )
    args = ap.parse_args(argv)
    seeds = synth.corpus_or_skip(args.shared, args.limit)
    if not seeds:
        return 0
    work = Path(tempfile.mkdtemp(prefix="dossier-floor-"))
    if args.interleave:
        try:
            extra = ["--no-cards"] if args.no_cards else []
            r = interleaved(seeds, work, args.interleave, extra, args.docs_again)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        if args.docs_again:
            print(f"the project's first build: {r['first_build_cpu_s']:.2f} s CPU")
        what = "docs/ rebuilt" if args.docs_again else "cold build"
        print(
            f"medians: {what} {r['build_median_s']:.2f} s CPU, floor {r['floor_median_s']:.2f} s CPU; "
            f"build / floors beside it {r['ratio']:.1f}× (target ≤ 5×)"
        )
        print(json.dumps({"load_avg": [round(x, 2) for x in os.getloadavg()], **r}))
        return 0
    try:
        sizes = sizes_of(args.docs) if args.docs else cold_build_sizes(seeds, work / "build")
        if not sizes:
            print("error: no files to write (the cold build wrote nothing?)", file=sys.stderr)
            return 1
        r = measure(seeds, sizes, work, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"read {r['seeds']} seeds, write {r['files']:,} files ({r['mb']} MB)")
    print(f"  plain write       {r['plain_cpu_s']:.2f} s CPU  {r['plain_wall_s']:.2f} s wall")
    print(f"  temp + rename     {r['safe_cpu_s']:.2f} s CPU  {r['safe_wall_s']:.2f} s wall  (the floor)")
    print(json.dumps({"load_avg": [round(x, 2) for x in os.getloadavg()], **r}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
