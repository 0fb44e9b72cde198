package org.medxai.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.medxai.MedXaiException;

/**
 * Checks weight files before any byte reaches the engine: present, not a Python pickle, the expected container, and the
 * SHA-256 the card promises.
 */
public final class WeightFiles {

	/** What a file's first bytes and entries say it is. */
	public enum Kind {
		DJL_PARAMS, TORCHSCRIPT, PICKLE, UNKNOWN
	}

	private static final String PICKLE_ADVICE = "MedXAI never loads Python pickles (they can run arbitrary code). Export the " +
		"model as TorchScript (torch.jit.script(model) or torch.jit.trace(model, x), then " +
		"torch.jit.save(...)) and describe it in a model card.";

	private WeightFiles() {}

	/** Lower-case hex SHA-256 of a file. */
	public static String sha256(final Path file) throws IOException {
		final MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] buffer = new byte[1 << 16];
			for (int n; (n = in.read(buffer)) > 0;) {
				digest.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/** Recognises DJL params ("DJL@"), TorchScript archives, and pickles (raw or torch.save zips). */
	public static Kind kindOf(final Path file) throws IOException {
		final byte[] head = new byte[4];
		final int read;
		try (InputStream in = Files.newInputStream(file)) {
			read = in.readNBytes(head, 0, 4);
		}
		if (read >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
			return Kind.PICKLE;
		}
		if (read == 4 && head[0] == 'D' && head[1] == 'J' && head[2] == 'L' && head[3] == '@') {
			return Kind.DJL_PARAMS;
		}
		if (read == 4 && head[0] == 'P' && head[1] == 'K') return zipKind(file);
		return Kind.UNKNOWN;
	}

	/** TorchScript archives carry compiled code; torch.save archives only a data pickle. */
	private static Kind zipKind(final Path file) throws IOException {
		boolean code = false;
		boolean dataPickle = false;
		// PyTorch writes stored, padded entries: read the central directory, not the stream.
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (final Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
				final String name = entries.nextElement().getName();
				if (name.contains("/code/") || name.endsWith("constants.pkl")) code = true;
				if (name.endsWith("/data.pkl") || name.equals("data.pkl")) dataPickle = true;
			}
		}
		catch (final IOException e) {
			return Kind.UNKNOWN;
		}
		if (code) return Kind.TORCHSCRIPT;
		return dataPickle ? Kind.PICKLE : Kind.UNKNOWN;
	}

	/** Refuses a file by name or content when it is a Python pickle. */
	public static void refusePickle(final Path file) {
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		final boolean pickleName = name.endsWith(".pkl") || name.endsWith(".pickle");
		Kind kind = Kind.UNKNOWN;
		if (Files.isRegularFile(file)) {
			try {
				kind = kindOf(file);
			}
			catch (final IOException e) {
				throw new MedXaiException("Cannot read " + file + ": " + e.getMessage(), e);
			}
		}
		if (kind == Kind.PICKLE || (pickleName && kind != Kind.TORCHSCRIPT)) {
			throw new MedXaiException(file.getFileName() + " is a Python pickle file. " + PICKLE_ADVICE);
		}
	}

	/**
	 * Verifies one weight file of a card: present, not a pickle, of the expected kind, and matching its SHA-256. Any
	 * failure is one clear message.
	 */
	public static void verify(final Path file, final String expectedSha256, final Kind expected) {
		if (file == null || !Files.isRegularFile(file)) {
			throw new MedXaiException(
				"Model weight file missing: " + file + ". Keep the weight files in the same folder as the model card.");
		}
		refusePickle(file);
		final String actual;
		try {
			actual = sha256(file);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read model weight file " + file + ": " + e.getMessage(), e);
		}
		if (!actual.equalsIgnoreCase(expectedSha256)) {
			throw new MedXaiException(
				"Model weight file " + file.getFileName() + " does not match its model card (SHA-256 " + actual +
					", card expects " + expectedSha256.toLowerCase(Locale.ROOT) + "). The file is corrupt, truncated " +
					"or was replaced: copy the model again, with its card.");
		}
		final Kind kind;
		try {
			kind = kindOf(file);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read " + file + ": " + e.getMessage(), e);
		}
		if (kind != expected) {
			throw new MedXaiException("Model weight file " + file.getFileName() + " is not " +
				(expected == Kind.DJL_PARAMS ? "a DJL .params file" : "a TorchScript archive") + " as its card says.");
		}
	}
}
