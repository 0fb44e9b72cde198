package org.medxai.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.MedXaiException;

/**
 * Which frames of a video to take: all, every N-th, or N per second, within a time range. Times are frame index / frame
 * rate, in seconds from the first frame.
 *
 * @param mode how frames are picked
 * @param value N for {@link Mode#EVERY_NTH} (a whole number ≥ 1) or frames per second for {@link Mode#PER_SECOND}
 * @param startSeconds first time taken (0: from the start)
 * @param endSeconds last time taken, inclusive; infinite: to the end
 */
public record FrameSampling(Mode mode, double value, double startSeconds, double endSeconds) {

	/** How frames are picked. */
	public enum Mode {
		ALL, EVERY_NTH, PER_SECOND
	}

	public static final FrameSampling ALL_FRAMES = new FrameSampling(Mode.ALL, 1, 0, Double.POSITIVE_INFINITY);

	public FrameSampling {
		if (mode == Mode.EVERY_NTH && !(value >= 1 && value == Math.rint(value)))
			throw new MedXaiException(
				"Take every N-th frame needs a whole number N of at least 1, not " + format(value) + ".");
		if (mode == Mode.PER_SECOND && !(value > 0 && Double.isFinite(value)))
			throw new MedXaiException("Frames per second must be a positive number, not " + format(value) + ".");
		if (!(startSeconds >= 0) || Double.isInfinite(startSeconds))
			throw new MedXaiException("The start time must be 0 or more seconds, not " + format(startSeconds) + ".");
		if (!(endSeconds >= startSeconds))
			throw new MedXaiException("The end time (" + format(endSeconds) +
				" s) must not be before the start time (" + format(startSeconds) + " s).");
	}

	/**
	 * Reads the command's choices: {@code every} (N-th frame), {@code per_second} (N per second) or {@code all};
	 * {@code end} 0 or less means to the end.
	 */
	public static FrameSampling of(final String mode, final double value, final double start, final double end) {
		final double to = end > 0 ? end : Double.POSITIVE_INFINITY;
		return switch (mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT)) {
			case "all", "all frames" -> new FrameSampling(Mode.ALL, 1, start, to);
			case "every", "every n-th frame" -> new FrameSampling(Mode.EVERY_NTH, value, start, to);
			case "per_second", "n per second" -> new FrameSampling(Mode.PER_SECOND, value, start, to);
			default ->
				throw new MedXaiException("Frame sampling must be all, every or per_second, not '" + mode + "'.");
		};
	}

	/**
	 * The frame indices taken from a video of {@code frameCount} frames at {@code fps} frames per second, increasing.
	 * Per second: the frame nearest to each time start, start + 1/N, … (a frame is taken once even when N exceeds the
	 * frame rate).
	 */
	public List<Integer> frames(final int frameCount, final double fps) {
		if (!(fps > 0)) throw new MedXaiException("The video has no valid frame rate (" + fps + ").");
		final int first = (int) Math.ceil(startSeconds * fps - 1e-9);
		final int last = (int) Math.min(frameCount - 1L,
			Double.isInfinite(endSeconds) ? Long.MAX_VALUE : (long) Math.floor(endSeconds * fps + 1e-9));
		final List<Integer> frames = new ArrayList<>();
		if (first > last) return frames;
		switch (mode) {
			case ALL -> {
				for (int f = first; f <= last; f++) frames.add(f);
			}
			case EVERY_NTH -> {
				for (long f = first; f <= last; f += (long) value) frames.add((int) f);
			}
			case PER_SECOND -> {
				for (long k = 0;; k++) {
					final double t = startSeconds + k / value;
					final long f = Math.round(t * fps);
					if (f > last) break;
					if (f < first) continue;
					if (frames.isEmpty() || frames.get(frames.size() - 1) != f) frames.add((int) f);
				}
			}
		}
		return frames;
	}

	/** Seconds between consecutive sampled frames, when they are evenly spaced (else NaN). */
	public double interval(final double fps) {
		return switch (mode) {
			case ALL -> 1 / fps;
			case EVERY_NTH -> value / fps;
			case PER_SECOND -> value <= fps && Math.abs(fps / value - Math.rint(fps / value)) < 1e-9
				? Math.rint(fps / value) / fps
				: Double.NaN;
		};
	}

	public String describe() {
		final String range = startSeconds == 0 && Double.isInfinite(endSeconds)
			? ""
			: String.format(Locale.ROOT, " from %s s to %s", format(startSeconds),
				Double.isInfinite(endSeconds) ? "the end" : format(endSeconds) + " s");
		return switch (mode) {
			case ALL -> "every frame";
			case EVERY_NTH -> value == 1 ? "every frame" : "every " + ordinal((long) value) + " frame";
			case PER_SECOND -> format(value) + " frame" + (value == 1 ? "" : "s") + " per second";
		} + range;
	}

	private static String ordinal(final long n) {
		final long mod100 = n % 100, mod10 = n % 10;
		final String suffix = mod100 >= 11 && mod100 <= 13
			? "th"
			: mod10 == 1 ? "st" : mod10 == 2 ? "nd" : mod10 == 3 ? "rd" : "th";
		return n + suffix;
	}

	private static String format(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}
}
