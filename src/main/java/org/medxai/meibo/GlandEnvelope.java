package org.medxai.meibo;

/**
 * The part of the eyelid that glands occupy as a region rather than pixel by pixel: gaps between gland pixels shorter
 * than {@code horizontalGap} along a row, then shorter than {@code verticalGap} along a column, are closed, and the
 * result is kept inside the eyelid. What the eyelid leaves outside it is gland loss (dropout) as a clinician outlines
 * it.
 */
public final class GlandEnvelope {

	private GlandEnvelope() {}

	public static boolean[] of(final boolean[] glands, final boolean[] eyelid, final int width, final int height,
		final int horizontalGap, final int verticalGap)
	{
		final boolean[] rows = closeGaps(glands, height, width, width, 1, horizontalGap);
		final boolean[] out = closeGaps(rows, width, height, 1, width, verticalGap);
		for (int i = 0; i < out.length; i++) out[i] &= eyelid[i];
		return out;
	}

	/**
	 * Closes gaps of at most {@code gap} pixels along each of {@code lines} lines of {@code length} pixels; a line
	 * starts {@code lineStride} after the previous one and its pixels are {@code step} apart (rows: width, 1; columns:
	 * 1, width).
	 */
	private static boolean[] closeGaps(final boolean[] mask, final int lines, final int length, final int lineStride,
		final int step, final int gap)
	{
		final boolean[] out = mask.clone();
		for (int line = 0; line < lines; line++) {
			final int start = line * lineStride;
			int last = -1;
			for (int i = 0; i < length; i++) {
				if (!mask[start + i * step]) continue;
				if (last >= 0 && i - last - 1 <= gap) for (int f = last + 1; f < i; f++) out[start + f * step] = true;
				last = i;
			}
		}
		return out;
	}
}
