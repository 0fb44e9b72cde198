#!/usr/bin/env bash
# Trains MedXAI's default polyp classifier on the shared data, reproducibly, with the plugin's own
# training command (headless), and installs it into src/main/resources (shipped inside the jar).
#   polyp     = ../shared/data/kvasir-seg/images
#   non-polyp = ../shared/data/kvasir-nonpolyp (all four HyperKvasir classes)
# 20% of each class (seed 2026, by SHA-256 of "2026:<file name>") is held out: never trained on,
# evaluated at the end (plain, JPEG q75/q95, lower-left corner masked).
# The training polyps' masks (kvasir-seg/masks) drive the localisation loss (MASK_WEIGHT, default 1;
# 0 trains without masks); held-out masks are never read.
# Usage: [EPOCHS=160] [PATIENCE=50] [WORK=target/polyp-default] [DEST=src/main/resources/...] \
#        bash scripts/train-default-polyp-model.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
shift || true
source scripts/java-env.sh
[ -d "$data/kvasir-seg/images" ] && [ -d "$data/kvasir-nonpolyp" ] || { echo "no shared data at $data" >&2; exit 2; }
mvn -B -q package -DskipTests
work=${WORK:-target/polyp-default}
rm -rf "$work" && mkdir -p "$work/data"
ln -s "$(cd "$data/kvasir-seg/images" && pwd)" "$work/data/polyp"
ln -s "$(cd "$data/kvasir-nonpolyp" && pwd)" "$work/data/non-polyp"
# run from a private copy of the application, so rebuilding the project meanwhile cannot disturb it
cp -r target/imagej "$work/imagej"
MEDXAI_JAVA_OPTS="${MEDXAI_JAVA_OPTS:--Xmx12g}" "$work/imagej/medxai-imagej" --headless -batch macros/train_classifier.ijm \
	"training=[$work/data] output=[$work/model] holdout=0.2 split_seed=2026 seed=42 epochs=${EPOCHS:-160} patience=${PATIENCE:-50} size=224 width=32 name=polyp-default masks=[$(cd "$data/kvasir-seg/masks" && pwd)] mask_weight=${MASK_WEIGHT:-1} $*"
dest=${DEST:-src/main/resources/org/medxai/models/polyp-default}
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/model/model-card.json" "$work/model/polyp-default-0000.params" "$work/model/heldout.csv" \
	"$work/model/training-history.csv" "$work/model/training-curves.png" "$dest/"
echo "Default polyp model installed in $dest"
