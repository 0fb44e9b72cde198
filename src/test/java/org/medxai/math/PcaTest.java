package org.medxai.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Eigen decomposition and principal components on data with known structure. */
class PcaTest {

	@Test
	void eigenDecompositionOfAKnownMatrix() {
		// [[2, 1], [1, 2]]: eigenvalues 3 (along (1, 1)) and 1 (along (1, -1))
		final SymmetricEigen e = SymmetricEigen.of(new double[][] { { 2, 1 }, { 1, 2 } });
		assertEquals(3, e.values()[0], 1e-12);
		assertEquals(1, e.values()[1], 1e-12);
		assertEquals(1, Math.abs(e.vectors()[0][0] + e.vectors()[0][1]) / Math.sqrt(2), 1e-12);
	}

	/** Points along two known orthogonal directions with variances 25 and 4, plus small noise, in {@code d} dims. */
	private static double[][] points(final int n, final int d, final double[] u, final double[] v) {
		final Random random = new Random(5);
		final double[][] x = new double[n][d];
		for (int i = 0; i < n; i++) {
			final double a = random.nextGaussian() * 5, b = random.nextGaussian() * 2;
			for (int j = 0; j < d; j++) x[i][j] = 7 + a * u[j] + b * v[j] + random.nextGaussian() * 0.01;
		}
		return x;
	}

	@Test
	void exactAndRandomisedComponentsFindTheKnownDirections() {
		for (final int d : new int[] { 40, 900 }) { // exact below 512 dimensions, randomised above
			final double[] u = new double[d], v = new double[d];
			for (int j = 0; j < d; j++) {
				u[j] = Math.sin(j + 1.0);
				v[j] = Math.cos(3 * j + 0.5);
			}
			normalise(u);
			double dot = 0;
			for (int j = 0; j < d; j++) dot += u[j] * v[j];
			for (int j = 0; j < d; j++) v[j] -= dot * u[j];
			normalise(v);
			final Pca pca = Pca.fit(points(400, d, u, v), 3, 1);
			assertEquals(1, Math.abs(dot(pca.components()[0], u)), 1e-3, d + " dims: first direction");
			assertEquals(1, Math.abs(dot(pca.components()[1], v)), 1e-3, d + " dims: second direction");
			assertEquals(25, pca.variances()[0], 25 * 0.15, d + " dims: first variance");
			assertEquals(4, pca.variances()[1], 4 * 0.15, d + " dims: second variance");
			assertTrue(pca.explained() > 0.99, d + " dims: " + pca.explained());
		}
	}

	private static void normalise(final double[] a) {
		final double n = Math.sqrt(dot(a, a));
		for (int j = 0; j < a.length; j++) a[j] /= n;
	}

	private static double dot(final double[] a, final double[] b) {
		double s = 0;
		for (int j = 0; j < a.length; j++) s += a[j] * b[j];
		return s;
	}
}
