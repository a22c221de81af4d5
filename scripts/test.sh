#!/usr/bin/env bash
# Set up, then lint and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check generator tests bench scripts
.venv/bin/python -m pytest "$@"
