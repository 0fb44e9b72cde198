package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ij.measure.ResultsTable;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.install.EngineInstaller;

class InstallEngineCommandTest extends CommandTestBase {

	@TempDir
	Path temp;

	private Path nativesJar(final String flavour) throws IOException {
		final Path file = temp.resolve("downloads").resolve("pytorch-native-" + flavour + ".jar");
		Files.createDirectories(file.getParent());
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("native/lib/pytorch.properties"));
			zip.write(("version=2.5.1-20241113\nflavor=" + flavour + "\nclassifier=linux-x86_64\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			zip.closeEntry();
		}
		return file;
	}

	private static Map<String, String> rows(final ResultsTable table) {
		final Map<String, String> rows = new HashMap<>();
		for (int i = 0; i < table.size(); i++)
			rows.put(table.getStringValue("property", i), table.getStringValue("value", i));
		return rows;
	}

	@Test
	void showsWhatIsInstalledAndInstallsAJarFileOffline() throws Exception {
		Assumptions.assumeTrue("linux64".equals(EngineInstaller.currentPlatform()), "SKIPPED: the fixture is linux64");
		final Path jars = Files.createDirectories(temp.resolve("Fiji.app/jars"));
		final InstallEngineCommand show = run(InstallEngineCommand.class,
			inputs("engine", "show", "jars_folder", jars.toFile()));
		assertNull(show.failure());
		Map<String, String> rows = rows(show.table());
		assertEquals("linux64", rows.get("platform"));
		assertTrue(rows.get("installed").startsWith("none"), rows.toString());
		assertTrue(!rows.get("cache_folder").isBlank());

		final InstallEngineCommand install = run(InstallEngineCommand.class, inputs("engine", "cpu", "source", "file",
			"jar_file", nativesJar("cpu").toFile(), "jars_folder", jars.toFile()));
		assertNull(install.failure());
		assertTrue(install.summary().startsWith("Installed the CPU, PyTorch 2.5.1, linux-x86_64") &&
			install.summary().endsWith("Restart Fiji to use it."), install.summary());
		assertTrue(Files.exists(jars.resolve("pytorch-native-cpu-linux64-2.5.1.jar")));
		rows = rows(install.table());
		assertTrue(rows.get("installed").startsWith("CPU, PyTorch 2.5.1"), rows.toString());
	}

	@Test
	void aMismatchedRequestFailsWithOneMessageAndInstallsNothing() throws Exception {
		Assumptions.assumeTrue("linux64".equals(EngineInstaller.currentPlatform()), "SKIPPED: the fixture is linux64");
		final Path jars = Files.createDirectories(temp.resolve("jars"));
		final InstallEngineCommand noFile = run(InstallEngineCommand.class,
			inputs("engine", "cpu", "source", "file", "jar_file", null, "jars_folder", jars.toFile()));
		assertTrue(noFile.failure().startsWith("Choose the natives jar"), noFile.failure());
		final InstallEngineCommand cuda = run(InstallEngineCommand.class, inputs("engine", "cuda", "source", "file",
			"jar_file", nativesJar("cpu").toFile(), "jars_folder", jars.toFile()));
		if (EngineInstaller.gpus(EngineInstaller::runCommand).isEmpty()) {
			assertTrue(cuda.failure().startsWith("No NVIDIA GPU found"), cuda.failure());
		}
		else {
			assertTrue(cuda.failure().contains("holds the CPU engine, but engine=cuda"), cuda.failure());
		}
		try (var left = Files.list(jars)) {
			assertEquals(0, left.count());
		}
	}

	@Test
	void outsideAJarTheFolderMustBeNamed() throws Exception {
		final InstallEngineCommand command = run(InstallEngineCommand.class,
			inputs("engine", "show", "source", "maven_central", "jar_file", null, "jars_folder", null));
		assertTrue(command.failure().startsWith("MedXAI is not running from a jar"), command.failure());
	}
}
