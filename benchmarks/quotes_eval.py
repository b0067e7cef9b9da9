"""Score the extractor on the PolNeAR dev gold set (../shared/eval).

Usage: .venv/bin/python benchmarks/quotes_eval.py [--shared DIR] [--split polnear-dev] [--out FILE] [--json]

Runs read + extract over SHARED/eval/SPLIT/texts/*.txt, writes one JSONL record
per quote and runs the shared evaluator on it. Exits 0 with a message when the
shared folder is absent (it is never copied into the repository).
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
from dossier.read import read_article  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared", default=str(ROOT.parent / "shared"), help="the shared folder (default: ../shared)"
    )
    ap.add_argument("--split", default="polnear-dev")
    ap.add_argument("--out", help="write the system JSONL here (default: a temporary file)")
    ap.add_argument("--json", action="store_true", help="also print the evaluator's JSON line")
    args = ap.parse_args(argv)
    eval_dir = Path(args.shared) / "eval"
    gold = eval_dir / args.split
    texts = sorted((gold / "texts").glob("*.txt"))
    if not texts or not (eval_dir / "evaluate_quotes.py").exists():
        print(f"skipped: no gold texts under {gold} (the shared eval folder is absent)")
        return 0
    out = Path(args.out) if args.out else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for path in texts:
            article = read_article(path)
            ex = extract(article)
            for q in ex.quotes:
                fh.write(json.dumps(quote_record(article, ex, q), ensure_ascii=False) + "\n")
                n += 1
    print(f"{len(texts)} articles, {n} quotes -> {out}")
    cmd = [sys.executable, str(eval_dir / "evaluate_quotes.py"), str(gold), str(out)]
    if args.json:
        cmd.append("--json")
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
