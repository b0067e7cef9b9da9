"""Time the quote-id registry (``registry.assign``) on the real corpus, with many ids retired.

Usage: .venv/bin/python benchmarks/registry_bench.py [--shared DIR] [--limit N] [--removed F] [--repeat N]

Links the articles of ../shared/corpus/polnear-train (or the first --limit of them), registers
every quote as a first build would, then drops a share (--removed, default 0.1) of the
articles and an edit (the first word of one quote in every twentieth article), and times the
id assignment of the rebuild: exact matches, the edit rule, redirects, retired ids and each
retired id's closest statement. Process CPU time (steady on a shared machine); the best of
--repeat passes. Prints a small table, then one JSON line. Exits 0 with a message when the
shared corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.link import registry  # noqa: E402
from dossier.link.matching import words  # noqa: E402
from dossier.pipeline import run_pipeline  # noqa: E402
from dossier.read.article import read_article, read_text  # noqa: E402


def best_of(repeat: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--limit", type=int, default=0, help="use the first N articles (0: all)")
    ap.add_argument("--removed", type=float, default=0.1, help="share of the articles dropped")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    corpus = Path(args.shared) / "corpus" / "polnear-train"
    paths = sorted(corpus.glob("*.txt"))[: args.limit or None]
    if not paths:
        print(f"registry_bench: no corpus at {corpus}; nothing measured")
        return 0
    articles = [read_article(p) for p in paths]
    first = run_pipeline(articles, None)
    entries = first.new_entries  # what a first build registers
    step = max(1, round(1 / args.removed)) if args.removed else 0
    kept = [a for i, a in enumerate(articles) if not step or i % step]
    edited = []
    for i, a in enumerate(kept):
        if i % 20 == 0 and (q := next(iter(first.occurrences_in(a.id)), None)):
            occ = q[1]
            raw = a.raw[: occ.start] + "Well " + a.raw[occ.start :]
            a = read_text(raw, a.id, a.path)
        edited.append(a)
    second = run_pipeline(edited, None)
    statements = [registry.Statement(q.speaker, words(q.text), q.id) for q in second.quotes]
    seconds, out = best_of(args.repeat, lambda: registry.assign(statements, entries))
    report = {
        "articles": len(articles),
        "quotes_registered": len(entries),
        "quotes_after": len(second.quotes),
        "retired": len(out.retired),
        "with_closest": len(out.closest),
        "redirects": len(out.redirects),
        "new_ids": len(out.new_entries),
        "assign_cpu_s": round(seconds, 3),
    }
    for k, v in report.items():
        print(f"{k:>18}  {v}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
