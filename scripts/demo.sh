#!/usr/bin/env bash
# Builds MedXAI with its ImageJ 1.x application (target/imagej) and runs the main job headless (macros/demo.ijm):
# the bundled test images classified, explained with Grad-CAM and polyp masks, the synthetic meibography images
# analysed, a generated clinical table explained with SHAP; with the shared data present (or DATA=DIR), the same on a
# few real images and a public table. Everything lands in target/demo/, with the report target/demo/index.html.
# Usage: [DATA=../shared/data] bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mvn -B -q package -DskipTests
data=${DATA:-../shared/data}
real=()
# the first N names of a folder, sorted (the whole listing read first: with pipefail, a "| head" that stops reading
# early can fail the script when the writer before it is still writing)
first_names() { local all; mapfile -t all < <(ls "$1" | sort); printf '%s\n' "${all[@]:0:$2}"; }
if [ -d "$data/kvasir-seg/images" ] && [ -d "$data/mgd1k/images" ] && [ -f "$data/diabetes-efron/diabetes.csv" ]; then
	# links (never copies) to a few real images: 6 polyps with their masks, 2 non-polyp views, 3 lids, one table
	sample=target/demo-real
	rm -rf "$sample" && mkdir -p "$sample/polyps" "$sample/polyp_masks" "$sample/meibography"
	for f in $(first_names "$data/kvasir-seg/images" 6); do
		ln -s "$(cd "$data/kvasir-seg/images" && pwd)/$f" "$sample/polyps/$f"
		ln -s "$(cd "$data/kvasir-seg/masks" && pwd)/$f" "$sample/polyp_masks/$f"
	done
	for c in normal-cecum bbps-2-3; do
		f=$(first_names "$data/kvasir-nonpolyp/$c" 1)
		ln -s "$(cd "$data/kvasir-nonpolyp/$c" && pwd)/$f" "$sample/polyps/$c-$f"
	done
	for f in $(first_names "$data/mgd1k/images" 3); do
		ln -s "$(cd "$data/mgd1k/images" && pwd)/$f" "$sample/meibography/$f"
	done
	ln -s "$(cd "$data/diabetes-efron" && pwd)/diabetes.csv" "$sample/table.csv"
	# two lung ultrasound videos, the first with B-lines and the first without in the experts' table, and their labels
	blues=$data/lung-ultrasound-covid-blues
	if [ -f "$blues/severity.csv" ]; then
		mkdir -p "$sample/videos"
		echo "file,label" > "$sample/video_labels.csv"
		for want in yes no; do
			while IFS=, read -r video _ _ blines _; do
				blines=$(echo "$blines" | tr -d ' \r')
				if [ "$blines" = "$want" ] && [ -f "$blues/lus_videos/$video.mp4" ]; then
					ln -s "$(cd "$blues/lus_videos" && pwd)/$video.mp4" "$sample/videos/$video.mp4"
					echo "$video.mp4,$want" >> "$sample/video_labels.csv"
					break
				fi
			done < <(tail -n +2 "$blues/severity.csv")
		done
	fi
	echo Y > "$sample/table_target.txt"
	real=("real=$sample")
	echo "MedXAI demo: with real images from $data"
else
	echo "MedXAI demo: no shared data at $data, synthetic images only"
fi
target/imagej/medxai-imagej --headless -batch macros/demo.ijm "images=test-images output=target/demo ${real[*]}"
echo "MedXAI demo: open target/demo/index.html (tables: target/demo/classification.csv, polyp/, meibography/, shap/)"
