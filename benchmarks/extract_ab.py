"""Is this change faster? extract() of two versions of the code in one process, on the same articles.

Usage: .venv/bin/python benchmarks/extract_ab.py REF [OTHER] [--rounds N] [--chunk N] [--limit N] [--shared DIR]
       [--compiled]

REF (and OTHER, by default the working tree) are git revisions; each one's ``dossier`` package is
unpacked into a temporary folder under its own name, so both are imported side by side. Both then
extract the same articles (../shared/corpus/polnear-train, read once), alternating on chunks of
``--chunk`` articles, the order swapped every chunk and round; each chunk keeps its fastest of
``--rounds`` CPU times. On a machine shared with other work this is steadier than two separate runs
of extract_speed.py: load changes hit both versions alike. Also says whether the two extractions are
identical (every Extraction field, compared before timing). Prints a table, then one JSON line.
--compiled compiles each copy's ``extract`` modules with mypyc first (as scripts/compile_extract.py
does, in place: the copies are scratch), so two compiled builds are compared in one process: about a
minute of CPU per version. Exits 0 with a message when the shared corpus is absent.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# An import of the package by its own name would reach the working tree's copy, not this version's.
_BY_NAME = re.compile(rb"^\s*(?:from|import)\s+dossier\b", re.M)


def unpack(rev: str | None, into: Path, name: str) -> None:
    """The ``dossier`` package of git revision rev (None: the working tree) as package ``name`` under into.
    Its modules import each other relatively, so the copy never reaches the other version's code."""
    dest = into / name
    if rev is None:
        files = {}
        for p in (ROOT / "dossier").rglob("*"):
            rel = p.relative_to(ROOT / "dossier")
            if p.is_file() and "__pycache__" not in rel.parts:
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                files[str(rel)] = p.read_bytes()
                (dest / rel).write_bytes(files[str(rel)])
    else:
        blob = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "dossier"], capture_output=True, check=True
        ).stdout
        files = {}
        with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
            for m in tar.getmembers():
                if m.isfile():
                    rel = Path(m.name).relative_to("dossier")
                    (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                    data = tar.extractfile(m).read()
                    (dest / rel).write_bytes(data)
                    files[str(rel)] = data
    absolute = [f for f, d in files.items() if f.endswith(".py") and _BY_NAME.search(d)]
    if absolute:
        raise SystemExit(f"{rev or 'working tree'}: {absolute[0]} imports dossier by name; cannot compare")


# Run in a child process (setuptools and mypyc change the process's state): compile package NAME's
# extract modules in place, with the repository's mypy settings, as scripts/compile_extract.py does.
_COMPILE = """
import sys
from pathlib import Path
from mypyc.build import mypycify
from setuptools import setup
name, config = sys.argv[1], sys.argv[2]
paths = [str(p) for p in sorted(Path(name, "extract").glob("*.py")) if p.name not in ("__init__.py", "native.py")]
ext = mypycify(["--config-file", config, *paths], opt_level="3", group_name=name + ".extract.compiled")
setup(name=name, ext_modules=ext, script_args=["build_ext", "--inplace"])
"""


def compile_copy(into: Path, name: str) -> None:
    """mypyc's build of package ``name``'s extract modules under into, beside their sources."""
    cmd = [sys.executable, "-c", _COMPILE, name, str(ROOT / "pyproject.toml")]
    done = subprocess.run(cmd, cwd=into, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"compiling {name} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def serialise(extraction) -> str:
    return json.dumps(dataclasses.asdict(extraction), sort_keys=True, default=repr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ref", help="git revision timed as A")
    ap.add_argument("other", nargs="?", help="git revision timed as B (default: the working tree)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds; each chunk keeps its fastest")
    ap.add_argument("--chunk", type=int, default=20, help="articles per alternation")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--compiled", action="store_true", help="compile both copies with mypyc first")
    args = ap.parse_args(argv)
    corpus = Path(args.shared) / "corpus" / "polnear-train"
    paths = sorted(corpus.glob("*.txt"))[: args.limit or None]
    if not paths:
        print(f"skipped: no articles under {corpus} (the shared corpus is absent)")
        return 0
    with tempfile.TemporaryDirectory(prefix="extract_ab-") as tmp:
        unpack(args.ref, Path(tmp), "dossier_a")
        unpack(args.other, Path(tmp), "dossier_b")
        if args.compiled:
            for pkg in ("dossier_a", "dossier_b"):
                compile_copy(Path(tmp), pkg)
        sys.path.insert(0, tmp)
        versions = {}
        for v, pkg in (("A", "dossier_a"), ("B", "dossier_b")):
            # One-off loads (name list, place names) before timing, as extract_speed.py does.
            importlib.import_module(pkg + ".extract.mentions").first_name_gender("John")
            importlib.import_module(pkg + ".extract.places").is_place("Des Moines")
            versions[v] = importlib.import_module(pkg + ".extract").extract
            compiled = importlib.import_module(pkg + ".extract.mentions").__spec__.origin.endswith(".so")
            if compiled != args.compiled:
                raise SystemExit(f"{pkg}: compiled modules {'not ' if args.compiled else ''}imported")
        read_article = importlib.import_module("dossier_a.read.article").read_article
        articles = [read_article(p) for p in paths]
        # The first pass of each also warms its caches; their outputs are compared.
        same = all(serialise(versions["A"](a)) == serialise(versions["B"](a)) for a in articles)
        chunks = [articles[i : i + args.chunk] for i in range(0, len(articles), args.chunk)]
        best = {v: [float("inf")] * len(chunks) for v in versions}
        for r in range(max(1, args.rounds)):
            for i, chunk in enumerate(chunks):
                for v in "AB" if (i + r) % 2 == 0 else "BA":
                    extract = versions[v]
                    t = time.process_time()
                    for a in chunk:
                        extract(a)
                    best[v][i] = min(best[v][i], time.process_time() - t)
    seconds = {v: sum(best[v]) for v in versions}
    rate = {v: len(articles) / max(seconds[v], 1e-9) for v in versions}
    gain = 100 * (seconds["A"] / max(seconds["B"], 1e-9) - 1)
    load = os.getloadavg()[0]
    rows = [
        ("A", f"{args.ref}"),
        ("B", f"{args.other or 'working tree'}"),
        ("articles", f"{len(articles)} in chunks of {args.chunk}, best of {args.rounds}"),
        ("A articles/s (CPU)", f"{rate['A']:,.1f}"),
        ("B articles/s (CPU)", f"{rate['B']:,.1f}"),
        ("B faster by", f"{gain:+.1f}%"),
        ("identical extractions", "yes" if same else "NO"),
        ("compiled (mypyc)", "yes" if args.compiled else "no"),
        ("load average (1 min)", f"{load:.1f}"),
    ]
    for k, v in rows:
        print(f"{k:<24}{v:>30}")
    print(
        json.dumps(
            {
                "a": args.ref,
                "b": args.other or "working tree",
                "articles": len(articles),
                "a_articles_per_s": round(rate["A"], 1),
                "b_articles_per_s": round(rate["B"], 1),
                "gain_percent": round(gain, 2),
                "identical": same,
                "compiled": args.compiled,
                "load": round(load, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
