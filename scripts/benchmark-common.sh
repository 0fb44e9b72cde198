# Sourced by the benchmark scripts (run from the project root): their shared checks and set-up.

# require_data FOLDER WHAT: a visible skip (exit 0) when the shared data is not there.
require_data() {
	if [ ! -d "$1" ]; then
		echo "SKIPPED: no $2 at $1 (the benchmark reads real data)"
		exit 0
	fi
}

# require_python MODULE... -- PACKAGE...: Debian's Python modules, installed when missing and running as root.
require_python() {
	local modules=() packages=() after=0 item
	for item in "$@"; do
		if [ "$item" = -- ]; then after=1; elif [ "$after" = 0 ]; then modules+=("$item"); else packages+=("$item"); fi
	done
	/usr/bin/python3 -c "import $(IFS=,; echo "${modules[*]}")" 2>/dev/null && return 0
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
	else
		echo "needs Debian's ${packages[*]}" >&2
		exit 2
	fi
}

# build_for_benchmark: the JDK, the packaged plugin and its ImageJ host, the threads each side may use.
build_for_benchmark() {
	source scripts/java-env.sh
	mvn -B -q package -DskipTests
	export MEDXAI_BENCH_THREADS=${THREADS:-2}
}

# bench_resnet18 FOLDER: the benchmark's TorchScript ResNet-18 (made once) and FOLDER/polyp-card.json, the same
# network with the classes the polyp macro explains (non-polyp, polyp).
bench_resnet18() {
	[ -f "$1/model-card.json" ] || /usr/bin/python3 src/experiments/python/cam_benchmark_reference.py make "$1"
	/usr/bin/python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c["classes"] = ["non-polyp", "polyp"]; json.dump(c, open(sys.argv[2], "w"), indent=2)' \
		"$1/model-card.json" "$1/polyp-card.json"
}

# setup_polyp_benchmark DATA: the polyp benchmarks' start (Kvasir-SEG images, PyTorch/PIL/SciPy, the build, the
# benchmark ResNet-18); sets model to its folder.
setup_polyp_benchmark() {
	require_data "$1/kvasir-seg/images" "Kvasir-SEG images"
	require_python torch PIL scipy -- python3-torch python3-pil python3-scipy
	build_for_benchmark
	model=target/bench-resnet18
	bench_resnet18 "$model"
}

machine() {
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), threads $MEDXAI_BENCH_THREADS"
}
