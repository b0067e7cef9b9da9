"""CPU seconds of link + curation + quote-id registry on the real corpus, without a profiler.

Usage: .venv/bin/python benchmarks/link_bench.py [--shared DIR] [--limit N] [--curation FILE] [--repeat 3]
                                                 [--seeds DIR [--cache DIR]]

Reads and extracts ../shared/corpus/polnear-train once, then times, best
of ``--repeat``, the stage between extraction and writing: ``pipeline.run_pipeline`` (the link
stage, with the curation and the quote-id registry as input), against an empty registry and
against the registry the first run made (a rebuild), and the statement grouping alone
(``statements.group``, the part that grows fastest with the dossier). ``--seeds`` takes any folder
of seeds instead (a synthetic 10k from synth.py), ``--cache`` a build's .dossier-cache to take
its extractions from. Prints one line per figure and one JSON line.
Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

from dossier import pipeline  # noqa: E402
from dossier.errors import SeedError  # noqa: E402
from dossier.link.curation import load as load_curation  # noqa: E402
from dossier.link.people import link_people  # noqa: E402
from dossier.link.statements import group, occurrences  # noqa: E402
from dossier.publish.cache import read_and_extract  # noqa: E402


def best_cpu(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        fn()
        best = min(best, time.process_time() - c0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=synth.DEFAULT_SHARED)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--curation", type=Path, help="a dossier.yml to apply (default: none)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seeds", type=Path, help="a folder of seeds instead of the corpus")
    ap.add_argument("--cache", type=Path, help="a .dossier-cache whose extractions to use (same code)")
    args = ap.parse_args(argv)
    paths = sorted(args.seeds.glob("*.txt")) if args.seeds else synth.source_paths(args.shared, args.limit)
    if not paths:
        print(f"skipped: no articles under {args.seeds or synth.corpus_dir(args.shared)}")
        return 0
    read = [r for r in read_and_extract(paths, args.cache) if not isinstance(r, SeedError)]
    articles = [a for a, _ex in read]
    extractions = {a.id: ex for a, ex in read}
    cur = load_curation(args.curation) if args.curation else None
    first = pipeline.run_pipeline(articles, cur, extractions, [])
    entries = first.new_entries

    def cold() -> None:
        pipeline.run_pipeline(articles, cur, extractions, [])

    def rebuild() -> None:
        pipeline.run_pipeline(articles, cur, extractions, entries)

    ordered = sorted(articles, key=lambda a: a.id)
    roster = link_people(ordered, extractions, cur)
    occs = [o for a in ordered for o in occurrences(a, roster.extractions[a.id], roster.person_of)]

    def grouping() -> None:
        group([replace(o) for o in occs])  # fresh copies: an occurrence caches its 4-grams

    figures = {
        "cold_cpu_s": best_cpu(args.repeat, cold),
        "rebuild_cpu_s": best_cpu(args.repeat, rebuild),
        "group_cpu_s": best_cpu(args.repeat, grouping),
    }
    print(f"articles {len(articles)}, quotes {len(first.quotes)}, people {len(first.people)}")
    for k, v in figures.items():
        print(f"{k:<16}{v:8.3f}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(json.dumps({"articles": len(articles), **{k: round(v, 3) for k, v in figures.items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
