"""CPU seconds of link + curation + quote-id registry on the real corpus, without a profiler.

Usage: .venv/bin/python benchmarks/link_bench.py [--shared DIR] [--limit N] [--curation FILE] [--repeat 3]
                                                 [--seeds DIR [--cache DIR]]
       .venv/bin/python benchmarks/link_bench.py --warm-edit PROJECT [--rounds 4] [--curation FILE]

Reads and extracts ../shared/corpus/polnear-train once, then times, best
of ``--repeat``, the stage between extraction and writing: ``pipeline.run_pipeline`` (the link
stage, with the curation and the quote-id registry as input), against an empty registry and
against the registry the first run made (a rebuild), and the statement grouping alone
(``statements.group``, the part that grows fastest with the dossier). ``--seeds`` takes any folder
of seeds instead (a synthetic 10k from synth.py), ``--cache`` a build's .dossier-cache to take
its extractions from. Prints one line per figure and one JSON line.

``--warm-edit PROJECT`` (a project whose .dossier-cache holds its seeds' extractions, e.g. a
synthetic 10k built once) times instead the link of one-seed edits as a long-lived process
(``mkdocs serve``) makes them: ``relink`` from the previous call's memory, build_bench's sentence
toggled on and off the middle seed, with what changed (``Dossier.changed``, ``changed_tables``); then checks the last one against
``link`` from scratch. One JSON line per edit.
Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
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


def warm_edits(project: Path, rounds: int, cur) -> None:
    """CPU seconds of each warm relink of a one-seed edit (see the module's docstring)."""
    from build_bench import EDIT

    from dossier.link.linker import link, relink
    from dossier.pipeline import load_articles

    gc.disable()  # as pipeline.build_site does: the collector's passes are a third of a relink
    seeds, cache_root = project / "seeds", project / ".dossier-cache"
    target = sorted(p for p in seeds.iterdir() if p.is_file())[len(list(seeds.iterdir())) // 2]
    original = target.read_text("utf-8")

    def cpu(fn):
        c0 = time.process_time()
        got = fn()
        return got, round(time.process_time() - c0, 3)

    try:
        (articles, extractions, _p, _w), t = cpu(lambda: load_articles(seeds, None, cache_root, True))
        (d, mem), t_first = cpu(lambda: relink(None, articles, extractions, cur))
        entries = list(d.new_entries)  # the registry grows as dossier.lock does
        print(json.dumps({"articles": len(articles), "read_cpu_s": t, "first_relink_cpu_s": t_first}))
        for n in range(rounds):
            target.write_text(original + EDIT if n % 2 == 0 else original, "utf-8")
            (articles, extractions, _p, _w), t_read = cpu(
                lambda: load_articles(seeds, None, cache_root, True)
            )
            (d, mem), t = cpu(
                lambda m=mem, a=articles, e=extractions, r=list(entries): relink(m, a, e, cur, r)
            )
            registered = len(entries)
            entries += d.new_entries
            row = {"edit": n, "read_cpu_s": t_read, "relink_cpu_s": t, "regrouped": mem.regrouped}
            row["changed"] = None if mem.changes is None else len(mem.changes.records)
            row["load"] = round(os.getloadavg()[0], 1)
            print(json.dumps(row), flush=True)
        same = link(articles, extractions, cur, entries[:registered]) == d
        print(json.dumps({"same_as_link_from_scratch": same}))
    finally:
        target.write_text(original, "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=synth.DEFAULT_SHARED)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--curation", type=Path, help="a dossier.yml to apply (default: none)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seeds", type=Path, help="a folder of seeds instead of the corpus")
    ap.add_argument("--cache", type=Path, help="a .dossier-cache whose extractions to use (same code)")
    ap.add_argument("--warm-edit", type=Path, metavar="PROJECT", help="time warm one-seed edits' links")
    ap.add_argument("--rounds", type=int, default=4, help="edits for --warm-edit (default 4)")
    args = ap.parse_args(argv)
    if args.warm_edit:
        warm_edits(args.warm_edit, args.rounds, load_curation(args.curation) if args.curation else None)
        return 0
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
        group(occs)

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
