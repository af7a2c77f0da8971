#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages, the virtualenv, every check.
# Servers the tests need (aiosmtpd, Dovecot, loopback HTTP, headless Chromium) are started
# by the tests themselves from what this script installs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive: Dovecot (IMAP peer), Chromium (web UI) and PostgreSQL
# (the shared-service engine). The tests start their own cluster in a temp folder on a free
# port; a system cluster the package may create is never used.
APT_PACKAGES=(dovecot-imapd chromium postgresql)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # A package's start-up script may fail where no init system runs (PostgreSQL tries to
    # start its system cluster); the binaries the tests use are installed all the same,
    # and the tests say clearly if one is missing.
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || echo "test: apt-get reported a problem installing ${missing[*]}; going on" >&2
  else
    echo "test: missing Debian packages ${missing[*]} (run as root to install them)" >&2
  fi
fi

scripts/bootstrap.sh dev
V=.venv/bin

PY_DIRS=(src tests scripts)
[ -d benchmarks ] && PY_DIRS+=(benchmarks)
echo "== ruff";          $V/ruff check "${PY_DIRS[@]}"
                         $V/ruff format --check "${PY_DIRS[@]}"
echo "== mypy --strict"; $V/mypy
echo "== import-linter"; $V/lint-imports
echo "== architecture";  $V/python scripts/check_architecture.py
echo "== docs";          $V/python scripts/gen_cli_docs.py --check
                         $V/python scripts/gen_lint_docs.py --check
echo "== pytest"
set +e
$V/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "test: no tests ran; that is a failure" >&2
  exit 1
fi
exit "$status"
