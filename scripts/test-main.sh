# Sourced by the evaluation and benchmark scripts: selects the JDK, compiles the tests and defines
# run_test_main CLASS ARGS... (a main class from src/test/java; extra JVM options in TEST_MAIN_OPTS).
source scripts/java-env.sh
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
run_test_main() {
	java --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true ${TEST_MAIN_OPTS:-} \
		-cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" "$@" 2>&1 |
		{ grep -v '^SLF4J' || true; }
}
