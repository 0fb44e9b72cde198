package org.medxai.tabular;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Model-agnostic KernelSHAP (Lundberg and Lee 2017): the value of a coalition S is the mean model output over
 * background rows with the features in S replaced by x's (interventional, features treated as independent). Shapley
 * values solve the Shapley-kernel weighted least squares under the efficiency constraint {@code Σφ = v(all) - v(none)},
 * so the values always add up to the prediction. With every coalition enumerated (when
 * {@code 2^M - 2 <= maxCoalitions}) the result is the exact Shapley value of that game; otherwise coalitions are
 * sampled in complementary pairs by the kernel's size distribution.
 */
public final class KernelShap {

	private final ToDoubleFunction<double[]> model;
	private final double[][] background;
	private final int maxCoalitions;
	private final long seed;
	private final double baseValue;

	public KernelShap(final ToDoubleFunction<double[]> model, final double[][] background, final int maxCoalitions,
		final long seed)
	{
		if (background.length == 0) throw new IllegalArgumentException("KernelSHAP needs background rows");
		this.model = model;
		this.background = background;
		this.maxCoalitions = maxCoalitions;
		this.seed = seed;
		double sum = 0;
		for (final double[] b : background) sum += model.applyAsDouble(b);
		this.baseValue = sum / background.length;
	}

	/** Mean model output over the background: the value of the empty coalition. */
	public double base() {
		return baseValue;
	}

	public double[] shap(final double[] x) {
		final int m = x.length;
		final double fx = model.applyAsDouble(x);
		if (m == 1) return new double[] { fx - baseValue };
		final List<Long> coalitions = new ArrayList<>(); // bit masks
		final List<Double> weights = new ArrayList<>();
		final long all = m >= 63 ? -1L : (1L << m) - 1;
		if (m < 31 && (1L << m) - 2 <= maxCoalitions) {
			for (long s = 1; s < all; s++) {
				coalitions.add(s);
				weights.add(kernel(m, Long.bitCount(s)));
			}
		}
		else sample(m, coalitions, weights);
		final int n = coalitions.size();
		final double[] values = new double[n];
		final double[] z = new double[m];
		for (int c = 0; c < n; c++) {
			final long s = coalitions.get(c);
			double sum = 0;
			for (final double[] b : background) {
				for (int j = 0; j < m; j++) z[j] = (s & (1L << j)) != 0 ? x[j] : b[j];
				sum += model.applyAsDouble(z);
			}
			values[c] = sum / background.length - baseValue;
		}
		return solveConstrained(m, coalitions, weights, values, fx - baseValue);
	}

	/** Paired sampling: a coalition size by the kernel's total weight per size, then a random subset. */
	private void sample(final int m, final List<Long> coalitions, final List<Double> weights) {
		final Random random = new Random(seed);
		final double[] sizeWeight = new double[m];
		double total = 0;
		for (int size = 1; size < m; size++) total += sizeWeight[size] = (m - 1.0) / (size * (double) (m - size));
		final int pairs = maxCoalitions / 2;
		for (int i = 0; i < pairs; i++) {
			double u = random.nextDouble() * total;
			int size = 1;
			while (size < m - 1 && u > sizeWeight[size]) u -= sizeWeight[size++];
			long s = 0;
			final List<Integer> order = new ArrayList<>();
			for (int j = 0; j < m; j++) order.add(j);
			Collections.shuffle(order, random);
			for (int j = 0; j < size; j++) s |= 1L << order.get(j);
			final long complement = ~s & ((1L << m) - 1);
			for (final long c : new long[] { s, complement }) {
				coalitions.add(c);
				weights.add(1.0); // sizes already drawn in proportion to the kernel
			}
		}
	}

	static double kernel(final int m, final int size) {
		return (m - 1.0) / (ExactShapley.binomial(m, size) * size * (m - size));
	}

	/**
	 * Minimises Σ w_c (v_c - Σ_{j∈c} φ_j)² subject to Σφ = total, by eliminating the last feature: φ_last = total -
	 * Σ_{j<last} φ_j.
	 */
	private static double[] solveConstrained(final int m, final List<Long> coalitions, final List<Double> weights,
		final double[] values, final double total)
	{
		final int p = m - 1;
		final double[][] a = new double[p][p];
		final double[] b = new double[p];
		final double[] row = new double[p];
		for (int c = 0; c < coalitions.size(); c++) {
			final long s = coalitions.get(c);
			final double inLast = (s & (1L << (m - 1))) != 0 ? 1 : 0;
			for (int j = 0; j < p; j++) row[j] = ((s & (1L << j)) != 0 ? 1 : 0) - inLast;
			final double target = values[c] - inLast * total;
			final double w = weights.get(c);
			for (int r = 0; r < p; r++) {
				if (row[r] == 0) continue;
				b[r] += w * row[r] * target;
				for (int q = 0; q < p; q++) a[r][q] += w * row[r] * row[q];
			}
		}
		final double[] head = Linear.solve(a, b);
		final double[] phi = new double[m];
		double sum = 0;
		for (int j = 0; j < p; j++) sum += phi[j] = head[j];
		phi[m - 1] = total - sum;
		return phi;
	}
}
