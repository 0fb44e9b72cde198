package org.medxai.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The updater's checksum rules, against jars whose checksums the updater's own rules give (Maven Central jars). */
class UpdaterChecksumTest {

	@TempDir
	Path temp;

	/** A jar of the test class path by its file name. */
	private static Path classPathJar(final String name) {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
			.filter(p -> p.getFileName().toString().equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError(name + " is not on the test class path"));
	}

	@Test
	void knownJarsGetTheUpdatersChecksums() {
		assertEquals("7599eed25551c0d7d4c9fcba2685088b57a50e8e",
			UpdaterChecksum.of(classPathJar("api-0.32.0.jar"), "jars/api-0.32.0.jar"));
		assertEquals("6722f602d23671bdc81c02fdf8e6e21e2b7d22d2",
			UpdaterChecksum.of(classPathJar("pytorch-engine-0.32.0.jar"), "jars/pytorch-engine-0.32.0.jar"));
		assertEquals("d2966342259e1899fce5b7977fd60288c63edcdb",
			UpdaterChecksum.of(classPathJar("pytorch-jni-2.5.1-0.32.0.jar"), "jars/pytorch-jni-2.5.1-0.32.0.jar"));
		final Path natives = classPathJar("pytorch-native-cpu-2.5.1-linux-x86_64.jar");
		assertEquals("0add010287be6cb0e35a3ed337b7d883bf87c6d6",
			UpdaterChecksum.of(natives, "jars/pytorch-native-cpu-linux64-2.5.1.jar"), "the jar's name does not count");
	}

	private static void jar(final Path file, final long time, final int level, final String... namesAndTexts)
		throws IOException
	{
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.setLevel(level);
			for (int i = 0; i < namesAndTexts.length; i += 2) {
				final ZipEntry entry = new ZipEntry(namesAndTexts[i]);
				entry.setTime(time);
				zip.putNextEntry(entry);
				zip.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
	}

	@Test
	void aJarsChecksumIgnoresOrderTimesCompressionManifestAndPropertiesComments() throws IOException {
		final Path a = temp.resolve("a.jar"), b = temp.resolve("b.jar"), c = temp.resolve("c.jar");
		jar(a, 0, 9, "META-INF/MANIFEST.MF", "Built-By: one\n", "x/A.class", "AAAA", "p.properties",
			"#built Monday\nkey=1\n");
		jar(b, 86_400_000L, 0, "x/A.class", "AAAA", "p.properties", "#built Tuesday\nkey=1\n", "META-INF/MANIFEST.MF",
			"Built-By: two\n");
		assertEquals(UpdaterChecksum.of(a, "jars/a-1.0.jar"), UpdaterChecksum.of(b, "jars/a-1.1.jar"));
		jar(c, 0, 9, "META-INF/MANIFEST.MF", "Built-By: one\n", "x/A.class", "AAAB", "p.properties",
			"#built Monday\nkey=1\n");
		assertNotEquals(UpdaterChecksum.of(a, "jars/a-1.0.jar"), UpdaterChecksum.of(c, "jars/a-1.0.jar"));
	}

	@Test
	void aPlainFileIsHashedWithItsSiteName() throws IOException {
		final Path file = temp.resolve("notes.txt");
		Files.writeString(file, "same bytes");
		assertNotEquals(UpdaterChecksum.of(file, "macros/a.txt"), UpdaterChecksum.of(file, "macros/b.txt"));
		// SHA-1 of "macros/a.txtsame bytes"
		assertEquals(
			java.util.HexFormat.of().formatHex(sha1("macros/a.txtsame bytes".getBytes(StandardCharsets.US_ASCII))),
			UpdaterChecksum.of(file, "macros/a.txt"));
		assertArrayEquals("\nkey=1\n\n".getBytes(StandardCharsets.US_ASCII),
			UpdaterChecksum.withoutComments("#c\nkey=1\n#d\n".getBytes(StandardCharsets.US_ASCII)));
	}

	private static byte[] sha1(final byte[] bytes) {
		try {
			return java.security.MessageDigest.getInstance("SHA-1").digest(bytes);
		}
		catch (final java.security.NoSuchAlgorithmException e) {
			throw new AssertionError(e);
		}
	}
}
