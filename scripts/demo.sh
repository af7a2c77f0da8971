#!/usr/bin/env bash
# A guided first run: a sample candidate, one interview from examples/debrief.toml,
# and what followup makes of it. Uses its own data folder unless FOLLOWUP_HOME is set.
set -euo pipefail
cd "$(dirname "$0")/.."
export FOLLOWUP_HOME="${FOLLOWUP_HOME:-$PWD/demo-data}"
F=.venv/bin/followup
step() { printf '\n\033[1m$ followup %s\033[0m\n' "$*"; "$F" "$@"; }

echo "Demo data folder: $FOLLOWUP_HOME (delete it to start over)"
rm -f "$FOLLOWUP_HOME/followup.db" "$FOLLOWUP_HOME"/followup.db-*
step init --name "Ada Lovelace" --email ada@example.org --tz Europe/London --country GB \
  --skills "Python, Spark, SQL, Airflow" --signature "Ada Lovelace | +44 20 7946 0000"
step interview add --from examples/debrief.toml
step app list
