package org.medxai.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.medxai.MedXaiException;
import org.medxai.batch.NaturalOrder;

/** A folder of frames as a video: its image files in natural order ({@code RUN2} before {@code RUN10}). */
public final class ImageSequence {

	public static final Set<String> EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "bmp", "gif");

	private ImageSequence() {}

	/** The frame files, in natural order of their names; one message when there are none. */
	public static List<Path> frames(final Path folder) {
		if (!Files.isDirectory(folder)) throw new MedXaiException("Not a folder: " + folder + ".");
		try (Stream<Path> files = Files.list(folder)) {
			final List<Path> frames = files.filter(Files::isRegularFile).filter(ImageSequence::isImage)
				.sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()))
				.toList();
			if (frames.isEmpty())
				throw new MedXaiException("The folder " + folder.getFileName() + " holds no image files (" +
					String.join(", ", EXTENSIONS.stream().sorted().toList()) + ").");
			return frames;
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + folder + ": " + e.getMessage(), e);
		}
	}

	static boolean isImage(final Path file) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot > 0 && !name.startsWith(".") &&
			EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}
}
