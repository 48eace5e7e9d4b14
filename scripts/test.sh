#!/usr/bin/env bash
# Set up and run the linter, the type check and the whole test suite (offscreen; no display needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check desktop db tests scripts build
.venv/bin/ruff format --check desktop db tests scripts build
# Types over desktop/ and db/, no baseline: any error fails (~25 s cold, ~2 s with .mypy_cache).
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
