"""The compiled copy of this package, used only when it was built from exactly the sources beside it.

``scripts/setup.sh`` compiles the extraction modules with mypyc (``scripts/compile_extract.py``) into
the virtual environment, never into the source tree: an extension module next to its ``.py`` would be
imported instead of it, so an edit would be silently shadowed by a stale build. Here the build is
put in front of the package's ``__path__`` only when the digest it records equals the digest of the
sources now (these modules and the ``dossier.model`` they read); otherwise, or with ``DOSSIER_PURE=1``
in the environment, the pure-Python modules run, which give the same results, more slowly.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Not compiled: this switch and the package's __init__, which runs it before any other module loads.
NOT_COMPILED = frozenset({"__init__.py", "native.py"})
BUILD = Path(sys.prefix) / "dossier-compiled"
DIGEST_FILE = "SOURCES.sha256"


def compiled_sources() -> list[Path]:
    """The modules mypyc compiles, in a fixed order."""
    return sorted(p for p in PACKAGE.glob("*.py") if p.name not in NOT_COMPILED)


def sources_digest() -> str:
    """One digest of every source a compiled build depends on: a change to any of them makes it stale."""
    h = hashlib.sha256()
    for path in [*compiled_sources(), PACKAGE.parent / "model.py"]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def use_compiled(package_path: list[str]) -> bool:
    """Put the compiled modules before the sources on package_path when they are current."""
    if os.environ.get("DOSSIER_PURE") or __name__ != "dossier.extract.native":
        return False  # asked for, or a copy of the package under another name (benchmarks/extract_ab.py)
    try:
        recorded = (BUILD / DIGEST_FILE).read_text(encoding="ascii").strip()
    except OSError:
        return False  # no build (pure-Python install, no compiler, or a fresh venv)
    if recorded != sources_digest():
        return False
    package_path.insert(0, str(BUILD / "dossier" / "extract"))
    return True
