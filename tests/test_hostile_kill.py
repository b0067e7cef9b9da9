"""A build killed with SIGKILL at random moments leaves every file old or new, never torn.

Old = the docs/ of a build of seed version A; new = the docs/ of a build of version B (seeds
edited, removed and added). Each round restores docs/ and dossier.lock to A, starts
`dossier build` on B, waits until the write phase has begun (the first file in docs/ is replaced
or deleted, or the manifest written) and kills the process at a random moment within the write phase's measured length.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = 50
ROUNDS = 3
MANIFEST = ".dossier-manifest.json"
TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
HAND_WRITTEN = {"about.md"}


def sentences() -> list[str]:
    """Sentences of the demo seeds (short ones keep extraction fast and the write phase long)."""
    lines = [
        ln.strip() for f in sorted((ROOT / "seeds").glob("*.txt")) for ln in f.read_text("utf-8").splitlines()
    ]
    found = [s for ln in lines if len(ln) > 80 for s in re.split(r"(?<=[.!?]) (?=[A-Z])", ln)]
    return [s for s in found if 30 < len(s) < 260]


def make_seeds(folder: Path, version: str, numbers: range, rng: random.Random) -> None:
    pool = sentences()
    for i in numbers:
        body = " ".join(rng.sample(pool, 2))
        (folder / f"s{i:03d}.txt").write_text(
            f"Synthetic story {i} {version}\n\n{body}\n\n"
            f'Ann Writer{i % 9} said, "Statement {i} of version {version} is mine," on Monday.\n',
            "utf-8",
        )


def snapshot(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def build(project: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "dossier.cli", "build"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(proc: subprocess.Popen) -> None:
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()


def docs_stamp(docs: Path) -> list:
    """Each file's (inode, mtime) in docs/: the write phase begins when the first file listed
    before is replaced (a rename brings another inode), deleted, or the manifest is written."""
    out = []
    for folder, _, names in os.walk(docs):
        for name in sorted(names):
            if TEMP.fullmatch(name):
                continue  # the build's staged files, written while it renders
            try:
                st = os.stat(os.path.join(folder, name))
            except FileNotFoundError:
                continue
            out.append((folder, name, st.st_ino, st.st_mtime_ns))
    return sorted(out)


def wait_for_write_phase(proc: subprocess.Popen, docs: Path, before: list) -> float:
    while docs_stamp(docs) == before and proc.poll() is None:
        time.sleep(0.002)
    return time.monotonic()


def check_torn_state(docs: Path, old: dict[str, bytes], new: dict[str, bytes]) -> tuple[int, int, int]:
    """Every file is old or new; front matter parses; every generated file is in the manifest."""
    state = snapshot(docs)
    manifest = json.loads(state[MANIFEST])["files"]
    temps = n_old = n_new = 0
    for rel, data in state.items():
        name = rel.rsplit("/", 1)[-1]
        if TEMP.fullmatch(name):
            temps += 1  # a dot-file: MkDocs never picks it up; the next build removes it
            continue
        if rel == MANIFEST:
            continue
        assert data in (old.get(rel), new.get(rel)), f"{rel} is neither the old nor the new content"
        n_old += data == old.get(rel) and data != new.get(rel)
        n_new += data == new.get(rel) and data != old.get(rel)
        if rel not in HAND_WRITTEN:
            assert rel in manifest, f"{rel} is generated but not in the manifest"
        if rel.endswith(".md"):
            text = data.decode("utf-8")
            head = text[4:].split("\n---\n", 1)[0] if text.startswith("---\n") else ""
            assert rel in HAND_WRITTEN or isinstance(yaml.safe_load(head), dict), rel
    return n_old, n_new, temps


def test_sigkill_at_random_moments_leaves_old_or_new_files(tmp_path):
    rng = random.Random(6)
    project = tmp_path / "project"
    seeds = project / "seeds"
    seeds.mkdir(parents=True)
    (project / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "about.md", project / "docs" / "about.md")
    curation = b"# curation notes (never written by the build)\n"
    (project / "dossier.yml").write_bytes(curation)
    docs, lock = project / "docs", project / "dossier.lock"

    make_seeds(seeds, "A", range(SEEDS), rng)
    finish(build(project))
    old, old_lock = snapshot(docs), lock.read_bytes()

    # Version B: every kept seed edited, 15 removed, 15 added (pages change, disappear, appear).
    for i in range(15):
        (seeds / f"s{i:03d}.txt").unlink()
    make_seeds(seeds, "B", range(15, SEEDS + 15), rng)

    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    before = docs_stamp(reference / "docs")
    proc = build(reference)
    began = wait_for_write_phase(proc, reference / "docs", before)
    finish(proc)
    write_phase = time.monotonic() - began
    new = snapshot(reference / "docs")
    assert len(set(new) ^ set(old)) > 20 and sum(new[r] != old[r] for r in set(new) & set(old)) > 40

    seen = []
    delay = write_phase  # halved after a kill that came too late, so timing noise can't void the test
    for _ in range(ROUNDS + 3):
        if len(seen) >= ROUNDS and any(n_old and n_new for n_old, n_new, _ in seen):
            break
        shutil.rmtree(docs)
        docs.mkdir()
        for rel, data in old.items():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_bytes(data)
        lock.write_bytes(old_lock)
        proc = build(project)
        wait_for_write_phase(proc, docs, docs_stamp(docs))
        time.sleep(rng.uniform(0, delay))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        seen.append(check_torn_state(docs, old, new))
        if not seen[-1][0]:
            delay /= 2
        assert lock.read_bytes().startswith(old_lock)  # the registry only ever grows
        assert (project / "dossier.yml").read_bytes() == curation
    # At least one kill landed mid-write (some files old, some new), so the check had teeth.
    assert any(n_old and n_new for n_old, n_new, _ in seen), seen

    finish(build(project))
    final = snapshot(docs)
    assert not [rel for rel in final if TEMP.fullmatch(rel.rsplit("/", 1)[-1])]
    assert final == new
    assert (project / "dossier.yml").read_bytes() == curation
    print(f"kill rounds (old files, new files, temp files): {seen}; write phase {write_phase:.1f} s")
