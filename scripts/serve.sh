#!/usr/bin/env bash
# Set up (first run only), build the demo dossier from seeds/ and serve it at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/dossier serve "$@"
