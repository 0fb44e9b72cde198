#!/usr/bin/env bash
# Trains MedXAI's default polyp classifier on the shared data, reproducibly, with the plugin's own
# training command (headless), and installs it into src/main/resources (shipped inside the jar).
#   polyp     = ../shared/data/kvasir-seg/images
#   non-polyp = ../shared/data/kvasir-nonpolyp (all four HyperKvasir classes)
# 20% of each class (seed 2026, by SHA-256 of "2026:<file name>") is held out: never trained on,
# evaluated at the end (plain, JPEG q75/q95, lower-left corner masked, border masked).
# The training polyps' masks (kvasir-seg/masks) drive the localisation loss (MASK_WEIGHT, default 1;
# 0 trains without masks); held-out masks are never read.
# Three stages on the same splits, each continuing from the one before:
#   (1) EPOCHS (160) from a random start at 224 x 224, learning rate 0.001;
#   (2) FINETUNE_EPOCHS (80; 0 skips it) at 224 x 224, learning rate FINETUNE_LR (0.0003);
#   (3) LARGE_EPOCHS (60; 0 skips it) at LARGE_SIZE x LARGE_SIZE (288), learning rate FINETUNE_LR.
# Each stage keeps its epoch with the best validation ROC AUC and calibrates its decision.
# INITIAL (a model card) skips stage 1 and continues from that model instead.
# Usage: [EPOCHS=160] [PATIENCE=50] [FINETUNE_EPOCHS=80] [FINETUNE_LR=0.0003] [LARGE_EPOCHS=60] \
#        [LARGE_SIZE=288] [INITIAL=CARD] [WORK=target/polyp-default] [DEST=src/main/resources/...] \
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
work=$(cd "$work" && pwd)
ln -s "$(cd "$data/kvasir-seg/images" && pwd)" "$work/data/polyp"
ln -s "$(cd "$data/kvasir-nonpolyp" && pwd)" "$work/data/non-polyp"
masks=$(cd "$data/kvasir-seg/masks" && pwd)
# run from a private copy of the application, so rebuilding the project meanwhile cannot disturb it
cp -r target/imagej "$work/imagej"
# stage OUTPUT EPOCHS PATIENCE LEARNING_RATE SIZE [INITIAL_CARD]
stage() {
	MEDXAI_JAVA_OPTS="${MEDXAI_JAVA_OPTS:--Xmx12g}" "$work/imagej/medxai-imagej" --headless -batch macros/train_classifier.ijm \
		"training=[$work/data] output=[$1] holdout=0.2 split_seed=2026 seed=42 epochs=$2 patience=$3 size=$5 width=32 name=polyp-default masks=[$masks] mask_weight=${MASK_WEIGHT:-1} lr=$4 initial=[${6:-}]"
}
if [ -n "${INITIAL:-}" ]; then
	model=$(cd "$(dirname "$INITIAL")" && pwd)/$(basename "$INITIAL")
else
	stage "$work/stage1" "${EPOCHS:-160}" "${PATIENCE:-50}" 0.001 224
	model=$work/stage1/model-card.json
fi
finetune=${FINETUNE_EPOCHS:-80}
if [ "$finetune" -gt 0 ]; then
	stage "$work/stage2" "$finetune" "$finetune" "${FINETUNE_LR:-0.0003}" 224 "$model"
	model=$work/stage2/model-card.json
fi
large=${LARGE_EPOCHS:-60}
if [ "$large" -gt 0 ]; then
	stage "$work/stage3" "$large" "$large" "${FINETUNE_LR:-0.0003}" "${LARGE_SIZE:-288}" "$model"
	model=$work/stage3/model-card.json
fi
dest=${DEST:-src/main/resources/org/medxai/models/polyp-default}
rm -rf "$dest" && mkdir -p "$dest"
final=$(dirname "$model")
cp "$final/model-card.json" "$final/polyp-default-0000.params" "$final/heldout.csv" \
	"$final/training-history.csv" "$final/training-curves.png" "$dest/"
# the histories of the stages before the last one
for s in 1 2; do
	if [ -f "$work/stage$s/training-history.csv" ] && [ "$work/stage$s" != "$final" ]; then
		cp "$work/stage$s/training-history.csv" "$dest/training-history-stage$s.csv"
	fi
done
echo "Default polyp model installed in $dest"
