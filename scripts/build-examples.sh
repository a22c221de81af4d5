#!/usr/bin/env bash
# Set up, then build every example department under data/examples/ into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/disclosure build data/examples --out output
