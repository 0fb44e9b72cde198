package org.medxai.io;

import java.nio.file.Path;

/** File-name helpers shared by the batch commands and the data readers. */
public final class FileNames {

	private FileNames() {}

	/** The file name without its extension ("a.b.png" → "a.b"; a name starting with a dot is kept whole). */
	public static String baseName(final String fileName) {
		final int dot = fileName.lastIndexOf('.');
		return dot > 0 ? fileName.substring(0, dot) : fileName;
	}

	public static String baseName(final Path file) {
		return baseName(file.getFileName().toString());
	}
}
