#!/usr/bin/env bash
# Set up and start the program. Usage: scripts/run.sh [--demo] [--db FILE]
#   --demo       create (once) a data file with 2,000 demo workers and open it
#   --db FILE    open this data file (default: the per-user data folder)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
args=()
demo=0
db=""
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=1 ;;
    --db) db="$2"; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
if [ "$demo" = 1 ]; then
  db=${db:-demo.sqlite}
  [ -f "$db" ] || .venv/bin/union-desk demo --db "$db" --workers 2000
fi
if [ -n "$db" ]; then args+=(--db "$db"); fi
exec .venv/bin/union-desk gui "${args[@]}"
