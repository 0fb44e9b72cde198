package org.medxai.meibo;

import java.util.ArrayDeque;

/** Operations on binary masks stored as {@code boolean[y * width + x]}. */
public final class BinaryMasks {

	private BinaryMasks() {}

	/** 8-connected component labels 1..n (0 = background); returns n in {@code labels[width*height]}. */
	public static int label(final boolean[] mask, final int width, final int height, final int[] labels) {
		int next = 0;
		final ArrayDeque<Integer> queue = new ArrayDeque<>();
		for (int start = 0; start < mask.length; start++) {
			if (!mask[start] || labels[start] != 0) continue;
			labels[start] = ++next;
			queue.add(start);
			while (!queue.isEmpty()) {
				final int p = queue.poll();
				final int px = p % width, py = p / width;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						final int x = px + dx, y = py + dy;
						if (x < 0 || y < 0 || x >= width || y >= height) continue;
						final int q = y * width + x;
						if (mask[q] && labels[q] == 0) {
							labels[q] = next;
							queue.add(q);
						}
					}
			}
		}
		return next;
	}

	/** The largest 8-connected component only. */
	public static boolean[] largest(final boolean[] mask, final int width, final int height) {
		final int[] labels = new int[mask.length];
		final int n = label(mask, width, height, labels);
		if (n <= 1) return mask.clone();
		final int[] area = new int[n + 1];
		for (final int l : labels) area[l]++;
		int best = 1;
		for (int l = 2; l <= n; l++)
			if (area[l] > area[best]) best = l;
		final boolean[] out = new boolean[mask.length];
		for (int i = 0; i < out.length; i++) out[i] = labels[i] == best;
		return out;
	}

	/** Fills holes: background not 4-connected to the border becomes foreground. */
	public static boolean[] fillHoles(final boolean[] mask, final int width, final int height) {
		final boolean[] outside = new boolean[mask.length];
		final ArrayDeque<Integer> queue = new ArrayDeque<>();
		for (int x = 0; x < width; x++) {
			seed(mask, outside, queue, x);
			seed(mask, outside, queue, (height - 1) * width + x);
		}
		for (int y = 0; y < height; y++) {
			seed(mask, outside, queue, y * width);
			seed(mask, outside, queue, y * width + width - 1);
		}
		while (!queue.isEmpty()) {
			final int p = queue.poll();
			final int x = p % width, y = p / width;
			if (x > 0) seed(mask, outside, queue, p - 1);
			if (x < width - 1) seed(mask, outside, queue, p + 1);
			if (y > 0) seed(mask, outside, queue, p - width);
			if (y < height - 1) seed(mask, outside, queue, p + width);
		}
		final boolean[] out = new boolean[mask.length];
		for (int i = 0; i < out.length; i++) out[i] = mask[i] || !outside[i];
		return out;
	}

	private static void seed(final boolean[] mask, final boolean[] outside, final ArrayDeque<Integer> queue, final int p) {
		if (!mask[p] && !outside[p]) {
			outside[p] = true;
			queue.add(p);
		}
	}

	/** Removes 8-connected components smaller than {@code minArea} pixels. */
	public static boolean[] removeSmall(final boolean[] mask, final int width, final int height, final int minArea) {
		final int[] labels = new int[mask.length];
		final int n = label(mask, width, height, labels);
		final int[] area = new int[n + 1];
		for (final int l : labels) area[l]++;
		final boolean[] out = new boolean[mask.length];
		for (int i = 0; i < out.length; i++) out[i] = labels[i] != 0 && area[labels[i]] >= minArea;
		return out;
	}

	public static int count(final boolean[] mask) {
		int n = 0;
		for (final boolean b : mask) if (b) n++;
		return n;
	}

	public static boolean[] and(final boolean[] a, final boolean[] b) {
		final boolean[] out = new boolean[a.length];
		for (int i = 0; i < a.length; i++) out[i] = a[i] && b[i];
		return out;
	}

	/** 0/255 bytes for an 8-bit image. */
	public static byte[] toBytes(final boolean[] mask) {
		final byte[] out = new byte[mask.length];
		for (int i = 0; i < mask.length; i++) out[i] = mask[i] ? (byte) 255 : 0;
		return out;
	}
}
