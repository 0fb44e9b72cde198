package org.medxai.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.medxai.MedXaiException;

/** The input files of a folder batch: directly in the folder, by file-name ending, in natural order. */
public final class ImageFolder {

	/** File name endings treated as images (others are ignored, not reported). */
	public static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "bmp", "gif", "pgm",
		"zip", "dcm", "fits");

	private ImageFolder() {}

	/** Image files directly in {@code folder}, in natural order ({@code RUN2} before {@code RUN10}). */
	public static List<Path> imageFiles(final Path folder) {
		return files(folder, IMAGE_EXTENSIONS);
	}

	/** Files directly in {@code folder} whose name ends in one of {@code extensions}, in natural order. */
	public static List<Path> files(final Path folder, final Collection<String> extensions) {
		if (folder == null || folder.toString().isBlank() || !Files.isDirectory(folder)) {
			throw new MedXaiException("Input folder not found: " + folder + ".");
		}
		try (Stream<Path> files = Files.list(folder)) {
			final List<Path> found = files.filter(Files::isRegularFile).filter(f -> hasExtension(f, extensions))
				.sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()))
				.toList();
			if (found.isEmpty()) {
				throw new MedXaiException("No image files in " + folder + " (looked for " +
					String.join(", ", extensions.stream().sorted().toList()) + ").");
			}
			return found;
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + folder + ": " + e.getMessage(), e);
		}
	}

	private static boolean hasExtension(final Path file, final Collection<String> extensions) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot > 0 && !name.startsWith(".") &&
			extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}
}
