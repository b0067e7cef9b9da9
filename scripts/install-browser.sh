#!/usr/bin/env bash
# Install Debian's Chromium for the end-to-end tests (tests/e2e), when it is missing.
# The tests drive it with Playwright for Python; Playwright's own browser download
# (`playwright install`) is never used. If Chromium can't be installed (no apt-get, not
# root, no network) this says so and exits 0: the browser tests then skip with a message.
set -uo pipefail
CHROMIUM="${DOSSIER_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install Chromium yourself to run the browser tests" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-browser: not root; run 'apt-get install chromium' as root to run the browser tests" >&2
    exit 0
  fi
fi
echo "install-browser: installing chromium with apt-get (once)" >&2
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium; } >&2; then
  echo "install-browser: apt-get could not install chromium; the browser tests will skip" >&2
fi
exit 0
