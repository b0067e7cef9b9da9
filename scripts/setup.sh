#!/usr/bin/env bash
# Create .venv (once) and install dossier into it with the given extras, at the exact versions
# in constraints.txt (refresh them with scripts/lock.sh).
# Usage: scripts/setup.sh [EXTRAS]   e.g. scripts/setup.sh test  (the compile extra is always installed)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-${1:-base}"
# Reinstall only when the project's dependencies or their pinned versions changed since the last install.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[compile${1:+,$1}]"
  touch "$stamp"
fi
# Extraction compiled with mypyc into .venv/dossier-compiled, once per change of its sources (the package
# uses the build only while it matches them: dossier/extract/native.py). Without a C compiler, or with
# DOSSIER_PURE=1, extraction runs as pure Python: the same results, about a fifth slower.
if [ -z "${DOSSIER_PURE:-}" ]; then
  .venv/bin/python scripts/compile_extract.py || true
fi
