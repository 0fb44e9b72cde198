package org.medxai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * src/test holds tests and their support; experiments, benchmarks and fixture generators live in src/experiments/java,
 * where scripts/run-experiment.sh finds and lists them (docs/ARCHITECTURE.md).
 */
class SourceLayoutTest {

	private static final Pattern MAIN = Pattern.compile("static\\s+void\\s+main\\s*\\(");
	private static final Pattern EXPERIMENT_REFERENCE = Pattern.compile("\\borg\\.medxai\\.experiments\\.\\w");
	/** The first line of a class Javadoc (the runner's summary) and its Usage line. */
	private static final Pattern CLASS_DOC = Pattern.compile("\n/\\*\\*\n \\* ([^\n]+)\n(.*?)\n \\*/\npublic ",
		Pattern.DOTALL);
	/**
	 * The entry points allowed in src/test, each with the test that starts it in a JVM of its own (through
	 * XvfbWindows), because only a fresh JVM can open a window on the test's Xvfb display.
	 */
	private static final Map<String, String> CHILD_JVM_ENTRY_POINTS = Map.of(
		"org/medxai/ui/ShapExplorerScreenshot.java", "org/medxai/host/ShapExplorerIT.java",
		"org/medxai/ui/StageExplorerScreenshot.java", "org/medxai/host/StageExplorerIT.java");

	private static final Path TESTS = TestPaths.project().resolve("src/test/java");
	private static final Path EXPERIMENTS = TestPaths.project().resolve("src/experiments/java");

	@Test
	void testSourcesHoldNoEntryPointsButTheWindowCheck() throws IOException {
		final List<String> offenders = new ArrayList<>();
		for (final Map.Entry<String, String> file : javaFiles(TESTS).entrySet()) {
			if (!MAIN.matcher(file.getValue()).find()) continue;
			final String launcher = CHILD_JVM_ENTRY_POINTS.get(file.getKey());
			final String className = file.getKey().replace(".java", "").replace('/', '.');
			if (launcher == null || !Files.readString(TESTS.resolve(launcher)).contains('"' + className + '"'))
				offenders.add(file.getKey());
		}
		assertTrue(offenders.isEmpty(), "main() in src/test (move it to src/experiments/java): " + offenders);
	}

	@Test
	void testsDoNotDependOnExperiments() throws IOException {
		final List<String> offenders = new ArrayList<>();
		for (final Map.Entry<String, String> file : javaFiles(TESTS).entrySet())
			if (EXPERIMENT_REFERENCE.matcher(file.getValue()).find()) offenders.add(file.getKey());
		assertTrue(offenders.isEmpty(), "tests using experiment classes: " + offenders);
	}

	@Test
	void everyExperimentIsListedByTheRunner() throws IOException {
		final Map<String, String> files = javaFiles(EXPERIMENTS);
		assertTrue(files.size() > 10, "experiments found: " + files.keySet());
		final List<String> problems = new ArrayList<>();
		for (final Map.Entry<String, String> file : files.entrySet()) {
			final String path = file.getKey();
			final String name = Path.of(path).getFileName().toString().replace(".java", "");
			if (!path.matches("org/medxai/experiments/[a-z]+/\\w+\\.java"))
				problems.add(path + ": not in a domain package");
			// Surefire and Failsafe would run these as tests
			if (name.matches("Test.*|.*(Test|Tests|TestCase|IT)")) problems.add(path + ": named like a test");
			if (!MAIN.matcher(file.getValue()).find()) continue;
			final Matcher doc = CLASS_DOC.matcher(file.getValue());
			if (!doc.find() || !doc.group(1).matches(".*[.?]"))
				problems.add(path + ": the class Javadoc's first line must be a one-line summary");
			else
				if (!doc.group(2).contains(" * Usage: {@code bash scripts/run-experiment.sh " + name))
					problems.add(path + ": the class Javadoc needs a 'Usage: {@code bash scripts/run-experiment.sh " +
						name + " ...}' line");
		}
		assertEquals(List.of(), problems);
	}

	/** Path relative to the root (with '/') to content. */
	private static Map<String, String> javaFiles(final Path root) throws IOException {
		final Map<String, String> files = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(root)) {
			for (final Path file : paths.filter(p -> p.toString().endsWith(".java")).toList())
				files.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
		}
		return files;
	}
}
