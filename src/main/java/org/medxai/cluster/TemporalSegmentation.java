package org.medxai.cluster;

import java.util.Arrays;

import org.medxai.MedXaiException;

/**
 * Stages that follow each other in time: the split of a frame sequence into {@code k} contiguous segments with the
 * least within-segment sum of squares (exact, by dynamic programming over prefix sums). Long sequences are first
 * averaged in consecutive blocks so that at most {@link #MAX_UNITS} units are segmented.
 */
public final class TemporalSegmentation {

	public static final int MAX_UNITS = 1500;

	private TemporalSegmentation() {}

	/** Segment index (0 … k-1, in time order) of every frame. */
	public static int[] segment(final double[][] frames, final int k) {
		final int n = frames.length;
		if (k < 1 || k > n) throw new MedXaiException("Cannot split " + n + " frames into " + k + " stages.");
		final int block = (n + MAX_UNITS - 1) / MAX_UNITS;
		final int units = (n + block - 1) / block;
		final int d = frames[0].length;
		final double[][] sums = new double[units + 1][d]; // prefix sums over units
		final double[] squares = new double[units + 1];
		final int[] counts = new int[units + 1];
		for (int u = 0; u < units; u++) {
			System.arraycopy(sums[u], 0, sums[u + 1], 0, d);
			squares[u + 1] = squares[u];
			counts[u + 1] = counts[u];
			for (int i = u * block; i < Math.min(n, (u + 1) * block); i++) {
				for (int j = 0; j < d; j++) {
					sums[u + 1][j] += frames[i][j];
					squares[u + 1] += frames[i][j] * frames[i][j];
				}
				counts[u + 1]++;
			}
		}
		final int segments = Math.min(k, units);
		final double[][] best = new double[segments + 1][units + 1];
		final int[][] cut = new int[segments + 1][units + 1];
		for (final double[] row : best) Arrays.fill(row, Double.POSITIVE_INFINITY);
		best[0][0] = 0;
		for (int s = 1; s <= segments; s++) for (int end = s; end <= units; end++) {
			for (int start = s - 1; start < end; start++) {
				if (best[s - 1][start] == Double.POSITIVE_INFINITY) continue;
				final double total = best[s - 1][start] + cost(sums, squares, counts, start, end, d);
				if (total < best[s][end]) {
					best[s][end] = total;
					cut[s][end] = start;
				}
			}
		}
		final int[] unitLabel = new int[units];
		int end = units;
		for (int s = segments; s >= 1; s--) {
			final int start = cut[s][end];
			for (int u = start; u < end; u++) unitLabel[u] = s - 1;
			end = start;
		}
		final int[] labels = new int[n];
		for (int i = 0; i < n; i++) labels[i] = unitLabel[i / block];
		return labels;
	}

	private static double cost(final double[][] sums, final double[] squares, final int[] counts, final int start,
		final int end, final int d)
	{
		final int count = counts[end] - counts[start];
		double norm = 0;
		for (int j = 0; j < d; j++) {
			final double s = sums[end][j] - sums[start][j];
			norm += s * s;
		}
		return squares[end] - squares[start] - norm / count;
	}
}
