#!/usr/bin/env bash
# Trains MedXAI's default meibography segmenter on the shared MGD-1K subset, reproducibly, with the
# plugin's own training command (headless). 20% of the images (seed 2026, by SHA-256 of "2026:<name>")
# are held out: never trained on; MeibographyEvaluation (run at the end through scripts/run-experiment.sh)
# evaluates on them and writes grading.json.
# MORE=DIR adds a further folder of lids (e.g. ../shared/data/mgd1k-extra, MGD-1K at half resolution) and
# SPLIT=stratified splits by meiboscore and lid side; the evaluation then uses the same folders and split.
# INITIAL=CARD continues from a saved segmenter (e.g. the best checkpoint of a stopped run).
# Usage: [EPOCHS=45] [PATIENCE=15] [WIDTH=384] [HEIGHT=192] [NETWORK=16] [RATIO_WEIGHT=0] [MORE=DIR] [SPLIT=hash] [INITIAL=CARD] \
#        [WORK=target/meibography-default] [DEST=src/main/resources/org/medxai/models/meibography-default] \
#        bash scripts/train-default-meibography-model.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
source scripts/java-env.sh
[ -d "$data/mgd1k/images" ] || { echo "no MGD-1K data at $data/mgd1k" >&2; exit 2; }
mvn -B -q package -DskipTests
work=${WORK:-target/meibography-default}
rm -rf "$work" && mkdir -p "$work"
# run from a private copy of the application, so rebuilding the project meanwhile cannot disturb it
cp -r target/imagej "$work/imagej"
MEDXAI_JAVA_OPTS="${MEDXAI_JAVA_OPTS:--Xmx8g}" "$work/imagej/medxai-imagej" --headless -batch macros/train_meibography.ijm \
	"data=[$(cd "$data/mgd1k" && pwd)] output=[$work/model] holdout=0.2 split_seed=2026 seed=2026 epochs=${EPOCHS:-45} patience=${PATIENCE:-15} width=${WIDTH:-384} height=${HEIGHT:-192} network=${NETWORK:-16} ratio_weight=${RATIO_WEIGHT:-0} name=meibography-default more=[${MORE:+$(cd "$MORE" && pwd)}] split=${SPLIT:-hash} initial=[${INITIAL:-}]"
dest=${DEST:-src/main/resources/org/medxai/models/meibography-default}
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/model/model-card.json" "$work/model/meibography-default-0000.params" "$work/model/training-history.csv" "$dest/"
# the grading (healthy fractions, meiboscore model) and the gland threshold, fitted without the held-out images;
# the same run prints the held-out evaluation
MEIBO_SPLIT=${SPLIT:-hash} bash scripts/run-experiment.sh MeibographyEvaluation "$data/mgd1k${MORE:+;$(cd "$MORE" && pwd)}" \
	"$dest/model-card.json" "$dest/grading.json"
echo "Default meibography model installed in $dest"
