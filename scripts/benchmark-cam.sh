#!/usr/bin/env bash
# Classification + Grad-CAM throughput, MedXAI (CamBenchmark, through scripts/run-experiment.sh) vs a
# Python PyTorch reference (src/experiments/python/cam_benchmark_reference.py), on the same TorchScript
# ResNet-18 at 224 x 224, same machine, one run; plus MedXAI's resident memory over many images
# (fixed 512 MB Java heap, so growth in resident memory is native memory).
#   bash scripts/benchmark-cam.sh [IMAGES=200] [MEMORY_IMAGES=1000]
# Needs Debian's python3-torch (installed here when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
memory=${2:-1000}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
	if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch; else
		echo "needs Debian's python3-torch" >&2; exit 2; fi
fi
dir=target/bench-resnet18
[ -f "$dir/model-card.json" ] || /usr/bin/python3 src/experiments/python/cam_benchmark_reference.py make "$dir"
python=$(/usr/bin/python3 src/experiments/python/cam_benchmark_reference.py bench "$dir" "$n" | awk '/images_per_second/ {print $2}')
python_split=$(/usr/bin/python3 src/experiments/python/cam_benchmark_reference.py bench "$dir" "$n" split | awk '/images_per_second/ {print $2}')
java_out=$(EXPERIMENT_JAVA_OPTS="-Xms512m -Xmx512m" bash scripts/run-experiment.sh CamBenchmark \
	"$dir/model-card.json" "$n" "$memory")
medxai=$(echo "$java_out" | awk '/medxai_images_per_second/ {print $2}')
echo "$java_out"
echo "python_full_backward_images_per_second $python"
echo "python_split_images_per_second $python_split"
awk -v m="$medxai" -v p="$python" -v s="$python_split" 'BEGIN { printf "ratio_over_full_backward %.2f\nratio_over_split %.2f\n", m / p, m / s }'
