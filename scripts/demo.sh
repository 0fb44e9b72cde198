#!/usr/bin/env bash
# Builds MedXAI with its ImageJ 1.x application (target/imagej) and runs the main job headless:
# every bundled test image classified, results in target/demo/classification.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mvn -B -q package -DskipTests
target/imagej/medxai-imagej --headless -batch macros/demo.ijm "images=test-images output=target/demo"
echo "MedXAI demo: results in target/demo/classification.csv"
