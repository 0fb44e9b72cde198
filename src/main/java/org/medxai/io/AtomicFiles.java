package org.medxai.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Whole files written under a temporary name and moved into place, so a reader never sees half a file. */
public final class AtomicFiles {

	/** Writes a file at the path it is given. */
	@FunctionalInterface
	public interface Writing {

		void write(Path file) throws IOException;
	}

	private AtomicFiles() {}

	/** Writes {@code target} through a temporary file beside it. */
	public static void write(final Path target, final Writing writing) throws IOException {
		final Path parent = target.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		final Path temporary = parent.resolve("." + target.getFileName() + ".part");
		try {
			writing.write(temporary);
			moveIntoPlace(temporary, target);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/** Moves a finished file over {@code target} in one step where the file system allows it. */
	public static void moveIntoPlace(final Path finished, final Path target) throws IOException {
		try {
			Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}
}
