#!/usr/bin/env bash
# CAM segmentation quality on held-out Kvasir-SEG polyps:
#   bash scripts/evaluate-cam-segmentation.sh [SHARED_DATA_DIR] [MODEL_CARD] [METHODS e.g. gradcam,layercam] [LIMIT]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true \
	-cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
	org.medxai.cam.CamSegmentationEvaluation "${1:-../shared/data}" "${2:-}" "${3:-}" ${4:-} 2>&1 | grep -v '^SLF4J'
