package org.medxai.math;

import java.util.Random;

import org.medxai.MedXaiException;

/**
 * Principal components of points (rows). Up to 512 dimensions from the covariance matrix, exactly; above that by a
 * randomised range finder with power iterations (Halko, Martinsson and Tropp 2011), so wide inputs such as raw pixels
 * stay fast.
 *
 * @param mean the points' mean
 * @param components unit principal directions, largest variance first
 * @param variances the variance along each
 * @param totalVariance the points' total variance (sum over dimensions)
 */
public record Pca(double[] mean, double[][] components, double[] variances, double totalVariance) {

	private static final int EXACT_UP_TO = 512;

	public static Pca fit(final double[][] points, final int wanted, final long seed) {
		final int n = points.length;
		if (n < 2) throw new MedXaiException("PCA needs at least two points.");
		final int d = points[0].length;
		final int k = Math.min(wanted, Math.min(n, d));
		final double[] mean = new double[d];
		for (final double[] p : points) for (int j = 0; j < d; j++) mean[j] += p[j] / n;
		final double[][] x = new double[n][d];
		double total = 0;
		for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) {
			x[i][j] = points[i][j] - mean[j];
			total += x[i][j] * x[i][j] / (n - 1);
		}
		if (d <= EXACT_UP_TO) {
			final double[][] covariance = new double[d][d];
			for (final double[] row : x) for (int a = 0; a < d; a++) {
				if (row[a] == 0) continue;
				for (int b = a; b < d; b++) covariance[a][b] += row[a] * row[b];
			}
			for (int a = 0; a < d; a++) for (int b = a; b < d; b++) {
				covariance[a][b] /= n - 1;
				covariance[b][a] = covariance[a][b];
			}
			final SymmetricEigen eigen = SymmetricEigen.of(covariance);
			final double[][] components = new double[k][];
			final double[] variances = new double[k];
			for (int c = 0; c < k; c++) {
				components[c] = eigen.vectors()[c];
				variances[c] = Math.max(0, eigen.values()[c]);
			}
			return new Pca(mean, components, variances, total);
		}
		// randomised: an orthonormal basis Q of the range of X (n x l), then the exact PCA of Q^T X (l x d)
		final int l = Math.min(Math.min(n, d), k + 10);
		final Random random = new Random(seed);
		double[][] y = new double[n][l];
		final double[][] omega = new double[d][l];
		for (final double[] row : omega) for (int c = 0; c < l; c++) row[c] = random.nextGaussian();
		multiply(x, omega, y);
		orthonormalise(y);
		for (int iteration = 0; iteration < 3; iteration++) {
			final double[][] z = new double[d][l];
			multiplyTransposed(x, y, z); // X^T Y
			orthonormalise(z);
			y = new double[n][l];
			multiply(x, z, y);
			orthonormalise(y);
		}
		final double[][] b = new double[l][d]; // Q^T X
		for (int i = 0; i < n; i++) for (int c = 0; c < l; c++) {
			final double q = y[i][c];
			if (q == 0) continue;
			for (int j = 0; j < d; j++) b[c][j] += q * x[i][j];
		}
		final double[][] gram = new double[l][l]; // B B^T
		for (int r = 0; r < l; r++) for (int s = r; s < l; s++) {
			double sum = 0;
			for (int j = 0; j < d; j++) sum += b[r][j] * b[s][j];
			gram[r][s] = sum;
			gram[s][r] = sum;
		}
		final SymmetricEigen eigen = SymmetricEigen.of(gram);
		final double[][] components = new double[k][d];
		final double[] variances = new double[k];
		for (int c = 0; c < k; c++) {
			final double sigma = Math.sqrt(Math.max(eigen.values()[c], 0));
			variances[c] = sigma * sigma / (n - 1);
			if (sigma == 0) continue;
			for (int r = 0; r < l; r++) {
				final double u = eigen.vectors()[c][r] / sigma;
				for (int j = 0; j < d; j++) components[c][j] += u * b[r][j];
			}
		}
		return new Pca(mean, components, variances, total);
	}

	/** The point's coordinates along the components. */
	public double[] project(final double[] point) {
		final double[] z = new double[components.length];
		for (int c = 0; c < components.length; c++) {
			double s = 0;
			for (int j = 0; j < point.length; j++) s += (point[j] - mean[j]) * components[c][j];
			z[c] = s;
		}
		return z;
	}

	public double[][] project(final double[][] points) {
		final double[][] z = new double[points.length][];
		for (int i = 0; i < points.length; i++) z[i] = project(points[i]);
		return z;
	}

	/** Share of the total variance the components keep. */
	public double explained() {
		double s = 0;
		for (final double v : variances) s += v;
		return totalVariance > 0 ? s / totalVariance : 1;
	}

	private static void multiply(final double[][] a, final double[][] b, final double[][] out) {
		for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) {
			final double v = a[i][j];
			if (v == 0) continue;
			final double[] row = b[j], target = out[i];
			for (int c = 0; c < row.length; c++) target[c] += v * row[c];
		}
	}

	/** out = a^T b. */
	private static void multiplyTransposed(final double[][] a, final double[][] b, final double[][] out) {
		for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) {
			final double v = a[i][j];
			if (v == 0) continue;
			final double[] row = b[i], target = out[j];
			for (int c = 0; c < row.length; c++) target[c] += v * row[c];
		}
	}

	/** Gram–Schmidt (twice) on the columns. */
	private static void orthonormalise(final double[][] m) {
		final int rows = m.length, cols = m[0].length;
		for (int c = 0; c < cols; c++) for (int pass = 0; pass < 2; pass++) {
			for (int p = 0; p < c; p++) {
				double dot = 0;
				for (int r = 0; r < rows; r++) dot += m[r][c] * m[r][p];
				for (int r = 0; r < rows; r++) m[r][c] -= dot * m[r][p];
			}
			double norm = 0;
			for (int r = 0; r < rows; r++) norm += m[r][c] * m[r][c];
			norm = Math.sqrt(norm);
			for (int r = 0; r < rows; r++) m[r][c] = norm > 1e-300 ? m[r][c] / norm : 0;
		}
	}
}
