package org.medxai.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site a build lays out: what Fiji ships left out, natives by platform outside platform folders, unique keys. */
class UpdateSiteBuilderTest {

	@TempDir
	Path temp;

	private Path jar(final String name) throws IOException {
		final Path file = temp.resolve("m2").resolve(name);
		Files.createDirectories(file.getParent());
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("x/" + name + ".class"));
			zip.write(name.getBytes());
			zip.closeEntry();
		}
		return file;
	}

	@Test
	void aBuildsSiteHoldsWhatFijiLacksWithNativesByPlatform() throws IOException {
		final Path list = temp.resolve("dependencies.txt");
		Files.writeString(list, String.join("\n", "", "The following files have been resolved:",
			"   ai.djl:api:jar:0.32.0:compile:" + jar("api-0.32.0.jar") + " -- module ai.djl.api [auto]",
			"   ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.5.1:runtime:" +
				jar("pytorch-native-cpu-2.5.1-linux-x86_64.jar"),
			"   org.bytedeco:ffmpeg:jar:windows-x86_64:7.1.1-1.5.12:runtime:" +
				jar("ffmpeg-7.1.1-1.5.12-windows-x86_64.jar"),
			"   com.google.code.gson:gson:jar:2.10.1:compile:" + jar("gson-2.10.1.jar") + " -- module com.google.gson",
			""));
		final Path macros = Files.createDirectories(temp.resolve("macros"));
		Files.writeString(macros.resolve("classify_folder.ijm"), "// classify\n");
		final Path site = temp.resolve("site");
		final UpdateSite.Report report = UpdateSiteBuilder.build(list, jar("medxai-0.1.0-SNAPSHOT.jar"),
			"0.1.0-SNAPSHOT", macros, site, null, Instant.parse("2026-11-28T12:00:00Z"));
		assertEquals(
			List.of("jars/medxai-0.1.0-SNAPSHOT.jar", "jars/djl-api-0.32.0.jar", "jars/ffmpeg-win64-7.1.1-1.5.12.jar",
				"macros/MedXAI/classify_folder.ijm"),
			report.added(), "gson: Fiji ships it; the PyTorch natives: the engine installer's");
		final Map<String, UpdateSite.Plugin> db = UpdateSite.read(site.resolve(UpdateSite.DB));
		assertEquals(List.of("win64"), db.get("jars/ffmpeg-win64.jar").platforms());
		assertEquals(Set.of("jars/djl-api-0.32.0.jar"), db.get("jars/medxai.jar").dependencies().keySet(),
			"the plugin needs the jars of every platform; natives install by platform");
		// nothing in a platform folder (Fiji-Latest's module path); any jar that were there must be a valid module
		try (Stream<Path> files = Files.walk(site)) {
			for (final Path f : files.filter(Files::isRegularFile).toList()) {
				final Path relative = site.relativize(f);
				final boolean inPlatformFolder = relative.getNameCount() > 2 &&
					relative.getName(0).toString().equals("jars") &&
					UpdateSiteBuilder.PLATFORMS.containsValue(relative.getName(1).toString());
				assertFalse(inPlatformFolder, relative.toString());
				if (inPlatformFolder) ModuleFinder.of(f).findAll();
			}
		}
	}

	/**
	 * The names the project's real dependencies get on the site, and the natives the engine installer puts beside them,
	 * keep apart once the updater strips versions.
	 */
	@Test
	void theRealDependenciesNamesStayUniqueWithoutVersions() {
		final List<String> names = List.of("jars/medxai-0.1.0-SNAPSHOT.jar", "jars/djl-api-0.32.0.jar",
			"jars/pytorch-engine-0.32.0.jar", "jars/pytorch-jni-2.5.1-0.32.0.jar",
			"jars/" + EngineInstaller.installedName("cpu", "linux64"),
			"jars/" + EngineInstaller.installedName("cpu", "win64"),
			"jars/" + EngineInstaller.installedName("cpu", "macos-arm64"),
			"jars/" + EngineInstaller.installedName("cu124", "linux64"),
			"jars/" + EngineInstaller.installedName("cu124", "win64"), "jars/smile-base-4.4.0.jar",
			"jars/smile-core-4.4.0.jar", "jars/javacv-1.5.12.jar", "jars/javacpp-1.5.12.jar",
			"jars/javacpp-linux64-1.5.12.jar", "jars/javacpp-win64-1.5.12.jar", "jars/ffmpeg-7.1.1-1.5.12.jar",
			"jars/ffmpeg-linux64-7.1.1-1.5.12.jar", "jars/ffmpeg-macos-arm64-7.1.1-1.5.12.jar",
			"jars/bh-tsne-0.0.1.jar", "jars/external-umap-java-1.0.jar");
		final Set<String> keys = new HashSet<>();
		for (final String name : names) {
			final String key = UpdateSite.key(name);
			assertTrue(keys.add(key), name + " strips to " + key + ", which another file has");
			assertFalse(key.matches(".*\\d+\\.\\d+.*"), name + " keeps a version in its key: " + key);
		}
		assertEquals("jars/pytorch-native-cpu-linux64.jar",
			UpdateSite.key("jars/pytorch-native-cpu-linux64-2.5.1.jar"));
		assertEquals("jars/ffmpeg-linux64.jar", UpdateSite.key("jars/ffmpeg-linux64-7.1.1-1.5.12.jar"));
	}
}
