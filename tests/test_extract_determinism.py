"""Extraction gives the same records, confidences included, in every process: nothing may depend
on the order a set is iterated in, which changes with the hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "polnear-dev" / "texts"

DUMP = """
import json, sys
from dossier.extract import extract, quote_record
from dossier.read import read_article
for p in sys.argv[1:]:
    a = read_article(p)
    ex = extract(a)
    for q in ex.quotes:
        print(json.dumps(quote_record(a, ex, q), sort_keys=True))
"""


def _dump(paths: list[Path], seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    cmd = [sys.executable, "-c", DUMP, *map(str, paths)]
    return subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=True).stdout


def _same_in_two_processes(paths: list[Path]) -> None:
    first, second = _dump(paths, "1"), _dump(paths, "2")
    assert first.count("\n") > 10
    assert first == second


def test_seeds_extract_the_same_under_two_hash_seeds() -> None:
    _same_in_two_processes(sorted((ROOT / "seeds").glob("*.txt")))


def test_dev_articles_extract_the_same_under_two_hash_seeds() -> None:
    paths = sorted(DEV.glob("*.txt"))[:30]
    if not paths:
        pytest.skip(f"{DEV} is absent (the shared eval set is not in the repository)")
    _same_in_two_processes(paths)
