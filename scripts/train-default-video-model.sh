#!/usr/bin/env bash
# Trains MedXAI's default video classifier (B-lines yes/no in lung ultrasound) on the shared COVID-BLUES videos,
# reproducibly, and installs it into src/main/resources (docs/VIDEO-MODELS.md):
#   1. the recipe cross-validated by patient (BLinesEvaluation: 5 folds, each fold's SEEDS models joined into one
#      ensemble card, out-of-fold videos pooled) — these are the figures the card states;
#   2. the same recipe trained on all patients (a fifth of them choose the epochs), SEEDS models joined into one
#      ensemble card with the cross-validated figures and the data's licence (CC BY-NC-ND 4.0: a research artefact);
#   3. installed into DEST only when both finished.
# Recipe: 16 frames per video, 112 x 112, NET per frame (width 16), d = 128, 4 layers x 4 heads, 16 frame-stage
# and up to 60 temporal-stage epochs, training seeds 42, 1042, ...
# Usage: [SEEDS=2] [NET=medxai-resnet-small] [WORK=target/video-default] \
#        [DEST=src/main/resources/org/medxai/models/video-default] bash scripts/train-default-video-model.sh [DATA]
#   DATA = ../shared/data/lung-ultrasound-covid-blues. About 30 min alone on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/lung-ultrasound-covid-blues}
[ -f "$data/severity.csv" ] && [ -d "$data/lus_videos" ] || { echo "no COVID-BLUES data at $data" >&2; exit 2; }
source scripts/java-env.sh
work=${WORK:-target/video-default}
rm -rf "$work" && mkdir -p "$work"
EXPERIMENT_JAVA_OPTS="${EXPERIMENT_JAVA_OPTS:--Xmx6g}" bash scripts/run-experiment.sh BLinesEvaluation "$data" \
	"$work/cv" 5 112 16 16 60 0 0 "${NET:-medxai-resnet-small}" "${SEEDS:-2}" "$work/model" | tee "$work/log.txt"
[ -f "$work/model/model-card.json" ] || { echo "no model was written" >&2; exit 1; }
dest=${DEST:-src/main/resources/org/medxai/models/video-default}
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/model/model-card.json" "$work/model/"*.params "$dest/"
echo "Default video model installed in $dest"
