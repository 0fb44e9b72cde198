#!/usr/bin/env bash
# Regenerates test-images/ (synthetic images, masks and the demo model) from the committed generator.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
rm -rf test-images/masks test-images/demo-model test-images/*.png test-images/*.tif
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true \
	-cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
	org.medxai.fixtures.GenerateTestImages test-images
