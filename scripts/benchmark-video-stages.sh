#!/usr/bin/env bash
# Video stage clustering against its peer (issue 20, docs/VIDEO.md and docs/PERFORMANCE.md), in one run on this
# machine: VideoStageBenchmark (a generated MP4 of FRAMES frames of 640 x 480: decode, texture features, slow features
# and PCA, UMAP and Barnes-Hut t-SNE maps, stage split, HDBSCAN) and scikit-learn's Barnes-Hut t-SNE on the very points
# MedXAI's t-SNE mapped (src/experiments/python/tsne_reference.py: perplexity 20, angle 0.5, one thread). Prints
# every step, both t-SNE times and the ratio, and MedXAI's UMAP map (the default) against scikit-learn's t-SNE.
#   bash scripts/benchmark-video-stages.sh [FRAMES=10000]
# Needs Debian's python3-sklearn (installed here when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-10000}
source scripts/benchmark-common.sh
require_python sklearn numpy -- python3-sklearn python3-numpy
source scripts/java-env.sh
work=target/bench-video-stages
rm -rf "$work" && mkdir -p "$work"
bash scripts/run-experiment.sh VideoStageBenchmark "$frames" "$work" | tee "$work/medxai.log" | grep -vE '^\[|WARN'
peer=$(/usr/bin/python3 src/experiments/python/tsne_reference.py "$work/embeddings-$frames.csv" | tee "$work/python.log" |
	sed -n 's/.*points: \([0-9.]*\) s.*/\1/p')
tsne=$(sed -n 's/^map t-SNE *\([0-9.]*\) s.*/\1/p' "$work/medxai.log")
umap=$(sed -n 's/^map UMAP *\([0-9.]*\) s.*/\1/p' "$work/medxai.log")
[ -n "$peer" ] && [ -n "$tsne" ] && [ -n "$umap" ] ||
	{ echo "a side printed no time (MedXAI t-SNE '$tsne', UMAP '$umap', scikit-learn '$peer')" >&2; exit 1; }
echo "scikit_learn_tsne_seconds $peer"
awk -v m="$tsne" -v u="$umap" -v p="$peer" 'BEGIN { printf "ratio_medxai_tsne_over_scikit_learn %.2f; medxai_umap_map_over_scikit_learn_tsne %.2f\n", p / m, p / u }'
