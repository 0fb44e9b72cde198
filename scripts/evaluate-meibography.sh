#!/usr/bin/env bash
# Held-out evaluation of the meibography pipeline (eyelid IoU, gland Dice, ratio RMSD, meiboscore accuracy,
# seconds per image); fits the grading on the other 80 % and writes it to GRADING_OUT.
# Usage: bash scripts/evaluate-meibography.sh [DATA_DIR=../shared/data/mgd1k] [MODEL_CARD] [GRADING_OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-main.sh
run_test_main org.medxai.meibo.MeibographyEvaluation "${1:-../shared/data/mgd1k}" \
	"${2:-src/main/resources/org/medxai/models/meibography-default/model-card.json}" "${3:-}"
