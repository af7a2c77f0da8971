#!/usr/bin/env bash
# Make a virtualenv with followup installed. Uses Debian's patched python3 when present
# (its email package carries the CVE-2024-6923 and CVE-2023-27043 fixes; see reliability.md §1.5).
#   scripts/bootstrap.sh          runtime only
#   scripts/bootstrap.sh dev      plus everything the tests, linters and benchmarks need
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
VENV="${FOLLOWUP_VENV:-.venv}"

if [ ! -x "$VENV/bin/python" ]; then
  PY=""
  for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c 'import sys, venv, ensurepip; assert sys.version_info >= (3, 11)' 2>/dev/null; then
      PY="$candidate"; break
    fi
  done
  if [ -z "$PY" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
      PY=/usr/bin/python3
    else
      echo "bootstrap: need Python >= 3.11 with venv (Debian: apt-get install python3-venv)" >&2
      exit 1
    fi
  fi
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
if [ "$extra" = "dev" ]; then
  "$VENV/bin/python" -m pip install -q -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
else
  "$VENV/bin/python" -m pip install -q -e . 2>&1 | grep -v "^WARNING: Location" || true
fi
"$VENV/bin/python" -c "import followup" || { echo "bootstrap: install failed" >&2; exit 1; }
