package org.medxai.launcher;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imagej.patcher.LegacyEnvironment;

/**
 * Starts the bundled ImageJ 1.x with the MedXAI plugin, as Fiji would:
 * {@code --headless -batch MACRO.ijm 'key=value ...'} runs a macro with no display (ImageJ patched by ij1-patcher, as
 * Fiji's --headless does); without {@code --headless} ImageJ opens its window. This class must not touch {@code ij.*}:
 * ImageJ lives in the patched class loader.
 */
public final class ImageJLauncher {

	private ImageJLauncher() {}

	public static void main(final String[] args) throws Exception {
		final File appDir = new File(System.getProperty("medxai.app.dir", ".")).getAbsoluteFile();
		boolean headless = false;
		final List<String> rest = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			final String arg = args[i];
			if (arg.equals("--headless")) headless = true;
			else if (arg.equals("-batch") || arg.equals("-macro")) {
				rest.add(arg);
				if (i + 1 < args.length) rest.add(absoluteIfFile(args[++i]));
			}
			else rest.add(arg);
		}
		if (headless) System.setProperty("java.awt.headless", "true");
		// read by the plugins.config bridge: in a batch run a failed command ends the process non-zero
		if (rest.contains("-batch")) System.setProperty("medxai.batch", "true");
		System.setProperty("plugins.dir", appDir.getPath());
		System.setProperty("ij.dir", appDir.getPath());

		final LegacyEnvironment ij = new LegacyEnvironment(null, headless);
		ij.disableIJ1PluginDirs();
		ij.disableInitializer();
		final File[] jars = new File(appDir, "jars").listFiles((dir, name) -> name.endsWith(".jar"));
		if (jars != null) {
			Arrays.sort(jars);
			ij.addPluginClasspath(jars);
		}
		ij.main(rest.toArray(new String[0]));
		// ImageJ 1.x filters leave pool threads behind: a batch run must end the JVM.
		if (headless || rest.contains("-batch")) System.exit(0);
	}

	private static String absoluteIfFile(final String path) {
		final File file = new File(path);
		return file.isFile() ? file.getAbsolutePath() : path;
	}
}
