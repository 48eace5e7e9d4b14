#!/usr/bin/env bash
# Set up and run the whole test suite (offscreen; no display needed), then the linter.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check desktop db tests scripts
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
