package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;

/**
 * The SHAP explorer in a real window under Xvfb: a fresh JVM with a display opens it on a known table, checks the plots
 * it shows, and saves a screenshot to target/test-artifacts/.
 */
class ShapExplorerIT {

	@TempDir
	Path temp;

	@Test
	void explorerShowsTheExpectedPlotsInARealWindow() throws Exception {
		final String xvfb = which("Xvfb");
		Assumptions.assumeTrue(xvfb != null, "SKIPPED: Xvfb is not installed (scripts/test.sh installs it as root)");
		final int display = 90 + (int) (ProcessHandle.current().pid() % 9);
		final Process server = new ProcessBuilder(xvfb, ":" + display, "-screen", "0", "1400x1000x24", "-nolisten",
			"tcp").redirectErrorStream(true).redirectOutput(temp.resolve("xvfb.log").toFile()).start();
		try {
			Thread.sleep(1500);
			assertTrue(server.isAlive(), "Xvfb did not start: " + Files.readString(temp.resolve("xvfb.log")));
			final Path table = temp.resolve("clinic.csv");
			Files.writeString(table, org.medxai.tabular.SyntheticTables.csv(160, "binary", 31));
			final Path artifacts = TestPaths.project().resolve("target/test-artifacts");
			final String classpath = System.getProperty("surefire.test.class.path",
				System.getProperty("java.class.path"));
			final ProcessBuilder builder = new ProcessBuilder(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=false", "-cp",
				classpath, "org.medxai.ui.ShapExplorerScreenshot", table.toString(), artifacts.toString())
				.redirectErrorStream(true);
			builder.environment().put("DISPLAY", ":" + display);
			final Path log = temp.resolve("explorer.log");
			builder.redirectOutput(log.toFile());
			final Process java = builder.start();
			if (!java.waitFor(3, TimeUnit.MINUTES)) {
				java.destroyForcibly();
				throw new AssertionError("explorer timed out: " + Files.readString(log, StandardCharsets.UTF_8));
			}
			final String output = Files.readString(log, StandardCharsets.UTF_8);
			System.out.println(output);
			assertEquals(0, java.exitValue(), output);
			assertTrue(output.contains("EXPLORER OK rows=160 method=TreeSHAP"), output);
			assertTrue(output.contains("RESPONSIVE worst_event_ms="), output);
			for (final String name : List.of("window", "waterfall", "beeswarm", "bar", "dependence"))
				assertTrue(Files.size(artifacts.resolve("shap-explorer-" + name + ".png")) > 5000, name);
		}
		finally {
			server.destroy();
			server.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static String which(final String program) {
		for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
			final Path p = Path.of(dir, program);
			if (Files.isExecutable(p)) return p.toString();
		}
		return null;
	}
}
