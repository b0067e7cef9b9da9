"""Two builds of the same input are byte-identical whatever the hash seed, locale and file order."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"


def seed_files() -> list[Path]:
    return sorted([*(ROOT / "seeds").glob("*.txt"), *HOSTILE.iterdir()])


def build_in(folder: Path, order: list[Path], hash_seed: str, locale: str) -> dict[str, bytes]:
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    for src in order:  # creation order decides directory order on most file systems
        (seeds / src.name).write_bytes(src.read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    env |= {"PYTHONHASHSEED": hash_seed, "LC_ALL": locale, "LANG": locale}
    run = subprocess.run(
        [sys.executable, "-m", "dossier.cli", "build"], cwd=folder, env=env, capture_output=True, timeout=300
    )
    assert run.returncode == 0, run.stderr.decode()
    docs = folder / "docs"
    out = {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}
    out["../dossier.lock"] = (folder / "dossier.lock").read_bytes()
    return out


def test_builds_are_byte_identical_across_hash_seed_locale_and_order(tmp_path):
    files = seed_files()
    first = build_in(tmp_path / "a", files, "0", "C")
    second = build_in(tmp_path / "b", list(reversed(files)), "12345", "C.UTF-8")
    assert len(first) > 30
    assert first.keys() == second.keys()
    differ = [rel for rel in first if first[rel] != second[rel]]
    assert not differ, differ


def test_rebuilding_in_place_changes_nothing(tmp_path):
    shutil.copytree(HOSTILE, tmp_path / "seeds")
    env = {**os.environ, "PYTHONHASHSEED": "777"}
    cmd = [sys.executable, "-m", "dossier.cli", "build"]
    subprocess.run(cmd, cwd=tmp_path, env=env, check=True, capture_output=True)
    run = subprocess.run(cmd, cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    assert "0 files written, 0 removed" in run.stdout
