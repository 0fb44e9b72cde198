#!/usr/bin/env bash
# The meibography folder against its Python peer (issue 20, docs/PERFORMANCE.md), in one run on this machine, on the
# same IMAGES full-resolution MGD-1K lids (1280 x 640; the first ones by name) with the same network, each side timed
# as a whole process:
#   MedXAI: macros/meibography_folder.ijm in the bundled ImageJ (the bundled segmenter and grading);
#   Python: src/experiments/python/meibography_folder_reference.py run (PIL, PyTorch, SciPy, scikit-image), the same
#   U-Net rebuilt in PyTorch with the bundled segmenter's weights (ExportDjlWeights; checked: the same logits),
#   the same masks, measures, grades, morphometry and files.
# Prints seconds per image for each, the ratio, and how far the two agree (gland area ratio, meiboscore, eyelid IoU).
#   [DATA=../shared/data] [THREADS=2] bash scripts/benchmark-meibography-folder.sh [IMAGES=150]
# Needs Debian's python3-torch python3-pil python3-scipy python3-skimage (installed here when missing and running as
# root); skips visibly without the MGD-1K images.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-150}
data=${DATA:-../shared/data}
source scripts/benchmark-common.sh
require_data "$data/mgd1k/images" "MGD-1K images"
require_python torch PIL scipy skimage -- python3-torch python3-pil python3-scipy python3-skimage
build_for_benchmark
work=target/bench-meibography
rm -rf "$work" && mkdir -p "$work/input"
bash scripts/run-experiment.sh ExportDjlWeights "$work/weights" | grep '^exported' || true
/usr/bin/python3 src/experiments/python/meibography_folder_reference.py check "$work/weights"
images=$(cd "$data/mgd1k/images" && pwd)
mapfile -t names < <(ls "$images" | sort)
for f in "${names[@]:0:$n}"; do ln -s "$images/$f" "$work/input/$f"; done
count=$(ls "$work/input" | wc -l)
machine
echo "images: $count full-resolution MGD-1K lids; model: the bundled meibography segmenter"

seconds() { date +%s.%N; }
start=$(seconds)
target/imagej/medxai-imagej --headless -batch macros/meibography_folder.ijm \
	"input=[$work/input] output=[$work/medxai] device=cpu" > "$work/medxai.log" 2>&1
medxai=$(awk -v s="$start" -v e="$(seconds)" -v n="$count" 'BEGIN { printf "%.4f", (e - s) / n }')
start=$(seconds)
/usr/bin/python3 src/experiments/python/meibography_folder_reference.py run "$work/weights" \
	"$work/weights/grading.json" "$work/input" "$work/python" > "$work/python.log"
python=$(awk -v s="$start" -v e="$(seconds)" -v n="$count" 'BEGIN { printf "%.4f", (e - s) / n }')
echo "medxai_seconds_per_image $medxai (whole process; target < 0.25)"
echo "python_seconds_per_image $python (whole process)"
awk -v m="$medxai" -v p="$python" 'BEGIN { printf "ratio_medxai_speed_over_python %.2f\n", p / m }'
/usr/bin/python3 - "$work" <<'EOF'
import csv, sys
import numpy as np
from PIL import Image
work = sys.argv[1]
rows = lambda side: {r["file"]: r for r in csv.DictReader(open(f"{work}/{side}/meibography.csv"))}
medxai, python = rows("medxai"), rows("python")
both = [f for f in medxai if f in python and medxai[f]["status"] != "error" and python[f]["status"] != "error"]
ratio = [abs(float(medxai[f]["gland_area_ratio"]) - float(python[f]["gland_area_ratio"])) for f in both]
score = sum(medxai[f]["meiboscore"] == python[f]["meiboscore"] for f in both)
iou = []
for f in both:
    stem = f.rsplit(".", 1)[0]
    a = np.asarray(Image.open(f"{work}/medxai/{stem}_eyelid.png")) > 0
    b = np.asarray(Image.open(f"{work}/python/{stem}_eyelid.png")) > 0
    iou.append((a & b).sum() / max(1, (a | b).sum()))
print("agreement: %d lids analysed by both; gland area ratio differs by %.4f on average (largest %.4f); "
      "meiboscore equal on %d; eyelid masks IoU %.4f on average (lowest %.4f)"
      % (len(both), np.mean(ratio), max(ratio), score, np.mean(iou), min(iou)))
EOF
