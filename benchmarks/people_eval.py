"""Score the person pages of a dossier built from gold-annotated PolNeAR articles.

Usage: .venv/bin/python benchmarks/people_eval.py [--gold benchmarks/gold/people-train30.json]
       [--shared DIR] [--keep DIR]

Copies the gold's articles (found under SHARED/eval/polnear-train/texts or polnear-dev/texts)
into a temporary seeds/ folder, runs a full ``dossier build`` into a temporary docs/, then runs
SHARED/eval/score_people.py on the gold and the built data/people.json. The site names an
article by its seed's file stem, which is the gold's article key, so no mapping is needed.
Prints precision, recall, split and merged counts with samples, then the scorer's JSON line. Exits 0 with a message when
the shared folder is absent (it is never copied into the repository).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.publish.build import build  # noqa: E402

SPLITS = ("polnear-train", "polnear-dev")


def find_texts(eval_dir: Path, stems: list[str]) -> tuple[list[Path], list[str]]:
    """The text file of each article stem, and the stems found in no split."""
    found, missing = [], []
    for stem in stems:
        path = next((p for s in SPLITS if (p := eval_dir / s / "texts" / f"{stem}.txt").exists()), None)
        if path is None:
            missing.append(stem)
        else:
            found.append(path)
    return found, missing


def score(gold: Path, texts: list[Path], eval_dir: Path, work: Path) -> dict:
    seeds, docs = work / "seeds", work / "docs"
    seeds.mkdir(parents=True)
    for p in texts:
        shutil.copyfile(p, seeds / p.name)
    result = build(seeds, docs, cache=False)
    for line in result.problems:
        print(f"problem: {line}", file=sys.stderr)
    out = subprocess.run(
        [sys.executable, str(eval_dir / "score_people.py"), str(gold), str(docs / "data" / "people.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def scorer_floor(gold: Path, eval_dir: Path, work: Path) -> dict:
    """The gold's own people scored as a system: the scorer drops suffixes and one-letter initials, so
    "George W. Bush" / "George H.W. Bush" and "X Jr." / "X III" count as split and merged even then."""
    data = json.loads(gold.read_text(encoding="utf-8"))
    people = [
        {"name": p["name"], "aliases": p.get("variants", []), "articles": p["articles"]}
        for p in data["people"]
    ]
    path = work / "gold-as-system.json"
    path.write_text(json.dumps(people), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(eval_dir / "score_people.py"), str(gold), str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT / "benchmarks" / "gold" / "people-train30.json"))
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="default: ../shared")
    ap.add_argument("--keep", help="build into this new folder (it must not exist) and keep it")
    args = ap.parse_args(argv)
    eval_dir = Path(args.shared) / "eval"
    if not (eval_dir / "score_people.py").exists():
        print(f"skipped: no {eval_dir / 'score_people.py'} (the shared eval folder is absent)")
        return 0
    gold = Path(args.gold)
    stems = sorted(json.loads(gold.read_text(encoding="utf-8"))["articles"])
    texts, missing = find_texts(eval_dir, stems)
    if missing:
        print(f"skipped: {len(missing)} gold articles have no text under {eval_dir}: {missing[:3]}")
        return 0
    if args.keep and Path(args.keep).exists():
        print(f"people_eval: --keep {args.keep}: the folder exists; give a new one", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        res = score(gold, texts, eval_dir, Path(args.keep) if args.keep else Path(tmp) / "site")
        floor = scorer_floor(gold, eval_dir, Path(tmp))
    print(
        f"{gold.name}: {len(texts)} articles, {res['system_people']} person pages, {res['gold_pairs']} gold pairs"
    )
    print(
        f"  precision {res['precision']:.3f}   recall {res['recall']:.3f}   split {res['split']}   merged {res['merged']}"
    )
    print(
        f"  (the gold itself scores split {floor['split']}, merged {floor['merged']}: name pairs the scorer cannot tell apart)"
    )
    print(f"  not people: {', '.join(res['junk_sample']) or '-'}")
    for name, pages in res["split_sample"].items():
        print(f"  split: {name} -> {' | '.join(sorted(set(pages)))}")
    for page, golds in res["merged_sample"]:
        print(f"  merged: {page} = {' + '.join(golds)}")
    print(json.dumps({**res, "gold": gold.name, "scorer_floor": {k: floor[k] for k in ("split", "merged")}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
