from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the demo project (seeds, hand-written docs, mkdocs.yml) in a temp folder."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "about.md", tmp_path / "docs" / "about.md")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")  # its theme.custom_dir
    return tmp_path
