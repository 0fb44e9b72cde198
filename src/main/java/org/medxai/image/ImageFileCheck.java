package org.medxai.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.medxai.MedXaiException;

/**
 * Checks a batch makes before and after decoding a file, so that images a model cannot sensibly read are flagged in
 * their row instead of being scored as if they were fine.
 */
public final class ImageFileCheck {

	/** How far from the end of a file its end marker is looked for (some writers add a few bytes after it). */
	private static final int TAIL = 4096;

	private ImageFileCheck() {}

	/** Throws the reason a file cannot be an image at all (missing, unreadable, empty). */
	public static void requireContent(final Path file) {
		try {
			if (!Files.isReadable(file)) throw new MedXaiException("cannot read " + file.getFileName());
			if (Files.size(file) == 0) throw new MedXaiException("the file is empty (0 bytes)");
		}
		catch (final IOException e) {
			throw new MedXaiException("cannot read " + file.getFileName() + " (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * Why a JPEG or PNG file is not whole (it ends before its end marker: a cut download or copy), or null. Such files
	 * still decode — the missing part comes out grey — so only this check tells.
	 */
	public static String truncation(final Path file) {
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		final boolean jpeg = name.endsWith(".jpg") || name.endsWith(".jpeg");
		final boolean png = name.endsWith(".png");
		if (!jpeg && !png) return null;
		final byte[] tail;
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			final int n = (int) Math.min(TAIL, in.length());
			tail = new byte[n];
			in.seek(in.length() - n);
			in.readFully(tail);
		}
		catch (final IOException e) {
			return "cannot read the end of the file (" + e.getMessage() + ")";
		}
		if (jpeg && !contains(tail, new byte[] { (byte) 0xff, (byte) 0xd9 })) {
			return "the JPEG file is cut short (no end marker): part of the image is missing";
		}
		if (png && !contains(tail, new byte[] { 'I', 'E', 'N', 'D' })) {
			return "the PNG file is cut short (no IEND chunk): part of the image is missing";
		}
		return null;
	}

	/** Why an image is too small for a model whose input is {@code spec}, or null: see {@link #minimumSide}. */
	public static String tooSmall(final int width, final int height, final InputSpec spec) {
		final int min = minimumSide(spec);
		if (width >= min && height >= min) return null;
		return "the image is " + width + " x " + height + " pixels; the model needs at least " + min + " x " + min +
			" (1/8 of its " + spec.width() + " x " + spec.height() +
			" input): enlarging it further only invents detail";
	}

	/** The smallest side a model reads sensibly: 1/8 of its input side, and at least 8 pixels. */
	public static int minimumSide(final InputSpec spec) {
		return Math.max(8, (int) Math.ceil(Math.min(spec.width(), spec.height()) / 8.0));
	}

	private static boolean contains(final byte[] data, final byte[] pattern) {
		outer : for (int i = data.length - pattern.length; i >= 0; i--) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) continue outer;
			}
			return true;
		}
		return false;
	}
}
