package org.medxai.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.image.PixelPlanes;

/**
 * Classifies every image file of a folder. A file that cannot be read or
 * converted is reported in its row and skipped; the rest completes.
 */
public final class FolderClassifier {

	/** File name endings treated as images (others are ignored, not reported). */
	public static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "png", "jpg",
		"jpeg", "bmp", "gif", "pgm", "zip", "dcm", "fits");

	/** Reads an image file into one entry per slice; throws {@link MedXaiException} when it cannot. */
	@FunctionalInterface
	public interface ImageReader {

		List<PixelPlanes> read(Path file);
	}

	/** One output row: a slice's prediction, or the reason the file was skipped. */
	public record Row(String file, int slice, Prediction prediction, String error) {

		public boolean ok() {
			return error == null;
		}
	}

	private final ImageClassifier classifier;
	private final ImageReader reader;

	public FolderClassifier(final ImageClassifier classifier, final ImageReader reader) {
		this.classifier = classifier;
		this.reader = reader;
	}

	/** Image files directly in {@code folder}, sorted by name. */
	public static List<Path> imageFiles(final Path folder) {
		if (folder == null || !Files.isDirectory(folder)) {
			throw new MedXaiException("Input folder not found: " + folder + ".");
		}
		try (Stream<Path> files = Files.list(folder)) {
			final List<Path> images = files.filter(Files::isRegularFile).filter(
				FolderClassifier::looksLikeImage).sorted().toList();
			if (images.isEmpty()) {
				throw new MedXaiException("No image files in " + folder + " (looked for " +
					String.join(", ", IMAGE_EXTENSIONS.stream().sorted().toList()) + ").");
			}
			return images;
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + folder + ": " + e.getMessage(), e);
		}
	}

	private static boolean looksLikeImage(final Path file) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot > 0 && !name.startsWith(".") && IMAGE_EXTENSIONS.contains(name.substring(
			dot + 1).toLowerCase(Locale.ROOT));
	}

	/** All rows, in file order; {@code cancelled} tells whether the user stopped early. */
	public record Outcome(List<Row> rows, boolean cancelled, String status) {}

	/**
	 * Classifies the files, {@code batchSize} slices per network call. Cancelling
	 * stops between files and keeps the rows done so far.
	 */
	public Outcome classify(final List<Path> files, final int batchSize,
		final ProgressListener progress)
	{
		final List<Row> rows = new ArrayList<>();
		final List<PixelPlanes> pending = new ArrayList<>();
		final List<int[]> pendingRefs = new ArrayList<>(); // {row index}
		for (int f = 0; f < files.size(); f++) {
			if (progress.isCancelled()) {
				flush(pending, pendingRefs, rows);
				return new Outcome(rows, true, "Cancelled after " + f + " of " + files.size() +
					" files.");
			}
			final Path file = files.get(f);
			final String name = file.getFileName().toString();
			List<PixelPlanes> slices;
			try {
				slices = reader.read(file);
				if (slices.isEmpty()) throw new MedXaiException("the file holds no image");
			}
			catch (final MedXaiException | OutOfMemoryError e) {
				rows.add(new Row(name, 0, null, message(e)));
				progress.progress(f + 1, files.size(), "Skipped " + name);
				continue;
			}
			for (int s = 0; s < slices.size(); s++) {
				rows.add(new Row(name, s + 1, null, null));
				pending.add(slices.get(s));
				pendingRefs.add(new int[] { rows.size() - 1 });
				if (pending.size() >= Math.max(1, batchSize)) flush(pending, pendingRefs, rows);
			}
			progress.progress(f + 1, files.size(), "Read " + name);
		}
		flush(pending, pendingRefs, rows);
		final long failed = rows.stream().filter(r -> !r.ok()).count();
		return new Outcome(rows, false, "Classified " + (rows.size() - failed) + " images from " +
			files.size() + " files" + (failed > 0 ? "; " + failed + " skipped" : "") + ".");
	}

	private void flush(final List<PixelPlanes> pending, final List<int[]> refs,
		final List<Row> rows)
	{
		if (pending.isEmpty()) return;
		try {
			final List<Prediction> predictions = classifier.classify(pending);
			for (int i = 0; i < predictions.size(); i++) {
				final int at = refs.get(i)[0];
				final Row row = rows.get(at);
				rows.set(at, new Row(row.file(), row.slice(), predictions.get(i), null));
			}
		}
		catch (final MedXaiException e) {
			for (final int[] ref : refs) {
				final Row row = rows.get(ref[0]);
				rows.set(ref[0], new Row(row.file(), row.slice(), null, message(e)));
			}
		}
		pending.clear();
		refs.clear();
	}

	private static String message(final Throwable e) {
		if (e instanceof OutOfMemoryError) return "not enough memory to read this file";
		return e.getMessage();
	}
}
