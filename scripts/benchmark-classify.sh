#!/usr/bin/env bash
# Classification throughput benchmark: bash scripts/benchmark-classify.sh [MODEL_CARD] [auto|cpu|gpu]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true \
	-cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
	org.medxai.bench.ClassifyBenchmark "${1:-}" "${2:-auto}" 2>&1 | grep -v '^SLF4J'
