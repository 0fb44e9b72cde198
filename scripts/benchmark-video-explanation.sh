#!/usr/bin/env bash
# Video explanation against its Python peer (issue 20, docs/PERFORMANCE.md), in one run on this machine: the same
# random-weight TorchScript CNN-Transformer at the paper's shape (src/experiments/python/video_explain_reference.py make:
# four-stage CNN, d = 128, 4 layers x 4 heads), one random clip of FRAMES frames of SIZE x SIZE, explained by
#   MedXAI (VideoExplainPeerBenchmark: VideoExplainer with the default options) and
#   Python (video_explain_reference.py time: the same attention, rollout, gradient-weighted attention and per-frame
#   Grad-CAM up-sampled to the frame),
# each the median of 3 after a warm-up; prints both and the ratio.
#   [THREADS=2] bash scripts/benchmark-video-explanation.sh [FRAMES=100] [SIZE=224]
# Needs Debian's python3-torch (installed here when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-100}
size=${2:-224}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
	if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch
	else echo "needs Debian's python3-torch" >&2; exit 2; fi
fi
export MEDXAI_BENCH_THREADS=${THREADS:-2}
model=target/bench-video-$frames-$size
[ -f "$model/model-card.json" ] || /usr/bin/python3 src/experiments/python/video_explain_reference.py make "$model" "$frames" "$size"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), threads $MEDXAI_BENCH_THREADS"
echo "clip: $frames frames of $size x $size; model: TorchScript CNN-Transformer (random weights)"
medxai=$(bash scripts/run-experiment.sh VideoExplainPeerBenchmark "$model/model-card.json" | sed -n 's/.*medxai_explain_seconds //p')
python=$(/usr/bin/python3 src/experiments/python/video_explain_reference.py time "$model/model-card.json" 3 | sed -n 's/^python_explain_seconds //p')
[ -n "$medxai" ] && [ -n "$python" ] || { echo "a side printed no time (MedXAI '$medxai', Python '$python')" >&2; exit 1; }
echo "medxai_explain_seconds $medxai"
echo "python_explain_seconds $python"
awk -v m="$medxai" -v p="$python" 'BEGIN { printf "ratio_medxai_speed_over_python %.2f\n", p / m }'
