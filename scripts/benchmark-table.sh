#!/usr/bin/env bash
# A large table through the whole SHAP analysis with the command's defaults (time per stage, peak heap):
# bash scripts/benchmark-table.sh [ROWS=100000] [TREES=500] [FOLDS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-main.sh
run_test_main org.medxai.bench.TableBenchmark "${1:-100000}" "${2:-500}" "${3:-5}"
