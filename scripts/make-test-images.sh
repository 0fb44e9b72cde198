#!/usr/bin/env bash
# Regenerates test-images/ (synthetic images, masks and the demo model) from the committed generator.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf test-images/masks test-images/demo-model test-images/*.png test-images/*.tif test-images/meibography test-images/meibography-demo-model
source scripts/test-main.sh
run_test_main org.medxai.fixtures.GenerateTestImages test-images
run_test_main org.medxai.fixtures.MeibographyDemoTrainer test-images
