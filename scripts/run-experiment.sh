#!/usr/bin/env bash
# Runs one experiment, benchmark or fixture generator from src/experiments/java (docs/ARCHITECTURE.md):
#   bash scripts/run-experiment.sh                  lists them: arguments and what each does
#   bash scripts/run-experiment.sh NAME [ARGS...]   runs org.medxai.experiments.<domain>.NAME
# Compiles first (tests and experiments share one class path) when a source or the pom changed since the
# last run. EXPERIMENT_JAVA_OPTS passes JVM options, e.g. EXPERIMENT_JAVA_OPTS="-Xmx8g".
set -euo pipefail
cd "$(dirname "$0")/.."
sources=src/experiments/java/org/medxai/experiments

entry_points() { grep -rl --include='*.java' 'public static void main' "$sources" | sort; }

# The first Javadoc line is the summary; the "Usage:" line names the arguments.
summary() { awk '/^\/\*\*/ { getline; sub(/^ \* /, ""); print; exit }' "$1"; }
arguments() { sed -n 's/^ \* Usage: {@code bash scripts\/run-experiment.sh \(.*\)}$/\1/p' "$1"; }

if [ $# -eq 0 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
	echo "Usage: bash scripts/run-experiment.sh NAME [ARGS...]; EXPERIMENT_JAVA_OPTS for JVM options."
	domain=
	for file in $(entry_points); do
		relative=${file#"$sources"/}
		if [ "${relative%%/*}" != "$domain" ]; then
			domain=${relative%%/*}
			printf '\n%s (org.medxai.experiments.%s):\n' "$domain" "$domain"
		fi
		printf '  %s\n      %s\n' "$(arguments "$file")" "$(summary "$file")"
	done
	exit 0
fi

name=$1
shift
matches=$(entry_points | grep "/${name##*.}\.java$" || true)
if [ -z "$matches" ] || [ "$(echo "$matches" | wc -l)" -ne 1 ]; then
	echo "No single experiment called $name; bash scripts/run-experiment.sh lists them." >&2
	exit 2
fi
relative=${matches#"$sources"/}
class=org.medxai.experiments.$(echo "${relative%.java}" | tr / .)

source scripts/java-env.sh
classpath=target/experiments-classpath.txt
if [ ! -f "$classpath" ] || [ -n "$(find src pom.xml -newer "$classpath" -print -quit)" ]; then
	rm -f "$classpath"
	mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
	touch "$classpath"
fi
# a private copy of the compiled classes, so that rebuilding the project meanwhile cannot disturb a long run
private=$(mktemp -d target/experiment-classes.XXXXXX)
trap 'rm -rf "$private"' EXIT
cp -r target/classes "$private/classes" && cp -r target/test-classes "$private/test-classes"
# SLF4J's "no binding" lines are noise here (line-buffered, so a log file fills as the experiment runs); the
# experiment's own exit status is kept (pipefail)
java --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true ${EXPERIMENT_JAVA_OPTS:-} \
	-cp "$private/test-classes:$private/classes:$(cat "$classpath")" "$class" "$@" 2>&1 |
	{ grep --line-buffered -v '^SLF4J' || true; }
