#!/usr/bin/env bash
# The COVID-BLUES multimodal run (docs/VIDEO-MODELS.md): out-of-fold B-line probabilities per video (the
# BLinesEvaluation cross-validation by patient; or an existing OUT/blines/video-features.csv), joined to the
# clinical table per patient (mean and maximum over a patient's videos), then the PCR result (cov_test)
# explained by SHAP from the clinical columns known at admission alone and with the video features, both with
# the plugin's own macros in the headless host.
# Usage: [MODEL=random_forest] [TREES=500] [FOLDS=5] bash scripts/blines-clinical-shap.sh DATA OUT [BLINES_ARGS...]
#   DATA = ../shared/data/lung-ultrasound-covid-blues; BLINES_ARGS as BLinesEvaluation takes them after OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$1
out=$2
shift 2
source scripts/java-env.sh
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ ! -f "$out/blines/video-features.csv" ]; then
	EXPERIMENT_JAVA_OPTS="${EXPERIMENT_JAVA_OPTS:--Xmx6g}" bash scripts/run-experiment.sh BLinesEvaluation \
		"$data" "$out/blines" "$@" | tee "$out/blines.txt"
fi
[ -x target/imagej/medxai-imagej ] || mvn -B -q package -DskipTests
app=target/imagej/medxai-imagej
rm -f "$out/joined.csv"
"$app" --headless -batch macros/join_table_features.ijm "table=[$data/clinical_variables.csv] id=patient_id \
features=[$out/blines/video-features.csv] output=[$out/joined.csv] pattern=patient_{id}_* several=mean_and_max"
# the clinical columns known at admission: by the data set's own variable_explanations.csv, every category but
# "Outcome" (which holds the clinical diagnosis, e.g. COVID-19 pneumonia, made knowing the PCR) and "COVID-19 Test
# Results" (the PCR itself, its CT value, the test method) — those would tell the answer
known=$(awk -F, 'NR > 1 && $2 != "Outcome" && $2 != "COVID-19 Test Results" { print $1 }' \
	"$data/variable_explanations.csv" | tr -d '\r' | sort -u)
clinical=$(head -1 "$data/clinical_variables.csv" | tr -d '\r' | tr ',' '\n' | grep -v -x -e patient_id -e cov_test \
	| grep -x -F -f <(echo "$known") | paste -sd, -)
echo "$(echo "$clinical" | tr ',' '\n' | wc -l) clinical columns known at admission: $clinical"
common="target=cov_test id=patient_id model=${MODEL:-random_forest} trees=${TREES:-500} folds=${FOLDS:-5} seed=2026"
rm -rf "$out/clinical" "$out/clinical+video"
"$app" --headless -batch macros/shap_table.ijm "table=[$out/joined.csv] output=[$out/clinical] $common \
features=[$clinical]"
"$app" --headless -batch macros/shap_table.ijm "table=[$out/joined.csv] output=[$out/clinical+video] $common \
features=[$clinical,image_p_yes_mean,image_p_yes_max]"
for run in clinical clinical+video; do
	echo "== $run"
	grep -E "^(rows|cv_|task,)" "$out/$run/metrics.csv"
	grep -E "^mean_abs_shap" "$out/$run/metrics.csv" | head -8
done
