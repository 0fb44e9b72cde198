package org.medxai.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.medxai.MedXaiException;
import org.medxai.math.Vectors;

/**
 * Agreement of a clustering with reference labels (adjusted Rand index, normalised mutual information, frame accuracy
 * after the best one-to-one matching of clusters to labels) and its own cohesion (silhouette). Labels are any ints; a
 * negative label means "no label" and the frame is left out of the agreement measures.
 */
public final class ClusteringMetrics {

	private ClusteringMetrics() {}

	/** Contingency table of the frames labelled in both, with the row (truth) and column (cluster) values. */
	private record Table(long[][] counts, int[] truthValues, int[] clusterValues, long n) {

		static Table of(final int[] truth, final int[] clusters) {
			if (truth.length != clusters.length)
				throw new MedXaiException(
					"Labels and clusters differ in length (" + truth.length + " vs " + clusters.length + ").");
			final Map<Integer, Integer> rows = new HashMap<>(), columns = new HashMap<>();
			for (int i = 0; i < truth.length; i++) if (truth[i] >= 0 && clusters[i] >= 0) {
				rows.putIfAbsent(truth[i], rows.size());
				columns.putIfAbsent(clusters[i], columns.size());
			}
			final long[][] counts = new long[rows.size()][columns.size()];
			long n = 0;
			for (int i = 0; i < truth.length; i++) if (truth[i] >= 0 && clusters[i] >= 0) {
				counts[rows.get(truth[i])][columns.get(clusters[i])]++;
				n++;
			}
			if (n == 0) throw new MedXaiException("No frame has both a label and a cluster.");
			final int[] tv = new int[rows.size()], cv = new int[columns.size()];
			rows.forEach((v, r) -> tv[r] = v);
			columns.forEach((v, c) -> cv[c] = v);
			return new Table(counts, tv, cv, n);
		}
	}

	/** Adjusted Rand index (Hubert and Arabie): 1 for identical partitions, about 0 for chance. */
	public static double adjustedRandIndex(final int[] truth, final int[] clusters) {
		final Table t = Table.of(truth, clusters);
		double index = 0, rowPairs = 0, columnPairs = 0;
		final long[] columnSums = new long[t.counts()[0].length];
		for (final long[] row : t.counts()) {
			long rowSum = 0;
			for (int c = 0; c < row.length; c++) {
				index += pairs(row[c]);
				rowSum += row[c];
				columnSums[c] += row[c];
			}
			rowPairs += pairs(rowSum);
		}
		for (final long s : columnSums) columnPairs += pairs(s);
		final double expected = rowPairs * columnPairs / pairs(t.n());
		final double max = (rowPairs + columnPairs) / 2;
		if (max == expected) return 1; // both partitions trivial (one group, or all singletons) and equal
		return (index - expected) / (max - expected);
	}

	/** Normalised mutual information, arithmetic mean of the two entropies (scikit-learn's default). */
	public static double normalisedMutualInformation(final int[] truth, final int[] clusters) {
		final Table t = Table.of(truth, clusters);
		final double n = t.n();
		final double[] rowSums = new double[t.counts().length], columnSums = new double[t.counts()[0].length];
		for (int r = 0; r < rowSums.length; r++) for (int c = 0; c < columnSums.length; c++) {
			rowSums[r] += t.counts()[r][c];
			columnSums[c] += t.counts()[r][c];
		}
		double mi = 0;
		for (int r = 0; r < rowSums.length; r++) for (int c = 0; c < columnSums.length; c++) {
			final double nrc = t.counts()[r][c];
			if (nrc > 0) mi += nrc / n * Math.log(n * nrc / (rowSums[r] * columnSums[c]));
		}
		final double h = (entropy(rowSums, n) + entropy(columnSums, n)) / 2;
		return h <= 0 ? 1 : Math.max(0, mi / h);
	}

	/**
	 * Share of frames right after matching clusters to labels one to one for the most frames right (Hungarian
	 * algorithm); clusters left without a label count as wrong.
	 */
	public static double matchedAccuracy(final int[] truth, final int[] clusters) {
		final Table t = Table.of(truth, clusters);
		final int[] match = bestMatch(t);
		long right = 0;
		for (int r = 0; r < match.length; r++) if (match[r] >= 0) right += t.counts()[r][match[r]];
		return right / (double) t.n();
	}

	/** The column (cluster) matched to each row (label) for the most frames in common; -1 where none is left. */
	private static int[] bestMatch(final Table t) {
		final int rows = t.counts().length, columns = t.counts()[0].length, size = Math.max(rows, columns);
		final double[][] cost = new double[size][size];
		for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) cost[r][c] = -t.counts()[r][c];
		final int[] square = hungarian(cost);
		final int[] match = new int[rows];
		for (int r = 0; r < rows; r++) match[r] = square[r] < columns ? square[r] : -1;
		return match;
	}

	/**
	 * The cluster matched to each reference label by the same one-to-one matching as {@link #matchedAccuracy} (label →
	 * cluster; labels left unmatched are absent).
	 */
	public static Map<Integer, Integer> matching(final int[] truth, final int[] clusters) {
		final Table t = Table.of(truth, clusters);
		final int[] match = bestMatch(t);
		final Map<Integer, Integer> map = new HashMap<>();
		for (int r = 0; r < match.length; r++)
			if (match[r] >= 0) map.put(t.truthValues()[r], t.clusterValues()[match[r]]);
		return map;
	}

	/**
	 * Mean silhouette of the points (Euclidean), over the points in clusters of two or more (negative clusters are
	 * noise and left out); NaN with fewer than two clusters.
	 */
	public static double silhouette(final double[][] points, final int[] clusters) {
		final Map<Integer, Integer> index = new HashMap<>();
		for (final int c : clusters) if (c >= 0) index.putIfAbsent(c, index.size());
		if (index.size() < 2) return Double.NaN;
		final int k = index.size();
		final int[] size = new int[k];
		for (final int c : clusters) if (c >= 0) size[index.get(c)]++;
		double sum = 0;
		int counted = 0;
		final double[] mean = new double[k];
		for (int i = 0; i < points.length; i++) {
			if (clusters[i] < 0) continue;
			final int own = index.get(clusters[i]);
			if (size[own] < 2) continue;
			Arrays.fill(mean, 0);
			for (int j = 0; j < points.length; j++)
				if (j != i && clusters[j] >= 0) mean[index.get(clusters[j])] += Vectors.distance(points[i], points[j]);
			final double a = mean[own] / (size[own] - 1);
			double b = Double.MAX_VALUE;
			for (int c = 0; c < k; c++) if (c != own) b = Math.min(b, mean[c] / size[c]);
			sum += (b - a) / Math.max(a, b);
			counted++;
		}
		return counted == 0 ? Double.NaN : sum / counted;
	}

	private static double pairs(final double n) {
		return n * (n - 1) / 2;
	}

	private static double entropy(final double[] sums, final double n) {
		double h = 0;
		for (final double s : sums) if (s > 0) h -= s / n * Math.log(s / n);
		return h;
	}

	/** Minimum-cost assignment of rows to columns of a square matrix (Kuhn–Munkres, O(n³)): column of each row. */
	static int[] hungarian(final double[][] cost) {
		final int n = cost.length;
		final double[] u = new double[n + 1], v = new double[n + 1];
		final int[] p = new int[n + 1], way = new int[n + 1];
		for (int i = 1; i <= n; i++) {
			p[0] = i;
			int j0 = 0;
			final double[] minv = new double[n + 1];
			Arrays.fill(minv, Double.POSITIVE_INFINITY);
			final boolean[] used = new boolean[n + 1];
			do {
				used[j0] = true;
				final int i0 = p[j0];
				double delta = Double.POSITIVE_INFINITY;
				int j1 = 0;
				for (int j = 1; j <= n; j++) if (!used[j]) {
					final double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
					if (cur < minv[j]) {
						minv[j] = cur;
						way[j] = j0;
					}
					if (minv[j] < delta) {
						delta = minv[j];
						j1 = j;
					}
				}
				for (int j = 0; j <= n; j++) {
					if (used[j]) {
						u[p[j]] += delta;
						v[j] -= delta;
					}
					else minv[j] -= delta;
				}
				j0 = j1;
			} while (p[j0] != 0);
			do {
				final int j1 = way[j0];
				p[j0] = p[j1];
				j0 = j1;
			} while (j0 != 0);
		}
		final int[] rowToColumn = new int[n];
		for (int j = 1; j <= n; j++) if (p[j] > 0) rowToColumn[p[j] - 1] = j - 1;
		return rowToColumn;
	}
}
