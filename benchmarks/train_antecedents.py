"""Train the antecedent model (who "he", "the nominee" or a shared surname means) on PolNeAR train.

Usage: .venv/bin/python benchmarks/train_antecedents.py [--shared DIR] [--c 1.0] [--write]

Needs the ``train`` extra (scikit-learn). No hand labels: in a train article, a gold quotation whose
annotated source is a person's name says who spoke; the people named in the sentences before that
name (dossier.extract.antecedents.options, the previous gold quotation's named speaker preferred) are
the candidates, the named person the answer. The articles of the hand-resolved name gold
(benchmarks/gold/names-train*.jsonl) are left out, so that gold measures a model that never saw them.
Logistic regression (liblinear, deterministic) over (phrase, candidate) pairs; with --write saved as
dossier/extract/data/antecedents.json (same data -> same bytes). Then run quotes_eval.py on dev and on
train (--cv) for the name accuracy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes_eval import NAME_GOLD  # noqa: E402  (benchmarks/, the script's own folder)

from dossier.extract import antecedents  # noqa: E402
from dossier.extract.pipeline import read_document  # noqa: E402  (the resolver extraction builds)
from dossier.read.article import read_article  # noqa: E402

# A pronoun of the candidate's known gender, or of the other one (the old hand-set salience values).
GENDER = {"g=same": 0.8, "g=other": -5.0}

# The hand-resolved name gold of train (quotes_eval.NAME_GOLD): its articles are left out.
HELD_OUT = [ROOT / "benchmarks" / "gold" / name for name in NAME_GOLD["polnear-train"]]
# "he"/"she" sources of other train articles, resolved by reading: the pronouns' own examples.
PRONOUN_GOLD = ROOT / "benchmarks" / "gold" / "pronouns-train.jsonl"


Group = tuple[list[list[str]], list[int], float]  # candidates' features, labels, weight


def groups_of(path: Path, gold: list[dict], pronouns: dict[int, str], weight: float) -> list[Group]:
    """A group for every gold quotation of one article whose source is a name, and for every one whose
    "he"/"she" was resolved by reading (``pronouns``: source offset -> the person's key)."""
    r = read_document(read_article(path)).resolver
    out = []
    prev = None
    for g in sorted(gold, key=lambda g: g["start"]):
        if g.get("source_start") is None:
            prev = None
            continue
        key = pronouns.get(g["source_start"])
        if key is not None:
            gender = {"he": "m", "she": "f"}[g["source_text"].lower()]
            opts, w = antecedents.options(r, g["source_start"], gender, set(), prefer=prev), weight
        else:
            m = r.mention_at(g["source_start"], g["source_end"])
            p = r.people.get(m.person) if m is not None and m.kind in ("name", "surname") else None
            if p is None or p.kind != "person":
                prev = None  # a pronoun or description: who spoke is not known without the model
                continue
            # A name carries no gender (a pronoun's gender weights are set by hand: GENDER).
            key, opts, w = p.key, antecedents.options(r, m.start, None, set(), prefer=prev), 1.0
        labels = [int(o.key == key) for o in opts]
        if len(opts) > 1 and 1 in labels:
            out.append(([o.features for o in opts], labels, w))
        r.speakers.add(key)
        prev = key
    return out


def fit(groups, c: float) -> antecedents.AntecedentModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [{f: 1 for f in feats} for cands, _l, _w in groups for feats in cands]
    y = [lab for _c, labels, _w in groups for lab in labels]
    sample_weight = [w for cands, _l, w in groups for _f in cands]
    vec = DictVectorizer()
    x = vec.fit_transform(rows).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear takes 32-bit sparse indices only
    x.indptr = x.indptr.astype("int32")
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
    model.fit(x, y, sample_weight=sample_weight)
    names = vec.get_feature_names_out()
    weights = {str(n): float(w) for n, w in zip(names, model.coef_[0], strict=True)} | GENDER
    return antecedents.AntecedentModel(weights, float(model.intercept_[0]))


def top1(model: antecedents.AntecedentModel, groups) -> float:
    ok = 0
    for cands, labels, _w in groups:
        scores = [model.score(f) for f in cands]
        ok += labels[scores.index(max(scores))]
    return ok / max(len(groups), 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--pronoun-weight", type=float, default=1.0, help="weight of a pronoun read by hand")
    ap.add_argument("--write", action="store_true", help="save the model into the package")
    args = ap.parse_args(argv)
    train_dir = Path(args.shared) / "eval" / "polnear-train"
    if not (train_dir / "gold.jsonl").exists():
        print(f"skipped: no gold under {train_dir} (the shared eval folder is absent)")
        return 0
    held = {
        json.loads(line)["article"]
        for path in HELD_OUT
        for line in path.read_text(encoding="utf-8").splitlines()
        if line
    }
    gold: dict[str, list[dict]] = {}
    for line in (train_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold.setdefault(g["article"], []).append(g)
    pronouns: dict[str, dict[int, str]] = {}
    for line in PRONOUN_GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            pronouns.setdefault(r["article"], {})[r["source_start"]] = r["speaker_name"]
    texts = [p for p in sorted((train_dir / "texts").glob("*.txt")) if p.stem not in held]
    groups = [
        grp
        for p in texts
        for grp in groups_of(p, gold.get(p.stem, []), pronouns.get(p.stem, {}), args.pronoun_weight)
    ]
    print(f"{len(texts)} articles, {len(groups)} sources with candidates before them")
    half = len(groups) // 2
    a, b = fit(groups[:half], args.c), fit(groups[half:], args.c)
    print(
        f"C={args.c}: top-1 on the other half {50 * (top1(a, groups[half:]) + top1(b, groups[:half])):.1f}%"
    )
    model = fit(groups, args.c)
    print(
        f"all: top-1 in sample {100 * top1(model, groups):.1f}%; nearest-first {100 * nearest(groups):.1f}%"
    )
    if args.write:
        path = ROOT / "dossier" / "extract" / "data" / antecedents.MODEL_FILE
        path.write_text(model.to_json(), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


def nearest(groups) -> float:
    """The baseline: the most recently named candidate."""
    return sum(labels[0] for _c, labels, _w in groups) / max(len(groups), 1)


if __name__ == "__main__":
    sys.exit(main())
