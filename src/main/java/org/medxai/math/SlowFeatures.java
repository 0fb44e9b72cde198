package org.medxai.math;

import java.util.Arrays;

import org.medxai.MedXaiException;

/**
 * Slow feature analysis (Wiskott and Sejnowski 2002, linear): of all directions in which a sequence of points varies
 * with unit variance, the ones that change least from each point to the next. Stages of a process are slow (they last),
 * jitter and motion within a stage are fast, so the slowest directions keep the stages and drop the rest. The points
 * are first reduced by PCA to at most {@link #MAX_WHITENED} components, dropping those with almost no variance, and
 * whitened.
 *
 * @param pca the reduction the whitening is based on
 * @param scale 1 / standard deviation of each kept PCA component
 * @param directions {@code directions[i]} the i-th slowest unit-variance direction, in whitened PCA coordinates
 * @param slowness mean squared step between consecutive points along each direction, the most lasting left out (about 2
 *     for noise, 0 for a constant)
 */
public record SlowFeatures(Pca pca, double[] scale, double[][] directions, double[] slowness) {

	public static final int MAX_WHITENED = 64;

	/**
	 * Share of the steps between consecutive points (at least one) left out when measuring how fast a direction
	 * changes: those that last most (see {@link #lastingStep}), measured as the points are given, before whitening. A
	 * stage boundary is one large lasting step, and stages have few boundaries: without this, a feature that jumps
	 * once, at the boundary of a short stage (a three-frame fade-in), would count as fast however still it is
	 * otherwise.
	 */
	public static final double LEFT_OUT_STEPS = 0.01;

	/** Components with less variance than this share of the largest are left out of the whitening. */
	private static final double SMALLEST_VARIANCE = 1e-6;

	/** The {@code wanted} slowest directions of points given in time order. */
	public static SlowFeatures fit(final double[][] points, final int wanted, final long seed) {
		final int n = points.length;
		if (n < 3) throw new MedXaiException("Slow features need at least three points in time order.");
		final Pca full = Pca.fit(points, Math.min(MAX_WHITENED, n - 1), seed);
		int kept = 0;
		while (kept < full.variances().length &&
			full.variances()[kept] > SMALLEST_VARIANCE * Math.max(full.variances()[0], 1e-300)) kept++;
		if (kept == 0) throw new MedXaiException("The points do not vary: no slow features to find.");
		final double[][] components = new double[kept][];
		System.arraycopy(full.components(), 0, components, 0, kept);
		final Pca pca = new Pca(full.mean(), components, Arrays.copyOf(full.variances(), kept), full.totalVariance());
		final double[] scale = new double[kept];
		for (int c = 0; c < kept; c++) scale[c] = 1 / Math.sqrt(pca.variances()[c]);
		final double[][] z = new double[n][];
		for (int i = 0; i < n; i++) z[i] = whiten(pca.project(points[i]), scale);
		// the most lasting steps are left out: see LEFT_OUT_STEPS
		final Integer[] order = new Integer[n - 1];
		final double[] length = new double[n - 1];
		for (int i = 1; i < n; i++) {
			order[i - 1] = i;
			length[i - 1] = lastingStep(points, i);
		}
		Arrays.sort(order, (a, b) -> Double.compare(length[a - 1], length[b - 1]));
		final int used = n - 1 - (int) Math.ceil(LEFT_OUT_STEPS * (n - 1));
		final double[][] steps = new double[kept][kept];
		for (int u = 0; u < used; u++) {
			final int i = order[u];
			for (int a = 0; a < kept; a++) {
				final double da = z[i][a] - z[i - 1][a];
				for (int b = a; b < kept; b++) steps[a][b] += da * (z[i][b] - z[i - 1][b]) / used;
			}
		}
		for (int a = 0; a < kept; a++) for (int b = 0; b < a; b++) steps[a][b] = steps[b][a];
		final SymmetricEigen eigen = SymmetricEigen.of(steps);
		final int k = Math.min(wanted, kept);
		final double[][] directions = new double[k][];
		final double[] slowness = new double[k];
		for (int i = 0; i < k; i++) { // eigenvalues come largest first: the slowest are at the end
			directions[i] = eigen.vectors()[kept - 1 - i];
			slowness[i] = eigen.values()[kept - 1 - i];
		}
		return new SlowFeatures(pca, scale, directions, slowness);
	}

	public double[] project(final double[] point) {
		final double[] z = whiten(pca.project(point), scale);
		final double[] out = new double[directions.length];
		for (int i = 0; i < directions.length; i++) out[i] = Vectors.dot(directions[i], z);
		return out;
	}

	public double[][] project(final double[][] points) {
		final double[][] out = new double[points.length][];
		for (int i = 0; i < points.length; i++) out[i] = project(points[i]);
		return out;
	}

	/**
	 * How far the step into point i lasts: the least of the step itself, the step from i - 1 over to i + 1, and from i
	 * - 2 to i. A stage boundary stays large by all three; a single odd point (a glitch) is left at once, so its two
	 * steps are short by one of them and stay counted, and the glitch stays fast.
	 */
	private static double lastingStep(final double[][] points, final int i) {
		double step = Vectors.distance(points[i], points[i - 1]);
		if (i + 1 < points.length) step = Math.min(step, Vectors.distance(points[i + 1], points[i - 1]));
		if (i >= 2) step = Math.min(step, Vectors.distance(points[i], points[i - 2]));
		return step;
	}

	private static double[] whiten(final double[] z, final double[] scale) {
		for (int c = 0; c < z.length; c++) z[c] *= scale[c];
		return z;
	}
}
