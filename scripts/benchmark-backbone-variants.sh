#!/usr/bin/env bash
# Exported backbone variants as speed levers for the polyp folder (issue 20, docs/PERFORMANCE.md), in one run on this
# machine: the benchmark's TorchScript ResNet-18 backbone as exported (float32), frozen and channels-last, and in
# addition in bfloat16 (src/experiments/python/cam_benchmark_reference.py variants; each takes and returns float32, so
# MedXAI loads it as any TorchScript backbone). Prints
#   the backbone's images/s in Debian's PyTorch for each variant (and for oneDNN's optimize_for_inference),
#   MedXAI's folder task in milliseconds per image for each (FolderStageProfile, 100 images),
#   macros/polyp_segment_folder.ijm over IMAGES Kvasir-SEG images for each, images/s as a whole process,
#   and how far each variant's results lie from float32's (labels, probabilities, maps, mask IoU).
#   [DATA=../shared/data] [THREADS=2] bash scripts/benchmark-backbone-variants.sh [IMAGES=500]
# Needs Debian's python3-torch python3-pil python3-scipy (installed here when missing and running as root); skips
# visibly without the Kvasir-SEG images.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}
data=${DATA:-../shared/data}
source scripts/benchmark-common.sh
setup_polyp_benchmark "$data"
machine
/usr/bin/python3 src/experiments/python/cam_benchmark_reference.py variants "$model"
work=target/bench-variants
rm -rf "$work" && mkdir -p "$work/input"
images=$(cd "$data/kvasir-seg/images" && pwd)
mapfile -t names < <(ls "$images" | sort)
for f in "${names[@]:0:$n}"; do ln -s "$images/$f" "$work/input/$f"; done
count=$(ls "$work/input" | wc -l)
seconds() { date +%s.%N; }
for variant in float32 channels-last bf16; do
	card=$model/polyp-card.json
	[ "$variant" = float32 ] || card=$model/polyp-card-$variant.json
	stage=$(bash scripts/run-experiment.sh FolderStageProfile "$card" "$data/kvasir-seg/images" 100 |
		sed -n 's/.*folder task *\([0-9.]*\) ms.*/\1/p')
	start=$(seconds)
	target/imagej/medxai-imagej --headless -batch macros/polyp_segment_folder.ijm \
		"input=[$work/input] output=[$work/$variant] model=[$card] device=cpu" > "$work/$variant.log" 2>&1
	rate=$(awk -v s="$start" -v e="$(seconds)" -v n="$count" 'BEGIN { printf "%.1f", n / (e - s) }')
	echo "medxai $variant: folder task $stage ms per image; $count images end to end $rate images/s"
done
/usr/bin/python3 - "$work" <<'EOF'
import csv, os, sys
import numpy as np
from PIL import Image
work = sys.argv[1]
base = os.path.join(work, "float32")
rows = lambda d: {r["file"]: r for r in csv.DictReader(open(os.path.join(d, "segmentation.csv")))}
reference = rows(base)
for variant in ("channels-last", "bf16"):
    other = os.path.join(work, variant)
    table = rows(other)
    labels = sum(reference[f]["label"] == table[f]["label"] for f in reference)
    probability = max(abs(float(reference[f]["p_polyp"]) - float(table[f]["p_polyp"])) for f in reference)
    iou, cam = [], []
    for f in reference:
        stem = f.rsplit(".", 1)[0]
        a = np.asarray(Image.open(os.path.join(base, stem + "_mask.png"))) > 0
        b = np.asarray(Image.open(os.path.join(other, stem + "_mask.png"))) > 0
        union = (a | b).sum()
        iou.append((a & b).sum() / union if union else 1.0)
        ma = np.asarray(Image.open(os.path.join(base, stem + "_cam.tif")), dtype=np.float32)
        mb = np.asarray(Image.open(os.path.join(other, stem + "_cam.tif")), dtype=np.float32)
        cam.append(float(np.abs(ma - mb).max()))
    iou, cam = np.array(iou), np.array(cam)
    print("%s against float32: same label %d of %d, largest p_polyp difference %.2g; largest map difference %.2g "
          "(median over images %.2g); mask IoU mean %.4f, median %.4f, lowest %.4f, %.1f %% of masks at IoU >= 0.95"
          % (variant, labels, len(reference), probability, cam.max(), np.median(cam), iou.mean(), np.median(iou),
             iou.min(), 100 * (iou >= 0.95).mean()))
EOF
