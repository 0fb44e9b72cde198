#!/usr/bin/env bash
# Trains the default polyp classifier by k-fold cross-validation (docs/POLYP.md) and installs it:
#   1. network k (k = 1..FOLDS, default 4) trained on the other folds of the images not held out and validated on
#      fold k: scripts/train-default-polyp-model.sh with FOLD=k (SEEDS, LARGE_EPOCHS and the other options of that
#      script pass through; defaults here: SEEDS=2028 LARGE_EPOCHS=30), in WORK/fold<k>; resumable like that script;
#      FOLD_CARDS="CARD1 CARD2 ..." uses networks trained before instead (one per fold, in fold order);
#   2. KFoldPolypSelection: each image not held out scored by the network that never trained on it, the common decision
#      shift chosen on those out-of-fold logits, the mean of the networks installed in WORK/selected with the held-out
#      report (the held-out images are read here for the first time);
#   3. the CAM rule: every rule of the grid on the out-of-fold Grad-CAM maps of the polyps not held out
#      (cam-rule-out-of-fold.txt); the best by mean Dice is printed (the plugin's default is
#      commands.SegmentationDefaults); then the ensemble's masks on the held-out polyps (cam-segmentation.txt);
#   4. WORK/selected installed into DEST.
# Usage: [FOLDS=4] [FOLD_CARDS="CARD ..."] [SEEDS=2028] [LARGE_EPOCHS=30] [WORK=target/polyp-kfold] \
#        [DEST=src/main/resources/org/medxai/models/polyp-default] bash scripts/train-kfold-polyp-model.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
source scripts/java-env.sh
[ -d "$data/kvasir-seg/images" ] && [ -d "$data/kvasir-nonpolyp" ] || { echo "no shared data at $data" >&2; exit 2; }
folds=${FOLDS:-4}
work=${WORK:-target/polyp-kfold}
mkdir -p "$work"
work=$(cd "$work" && pwd)
cards=(${FOLD_CARDS:-})
if [ "${#cards[@]}" -eq 0 ]; then
	seed=${SEEDS:-2028}
	for k in $(seq 1 "$folds"); do
		FOLD=$k FOLDS=$folds SEEDS=$seed LARGE_EPOCHS=${LARGE_EPOCHS:-30} WORK=$work/fold$k \
			bash scripts/train-default-polyp-model.sh "$data"
		if [ "${LARGE_EPOCHS:-30}" -gt 0 ]; then cards+=("$work/fold$k/seed$seed/stage3/model-card.json")
		else cards+=("$work/fold$k/seed$seed/stage1/model-card.json"); fi
	done
fi
[ "${#cards[@]}" -eq "$folds" ] || { echo "FOLD_CARDS: $folds cards needed, ${#cards[@]} given" >&2; exit 2; }
selected=$work/selected
rm -rf "$selected"
# the record names files relative to the project and carries no terminal colour codes
bash scripts/run-experiment.sh KFoldPolypSelection "$data" "$selected" "${cards[@]}" \
	| sed -e "s|$PWD/||g" -e 's/\x1b\[[0-9;]*m//g' | tee "$work/selection.txt"
cp "$work/selection.txt" "$selected/selection.txt"
for k in $(seq 1 "$folds"); do
	for history in "$(dirname "${cards[$((k - 1))]}")"/../*/training-history.csv; do
		if [ -f "$history" ]; then
			cp "$history" "$selected/training-history-fold$k-$(basename "$(dirname "$history")").csv"
		fi
	done
done
joined=$(IFS=';'; echo "${cards[*]}")
CAM_EVAL_SET=folds bash scripts/run-experiment.sh CamSegmentationEvaluation "$data" "$joined" gradcam \
	| tee "$selected/cam-rule-out-of-fold.txt"
echo "CAM rule chosen out of fold (highest mean Dice): $(tail -n +2 "$selected/cam-rule-out-of-fold.txt" \
	| sort -t, -k4,4gr -s | head -1)"
bash scripts/run-experiment.sh CamSegmentationEvaluation "$data" "$selected/model-card.json" gradcam \
	| tee "$selected/cam-segmentation.txt"
dest=${DEST:-src/main/resources/org/medxai/models/polyp-default}
rm -rf "$dest" && mkdir -p "$dest" && cp -r "$selected/." "$dest/"
echo "Default polyp model installed in $dest"
