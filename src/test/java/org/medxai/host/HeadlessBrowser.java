package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.medxai.TestPaths;

/**
 * Chromium's headless shell for tests of the pages MedXAI writes (installed by scripts/test.sh as root; a test that
 * needs it is skipped visibly without it): the DOM as the browser built it, and screenshots kept in
 * target/test-artifacts.
 */
final class HeadlessBrowser {

	private final String program;
	private final Path work;

	private HeadlessBrowser(final String program, final Path work) {
		this.program = program;
		this.work = work;
	}

	/** The browser, or the calling test skipped with the reason. */
	static HeadlessBrowser require(final Path work) {
		final String program = which("chromium-headless-shell", "chromium");
		Assumptions.assumeTrue(program != null,
			"SKIPPED: no headless Chromium (scripts/test.sh installs chromium-headless-shell as root)");
		return new HeadlessBrowser(program, work);
	}

	/** The page's DOM after the browser loaded it. */
	String dom(final Path page) throws Exception {
		return run("--dump-dom", page.toUri().toString());
	}

	/** A screenshot of the page at {@code width × height}, also kept as target/test-artifacts/{@code artifact}. */
	BufferedImage screenshot(final Path page, final int width, final int height, final String artifact)
		throws Exception
	{
		final Path shot = work.resolve("shot-" + System.nanoTime() + ".png");
		run("--screenshot=" + shot, "--hide-scrollbars", "--window-size=" + width + "," + height,
			page.toUri().toString());
		final BufferedImage picture = ImageIO.read(shot.toFile());
		final Path artifacts = Files.createDirectories(TestPaths.project().resolve("target/test-artifacts"));
		ImageIO.write(picture, "png", artifacts.resolve(artifact).toFile());
		return picture;
	}

	private String run(final String... args) throws Exception {
		final List<String> command = new ArrayList<>(List.of(program, "--headless", "--no-sandbox", "--disable-gpu",
			"--user-data-dir=" + work.resolve("browser-profile")));
		command.addAll(List.of(args));
		final Path log = work.resolve("browser-" + System.nanoTime() + ".log");
		final Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		final byte[] output = process.getInputStream().readAllBytes();
		assertTrue(process.waitFor(2, TimeUnit.MINUTES), "browser timed out");
		assertEquals(0, process.exitValue(), Files.readString(log));
		return new String(output, StandardCharsets.UTF_8);
	}

	/** How many pixels of the picture pass the test (packed RGB). */
	static int pixels(final BufferedImage image, final IntPredicate test) {
		int n = 0;
		for (int y = 0; y < image.getHeight(); y++)
			for (int x = 0; x < image.getWidth(); x++) if (test.test(image.getRGB(x, y) & 0xffffff)) n++;
		return n;
	}

	/** Occurrences of {@code part} in {@code text}. */
	static int count(final String text, final String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

	private static String which(final String... programs) {
		for (final String program : programs)
			for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
			{
				final Path p = Path.of(dir, program);
				if (Files.isExecutable(p)) return p.toString();
			}
		return null;
	}
}
