package org.medxai.tabular;

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, algorithm 2) on a {@link TreeEnsemble}'s raw outputs:
 * for each row, {@code raw(x) = base + Σ_i φ_i} up to rounding, where the base is the cover-weighted expected raw
 * output. The value function of a feature subset S follows x at splits on features in S and averages both branches by
 * training cover elsewhere. Instances are not thread-safe (they reuse path buffers); use one per thread.
 */
public final class TreeShap {

	private final TreeEnsemble ensemble;
	private final int features;
	private final double[] base;
	// path buffers, one slice per recursion depth
	private final int[][] pathFeature;
	private final double[][] pathZero;
	private final double[][] pathOne;
	private final double[][] pathWeight;

	public TreeShap(final TreeEnsemble ensemble, final int features) {
		this.ensemble = ensemble;
		this.features = features;
		this.base = ensemble.expectedRaw();
		final int depth = ensemble.maxDepth() + 2;
		pathFeature = new int[depth + 1][depth + 1];
		pathZero = new double[depth + 1][depth + 1];
		pathOne = new double[depth + 1][depth + 1];
		pathWeight = new double[depth + 1][depth + 1];
	}

	/** Expected raw output per dimension. */
	public double[] base() {
		return base.clone();
	}

	/** SHAP values of the raw outputs: {@code [dimension][feature]}. */
	public double[][] shap(final double[] x) {
		final double[][] phi = new double[ensemble.dims()][features];
		final FlatTree[] trees = ensemble.trees();
		for (int t = 0; t < trees.length; t++)
			recurse(trees[t], x, phi, ensemble.weight()[t], ensemble.output()[t], 0, 0, 0, 1, 1, -1);
		return phi;
	}

	private void recurse(final FlatTree tree, final double[] x, final double[][] phi, final double weight,
		final int output, final int node, final int level, int uniqueDepth, final double parentZero,
		final double parentOne, final int parentFeature)
	{
		final int[] feature = pathFeature[level];
		final double[] zero = pathZero[level];
		final double[] one = pathOne[level];
		final double[] pw = pathWeight[level];
		if (level > 0) {
			System.arraycopy(pathFeature[level - 1], 0, feature, 0, uniqueDepth);
			System.arraycopy(pathZero[level - 1], 0, zero, 0, uniqueDepth);
			System.arraycopy(pathOne[level - 1], 0, one, 0, uniqueDepth);
			System.arraycopy(pathWeight[level - 1], 0, pw, 0, uniqueDepth);
		}
		extend(feature, zero, one, pw, uniqueDepth, parentZero, parentOne, parentFeature);
		if (tree.isLeaf(node)) {
			final double[] leaf = tree.value()[node];
			for (int i = 1; i <= uniqueDepth; i++) {
				final double w = unwoundSum(zero, one, pw, uniqueDepth, i) * (one[i] - zero[i]) * weight;
				if (output < 0) for (int d = 0; d < leaf.length; d++) phi[d][feature[i]] += w * leaf[d];
				else phi[output][feature[i]] += w * leaf[0];
			}
			return;
		}
		final int split = tree.feature()[node];
		final boolean yes = tree.goesYes(node, x);
		final int hot = yes ? tree.yes()[node] : tree.no()[node];
		final int cold = yes ? tree.no()[node] : tree.yes()[node];
		double incomingZero = 1;
		double incomingOne = 1;
		int k = 1;
		while (k <= uniqueDepth && feature[k] != split) k++;
		if (k <= uniqueDepth) {
			incomingZero = zero[k];
			incomingOne = one[k];
			unwind(feature, zero, one, pw, uniqueDepth, k);
			uniqueDepth--;
		}
		final double cover = tree.cover()[node];
		final double hotZero = cover > 0 ? tree.cover()[hot] / cover : 0;
		final double coldZero = cover > 0 ? tree.cover()[cold] / cover : 0;
		recurse(tree, x, phi, weight, output, hot, level + 1, uniqueDepth + 1, hotZero * incomingZero, incomingOne,
			split);
		recurse(tree, x, phi, weight, output, cold, level + 1, uniqueDepth + 1, coldZero * incomingZero, 0, split);
	}

	/** 1/k for small k: the path updates divide by small integers millions of times. */
	private static final double[] INVERSE = new double[512];
	static {
		for (int k = 1; k < INVERSE.length; k++) INVERSE[k] = 1.0 / k;
	}

	private static double inverse(final int k) {
		return k < INVERSE.length ? INVERSE[k] : 1.0 / k;
	}

	private static void extend(final int[] feature, final double[] zero, final double[] one, final double[] pw,
		final int uniqueDepth, final double zeroFraction, final double oneFraction, final int featureIndex)
	{
		feature[uniqueDepth] = featureIndex;
		zero[uniqueDepth] = zeroFraction;
		one[uniqueDepth] = oneFraction;
		pw[uniqueDepth] = uniqueDepth == 0 ? 1 : 0;
		final double inv = inverse(uniqueDepth + 1);
		for (int i = uniqueDepth - 1; i >= 0; i--) {
			pw[i + 1] += oneFraction * pw[i] * (i + 1) * inv;
			pw[i] = zeroFraction * pw[i] * (uniqueDepth - i) * inv;
		}
	}

	private static void unwind(final int[] feature, final double[] zero, final double[] one, final double[] pw,
		final int uniqueDepth, final int pathIndex)
	{
		final double oneFraction = one[pathIndex];
		final double zeroFraction = zero[pathIndex];
		final double inv = inverse(uniqueDepth + 1);
		double nextOnePortion = pw[uniqueDepth];
		if (oneFraction != 0) {
			final double invOne = 1 / oneFraction;
			for (int i = uniqueDepth - 1; i >= 0; i--) {
				final double tmp = pw[i];
				pw[i] = nextOnePortion * (uniqueDepth + 1) * inverse(i + 1) * invOne;
				nextOnePortion = tmp - pw[i] * zeroFraction * (uniqueDepth - i) * inv;
			}
		}
		else {
			final double invZero = 1 / zeroFraction;
			for (int i = uniqueDepth - 1; i >= 0; i--)
				pw[i] = pw[i] * (uniqueDepth + 1) * invZero * inverse(uniqueDepth - i);
		}
		for (int i = pathIndex; i < uniqueDepth; i++) {
			feature[i] = feature[i + 1];
			zero[i] = zero[i + 1];
			one[i] = one[i + 1];
		}
	}

	private static double unwoundSum(final double[] zero, final double[] one, final double[] pw, final int uniqueDepth,
		final int pathIndex)
	{
		final double oneFraction = one[pathIndex];
		final double zeroFraction = zero[pathIndex];
		final double inv = inverse(uniqueDepth + 1);
		double total = 0;
		if (oneFraction != 0) {
			final double invOne = 1 / oneFraction;
			double nextOnePortion = pw[uniqueDepth];
			for (int i = uniqueDepth - 1; i >= 0; i--) {
				final double tmp = nextOnePortion * (uniqueDepth + 1) * inverse(i + 1) * invOne;
				total += tmp;
				nextOnePortion = pw[i] - tmp * zeroFraction * (uniqueDepth - i) * inv;
			}
		}
		else if (zeroFraction != 0) {
			final double invZero = 1 / zeroFraction;
			for (int i = uniqueDepth - 1; i >= 0; i--)
				total += pw[i] * invZero * (uniqueDepth + 1) * inverse(uniqueDepth - i);
		}
		return total;
	}
}
