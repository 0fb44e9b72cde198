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
		final boolean[] rows = glands.clone();
		for (int y = 0; y < height; y++) {
			int last = -1;
			for (int x = 0; x < width; x++) {
				if (!glands[y * width + x]) continue;
				if (last >= 0 && x - last - 1 <= horizontalGap)
					for (int f = last + 1; f < x; f++) rows[y * width + f] = true;
				last = x;
			}
		}
		final boolean[] out = rows.clone();
		for (int x = 0; x < width; x++) {
			int last = -1;
			for (int y = 0; y < height; y++) {
				if (!rows[y * width + x]) continue;
				if (last >= 0 && y - last - 1 <= verticalGap)
					for (int f = last + 1; f < y; f++) out[f * width + x] = true;
				last = y;
			}
		}
		for (int i = 0; i < out.length; i++) out[i] &= eyelid[i];
		return out;
	}
}
