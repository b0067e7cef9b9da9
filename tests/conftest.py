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


@pytest.fixture
def warm_settled(monkeypatch: pytest.MonkeyPatch):
    """Rebuilds in this process keep the build before's state, as under `mkdocs serve`, and seeds
    written a moment ago count as settled (so a warm rebuild reads them without waiting)."""
    from dossier import pipeline
    from dossier.publish.cache import WarmSeeds

    monkeypatch.setattr(WarmSeeds, "RACY_NS", 0)
    pipeline.keep_warm()
    yield
    pipeline.keep_warm(False)


@pytest.fixture(autouse=True)
def one_shot_after_each_test():
    """Each test leaves the process as a one-shot build finds it: a test that starts the plugin
    under "serve" (which keeps builds warm) would otherwise have the next tests' builds write the
    export in parts only, as a live preview does."""
    yield
    from dossier import pipeline
    from dossier.publish import incremental

    if incremental.KEEP_WARM:
        pipeline.keep_warm(False)
