package org.medxai.tabular;

/**
 * Shapley values by enumerating every feature subset: {@code φ_i = Σ_S |S|!(M-|S|-1)!/M! (v(S∪i) - v(S))}. Exponential
 * in the number of features, so only for small M (the reference the fast methods are proven against, and an exact
 * explainer for non-additive outputs on few features).
 */
public final class ExactShapley {

	public static final int MAX_FEATURES = 16;

	/** A value function on subsets given as bit masks (bit i set: feature i known). */
	public interface ValueFunction {

		double value(long subset);
	}

	private ExactShapley() {}

	public static double[] shapley(final int features, final ValueFunction v) {
		if (features > MAX_FEATURES)
			throw new IllegalArgumentException("exact Shapley values for at most " + MAX_FEATURES + " features");
		final int subsets = 1 << features;
		final double[] values = new double[subsets];
		for (int s = 0; s < subsets; s++) values[s] = v.value(s);
		final double[] weightBySize = new double[features];
		for (int size = 0; size < features; size++)
			weightBySize[size] = 1.0 / (features * binomial(features - 1, size));
		final double[] phi = new double[features];
		for (int s = 0; s < subsets; s++) {
			final int size = Integer.bitCount(s);
			if (size == features) continue;
			for (int i = 0; i < features; i++)
				if ((s & (1 << i)) == 0) phi[i] += weightBySize[size] * (values[s | (1 << i)] - values[s]);
		}
		return phi;
	}

	/** The path-dependent value function of TreeSHAP: E[raw_d(x) | x_S] by training cover. */
	public static double pathDependentValue(final TreeEnsemble ensemble, final double[] x, final long subset,
		final int dim)
	{
		double total = ensemble.bias()[dim];
		for (int t = 0; t < ensemble.trees().length; t++) {
			final int out = ensemble.output()[t];
			if (out >= 0 && out != dim) continue;
			total += ensemble.weight()[t] * expectation(ensemble.trees()[t], x, subset, 0, out >= 0 ? 0 : dim);
		}
		return total;
	}

	private static double expectation(final FlatTree tree, final double[] x, final long subset, final int node,
		final int dim)
	{
		if (tree.isLeaf(node)) return tree.value()[node][dim];
		final int f = tree.feature()[node];
		if ((subset & (1L << f)) != 0)
			return expectation(tree, x, subset, tree.goesYes(node, x) ? tree.yes()[node] : tree.no()[node], dim);
		final double cover = tree.cover()[node];
		final int yes = tree.yes()[node];
		final int no = tree.no()[node];
		return (tree.cover()[yes] * expectation(tree, x, subset, yes, dim) +
			tree.cover()[no] * expectation(tree, x, subset, no, dim)) / cover;
	}

	/** n choose k as a double. */
	static double binomial(final int n, final int k) {
		double r = 1;
		for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
		return r;
	}
}
