"""List the quotes whose shown speaker name is wrong, with the words around them, to read by class.

Usage: .venv/bin/python benchmarks/name_errors.py SYSTEM.jsonl [--split polnear-train] [--shared DIR]
       [--kind organisation] [--summary]

SYSTEM.jsonl is ``quotes_eval.py --out`` (train: with ``--cv``, so every quote comes from a model that
never saw its article). Matching and correctness follow the shared ``score_names.py``: a gold quote
goes to the system quote overlapping it most; a name is right when the last name (and a first name,
when both give one) agrees, an organisation on a shared significant word. Each error prints the gold
name and kind, the name shown, the source mention the ranker chose and the narration before the quote.
Read train errors to make rules; dev errors are for counting only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quotes_eval import NAME_GOLD  # noqa: E402

# The shared scorer's rules (score_names.py), restated: it is a script, not importable.
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "president", "secretary", "the"}
_TITLES |= {"gen", "lt", "col", "rev", "sir", "judge", "justice", "mayor"}
_SUFFIX = {"jr", "sr", "ii", "iii", "iv"}
_ORG_STOP = {"the", "of", "and", "for", "a", "an", "news", "campaign", "office", "department", "committee"}
_ORG_STOP |= {"national", "us", "u", "s", "new"}


def _toks(name: str | None) -> list[str]:
    t = [w for w in re.split(r"[^a-z0-9']+", (name or "").lower().replace("’", "'")) if w]
    t = [w[:-2] if w.endswith("'s") else w for w in t]
    return [w for w in t if w not in _TITLES and w not in _SUFFIX and len(w) > 1]


def _same_person(a: str, b: str) -> bool:
    ta, tb = _toks(a), _toks(b)
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    return len(ta) < 2 or len(tb) < 2 or ta[0] == tb[0]


def _same_org(a: str, b: str) -> bool:
    sa = {w for w in _toks(a) if w not in _ORG_STOP and len(w) > 2}
    sb = {w for w in _toks(b) if w not in _ORG_STOP and len(w) > 2}
    return bool(sa & sb) or _same_person(a, b)


def correct(g: dict, speaker: str | None) -> bool:
    if g["kind"] == "unnamed":
        return not speaker or bool(set(_toks(speaker)) & set(_toks(g.get("source_text"))))
    if not speaker:
        return False
    test = _same_org if g["kind"] == "organisation" else _same_person
    names = [g["speaker_name"], *(g.get("alt_names") or [])]
    return any(n and (test(n, speaker) or _same_person(n, speaker)) for n in names)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("system")
    ap.add_argument("--split", default="polnear-train")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--kind", help="only gold quotes of this kind (person, organisation, unnamed)")
    ap.add_argument("--summary", action="store_true", help="counts only")
    args = ap.parse_args(argv)
    split_dir = Path(args.shared) / "eval" / args.split
    if not (split_dir / "gold.jsonl").exists():
        print(f"skipped: {split_dir} is absent")
        return 0
    source = {g["id"]: g for g in _jsonl(split_dir / "gold.jsonl")}
    system: dict[str, list[dict]] = {}
    for r in _jsonl(Path(args.system)):
        system.setdefault(r["article"], []).append(r)
    counts: Counter = Counter()
    for name in NAME_GOLD.get(args.split, []):
        for g in _jsonl(ROOT / "benchmarks" / "gold" / name):
            sg = source.get(g["id"], {})
            g["source_text"] = sg.get("source_text")
            overlaps = [
                (min(g["end"], s["end"]) - max(g["start"], s["start"]), s)
                for s in system.get(g["article"], [])
            ]
            overlaps = [o for o in overlaps if o[0] > 0]
            if not overlaps or (args.kind and g["kind"] != args.kind):
                continue
            s = max(overlaps, key=lambda o: o[0])[1]
            if correct(g, s.get("speaker")):
                counts[g["kind"], "right"] += 1
                continue
            counts[g["kind"], "wrong"] += 1
            if args.summary:
                continue
            raw = (split_dir / "texts" / f"{g['article']}.txt").read_text(encoding="utf-8")
            chosen = raw[s["source_start"] : s["source_end"]] if s.get("source_start") is not None else None
            lead = " ".join(raw[max(0, g["start"] - 220) : g["start"]].split())
            tail = " ".join(raw[g["end"] : g["end"] + 100].split())
            print(
                f"## {g['id']}  gold {g['kind']}: {g['speaker_name']!r}  (gold source {g['source_text']!r})"
            )
            print(f"   shown {s.get('speaker_kind')}: {s.get('speaker')!r}  chosen mention {chosen!r}")
            print(f"   …{lead} ⟦quote⟧ {tail}…\n")
    for kind in sorted({k for k, _ in counts}):
        print(f"{kind:13} wrong {counts[kind, 'wrong']:4}  right {counts[kind, 'right']:4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
