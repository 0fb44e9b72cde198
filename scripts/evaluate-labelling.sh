#!/usr/bin/env bash
# Semi-supervised labelling on the shared data (100 labelled per class): bash scripts/evaluate-labelling.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-main.sh
TEST_MAIN_OPTS=${LABEL_EVAL_OPTS:-} run_test_main org.medxai.polyp.LabellingEvaluation "${1:-../shared/data}"
