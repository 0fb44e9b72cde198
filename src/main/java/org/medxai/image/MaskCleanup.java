package org.medxai.image;

import java.util.Arrays;

/**
 * Clean-up of binary masks (0/1, row-major): remove components smaller than a fraction of the image, fill holes, keep
 * only the largest component. Components are 8-connected (foreground) and 4-connected (background, for holes). Written
 * here on plain arrays so the domain needs no ImagePlus.
 */
public final class MaskCleanup {

	/** What to do; {@code minAreaFraction} 0 keeps every component. */
	public record Options(double minAreaFraction, boolean fillHoles, boolean largestOnly) {

		public static final Options NONE = new Options(0, false, false);
	}

	private MaskCleanup() {}

	public static byte[] apply(final byte[] mask, final int width, final int height, final Options options) {
		byte[] out = mask.clone();
		if (options.minAreaFraction() > 0 || options.largestOnly()) {
			final int[] labels = new int[out.length];
			final int[] sizes = label(out, width, height, labels, (byte) 1, true);
			int largest = 0;
			for (int l = 1; l < sizes.length; l++) if (sizes[l] > sizes[largest]) largest = l;
			final double minArea = options.minAreaFraction() * out.length;
			for (int i = 0; i < out.length; i++) {
				final int l = labels[i];
				if (l == 0) continue;
				final boolean keep = (!options.largestOnly() || l == largest) && sizes[l] >= minArea;
				if (!keep) out[i] = 0;
			}
		}
		if (options.fillHoles()) out = fillHoles(out, width, height);
		return out;
	}

	/** Background regions not connected to the border become foreground. */
	static byte[] fillHoles(final byte[] mask, final int width, final int height) {
		final byte[] out = mask.clone();
		final boolean[] outside = new boolean[mask.length];
		// a first-in first-out queue of pixel indices: each pixel enters at most once
		final int[] queue = new int[mask.length];
		int tail = 0;
		for (int x = 0; x < width; x++) {
			tail = seed(mask, outside, queue, tail, x);
			tail = seed(mask, outside, queue, tail, (height - 1) * width + x);
		}
		for (int y = 0; y < height; y++) {
			tail = seed(mask, outside, queue, tail, y * width);
			tail = seed(mask, outside, queue, tail, y * width + width - 1);
		}
		for (int head = 0; head < tail; head++) {
			final int i = queue[head];
			final int x = i % width;
			final int y = i / width;
			if (x > 0) tail = seed(mask, outside, queue, tail, i - 1);
			if (x < width - 1) tail = seed(mask, outside, queue, tail, i + 1);
			if (y > 0) tail = seed(mask, outside, queue, tail, i - width);
			if (y < height - 1) tail = seed(mask, outside, queue, tail, i + width);
		}
		for (int i = 0; i < out.length; i++) if (mask[i] == 0 && !outside[i]) out[i] = 1;
		return out;
	}

	private static int seed(final byte[] mask, final boolean[] outside, final int[] queue, final int tail,
		final int i)
	{
		if (mask[i] != 0 || outside[i]) return tail;
		outside[i] = true;
		queue[tail] = i;
		return tail + 1;
	}

	/**
	 * Labels connected components of {@code value}; returns the size of each label (index 0 unused). {@code labels}
	 * receives the label per pixel.
	 */
	public static int[] label(final byte[] mask, final int width, final int height, final int[] labels,
		final byte value, final boolean eightConnected)
	{
		int next = 1;
		int[] sizes = new int[16];
		// a first-in first-out queue of pixel indices, shared by all components: each pixel enters at most once
		final int[] queue = new int[mask.length];
		for (int start = 0; start < mask.length; start++) {
			if (mask[start] != value || labels[start] != 0) continue;
			if (next >= sizes.length) sizes = Arrays.copyOf(sizes, sizes.length * 2);
			labels[start] = next;
			int head = 0, tail = 0;
			queue[tail++] = start;
			int size = 0;
			while (head < tail) {
				final int i = queue[head++];
				size++;
				final int x = i % width;
				final int y = i / width;
				for (int dy = -1; dy <= 1; dy++) {
					for (int dx = -1; dx <= 1; dx++) {
						if ((dx == 0 && dy == 0) || (!eightConnected && dx != 0 && dy != 0)) continue;
						final int nx = x + dx;
						final int ny = y + dy;
						if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
						final int j = ny * width + nx;
						if (mask[j] == value && labels[j] == 0) {
							labels[j] = next;
							queue[tail++] = j;
						}
					}
				}
			}
			sizes[next++] = size;
		}
		return Arrays.copyOf(sizes, next);
	}
}
