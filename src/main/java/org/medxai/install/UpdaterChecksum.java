package org.medxai.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.medxai.MedXaiException;

/**
 * The checksum the Fiji updater gives a file (SHA-1, lower-case hex), so that a site's {@code db.xml.gz} matches what
 * users' updaters compute on their copies. A plain file: its name as the site lists it, then its bytes. A jar: every
 * entry in name order, its name then its content — a manifest by its name alone, comment lines of {@code .properties}
 * entries emptied (their newline kept) — so the jar's own name, entry times and compression do not count, and
 * rebuilding the same classes gives the same checksum.
 */
public final class UpdaterChecksum {

	private static final String MANIFEST = "META-INF/MANIFEST.MF";

	private UpdaterChecksum() {}

	/** The checksum of {@code file} as listed on a site under {@code siteName} (e.g. {@code jars/x-1.0.jar}). */
	public static String of(final Path file, final String siteName) {
		final MessageDigest digest = sha1();
		try {
			if (siteName.endsWith(".jar")) jar(file, digest);
			else {
				digest.update(siteName.getBytes(StandardCharsets.US_ASCII));
				try (InputStream in = Files.newInputStream(file)) {
					update(digest, in);
				}
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read " + file + " for its checksum: " + e.getMessage(), e);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static void jar(final Path file, final MessageDigest digest) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile())) {
			final List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
			entries.sort((a, b) -> a.getName().compareTo(b.getName()));
			for (final ZipEntry entry : entries) {
				digest.update(entry.getName().getBytes(StandardCharsets.US_ASCII));
				if (entry.getName().equals(MANIFEST) || entry.isDirectory()) continue;
				try (InputStream in = zip.getInputStream(entry)) {
					if (entry.getName().endsWith(".properties")) digest.update(withoutComments(in.readAllBytes()));
					else update(digest, in);
				}
			}
		}
	}

	/** The bytes with every line that starts with {@code #} emptied up to its newline. */
	static byte[] withoutComments(final byte[] bytes) {
		final byte[] out = new byte[bytes.length];
		int n = 0;
		boolean lineStart = true, comment = false;
		for (final byte b : bytes) {
			if (lineStart) comment = b == '#';
			if (b == '\n') comment = false;
			if (!comment) out[n++] = b;
			lineStart = b == '\n';
		}
		return Arrays.copyOf(out, n);
	}

	private static void update(final MessageDigest digest, final InputStream in) throws IOException {
		final byte[] buffer = new byte[1 << 16];
		for (int read; (read = in.read(buffer)) > 0;) digest.update(buffer, 0, read);
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
		}
	}
}
