package org.medxai.video;

import java.util.List;

import org.medxai.ProgressListener;

/**
 * Frames of a video or an image sequence as 8-bit RGB (packed 0xRRGGBB ints, row-major). Sequential reading is the fast
 * path; {@link #frame} seeks (for virtual stacks). Not thread-safe; close it when done.
 */
public interface VideoSource extends AutoCloseable {

	VideoInfo info();

	/** Receives each decoded frame in increasing index order. */
	@FunctionalInterface
	interface FrameConsumer {

		void accept(int index, int[] rgb);
	}

	/**
	 * Decodes the given frames (increasing indices) in order and hands each to {@code consumer}; stops early when
	 * progress is cancelled. A video that ends before a requested frame ends the reading: the returned count says how
	 * many frames were delivered.
	 */
	int read(List<Integer> frames, FrameConsumer consumer, ProgressListener progress);

	/** One frame by index (seeking when needed). */
	int[] frame(int index);

	@Override
	void close();
}
