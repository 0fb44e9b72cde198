package org.medxai.tabular;

/**
 * One decision tree as arrays, node 0 the root. An internal node sends x to {@code yes} when
 * {@code x[feature] <= threshold} (ordinal split) or {@code x[feature] == threshold} (nominal split), else to
 * {@code no}. {@code cover} is the training weight that reached the node (what the path-dependent SHAP value function
 * averages by); {@code value} holds each leaf's output vector.
 */
public record FlatTree(int[] feature, double[] threshold, boolean[] nominal, int[] yes, int[] no, double[] cover,
	double[][] value)
{

	public boolean isLeaf(final int node) {
		return feature[node] < 0;
	}

	public int nodes() {
		return feature.length;
	}

	public boolean goesYes(final int node, final double[] x) {
		final double v = x[feature[node]];
		return nominal[node] ? v == threshold[node] : v <= threshold[node];
	}

	public int leaf(final double[] x) {
		int node = 0;
		while (!isLeaf(node)) node = goesYes(node, x) ? yes[node] : no[node];
		return node;
	}

	public int depth() {
		return depth(0);
	}

	private int depth(final int node) {
		return isLeaf(node) ? 0 : 1 + Math.max(depth(yes[node]), depth(no[node]));
	}

	/** Cover-weighted mean of the leaf outputs: the tree's output when no feature is known. */
	public double[] expectedValue() {
		final double[] sum = new double[value[leaf0()].length];
		for (int n = 0; n < nodes(); n++)
			if (isLeaf(n)) for (int d = 0; d < sum.length; d++) sum[d] += cover[n] / cover[0] * value[n][d];
		return sum;
	}

	private int leaf0() {
		int n = 0;
		while (!isLeaf(n)) n = yes[n];
		return n;
	}
}
