"""Score the extractor on the PolNeAR gold (../shared/eval): quotes, speakers and the names a reader sees.

Usage: .venv/bin/python benchmarks/quotes_eval.py [--shared DIR] [--split polnear-dev] [--out FILE] [--json]
       .venv/bin/python benchmarks/quotes_eval.py --split polnear-train --cv [--folds 5] [--c 1.0]
           [--fold-models DIR]

Runs read + extract over SHARED/eval/SPLIT/texts/*.txt, writes one JSONL record per quote (the
``dossier quotes --jsonl`` format) and scores it with the shared ``evaluate_quotes.py``. Then the
**name accuracy**: the share of gold quotes whose shown speaker names the right individual, scored by
the shared ``score_names.py`` against the names we resolved by reading (``benchmarks/gold/names-*.jsonl``:
names and offsets only; the source text the scorer wants is joined from the shared gold here).

For the train split the shipped ranker was trained on those very articles: its cross-validated figures
come from ``benchmarks/train_ranker.py``; ``--cv`` here runs that cross-validation (train extra; the
shipped model's C) and scores its output: every train article extracted by a model that never saw it.
``--fold-models DIR`` keeps the five fold models, or, run again after a change, extracts with them
instead of retraining: that change's own effect, without the coin tosses a retrain moves.
Exits 0 with a message when the shared folder is absent (it is never copied into the repository).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.extract import extract, quote_record  # noqa: E402
from dossier.read.article import read_article  # noqa: E402

NAME_GOLD = {
    "polnear-dev": ["names-dev.jsonl"],
    "polnear-train": [
        "names-train30.jsonl",
        "names-train30b.jsonl",
        "names-train30c.jsonl",
        "names-train25d.jsonl",
        "names-train20r.jsonl",
    ],
}


def write_system(texts: list[Path], out: Path, ranker=None) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for path in texts:
            article = read_article(path)
            ex = extract(article, ranker=ranker)
            for q in ex.quotes:
                fh.write(json.dumps(quote_record(article, ex, q), ensure_ascii=False) + "\n")
                n += 1
    return n


def name_gold(split_dir: Path, split: str, out: Path, files: list[str] | None = None) -> int:
    """Our resolved names joined with the shared gold's source text (the scorer reads it for 'unnamed');
    ``files`` picks some of the split's gold files (default: all)."""
    source = {}
    for line in (split_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            source[g["id"]] = g.get("source_text")
    rows = []
    for name in NAME_GOLD.get(split, []) if files is None else files:
        for line in (ROOT / "benchmarks" / "gold" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                r["source_text"] = source.get(r["id"])
                rows.append(r)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def score_names(eval_dir: Path, split: str, system: Path, files: list[str] | None = None) -> dict | None:
    gold = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    if not name_gold(eval_dir / split, split, gold, files) or not (eval_dir / "score_names.py").exists():
        return None
    cmd = [sys.executable, str(eval_dir / "score_names.py"), str(gold), str(system)]
    return json.loads(
        subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    )


def print_per_file(eval_dir: Path, split: str, system: Path) -> None:
    """Each gold file on its own: the random samples and the hard one (names-train25d) differ by design."""
    files = NAME_GOLD.get(split, [])
    if len(files) < 2:
        return
    print(f"  {'gold file':22} {'quotes':>6} {'matched':>7} {'correct':>7} {'of matched':>10} {'of all':>7}")
    for name in files:
        v = score_names(eval_dir, split, system, [name])
        if v is None:
            continue
        print(
            f"  {name.removesuffix('.jsonl'):22} {v['gold']:6} {v['matched']:7} {v['correct']:7} "
            f"{v['name_accuracy_matched'] * 100:9.1f}% {v['name_accuracy_all'] * 100:6.1f}%"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared", default=str(ROOT.parent / "shared"), help="the shared folder (default: ../shared)"
    )
    ap.add_argument("--split", default="polnear-dev")
    ap.add_argument("--out", help="write the system JSONL here (default: a temporary file)")
    ap.add_argument("--system", help="score this system JSONL instead of running the extractor")
    ap.add_argument("--json", action="store_true", help="also print the evaluator's JSON line")
    ap.add_argument("--cv", action="store_true", help="train split: score cross-validated output")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.3, help="--cv: the regularisation (the shipped model's)")
    ap.add_argument(
        "--fold-models",
        help="--cv: keep each fold's model in this folder, or extract with the ones it holds (no retrain)",
    )
    args = ap.parse_args(argv)
    eval_dir = Path(args.shared) / "eval"
    gold = eval_dir / args.split
    texts = sorted((gold / "texts").glob("*.txt"))
    if not texts or not (eval_dir / "evaluate_quotes.py").exists():
        print(f"skipped: no gold texts under {gold} (the shared eval folder is absent)")
        return 0
    if args.system:
        out = Path(args.system)
    else:
        out = Path(args.out) if args.out else Path(tempfile.mkstemp(suffix=".jsonl")[1])
        if args.cv:
            from train_ranker import collect, cross_validated, load_gold  # the train extra

            models = Path(args.fold_models) if args.fold_models else None
            frozen = models is not None and all(
                (models / f"fold{k}.json").exists() for k in range(args.folds)
            )
            groups = [] if frozen else collect(texts, load_gold(gold))
            cross_validated(texts, groups, args.folds, args.c, out, models)
            n = len(out.read_text(encoding="utf-8").splitlines())
        else:
            n = write_system(texts, out)
        print(f"{len(texts)} articles, {n} quotes -> {out}")
    cmd = [sys.executable, str(eval_dir / "evaluate_quotes.py"), str(gold), str(out)]
    if args.json:
        cmd.append("--json")
    rc = subprocess.call(cmd)
    names = score_names(eval_dir, args.split, out)
    if names is not None:
        print(
            f"\nname accuracy (the speaker name a quote page shows; gold resolved by reading, "
            f"{names['gold']} quotes): {names['name_accuracy_matched'] * 100:.1f}% of matched quotes, "
            f"{names['name_accuracy_all'] * 100:.1f}% of all"
        )
        for kind, v in sorted(names["by_kind"].items()):
            print(f"  {kind:13} {v['correct']}/{v['matched']} matched ({v['gold']} gold)")
        print_per_file(eval_dir, args.split, out)
        if args.json:
            print(json.dumps({"names": names}))
    return rc


if __name__ == "__main__":
    sys.exit(main())
