package org.medxai.image;

import java.util.Arrays;

/**
 * Clean-up of binary masks (0/1, row-major): remove components smaller than a fraction of the image, fill holes, keep
 * only the largest component. Components are 8-connected (foreground) and 4-connected (background, for holes), found
 * from the runs along rows. Written here on plain arrays so the domain needs no ImagePlus.
 */
public final class MaskCleanup {

	/** What to do; {@code minAreaFraction} 0 keeps every component. */
	public record Options(double minAreaFraction, boolean fillHoles, boolean largestOnly) {

		public static final Options NONE = new Options(0, false, false);
	}

	private MaskCleanup() {}

	public static byte[] apply(final byte[] mask, final int width, final int height, final Options options) {
		final byte[] out = mask.clone();
		if (options.minAreaFraction() > 0 || options.largestOnly()) {
			final Runs runs = Runs.of(out, width, height, (byte) 1, true);
			int largest = 0;
			for (int l = 1; l < runs.sizes.length; l++) if (runs.sizes[l] > runs.sizes[largest]) largest = l;
			final double minArea = options.minAreaFraction() * out.length;
			for (int r = 0; r < runs.count; r++) {
				final int l = runs.label[r];
				final boolean keep = (!options.largestOnly() || l == largest) && runs.sizes[l] >= minArea;
				if (!keep) Arrays.fill(out, runs.start[r], runs.end[r], (byte) 0);
			}
		}
		if (options.fillHoles()) fillHolesInPlace(out, width, height);
		return out;
	}

	/** Background regions (4-connected) that do not touch the image border become foreground (on a copy). */
	static byte[] fillHoles(final byte[] mask, final int width, final int height) {
		final byte[] out = mask.clone();
		fillHolesInPlace(out, width, height);
		return out;
	}

	private static void fillHolesInPlace(final byte[] out, final int width, final int height) {
		final Runs background = Runs.of(out, width, height, (byte) 0, false);
		final boolean[] outside = new boolean[background.sizes.length];
		for (int r = 0; r < background.count; r++) {
			final int row = background.start[r] / width;
			final int x0 = background.start[r] - row * width, x1 = background.end[r] - row * width;
			if (row == 0 || row == height - 1 || x0 == 0 || x1 == width) outside[background.label[r]] = true;
		}
		for (int r = 0; r < background.count; r++)
			if (!outside[background.label[r]]) Arrays.fill(out, background.start[r], background.end[r], (byte) 1);
	}

	/**
	 * Labels connected components of {@code value}; returns the size of each label (index 0 unused). {@code labels}
	 * receives the label per pixel, 0 elsewhere; components are numbered in the raster order of their first pixel.
	 */
	public static int[] label(final byte[] mask, final int width, final int height, final int[] labels,
		final byte value, final boolean eightConnected)
	{
		final Runs runs = Runs.of(mask, width, height, value, eightConnected);
		Arrays.fill(labels, 0, mask.length, 0);
		for (int r = 0; r < runs.count; r++) Arrays.fill(labels, runs.start[r], runs.end[r], runs.label[r]);
		return runs.sizes;
	}

	/**
	 * The runs of {@code value} along each row (pixel index ranges [start, end)) and their components: runs of
	 * neighbouring rows that touch are joined (union-find), so the work grows with the number of runs, not of pixels.
	 */
	private static final class Runs {

		int count;
		int[] start = new int[256], end = new int[256], label;
		int[] sizes;

		static Runs of(final byte[] mask, final int width, final int height, final byte value,
			final boolean eightConnected)
		{
			final Runs runs = new Runs();
			int[] parent = new int[256];
			// a run of the previous row touches one of this row when they overlap, or meet at a corner (8-connected)
			final int reach = eightConnected ? 1 : 0;
			int previousFirst = 0, previousEnd = 0;
			for (int y = 0; y < height; y++) {
				final int rowStart = y * width, rowEnd = rowStart + width, first = runs.count;
				int x = rowStart, candidate = previousFirst;
				while (x < rowEnd) {
					if (mask[x] != value) {
						x++;
						continue;
					}
					final int begin = x;
					while (x < rowEnd && mask[x] == value) x++;
					if (runs.count == runs.start.length) {
						runs.start = Arrays.copyOf(runs.start, 2 * runs.count);
						runs.end = Arrays.copyOf(runs.end, 2 * runs.count);
						parent = Arrays.copyOf(parent, 2 * runs.count);
					}
					final int r = runs.count++;
					runs.start[r] = begin;
					runs.end[r] = x;
					parent[r] = r;
					// the previous row's runs that touch this one (in this row's coordinates); runs that end before it
					// end before every later run of this row too
					while (candidate < previousEnd && runs.end[candidate] + width - 1 + reach < begin) candidate++;
					for (int q = candidate; q < previousEnd; q++) {
						final int qs = runs.start[q] + width, qe = runs.end[q] + width;
						if (qs > x - 1 + reach) break;
						if (qe - 1 + reach >= begin) union(parent, q, r);
					}
				}
				previousFirst = first;
				previousEnd = runs.count;
			}
			// components numbered in the raster order of their first run, which holds their first pixel
			runs.label = new int[runs.count];
			final int[] number = new int[runs.count];
			int next = 1;
			for (int r = 0; r < runs.count; r++) {
				final int root = root(parent, r);
				if (number[root] == 0) number[root] = next++;
				runs.label[r] = number[root];
			}
			runs.sizes = new int[next];
			for (int r = 0; r < runs.count; r++) runs.sizes[runs.label[r]] += runs.end[r] - runs.start[r];
			return runs;
		}

		private static int root(final int[] parent, int i) {
			while (parent[i] != i) i = parent[i] = parent[parent[i]];
			return i;
		}

		private static void union(final int[] parent, final int a, final int b) {
			final int ra = root(parent, a), rb = root(parent, b);
			if (ra < rb) parent[rb] = ra;
			else if (rb < ra) parent[ra] = rb;
		}
	}
}
