#!/usr/bin/env bash
# Semi-supervised labelling on the shared data (100 labelled per class): bash scripts/evaluate-labelling.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true ${LABEL_EVAL_OPTS:-} \
	-cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
	org.medxai.polyp.LabellingEvaluation "${1:-../shared/data}" 2>&1 | grep -v '^SLF4J'
