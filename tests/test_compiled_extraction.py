"""The mypyc build of dossier/extract (scripts/compile_extract.py) extracts exactly what the pure-Python
modules do, on the seeds and the eval sets; and it is used only while it matches the sources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.extract import native

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEXTS = [
    ROOT / "seeds",
    SHARED / "eval" / "polnear-dev" / "texts",
    SHARED / "corpus" / "polnear-train",
]

# Every field of every Extraction (people, mentions, quotes, confidences), one line per article; the
# first line says whether the compiled modules were the ones imported.
DUMP = """
import dataclasses, json, sys
import dossier.extract as E
from dossier.extract import extract, mentions
from dossier.read import read_article
print(E.COMPILED, mentions.__spec__.origin.endswith(".so"))
for p in sys.argv[1:]:
    print(json.dumps(dataclasses.asdict(extract(read_article(p))), sort_keys=True, default=repr))
"""


def _dump(paths: list[Path], pure: bool) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "DOSSIER_PURE"}
    if pure:
        env["DOSSIER_PURE"] = "1"
    cmd = [sys.executable, "-c", DUMP, *map(str, paths)]
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=900)
    return out.stdout.splitlines()


def _current_build() -> bool:
    stamp = native.BUILD / native.DIGEST_FILE
    return stamp.is_file() and stamp.read_text(encoding="ascii").strip() == native.sources_digest()


@pytest.mark.parametrize("texts", TEXTS, ids=lambda p: p.name)
def test_compiled_and_pure_extractions_are_identical(texts: Path) -> None:
    if not _current_build():
        pytest.skip(f"no current compiled build in {native.BUILD} (scripts/compile_extract.py makes one)")
    paths = sorted(texts.glob("*.txt"))
    if not paths:
        pytest.skip(f"{texts} is absent (the shared eval sets are not in the repository)")
    compiled, pure = _dump(paths, pure=False), _dump(paths, pure=True)
    assert compiled[0] == "True True" and pure[0] == "False False"
    assert len(compiled) == len(paths) + 1
    differing = [p.name for p, a, b in zip(paths, compiled[1:], pure[1:], strict=True) if a != b]
    assert differing == [], f"{len(differing)} of {len(paths)} articles extract differently compiled"


def test_a_build_from_other_sources_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build records the digest of its sources; the package uses it only while they are unchanged."""
    build = tmp_path / "dossier-compiled"
    (build / "dossier" / "extract").mkdir(parents=True)
    monkeypatch.setattr(native, "BUILD", build)
    monkeypatch.delenv("DOSSIER_PURE", raising=False)
    path = ["src"]
    assert native.use_compiled(path) is False and path == ["src"]  # no digest: no build
    (build / native.DIGEST_FILE).write_text("0" * 64 + "\n", encoding="ascii")
    assert native.use_compiled(path) is False and path == ["src"]  # built from other sources
    (build / native.DIGEST_FILE).write_text(native.sources_digest() + "\n", encoding="ascii")
    monkeypatch.setenv("DOSSIER_PURE", "1")
    assert native.use_compiled(path) is False and path == ["src"]  # pure Python asked for
    monkeypatch.delenv("DOSSIER_PURE")
    assert native.use_compiled(path) is True and path == [str(build / "dossier" / "extract"), "src"]


def test_an_edit_to_any_compiled_module_or_the_model_changes_the_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "dossier"
    (copy / "extract").mkdir(parents=True)
    for p in native.PACKAGE.glob("*.py"):
        (copy / "extract" / p.name).write_bytes(p.read_bytes())
    (copy / "model.py").write_bytes((native.PACKAGE.parent / "model.py").read_bytes())
    monkeypatch.setattr(native, "PACKAGE", copy / "extract")
    assert native.sources_digest() == (original := native_digest_of_repository())
    for edited in [copy / "extract" / "sources.py", copy / "extract" / "pipeline.py", copy / "model.py"]:
        before = edited.read_bytes()
        edited.write_bytes(before + b"# an edit\n")
        assert native.sources_digest() != original, edited.name
        edited.write_bytes(before)
    assert native.sources_digest() == original
    (copy / "extract" / "__init__.py").write_bytes(b"# the switch itself is not compiled\n")
    assert native.sources_digest() == original


def native_digest_of_repository() -> str:
    return subprocess.run(
        [sys.executable, "-c", "from dossier.extract import native; print(native.sources_digest())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
