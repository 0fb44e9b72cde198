package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;
import org.medxai.install.EngineInstaller;
import org.medxai.install.UpdateSite;
import org.medxai.install.UpdateSiteBuilder;
import org.medxai.install.UpdaterChecksum;

/**
 * Install as a Fiji user does: the update site the build writes is checked object by object, a clean folder laid out
 * like Fiji.app is filled from it the way the updater does (objects by {@code <filename>-<timestamp>}, renamed to their
 * file names, only those for this platform), the engine is installed by the Install MedXAI Engine command from a
 * natives jar (offline), and the bundled ImageJ host started on that folder runs the site's {@code classify_folder.ijm}
 * with the bundled model and lists every MedXAI command exactly once.
 */
class UpdateSiteInstallIT {

	/** The updater's platform names. */
	private static final Set<String> FIJI_PLATFORMS = Set.of("linux32", "linux64", "linux-arm64", "macos64",
		"macos-arm64", "win32", "win64", "win-arm64");

	@TempDir
	Path temp;

	@Test
	void aFijiFolderFilledFromTheSiteRunsMedxai() throws Exception {
		final Path target = TestPaths.project().resolve("target");
		final Path pluginJar;
		try (Stream<Path> files = Files.list(target)) {
			pluginJar = files.filter(p -> p.getFileName().toString().matches("medxai-[0-9].*\\.jar") &&
				!p.getFileName().toString().matches(".*-(sources|tests)\\.jar")).findFirst().orElseThrow();
		}
		final String version = pluginJar.getFileName().toString().replaceFirst("^medxai-", "").replaceFirst("\\.jar$",
			"");
		final Path site = temp.resolve("site");
		UpdateSiteBuilder.main(new String[] { target.resolve("runtime-dependencies.txt").toString(),
			pluginJar.toString(), version, TestPaths.project().resolve("macros").toString(), site.toString() });
		final Map<String, UpdateSite.Plugin> db = UpdateSite.read(site.resolve(UpdateSite.DB));

		// every object: named <filename>-<timestamp>, its size and the updater's checksum as the database says
		final Set<String> keys = new HashSet<>();
		for (final UpdateSite.Plugin plugin : db.values()) {
			final UpdateSite.Version v = plugin.current();
			final Path object = site.resolve(UpdateSite.objectName(v.filename(), v.timestamp()));
			assertTrue(Files.isRegularFile(object), object.toString());
			assertEquals(v.filesize(), Files.size(object), v.filename());
			assertEquals(v.checksum(), UpdaterChecksum.of(object, v.filename()), v.filename());
			assertTrue(v.timestamp().matches("\\d{14}"), v.timestamp());
			assertTrue(FIJI_PLATFORMS.containsAll(plugin.platforms()), plugin.platforms().toString());
			assertTrue(keys.add(UpdateSite.key(v.filename())), "one key per file: " + v.filename());
			assertFalse(v.filename().contains("pytorch-native"), "the engine installer's, not the site's");
			// a jar in a platform folder would sit on Fiji-Latest's module path: it must be a valid module there
			final Path relative = Path.of(v.filename());
			if (relative.getNameCount() > 2 && relative.getName(0).toString().equals("jars")) {
				ModuleFinder.of(object).findAll();
			}
		}

		// the Fiji-like folder: what Fiji ships (here: the bundled application's copies), then the site's files
		final Path fiji = Files.createDirectories(temp.resolve("Fiji.app"));
		final Path app = ImageJHostIT.app();
		copyTree(app.resolve("launcher"), fiji.resolve("launcher"));
		Files.copy(app.resolve("medxai-imagej"), fiji.resolve("medxai-imagej"), StandardCopyOption.COPY_ATTRIBUTES);
		Files.createDirectories(fiji.resolve("jars"));
		for (final String shipped : fijiShips(app.resolve("jars")))
			Files.copy(app.resolve("jars").resolve(shipped), fiji.resolve("jars").resolve(shipped));
		final String platform = EngineInstaller.currentPlatform();
		int installed = 0;
		for (final UpdateSite.Plugin plugin : db.values()) {
			if (!plugin.platforms().isEmpty() && !plugin.platforms().contains(platform)) continue;
			final UpdateSite.Version v = plugin.current();
			final Path file = fiji.resolve(v.filename());
			Files.createDirectories(file.getParent());
			Files.copy(site.resolve(UpdateSite.objectName(v.filename(), v.timestamp())), file);
			installed++;
		}
		assertTrue(installed > 10, "the plugin, its dependencies, natives of this platform and the macros");

		// without an engine, a command says what to do
		final Path images = TestPaths.testImages();
		final Path classify = fiji.resolve("macros/MedXAI/classify_folder.ijm");
		final String noEngine = HostLauncher.run(fiji, classify,
			"input=[" + images + "] output=[" + temp.resolve("first") + "]", 1, temp);
		assertTrue(noEngine.contains("Install MedXAI Engine"), noEngine);

		// the engine from a natives jar (the one Maven resolved for this build), into MedXAI's own jars folder
		final Path natives = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
			.map(Path::of).filter(p -> p.getFileName().toString().startsWith("pytorch-native-cpu-")).findFirst()
			.orElseThrow();
		final Path engineMacro = Files.writeString(temp.resolve("install_engine.ijm"),
			"run(\"Install MedXAI Engine\", \"engine=cpu source=file jar_file=[" + natives + "]\");\n" +
				"print(getResultString(\"value\", 2));\n");
		final String engineLog = HostLauncher.run(fiji, engineMacro, null, 0, temp);
		assertTrue(engineLog.contains("Installed the CPU, PyTorch 2.5.1"), engineLog);
		assertTrue(Files.exists(fiji.resolve("jars").resolve(EngineInstaller.installedName("cpu", platform))));

		// the site's macro with the bundled model (no model given)
		final Path output = temp.resolve("classified");
		HostLauncher.run(fiji, classify, "input=[" + images + "] output=[" + output + "]", 0, temp);
		final List<String> rows = Files.readAllLines(output.resolve("classification.csv"));
		assertTrue(rows.size() > 10, String.join("\n", rows));
		for (final String row : rows.subList(1, rows.size()))
			assertTrue(row.split(",")[2].equals("ok") && row.contains(",polyp-default,"), row);

		// every MedXAI command exactly once in ImageJ's command table (headless, the table exists after a first run)
		final Path listMacro = Files.writeString(temp.resolve("commands.ijm"),
			"run(\"Install MedXAI Engine\", \"engine=show\");\nList.setCommands;\n" +
				"print(\"COMMANDS\\n\" + List.getList + \"\\nEND\");\n");
		final String listing = HostLauncher.run(fiji, listMacro, null, 0, temp);
		final List<String> commands = new ArrayList<>(
			List.of(listing.substring(listing.indexOf("COMMANDS\n") + 9, listing.indexOf("\nEND")).split("\n")));
		final List<String> labels = medxaiLabels(pluginJar);
		assertTrue(labels.contains("Install MedXAI Engine") && labels.size() > 20, labels.toString());
		for (final String label : labels) {
			final long count = commands.stream().filter(c -> c.startsWith(label + "=")).count();
			assertEquals(1, count, label + " in " + commands.size() + " commands");
		}
	}

	/** The menu labels of the plugin jar's plugins.config. */
	private static List<String> medxaiLabels(final Path pluginJar) throws IOException {
		final List<String> labels = new ArrayList<>();
		try (JarFile jar = new JarFile(pluginJar.toFile())) {
			final String config = new String(jar.getInputStream(jar.getEntry("plugins.config")).readAllBytes());
			for (final String line : config.split("\n"))
				if (line.startsWith("Plugins>")) labels.add(line.split("\"")[1]);
		}
		return labels;
	}

	/** The jars in the bundled application that Fiji ships itself (the site leaves them out). */
	private static List<String> fijiShips(final Path jars) throws IOException {
		final Set<String> artifacts = new HashSet<>();
		for (final String key : UpdateSiteBuilder.FIJI_SHIPS) artifacts.add(key.substring(key.indexOf(':') + 1));
		try (Stream<Path> files = Files.list(jars)) {
			return files.map(p -> p.getFileName().toString())
				.filter(name -> artifacts.contains(name.replaceFirst("-[0-9].*$", ""))).sorted().toList();
		}
	}

	private static void copyTree(final Path from, final Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (final Path f : files.toList()) {
				final Path copy = to.resolve(from.relativize(f).toString());
				if (Files.isDirectory(f)) Files.createDirectories(copy);
				else Files.copy(f, copy);
			}
		}
	}
}
