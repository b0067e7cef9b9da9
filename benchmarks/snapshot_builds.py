"""Build fixed cases into a folder, or compare two such folders byte for byte: a refactoring's
before/after check of everything a build publishes.

Usage:
  .venv/bin/python benchmarks/snapshot_builds.py save OUT [--curation FILE] [--shared DIR] [--cards]
  .venv/bin/python benchmarks/snapshot_builds.py diff BEFORE AFTER

``save`` builds, each in a fresh temp project (seeds copied, empty cache and docs/), into
OUT/<case>/: ``docs/`` (every generated file), ``dossier.lock`` (the registry after the build)
and ``report.txt`` (the build's summary, warnings and problems, then ``dossier check``'s
curation report). The cases:

  demo   the repository's seeds/ with its dossier.yml and dossier.lock
  rich   the same seeds and lock with ``--curation FILE`` (a curation exercising every kind)
  corpus ../shared/corpus/polnear-train (840 articles), no curation, no lock; skipped when absent

Share cards are drawn for demo and rich; for the corpus only with ``--cards`` (they triple its
CPU and follow from the same quote records the pages show). ``diff`` lists every file that is
only on one side or differs (with a short unified diff of text files) and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

from dossier.link.curate import curation_report  # noqa: E402
from dossier.link.curation import load as load_curation  # noqa: E402
from dossier.model import SiteOptions  # noqa: E402
from dossier.publish.build import build  # noqa: E402

SHOWN_LINES = 40  # of each differing text file


def _build_case(out: Path, seeds: list[Path], curation: Path | None, lock: Path | None, cards: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="dossier-snapshot-"))
    try:
        (work / "seeds").mkdir()
        for p in seeds:
            shutil.copy2(p, work / "seeds" / p.name)
        if curation:
            shutil.copy2(curation, work / "dossier.yml")
        if lock:
            shutil.copy2(lock, work / "dossier.lock")
        result = build(work / "seeds", work / "docs", site=SiteOptions(cards=cards))
        lines = [f"summary: {result.summary}"]
        lines += [f"warning: {w}" for w in result.warnings]
        lines += [f"problem: {p}" for p in result.problems]
        if result.dossier is not None:
            lines += [
                f"check: {c}" for c in curation_report(result.dossier, load_curation(work / "dossier.yml"))
            ]
        out.mkdir(parents=True)
        # Paths inside the temp project differ between runs: shown relative to it.
        (out / "report.txt").write_text("\n".join(lines).replace(str(work), "PROJECT") + "\n", "utf-8")
        shutil.copytree(work / "docs", out / "docs")
        if (work / "dossier.lock").exists():
            shutil.copy2(work / "dossier.lock", out / "dossier.lock")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def save(out: Path, curation: Path | None, shared: Path, cards: bool) -> None:
    demo = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
    _build_case(out / "demo", demo, ROOT / "dossier.yml", ROOT / "dossier.lock", True)
    print("built demo")
    if curation:
        _build_case(out / "rich", demo, curation, ROOT / "dossier.lock", True)
        print("built rich")
    corpus = synth.source_paths(shared, None)
    if corpus:
        _build_case(out / "corpus", corpus, None, None, cards)
        print(f"built corpus ({len(corpus)} articles)")
    else:
        print(f"skipped corpus: no articles under {synth.corpus_dir(shared)}")


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def diff(before: Path, after: Path) -> int:
    a, b = _files(before), _files(after)
    differing = 0
    for rel in sorted(a.keys() | b.keys()):
        if rel not in b or rel not in a:
            print(f"only in {'before' if rel in a else 'after'}: {rel}")
            differing += 1
            continue
        old, new = a[rel].read_bytes(), b[rel].read_bytes()
        if old == new:
            continue
        differing += 1
        print(f"differs: {rel}")
        try:
            lines = difflib.unified_diff(
                old.decode("utf-8").splitlines(),
                new.decode("utf-8").splitlines(),
                "before",
                "after",
                lineterm="",
            )
            for n, line in enumerate(lines):
                if n >= SHOWN_LINES:
                    print("    ...")
                    break
                print(f"    {line[:200]}")
        except UnicodeDecodeError:
            print(f"    binary: {len(old)} -> {len(new)} bytes")
    print(f"{differing} file(s) differ of {len(a.keys() | b.keys())}")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("save", help="build the cases into OUT")
    s.add_argument("out", type=Path)
    s.add_argument("--curation", type=Path, help="a dossier.yml for the 'rich' case")
    s.add_argument("--shared", type=Path, default=synth.DEFAULT_SHARED)
    s.add_argument("--cards", action="store_true", help="draw share cards for the corpus too")
    d = sub.add_parser("diff", help="compare two folders made by save")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "save":
        if args.out.exists():
            ap.error(f"{args.out} exists; give a new folder")
        save(args.out, args.curation, args.shared, args.cards)
        return 0
    return diff(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
