package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ImageJ application's launcher ({@code medxai-imagej}) started headless on a macro, exactly as the README tells
 * users, as a subprocess with a private home (preferences stay out of the user's; natives stay in the shared cache).
 */
final class HostLauncher {

	private HostLauncher() {}

	/**
	 * Starts the launcher of {@code application} with its output going to {@code log}. Perl (part of every Debian)
	 * first restores the default SIGINT handling, which a shell drops for background jobs and the JVM would then keep
	 * ignoring — as it is in a terminal, where Ctrl+C reaches the launcher.
	 */
	static Process start(final Path application, final Path macro, final String arguments, final Path log,
		final Path home) throws IOException
	{
		final List<String> command = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die",
			application.resolve("medxai-imagej").toString(), "--headless", "-batch", macro.toString()));
		if (arguments != null) command.add(arguments);
		final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().put("MEDXAI_JAVA_OPTS",
			"-Duser.home=" + home + " -Dmedxai.engine.cache=" + System.getProperty("ENGINE_CACHE_DIR"));
		return builder.start();
	}

	/** Runs a macro to its end, expecting {@code exitStatus}; returns the combined output. */
	static String run(final Path application, final Path macro, final String arguments, final int exitStatus,
		final Path work) throws IOException, InterruptedException
	{
		final Path log = work.resolve("launcher-" + System.nanoTime() + ".log");
		final Process process = start(application, macro, arguments, log, work.resolve("home"));
		assertTrue(process.waitFor(5, TimeUnit.MINUTES), "launcher timed out");
		final String output = Files.readString(log, StandardCharsets.UTF_8);
		assertEquals(exitStatus, process.exitValue(), output);
		return output;
	}
}
