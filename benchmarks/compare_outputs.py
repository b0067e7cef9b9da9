"""Compare two generated trees (docs/ folders, or whole project copies) byte for byte.

Usage: .venv/bin/python benchmarks/compare_outputs.py BEFORE AFTER [--ignore GLOB ...] [--show N]

Prints "identical: N files" and exits 0 when both trees hold the same files with the same bytes;
otherwise lists the files only in one tree and, for each differing file, its first differing line
(number, then both versions, cut to 200 characters; binary files: the first differing byte) and
exits 1. ``--ignore`` leaves out paths matching a glob (relative to the tree: ``.dossier-cache/*``).
Made to check that a refactoring changes no output: build the same seeds with the old and the
new code into two folders, then compare them.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

CUT = 200


def tree(root: Path, ignore: list[str]) -> dict[str, Path]:
    """Relative posix path -> file, for every file under root not matched by an ignore glob."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not any(fnmatch.fnmatch(rel, g) for g in ignore):
            out[rel] = path
    return out


def first_difference(a: bytes, b: bytes) -> str:
    """Where two different files first differ: a line (text) or a byte offset (binary)."""
    try:
        lines_a, lines_b = a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        return f"binary, first differing byte {at} (sizes {len(a)} / {len(b)})"
    for n, (x, y) in enumerate(zip(lines_a, lines_b, strict=False), 1):
        if x != y:
            return f"line {n}:\n    - {x[:CUT]!r}\n    + {y[:CUT]!r}"
    n = min(len(lines_a), len(lines_b)) + 1
    if len(lines_a) != len(lines_b):
        longer = lines_a if len(lines_a) > len(lines_b) else lines_b
        sign = "-" if longer is lines_a else "+"
        return f"line {n}: only in one\n    {sign} {longer[n - 1][:CUT]!r}"
    return "the same lines, different line endings or final newline"


def compare(before: Path, after: Path, ignore: list[str]) -> tuple[int, list[str], list[str], list[str]]:
    """(files compared, only in before, only in after, differing) for two trees."""
    a, b = tree(before, ignore), tree(after, ignore)
    differing = [rel for rel in sorted(a.keys() & b.keys()) if a[rel].read_bytes() != b[rel].read_bytes()]
    return len(a.keys() & b.keys()), sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys()), differing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--ignore", action="append", default=[], help="glob of paths to leave out (repeatable)")
    ap.add_argument("--show", type=int, default=20, help="differing files shown in detail (default 20)")
    args = ap.parse_args(argv)
    for root in (args.before, args.after):
        if not root.is_dir():
            print(f"error: {root} is not a folder", file=sys.stderr)
            return 2
    count, gone, new, differing = compare(args.before, args.after, args.ignore)
    if not (gone or new or differing):
        print(f"identical: {count} files")
        return 0
    for rel in gone:
        print(f"only in {args.before}: {rel}")
    for rel in new:
        print(f"only in {args.after}: {rel}")
    for rel in differing[: args.show]:
        before, after = (args.before / rel).read_bytes(), (args.after / rel).read_bytes()
        print(f"differs: {rel}: {first_difference(before, after)}")
    if len(differing) > args.show:
        print(f"... and {len(differing) - args.show} more differing files")
    print(f"{len(differing)} differing, {len(gone)} only before, {len(new)} only after, of {count} in both")
    return 1


if __name__ == "__main__":
    sys.exit(main())
