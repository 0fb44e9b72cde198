#!/usr/bin/env bash
# Classification throughput benchmark: bash scripts/benchmark-classify.sh [MODEL_CARD] [auto|cpu|gpu]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-main.sh
run_test_main org.medxai.bench.ClassifyBenchmark "${1:-}" "${2:-auto}"
