package org.medxai.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;

/** Publishing writes what the updater reads, and a later publish keeps what users' older copies need. */
class UpdateSiteTest {

	@TempDir
	Path temp;

	private Path jar(final String name, final String classBytes) throws IOException {
		final Path file = temp.resolve("build").resolve(name);
		Files.createDirectories(file.getParent());
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("org/x/A.class"));
			zip.write(classBytes.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		return file;
	}

	private Path text(final String name, final String content) throws IOException {
		final Path file = temp.resolve("build").resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
		return file;
	}

	private static String db(final Path site) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(site.resolve(UpdateSite.DB)))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void aSecondPublishKeepsEarlierVersionsAndMarksRemovedFilesObsolete() throws IOException {
		final Path plugin = jar("medxai-0.1.0.jar", "one"), engine = jar("engine-1.0.jar", "engine");
		final Path macro = text("demo macro.ijm", "print(1);"), natives = jar("natives-linux64-2.5.jar", "so");
		final List<UpdateSite.Entry> first = List.of(
			new UpdateSite.Entry("jars/medxai-0.1.0.jar", plugin, List.of(), "MedXAI", List.of("jars/engine-1.0.jar")),
			new UpdateSite.Entry("jars/engine-1.0.jar", engine, List.of(), "", List.of()),
			new UpdateSite.Entry("macros/demo macro.ijm", macro, List.of(), "", List.of()),
			new UpdateSite.Entry("jars/natives-linux64-2.5.jar", natives, List.of("linux64"), "", List.of()));
		final Path site1 = temp.resolve("site1");
		final UpdateSite.Report r1 = UpdateSite.publish(first, null, site1, Instant.parse("2026-11-28T12:00:00Z"));
		assertEquals("20261128120000", r1.timestamp());
		assertEquals(4, r1.added().size());
		final String xml = db(site1);
		assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE pluginRecords ["), xml);
		assertTrue(xml.contains("<plugin filename=\"jars/natives-linux64-2.5.jar\">\n  <platform>linux64</platform>"),
			xml);
		assertTrue(xml.contains("<dependency filename=\"jars/engine-1.0.jar\" timestamp=\"20261128120000\"/>"), xml);
		final Map<String, UpdateSite.Plugin> one = UpdateSite.read(site1.resolve(UpdateSite.DB));
		assertEquals(List.of("jars/medxai.jar", "jars/engine.jar", "macros/demo macro.ijm", "jars/natives-linux64.jar"),
			List.copyOf(one.keySet()), "keys: names without versions");
		for (final UpdateSite.Entry e : first) {
			final UpdateSite.Version v = one.get(UpdateSite.key(e.filename())).current();
			final Path object = site1.resolve(UpdateSite.objectName(e.filename(), v.timestamp()));
			assertEquals(UpdaterChecksum.of(e.source(), e.filename()), v.checksum());
			assertEquals(Files.size(object), v.filesize());
			assertTrue(v.timestamp().matches("\\d{14}"));
		}
		assertTrue(Files.isRegularFile(site1.resolve("macros/demo%20macro.ijm-20261128120000")));

		// 0.2.0: the plugin changed, the engine and macro did not, the natives were dropped
		final Path plugin2 = jar("medxai-0.2.0.jar", "two");
		final List<UpdateSite.Entry> second = List.of(
			new UpdateSite.Entry("jars/medxai-0.2.0.jar", plugin2, List.of(), "MedXAI", List.of("jars/engine-1.0.jar")),
			new UpdateSite.Entry("jars/engine-1.0.jar", engine, List.of(), "", List.of()),
			new UpdateSite.Entry("macros/demo macro.ijm", macro, List.of(), "", List.of()));
		final Path site2 = temp.resolve("site2");
		// published "earlier" by the clock than the first: the timestamp still moves forward
		final UpdateSite.Report r2 = UpdateSite.publish(second, site1.resolve(UpdateSite.DB), site2,
			Instant.parse("2026-11-28T11:00:00Z"));
		assertEquals("20261128120001", r2.timestamp());
		assertEquals(List.of("jars/medxai-0.2.0.jar"), r2.updated());
		assertEquals(List.of("jars/engine-1.0.jar", "macros/demo macro.ijm"), r2.unchanged());
		assertEquals(List.of("jars/natives-linux64-2.5.jar"), r2.obsolete());
		final Map<String, UpdateSite.Plugin> two = UpdateSite.read(site2.resolve(UpdateSite.DB));
		final UpdateSite.Plugin medxai = two.get("jars/medxai.jar");
		assertEquals("jars/medxai-0.2.0.jar", medxai.current().filename());
		assertEquals(List.of(new UpdateSite.Previous("jars/medxai-0.1.0.jar",
			one.get("jars/medxai.jar").current().checksum(), "20261128120000", "20261128120001")), medxai.previous());
		assertEquals("20261128120000", two.get("macros/demo macro.ijm").current().timestamp(), "unchanged");
		final UpdateSite.Plugin gone = two.get("jars/natives-linux64.jar");
		assertNull(gone.current(), "obsolete: no current version");
		assertEquals(1, gone.previous().size());
		assertEquals(List.of("linux64"), gone.platforms());
		assertTrue(Files.isRegularFile(site2.resolve("jars/medxai-0.2.0.jar-20261128120001")));
		assertTrue(Files.isRegularFile(site2.resolve("jars/engine-1.0.jar-20261128120000")),
			"a complete site: unchanged objects too");

		// a third publish keeps both earlier plugin versions
		final Path site3 = temp.resolve("site3");
		UpdateSite.publish(List.of(new UpdateSite.Entry("jars/medxai-0.3.0.jar", jar("medxai-0.3.0.jar", "three"),
			List.of(), "MedXAI", List.of())), site2.resolve(UpdateSite.DB), site3,
			Instant.parse("2026-12-01T00:00:00Z"));
		assertEquals(2, UpdateSite.read(site3.resolve(UpdateSite.DB)).get("jars/medxai.jar").previous().size());
	}

	@Test
	void clashingNamesAndMissingDependenciesAreRefused() throws IOException {
		final Path a = jar("a-1.0.jar", "a"), b = jar("a-2.0.jar", "b");
		final MedXaiException clash = assertThrows(MedXaiException.class,
			() -> UpdateSite.publish(
				List.of(new UpdateSite.Entry("jars/a-1.0.jar", a, List.of(), "", List.of()),
					new UpdateSite.Entry("jars/a-2.0.jar", b, List.of(), "", List.of())),
				null, temp.resolve("s"), Instant.now()));
		assertTrue(clash.getMessage().contains("same name without version (jars/a.jar)"), clash.getMessage());
		final MedXaiException missing = assertThrows(MedXaiException.class,
			() -> UpdateSite.publish(
				List.of(new UpdateSite.Entry("jars/a-1.0.jar", a, List.of(), "", List.of("jars/b-1.0.jar"))), null,
				temp.resolve("s"), Instant.now()));
		assertTrue(missing.getMessage().contains("depends on jars/b-1.0.jar, which the site does not publish"),
			missing.getMessage());
	}
}
