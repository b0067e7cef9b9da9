#!/usr/bin/env bash
# Set up (first run only) and run every check: lint, format, and the whole test suite
# (including the end-to-end tests in a headless Chromium, tests/e2e).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/install-browser.sh   # Debian's Chromium for tests/e2e (skipped there if it can't be had)
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check dossier tests benchmarks
.venv/bin/ruff format --check dossier tests benchmarks
# dossier/extract must stay type-clean: mypyc compiles it only so, and its annotations must be true
.venv/bin/mypy dossier/extract
exec .venv/bin/python -m pytest "$@"
