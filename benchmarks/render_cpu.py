"""CPU seconds of rendering every page of the 840-article corpus, by page kind, in this process.

Usage: .venv/bin/python benchmarks/render_cpu.py [--shared DIR] [--limit N] [--repeat 3]

Reads, extracts and links ../shared/corpus/polnear-train once (seeds copied to a temp folder,
extraction cache there), then renders every job of the site (``dossier.write.site_jobs``, share
cards left out: they are images, not templates) on one core, ``--repeat`` times after one
warm-up pass, and prints the best CPU time per job kind and in all, then one JSON line.
A build renders on both cores (``write.run_jobs``) with the garbage collector off; timing one
core here, also with it off, keeps worker start-up and the machine's other load out of the figure. Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

from dossier.model import SiteOptions  # noqa: E402
from dossier.pipeline import load_articles, run_pipeline  # noqa: E402
from dossier.write import article_slugs, render_job, render_site, site_jobs  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=synth.DEFAULT_SHARED)
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    paths = synth.corpus_or_skip(args.shared, args.limit)
    if not paths:
        return 0
    work = Path(tempfile.mkdtemp(prefix="dossier-render-cpu-"))
    try:
        seeds = synth.copy_seeds(paths, work / "seeds")
        articles, extractions, _, _ = load_articles(seeds, cache_root=work / ".cache")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    d = run_pipeline(articles, None, extractions)
    d.site = SiteOptions(cards=False)
    gc.disable()  # as a build renders (dossier.pipeline): collections would time the heap, not the pages
    render_site(d, workers=1)  # warm-up: templates compiled, look-ups and caches built
    slugs = article_slugs(d)
    by_kind: dict[str, list] = defaultdict(list)
    for job in site_jobs(d):
        by_kind[job[0]].append(job)
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for kind, jobs in by_kind.items():
            c0 = time.process_time()
            for job in jobs:
                render_job(d, slugs, job)
            spent = time.process_time() - c0
            best[kind] = min(best.get(kind, spent), spent)
    total = sum(best.values())
    print(f"{'kind':<10}{'jobs':>8}{'CPU s':>10}")
    for kind, jobs in by_kind.items():
        print(f"{kind:<10}{len(jobs):>8}{best[kind]:>10.3f}")
    print(f"{'all':<10}{sum(map(len, by_kind.values())):>8}{total:>10.3f}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    print(
        json.dumps(
            {
                "articles": len(paths),
                "cpu_s": round(total, 3),
                "by_kind": {k: round(v, 3) for k, v in best.items()},
                "load": load,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
