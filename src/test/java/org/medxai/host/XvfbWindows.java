package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs a window program (a test-support class with a main()) in a fresh JVM on its own Xvfb display — the one way to
 * open real windows from a test whose own JVM is headless. Skips, visibly, where Xvfb is not installed.
 */
final class XvfbWindows {

	/** What the program printed, and how it ended. */
	record Run(int exitValue, String output) {}

	private XvfbWindows() {}

	static Run run(final Path temp, final String mainClass, final String... args) throws Exception {
		final String xvfb = which("Xvfb");
		Assumptions.assumeTrue(xvfb != null, "SKIPPED: Xvfb is not installed (scripts/test.sh installs it as root)");
		final int display = 90 + (int) ((ProcessHandle.current().pid() + mainClass.hashCode() & 0x7fffffff) % 9);
		final Process server = new ProcessBuilder(xvfb, ":" + display, "-screen", "0", "1400x1000x24", "-nolisten",
			"tcp").redirectErrorStream(true).redirectOutput(temp.resolve("xvfb.log").toFile()).start();
		try {
			Thread.sleep(1500);
			assertTrue(server.isAlive(), "Xvfb did not start: " + Files.readString(temp.resolve("xvfb.log")));
			final String classpath = System.getProperty("surefire.test.class.path",
				System.getProperty("java.class.path"));
			final List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=false",
					"-Duser.home=" + temp.resolve("home"), "-cp", classpath, mainClass));
			command.addAll(List.of(args));
			final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().put("DISPLAY", ":" + display);
			final Path log = temp.resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".log");
			builder.redirectOutput(log.toFile());
			final Process java = builder.start();
			if (!java.waitFor(3, TimeUnit.MINUTES)) {
				java.destroyForcibly();
				throw new AssertionError(mainClass + " timed out: " + Files.readString(log, StandardCharsets.UTF_8));
			}
			final String output = Files.readString(log, StandardCharsets.UTF_8);
			System.out.println(output);
			return new Run(java.exitValue(), output);
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
