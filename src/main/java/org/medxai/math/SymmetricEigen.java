package org.medxai.math;

import java.util.Arrays;

/**
 * Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations (exact to rounding; meant for
 * matrices up to a few hundred rows).
 *
 * @param values eigenvalues, largest first
 * @param vectors {@code vectors[i]} is the unit eigenvector of {@code values[i]}
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

	public static SymmetricEigen of(final double[][] matrix) {
		final int n = matrix.length;
		final double[][] a = new double[n][];
		for (int i = 0; i < n; i++) a[i] = matrix[i].clone();
		final double[][] v = new double[n][n];
		for (int i = 0; i < n; i++) v[i][i] = 1;
		for (int sweep = 0; sweep < 100; sweep++) {
			double off = 0, scale = 0;
			for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) {
				if (p != q) off += a[p][q] * a[p][q];
				else scale += a[p][q] * a[p][q];
			}
			if (off <= 1e-22 * Math.max(scale, 1e-300)) break;
			for (int p = 0; p < n - 1; p++) for (int q = p + 1; q < n; q++) {
				if (Math.abs(a[p][q]) < 1e-300) continue;
				final double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
				final double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				final double c = 1 / Math.sqrt(t * t + 1), s = t * c;
				for (int k = 0; k < n; k++) { // columns p, q
					final double akp = a[k][p], akq = a[k][q];
					a[k][p] = c * akp - s * akq;
					a[k][q] = s * akp + c * akq;
				}
				for (int k = 0; k < n; k++) { // rows p, q
					final double apk = a[p][k], aqk = a[q][k];
					a[p][k] = c * apk - s * aqk;
					a[q][k] = s * apk + c * aqk;
				}
				for (int k = 0; k < n; k++) {
					final double vkp = v[k][p], vkq = v[k][q];
					v[k][p] = c * vkp - s * vkq;
					v[k][q] = s * vkp + c * vkq;
				}
			}
		}
		final Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) order[i] = i;
		Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
		final double[] values = new double[n];
		final double[][] vectors = new double[n][n];
		for (int i = 0; i < n; i++) {
			values[i] = a[order[i]][order[i]];
			for (int k = 0; k < n; k++) vectors[i][k] = v[k][order[i]];
		}
		return new SymmetricEigen(values, vectors);
	}
}
