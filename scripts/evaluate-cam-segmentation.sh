#!/usr/bin/env bash
# CAM segmentation quality on held-out Kvasir-SEG polyps:
#   bash scripts/evaluate-cam-segmentation.sh [SHARED_DATA_DIR] [MODEL_CARD] [METHODS e.g. gradcam,layercam] [LIMIT]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-main.sh
run_test_main org.medxai.cam.CamSegmentationEvaluation "${1:-../shared/data}" "${2:-}" "${3:-}" ${4:-}
