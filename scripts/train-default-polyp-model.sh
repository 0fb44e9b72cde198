#!/usr/bin/env bash
# Trains MedXAI's default polyp classifier on the shared data, reproducibly, with the plugin's own
# training command (headless), chooses it on validation images only and installs it into src/main/resources.
#   polyp     = ../shared/data/kvasir-seg/images
#   non-polyp = ../shared/data/kvasir-nonpolyp (all four HyperKvasir classes)
# 20% of each class (seed 2026, by SHA-256 of "2026:<file name>") is held out: never trained or validated on,
# read only by the held-out report at the very end (the stages train with heldout_report=false: no stage reports
# it). VALIDATION (0.25) of the rest (seed 2027) is the validation part: best epochs, decision shifts and the
# choice of the model are made on it.
# The training polyps' masks (kvasir-seg/masks) drive the localisation loss (MASK_WEIGHT, default 1).
# One network per training seed in SEEDS ("2026 2027 2028"), all on the same training images; each in stages,
# each stage continuing from the one before (STAGE1_SEED=S: every member continues from seed S's stage 1, trained
# once, and the members differ from stage 2 on, by their training seed):
#   (1) EPOCHS (160) from a random start at 224 x 224, learning rate 0.001;
#   (2) FINETUNE_EPOCHS (0: skipped) at 224 x 224, learning rate FINETUNE_LR (0.0003);
#   (3) LARGE_EPOCHS (60; 0 skips it) at LARGE_SIZE x LARGE_SIZE (288), learning rate FINETUNE_LR.
# Each stage keeps its epoch with the best validation ROC AUC and calibrates its decision on validation.
# CONTINUE (a card, e.g. the installed default's) replaces stages 1-3: network k of it continues for CONTINUE_EPOCHS
# (20) at LARGE_SIZE with learning rate CONTINUE_LR (0.0001) and the k-th seed of SEEDS; those are the members.
# PREVIOUS (cards, e.g. the installed default's) adds the networks of earlier selections as members, as they are
# (their decision shift included), so a later session can add members without retraining the earlier ones.
# Then PolypModelSelection scores on the validation images each member alone, the mean of every combination of
# members, and their weights averaged (test-time flips shown, never chosen; FLIPS=0 skips them), writes the best
# to WORK/selected with the held-out report (heldout.csv, heldout-predictions.csv, the card's metrics.held_out)
# and its choice (selection.txt); that is then installed into DEST, after the CAM masks of the default method
# are measured on the held-out polyps (cam-segmentation.txt).
# FOLD=k (1..FOLDS, default 4) trains the members for k-fold cross-validation instead: validated on fold k of the
# images not held out (seed 2027, the validation split's order, so fold 1 of 4 is the VALIDATION=0.25 part) and
# trained on the other folds; the script then stops after the stages (WORK defaults to target/polyp-fold<k>), and
# KFoldPolypSelection combines the folds' networks.
# Resumable: a stage that finished (its folder holds FINISHED) is kept when the script runs again, an
# interrupted one continues after its last finished epoch (the training command's resume: same batches, schedule
# and optimiser state as if never stopped); FRESH=1 deletes WORK first.
# Usage: [SEEDS="2026 2027 2028"] [STAGE1_SEED=] [CONTINUE=CARD] [CONTINUE_EPOCHS=20] [CONTINUE_LR=0.0001] \
#        [PREVIOUS="CARD ..."] [FLIPS=1] [VALIDATION=0.25] [FOLD=0] [FOLDS=4] [EPOCHS=160] [PATIENCE=50] [FINETUNE_EPOCHS=0] [FINETUNE_LR=0.0003] \
#        [LARGE_EPOCHS=60] [LARGE_SIZE=288] [MASK_WEIGHT=1] [WORK=target/polyp-default] [FRESH=0] \
#        [DEST=src/main/resources/org/medxai/models/polyp-default] bash scripts/train-default-polyp-model.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
source scripts/java-env.sh
[ -d "$data/kvasir-seg/images" ] && [ -d "$data/kvasir-nonpolyp" ] || { echo "no shared data at $data" >&2; exit 2; }
mvn -B -q package -DskipTests
fold=${FOLD:-0}
folds=${FOLDS:-4}
if [ "$fold" -gt 0 ]; then work=${WORK:-target/polyp-fold$fold}; else work=${WORK:-target/polyp-default}; fi
[ "${FRESH:-0}" = 1 ] && rm -rf "$work"
mkdir -p "$work/data"
work=$(cd "$work" && pwd)
ln -sfn "$(cd "$data/kvasir-seg/images" && pwd)" "$work/data/polyp"
ln -sfn "$(cd "$data/kvasir-nonpolyp" && pwd)" "$work/data/non-polyp"
masks=$(cd "$data/kvasir-seg/masks" && pwd)
validation=${VALIDATION:-0.25}
# run from a private copy of the application, so rebuilding the project meanwhile cannot disturb it
rm -rf "$work/imagej" && cp -r target/imagej "$work/imagej"
# stage OUTPUT SEED EPOCHS PATIENCE LEARNING_RATE SIZE [INITIAL_CARD]
stage() {
	if [ -f "$1/FINISHED" ]; then echo "kept: $1"; return; fi
	# an interrupted stage continues after its last finished epoch; one that never finished an epoch starts over
	local resume=false
	if [ -f "$1/resume-state/state.json" ] || [ -f "$1/resume-state.old/state.json" ]; then resume=true; else rm -rf "$1"; fi
	echo "stage $1 (resume=$resume)"
	MEDXAI_JAVA_OPTS="${MEDXAI_JAVA_OPTS:--Xmx12g}" "$work/imagej/medxai-imagej" --headless -batch macros/train_classifier.ijm \
		"training=[$work/data] output=[$1] holdout=0.2 validation=$validation fold=$fold folds=$folds split_seed=2026 seed=$2 epochs=$3 patience=$4 size=$6 width=32 name=polyp-default masks=[$masks] mask_weight=${MASK_WEIGHT:-1} lr=$5 initial=[${7:-}] resume=$resume heldout_report=false"
	date -u +%FT%TZ > "$1/FINISHED"
}
seeds=(${SEEDS:-2026 2027 2028})
members=()
if [ -n "${CONTINUE:-}" ]; then
	# the networks to continue from, one card each (an ensemble's networks with their decision shift in the bias)
	rm -rf "$work/continue-start"
	bash scripts/run-experiment.sh EnsembleNetworks "$CONTINUE" "$work/continue-start"
	k=0
	for seed in "${seeds[@]}"; do
		k=$((k + 1))
		start=$work/continue-start/network$k/model-card.json
		[ -f "$start" ] || { echo "CONTINUE: $CONTINUE has fewer than $k networks for SEEDS" >&2; exit 2; }
		stage "$work/seed$seed/continue$k" "$seed" "${CONTINUE_EPOCHS:-20}" "${CONTINUE_EPOCHS:-20}" \
			"${CONTINUE_LR:-0.0001}" "${LARGE_SIZE:-288}" "$start"
		members+=("$work/seed$seed/continue$k/model-card.json")
	done
else
	for seed in "${seeds[@]}"; do
		# (until the macros read keys exactly, seed= was read inside split_seed=2026: every run trained with 2026)
		dir=$work/seed$seed
		first=${STAGE1_SEED:-$seed}
		stage "$work/seed$first/stage1" "$first" "${EPOCHS:-160}" "${PATIENCE:-50}" 0.001 224
		model=$work/seed$first/stage1/model-card.json
		finetune=${FINETUNE_EPOCHS:-0}
		if [ "$finetune" -gt 0 ]; then
			stage "$dir/stage2" "$seed" "$finetune" "$finetune" "${FINETUNE_LR:-0.0003}" 224 "$model"
			model=$dir/stage2/model-card.json
		fi
		large=${LARGE_EPOCHS:-60}
		if [ "$large" -gt 0 ]; then
			stage "$dir/stage3" "$seed" "$large" "$large" "${FINETUNE_LR:-0.0003}" "${LARGE_SIZE:-288}" "$model"
			model=$dir/stage3/model-card.json
		fi
		members+=("$model")
	done
fi
if [ "$fold" -gt 0 ]; then
	echo "fold $fold of $folds trained: ${members[*]}"
	exit 0
fi
# chosen and evaluated in WORK/selected; installed only when that succeeded
selected=$work/selected
rm -rf "$selected"
previous=(${PREVIOUS:-})
VALIDATION=$validation bash scripts/run-experiment.sh PolypModelSelection "$data" "$selected" "${previous[@]}" \
	"${members[@]}" | sed -e "s|$PWD/||g" -e 's/\x1b\[[0-9;]*m//g' | tee "$work/selection.txt"
cp "$work/selection.txt" "$selected/selection.txt"
for card in "${previous[@]}"; do
	for history in "$(dirname "$card")"/training-history-*.csv; do
		if [ -f "$history" ]; then cp "$history" "$selected/"; fi
	done
done
for seed in "${seeds[@]}"; do
	for history in "$work/seed$seed"/{stage1,stage2,stage3,continue*}/training-history.csv; do
		part=$(basename "$(dirname "$history")")
		if [ -f "$history" ]; then cp "$history" "$selected/training-history-seed$seed-$part.csv"; fi
	done
done
# the CAM masks of the default method and rule on the held-out polyps (docs/CAM.md)
bash scripts/run-experiment.sh CamSegmentationEvaluation "$data" "$selected/model-card.json" gradcam \
	| tee "$selected/cam-segmentation.txt"
dest=${DEST:-src/main/resources/org/medxai/models/polyp-default}
rm -rf "$dest" && mkdir -p "$dest" && cp -r "$selected/." "$dest/"
echo "Default polyp model installed in $dest"
