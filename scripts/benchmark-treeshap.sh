#!/usr/bin/env bash
# Exact TreeSHAP speed against Smile's shap(): bash scripts/benchmark-treeshap.sh [ROWS=1000] [TREES=500]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-main.sh
run_test_main org.medxai.bench.TreeShapBenchmark "${1:-1000}" "${2:-500}"
