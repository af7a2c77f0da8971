#!/usr/bin/env bash
# A guided first run: a sample candidate left an interview on the last weekday afternoon, and followup
# says when to write, to whom and what, then checks the note. Uses its own data folder
# (./demo-data) unless FOLLOWUP_HOME is set; nothing is sent anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
export FOLLOWUP_HOME="${FOLLOWUP_HOME:-$PWD/demo-data}"
F=.venv/bin/followup
step() { printf '\n\033[1m$ followup %s\033[0m\n' "$*"; "$F" "$@"; }

echo "Demo data folder: $FOLLOWUP_HOME (delete it to start over)"
mkdir -p "$FOLLOWUP_HOME"
rm -f "$FOLLOWUP_HOME/followup.db" "$FOLLOWUP_HOME"/followup.db-*

# The shipped example debrief, moved to the last weekday afternoon in the company's zone
# (14:00-15:00 in New York): realistic times, whatever the hour the demo runs.
debrief="$FOLLOWUP_HOME/debrief.toml"
read -r start end decision < <(.venv/bin/python - <<'PY'
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

now = datetime.now(ZoneInfo("America/New_York"))
day = now.date() if now.time() >= time(16) else now.date() - timedelta(days=1)
while day.weekday() >= 5:
    day -= timedelta(days=1)
print(f"{day}T14:00:00 {day}T15:00:00 {day + timedelta(days=9)}")
PY
)
sed -e "s/^start = .*/start = $start/" -e "s/^end = .*/end = $end/" \
    -e "s/^decision_by = .*/decision_by = $decision/" examples/debrief.toml > "$debrief"

step init --name "Ada Lovelace" --email ada@example.org --tz Europe/London --country GB \
  --skills "Python, Spark, SQL, Airflow" --signature "Ada Lovelace | +44 20 7946 0000"
step interview add --from "$debrief"
step agenda
read -r first at < <("$F" agenda --json | .venv/bin/python -c \
  'import json,sys; d=json.load(sys.stdin)[0]; print(d["id"], d["recommended"])')
step draft "$first"
"$F" draft "$first" --json | .venv/bin/python -c \
  'import json,sys; d=json.load(sys.stdin); print("Subject: " + d["subject"]); print(d["body"])' \
  > "$FOLLOWUP_HOME/note.txt"
# Checked as sent at the recommended time: the hour the demo runs does not decide.
step lint "$FOLLOWUP_HOME/note.txt" --followup "$first" --sent-at "$at"
printf '\nA hasty note of your own, checked the same way:\n'
printf 'Subject: Hi\n\nHey Grace!! Just following up again, I really need this job. Thx!\n' \
  > "$FOLLOWUP_HOME/hasty.txt"
step lint "$FOLLOWUP_HOME/hasty.txt" --followup "$first" --sent-at "$at" || true
printf '\nNext: `followup send %s --via eml` writes it as an .eml file; `followup serve` opens the web app.\n' "$first"
