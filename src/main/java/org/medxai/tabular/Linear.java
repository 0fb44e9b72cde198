package org.medxai.tabular;

/** Small dense linear systems. */
final class Linear {

	private Linear() {}

	/** Solves {@code a x = b} by Gaussian elimination with partial pivoting; singular directions give 0. */
	static double[] solve(final double[][] a, final double[] b) {
		final int n = b.length;
		final double[][] m = new double[n][];
		for (int i = 0; i < n; i++) m[i] = a[i].clone();
		final double[] x = b.clone();
		for (int col = 0; col < n; col++) {
			int pivot = col;
			for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
			final double[] tr = m[col];
			m[col] = m[pivot];
			m[pivot] = tr;
			final double tb = x[col];
			x[col] = x[pivot];
			x[pivot] = tb;
			if (Math.abs(m[col][col]) < 1e-300) continue;
			for (int r = col + 1; r < n; r++) {
				final double f = m[r][col] / m[col][col];
				if (f == 0) continue;
				for (int c = col; c < n; c++) m[r][c] -= f * m[col][c];
				x[r] -= f * x[col];
			}
		}
		for (int r = n - 1; r >= 0; r--) {
			double s = x[r];
			for (int c = r + 1; c < n; c++) s -= m[r][c] * x[c];
			x[r] = Math.abs(m[r][r]) < 1e-300 ? 0 : s / m[r][r];
		}
		return x;
	}
}
