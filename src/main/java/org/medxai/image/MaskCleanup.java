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

	/**
	 * Background regions not connected to the border become foreground. Only the foreground's bounding box is searched:
	 * every background pixel outside it shares a foreground-free row or column with the border, so it is outside, and
	 * the box's own border pixels are reached from there.
	 */
	static byte[] fillHoles(final byte[] mask, final int width, final int height) {
		final byte[] out = mask.clone();
		int minX = width, maxX = -1, minY = height, maxY = -1;
		for (int y = 0, i = 0; y < height; y++) for (int x = 0; x < width; x++, i++) if (mask[i] != 0) {
			if (x < minX) minX = x;
			if (x > maxX) maxX = x;
			if (y < minY) minY = y;
			if (y > maxY) maxY = y;
		}
		if (maxX < 0) return out;
		final boolean[] outside = new boolean[mask.length];
		// a first-in first-out queue of pixel indices and their columns (no division per pixel): each enters once
		final int boxSize = (maxX - minX + 1) * (maxY - minY + 1);
		final int[] queue = new int[boxSize], columns = new int[boxSize];
		int tail = 0;
		for (int x = minX; x <= maxX; x++) {
			tail = seed(mask, outside, queue, columns, tail, minY * width + x, x);
			tail = seed(mask, outside, queue, columns, tail, maxY * width + x, x);
		}
		for (int y = minY; y <= maxY; y++) {
			tail = seed(mask, outside, queue, columns, tail, y * width + minX, minX);
			tail = seed(mask, outside, queue, columns, tail, y * width + maxX, maxX);
		}
		final int secondRow = (minY + 1) * width, lastRow = maxY * width;
		for (int head = 0; head < tail; head++) {
			final int i = queue[head], x = columns[head];
			if (x > minX) tail = seed(mask, outside, queue, columns, tail, i - 1, x - 1);
			if (x < maxX) tail = seed(mask, outside, queue, columns, tail, i + 1, x + 1);
			if (i >= secondRow) tail = seed(mask, outside, queue, columns, tail, i - width, x);
			if (i < lastRow) tail = seed(mask, outside, queue, columns, tail, i + width, x);
		}
		for (int y = minY; y <= maxY; y++)
			for (int x = minX, i = y * width + minX; x <= maxX; x++, i++) if (mask[i] == 0 && !outside[i]) out[i] = 1;
		return out;
	}

	private static int seed(final byte[] mask, final boolean[] outside, final int[] queue, final int[] columns,
		final int tail, final int i, final int x)
	{
		if (mask[i] != 0 || outside[i]) return tail;
		outside[i] = true;
		queue[tail] = i;
		columns[tail] = x;
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
		// a first-in first-out queue of pixels (row, column: no division per pixel), shared by all components: each
		// pixel enters at most once; it grows with the largest component instead of taking the image's size
		int[] rows = new int[Math.min(mask.length, 4096)], columns = new int[rows.length];
		for (int start = 0; start < mask.length; start++) {
			if (mask[start] != value || labels[start] != 0) continue;
			if (next >= sizes.length) sizes = Arrays.copyOf(sizes, sizes.length * 2);
			labels[start] = next;
			int head = 0, tail = 0;
			rows[tail] = start / width;
			columns[tail++] = start % width;
			int size = 0;
			while (head < tail) {
				final int y = rows[head], x = columns[head++];
				size++;
				for (int dy = -1; dy <= 1; dy++) {
					for (int dx = -1; dx <= 1; dx++) {
						if ((dx == 0 && dy == 0) || (!eightConnected && dx != 0 && dy != 0)) continue;
						final int nx = x + dx;
						final int ny = y + dy;
						if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
						final int j = ny * width + nx;
						if (mask[j] == value && labels[j] == 0) {
							if (tail == rows.length) {
								rows = Arrays.copyOf(rows, Math.min(mask.length, 2 * tail));
								columns = Arrays.copyOf(columns, rows.length);
							}
							labels[j] = next;
							rows[tail] = ny;
							columns[tail++] = nx;
						}
					}
				}
			}
			sizes[next++] = size;
		}
		return Arrays.copyOf(sizes, next);
	}
}
