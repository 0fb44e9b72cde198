package org.medxai.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.medxai.MedXaiException;

/**
 * Keeps two runs from writing the same table in one folder at once. The operating system's file lock ends with the
 * process, so a killed run never leaves the folder locked.
 */
final class OutputFolderLock implements AutoCloseable {

	private final Path file;
	private final FileChannel channel;
	private final FileLock lock;

	private OutputFolderLock(final Path file, final FileChannel channel, final FileLock lock) {
		this.file = file;
		this.channel = channel;
		this.lock = lock;
	}

	static OutputFolderLock acquire(final Path folder, final String table) {
		final Path file = folder.resolve(".medxai-" + table + ".lock");
		FileChannel channel = null;
		try {
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (final OverlappingFileLockException e) {
				lock = null;
			}
			if (lock == null) {
				final String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
				channel.close();
				throw new MedXaiException("Another MedXAI run is writing " + table + " in " + folder +
					(holder.isEmpty() ? "" : " (" + holder + ")") +
					": wait for it to finish, or choose another output folder.");
			}
			channel.truncate(0);
			channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + ", started " + Instant.now())
				.getBytes(StandardCharsets.UTF_8)));
			return new OutputFolderLock(file, channel, lock);
		}
		catch (final IOException e) {
			try {
				if (channel != null) channel.close();
			}
			catch (final IOException ignored) {
				// the first problem is the one to report
			}
			throw new MedXaiException("Cannot write to " + folder + ": " + e.getMessage(), e);
		}
	}

	@Override
	public void close() {
		try {
			Files.deleteIfExists(file);
			lock.release();
			channel.close();
		}
		catch (final IOException e) {
			// the lock ends with the channel anyway
		}
	}
}
