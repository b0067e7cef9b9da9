#!/usr/bin/env bash
# Refresh constraints.txt: the exact versions of every package dossier and its tests install,
# resolved afresh in a throwaway virtual environment. scripts/setup.sh (and so CI) installs
# with these constraints, so a new release upstream cannot break an install until the lock is
# refreshed and the tests pass with it. Run with the Python the project targets (3.11).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check ".[test]"
{
  echo "# Exact versions dossier and its tests are installed with (scripts/setup.sh: pip install -c)."
  echo "# Made by scripts/lock.sh with $("$tmp/venv/bin/python" --version); run it again to refresh."
  "$tmp/venv/bin/python" -m pip freeze --disable-pip-version-check --exclude dossier | LC_ALL=C sort -f
} > constraints.txt.new
mv constraints.txt.new constraints.txt
echo "lock: wrote constraints.txt ($(grep -vc '^#' constraints.txt) packages)"
