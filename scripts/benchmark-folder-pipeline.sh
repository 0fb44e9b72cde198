#!/usr/bin/env bash
# The polyp folder pipeline end to end (issue 20, docs/PERFORMANCE.md), in ONE run on this machine, same TorchScript
# ResNet-18 (224 x 224, backbone/head split) and the same real images:
#   (a) MedXAI: macros/polyp_segment_folder.ijm in the bundled ImageJ (decode, resize, classify, Grad-CAM, mask rule,
#       clean-up, NAME_mask.png + NAME_cam.tif + segmentation.csv), timed as a whole process, resident memory sampled;
#   (b) Python, the pytorch-grad-cam way (src/experiments/python/folder_pipeline_reference.py gradcam);
#   (c) Python hand-tuned: backbone without gradients, head with them, batches of 8 (… tuned);
#   and all three again with the bundled polyp model: MedXAI runs it as users do (a DJL model), the peers run it
#       rebuilt in PyTorch from its exported weights and saved as TorchScript (ExportDjlWeights, then
#       folder_pipeline_reference.py rebuild; checked: the same logits), and the two tables are compared;
# then images/s and the ratios, the forward pass's GFLOP/s at its best batch (ClassifyBenchmark) against the
# measured matmul peak in MedXAI's libtorch (MatmulPeak), and MedXAI's resident memory at start, end and peak.
#   [DATA=../shared/data] [THREADS=2] [VARIANT=channels-last|bf16] bash scripts/benchmark-folder-pipeline.sh [IMAGES=500]
#       VARIANT: MedXAI and (c) take that export of the backbone; (b) keeps the plain one (it back-propagates through
#       the backbone, which a frozen export cannot); see scripts/benchmark-backbone-variants.sh.
#   ... bash scripts/benchmark-folder-pipeline.sh classify [IMAGES=500]: the classification folder
#       (macros/classify_folder.ijm, batch 8) against its Python peer (folder_pipeline_reference.py classify: PIL,
#       resize, normalise, batches of 8, softmax, CSV), same model and images, each a whole process; prints both
#       rates, the ratio and the largest difference between the two tables' probabilities; then both on the first 8
#       files alone, which parts start-up from the rate once started.
#   ... bash scripts/benchmark-folder-pipeline.sh memory [IMAGES=10000]: MedXAI alone over IMAGES files (the Kvasir-SEG
#       images linked under as many names as needed) with the default heap; resident memory sampled each second and
#       its trend printed (after the first tenth of the run, when the heap has grown, to the end).
# Needs Debian's python3-torch, python3-pil, python3-scipy (installed here when missing and running as root); skips
# visibly without the Kvasir-SEG images.
set -euo pipefail
cd "$(dirname "$0")/.."
memory=0
classify=0
if [ "${1:-}" = memory ]; then memory=1; shift; fi
if [ "${1:-}" = classify ]; then classify=1; shift; fi
n=${1:-$([ "$memory" = 1 ] && echo 10000 || echo 500)}
data=${DATA:-../shared/data}
source scripts/benchmark-common.sh
setup_polyp_benchmark "$data"
# VARIANT=channels-last or bf16: every pipeline takes that export of the backbone (cam_benchmark_reference.py variants)
card=$model/polyp-card.json
if [ -n "${VARIANT:-}" ]; then
	/usr/bin/python3 src/experiments/python/cam_benchmark_reference.py variants "$model" > /dev/null
	card=$model/polyp-card-$VARIANT.json
	[ -f "$card" ] || { echo "unknown VARIANT '$VARIANT': use channels-last or bf16" >&2; exit 2; }
fi
work=target/bench-folder
rm -rf "$work" && mkdir -p "$work/input"
images=$(cd "$data/kvasir-seg/images" && pwd)
mapfile -t sources < <(ls "$images" | sort)
for ((i = 0; i < n; i++)); do
	f=${sources[i % ${#sources[@]}]}
	# beyond the folder's own images, the same files under new names
	if [ "$i" -lt "${#sources[@]}" ]; then ln -s "$images/$f" "$work/input/$f"; else ln -s "$images/$f" "$work/input/r$i-$f"; fi
done
count=$(ls "$work/input" | wc -l)
machine
echo "images: $count from kvasir-seg, model: ResNet-18 TorchScript 224x224 (random weights), backbone ${VARIANT:-float32 as exported}"

seconds() { date +%s.%N; }
if [ "$classify" = 1 ]; then
	start=$(seconds)
	target/imagej/medxai-imagej --headless -batch macros/classify_folder.ijm \
		"input=[$work/input] output=[$work/medxai-classify] model=[$card] device=cpu batch=8" \
		> "$work/medxai-classify.log" 2>&1
	medxai=$(awk -v s="$start" -v e="$(seconds)" -v n="$count" 'BEGIN { printf "%.3f", n / (e - s) }')
	start=$(seconds)
	/usr/bin/python3 src/experiments/python/folder_pipeline_reference.py classify "$card" \
		"$work/input" "$work/python-classify" 8 > /dev/null
	python=$(awk -v s="$start" -v e="$(seconds)" -v n="$count" 'BEGIN { printf "%.3f", n / (e - s) }')
	echo "medxai_classify_images_per_second $medxai"
	echo "python_classify_images_per_second $python"
	awk -v m="$medxai" -v p="$python" 'BEGIN { printf "ratio_over_python %.2f\n", m / p }'
	# start-up apart: both again on the first 8 files; the difference is the rate once started
	mkdir -p "$work/input8"
	for f in "${sources[@]:0:8}"; do ln -s "$images/$f" "$work/input8/$f"; done
	start=$(seconds)
	target/imagej/medxai-imagej --headless -batch macros/classify_folder.ijm \
		"input=[$work/input8] output=[$work/medxai-classify8] model=[$card] device=cpu batch=8" \
		> "$work/medxai-classify8.log" 2>&1
	medxai8=$(awk -v s="$start" -v e="$(seconds)" 'BEGIN { printf "%.3f", e - s }')
	start=$(seconds)
	/usr/bin/python3 src/experiments/python/folder_pipeline_reference.py classify "$card" \
		"$work/input8" "$work/python-classify8" 8 > /dev/null
	python8=$(awk -v s="$start" -v e="$(seconds)" 'BEGIN { printf "%.3f", e - s }')
	awk -v m="$medxai" -v p="$python" -v m8="$medxai8" -v p8="$python8" -v n="$count" 'BEGIN {
		mr = (n - 8) / (n / m - m8); pr = (n - 8) / (n / p - p8)
		printf "start-up and first 8 files: MedXAI %.2f s, Python %.2f s\n", m8, p8
		printf "once started: MedXAI %.1f images/s, Python %.1f images/s, ratio %.2f\n", mr, pr, mr / pr }'
	# the same probabilities on both sides (decoders and resizing differ slightly)
	/usr/bin/python3 - "$work/medxai-classify/classification.csv" "$work/python-classify/predictions.csv" <<'PY'
import csv, sys
a = {r["file"]: r for r in csv.DictReader(open(sys.argv[1]))}
b = {r["file"]: r for r in csv.DictReader(open(sys.argv[2]))}
assert set(a) == set(b), "the two tables name different files"
worst = max(abs(float(a[f]["p_polyp"]) - float(b[f]["p_polyp"])) for f in a)
same = sum(a[f]["label"] == b[f]["label"] for f in a)
print("rows %d, same label %d, largest p_polyp difference %.4f" % (len(a), same, worst))
PY
	exit 0
fi
# (a) MedXAI, the user's macro; the launcher execs the JVM, so its pid is the JVM's
start=$(seconds)
target/imagej/medxai-imagej --headless -batch macros/polyp_segment_folder.ijm \
	"input=[$work/input] output=[$work/medxai] model=[$card] rule=[percentile:75] cleanup=fill_largest device=cpu" > "$work/medxai.log" 2>&1 &
pid=$!
: > "$work/rss.txt"
while kill -0 "$pid" 2>/dev/null; do
	awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null >> "$work/rss.txt" || true
	sleep 1
done
wait "$pid"
medxai=$(awk -v s="$start" -v e="$(seconds)" -v n="$count" 'BEGIN { printf "%.3f", n / (e - s) }')
if [ "$memory" = 1 ]; then
	echo "medxai_images_per_second $medxai"
	awk '{ rss[NR] = $1 } END { a = rss[int(NR / 10) + 1]; m = rss[int(NR / 2)]; e = rss[NR]; max = 0
		for (i = int(NR / 10) + 1; i <= NR; i++) if (rss[i] > max) max = rss[i]
		printf "medxai_rss_mb at 10%% %.0f, 50%% %.0f, end %.0f, peak after 10%% %.0f; growth from 10%% to end %+.1f %% (target within 10 %%)\n", a / 1024, m / 1024, e / 1024, max / 1024, 100 * (e - a) / a }' "$work/rss.txt"
	exit 0
fi
# (b) and (c), each a whole process too
python_rate() { # MODE CARD OUTPUT: a Python peer's images/s, as a whole process
	local start; start=$(seconds)
	/usr/bin/python3 src/experiments/python/folder_pipeline_reference.py "$1" "$2" "$work/input" "$work/$3" 8 > /dev/null
	awk -v s="$start" -v e="$(seconds)" -v n="$count" 'BEGIN { printf "%.3f", n / (e - s) }'
}
gradcam=$(python_rate gradcam "$model/polyp-card.json" gradcam)
tuned=$(python_rate tuned "$card" tuned)
# the same three with the bundled polyp model: MedXAI as users run it, the peers on its PyTorch rebuild
networks=$(/usr/bin/python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["files"]))' \
	src/main/resources/org/medxai/models/polyp-default/model-card.json)
if [ "$networks" != 1 ]; then
	echo "medxai_images_per_second $medxai"
	echo "python_gradcam_way_images_per_second $gradcam"
	echo "python_hand_tuned_images_per_second $tuned"
	echo "bundled polyp model: an ensemble of $networks networks; the peers rebuild one network, so it is not compared"
	exit 0
fi
bash scripts/run-experiment.sh ExportDjlWeights "$work/bundled/weights" polyp | grep 'exported' || true
/usr/bin/python3 src/experiments/python/folder_pipeline_reference.py rebuild "$work/bundled/weights" "$work/bundled"
start=$(seconds)
target/imagej/medxai-imagej --headless -batch macros/polyp_segment_folder.ijm \
	"input=[$work/input] output=[$work/medxai-bundled] rule=[percentile:75] cleanup=fill_largest device=cpu" > "$work/medxai-bundled.log" 2>&1
bundled=$(awk -v s="$start" -v e="$(seconds)" -v n="$count" 'BEGIN { printf "%.3f", n / (e - s) }')
bundled_gradcam=$(python_rate gradcam "$work/bundled/polyp-card.json" gradcam-bundled)
bundled_tuned=$(python_rate tuned "$work/bundled/polyp-card.json" tuned-bundled)
for out in medxai medxai-bundled gradcam tuned gradcam-bundled tuned-bundled; do
	[ "$(ls "$work/$out" | grep -c '_mask.png$')" = "$count" ] || { echo "$out wrote no mask for every image" >&2; exit 1; }
done
echo "medxai_images_per_second $medxai"
echo "python_gradcam_way_images_per_second $gradcam"
echo "python_hand_tuned_images_per_second $tuned"
awk -v m="$medxai" -v g="$gradcam" -v t="$tuned" \
	'BEGIN { printf "ratio_over_gradcam_way %.2f (target >= 1.5)\nratio_over_hand_tuned %.2f (target >= 1.2)\n", m / g, m / t }'
echo "bundled polyp model:"
echo "medxai_bundled_images_per_second $bundled"
echo "python_gradcam_way_bundled_images_per_second $bundled_gradcam"
echo "python_hand_tuned_bundled_images_per_second $bundled_tuned"
awk -v m="$bundled" -v g="$bundled_gradcam" -v t="$bundled_tuned" \
	'BEGIN { printf "bundled_ratio_over_gradcam_way %.2f (target >= 1.5)\nbundled_ratio_over_hand_tuned %.2f (target >= 1.2)\n", m / g, m / t }'
# the same work on both sides: labels, probabilities and masks of MedXAI against the hand-tuned peer
/usr/bin/python3 - "$work/medxai-bundled" "$work/tuned-bundled" <<'PY'
import csv, os, sys
import numpy as np
from PIL import Image
a = {r["file"]: r for r in csv.DictReader(open(os.path.join(sys.argv[1], "segmentation.csv")))}
b = {r["file"]: r for r in csv.DictReader(open(os.path.join(sys.argv[2], "segmentation.csv")))}
assert set(a) == set(b), "the two tables name different files"
worst = max(abs(float(a[f]["p_polyp"]) - float(b[f]["p_1"])) for f in a)
same = sum((a[f]["label"] == "polyp") == (b[f]["label"] == "1") for f in a)
ious = []
for f in a:
    stem = os.path.splitext(f)[0]
    m = np.asarray(Image.open(os.path.join(sys.argv[1], stem + "_mask.png"))) > 0
    p = np.asarray(Image.open(os.path.join(sys.argv[2], stem + "_mask.png"))) > 0
    union = (m | p).sum()
    ious.append((m & p).sum() / union if union else 1.0)
print("bundled model, MedXAI against the hand-tuned peer: rows %d, same label %d, largest p_polyp difference %.4f, "
      "mask IoU median %.3f, lowest %.3f" % (len(a), same, worst, float(np.median(ious)), float(np.min(ious))))
PY
awk 'NR == 1 { first = $1 } { last = $1; if ($1 > max) max = $1 } END {
	printf "medxai_rss_mb start %.0f end %.0f peak %.0f (samples %d)\n", first / 1024, last / 1024, max / 1024, NR }' \
	"$work/rss.txt"
# the forward pass against the machine's peak: ResNet-18 at 224 x 224 is 1.82 G multiply-adds = 3.64 GFLOP
forward=$(bash scripts/run-experiment.sh ClassifyBenchmark "$model/model-card.json" cpu)
echo "$forward" | grep -E '^(batch|[0-9]+,)' || true
best=$(echo "$forward" | awk -F, '/^[0-9]+,/ { if ($2 > best) best = $2 } END { print best }')
peak=$(bash scripts/run-experiment.sh MatmulPeak | sed -n 's/.*matmul_gflops //p')
awk -v r="$best" -v p="$peak" 'BEGIN { printf "forward_best_images_per_second %.1f = %.1f GFLOP/s; matmul peak %.1f GFLOP/s; share %.0f %% (target >= 50 %%)\n", r, r * 3.64, p, 100 * r * 3.64 / p }'
