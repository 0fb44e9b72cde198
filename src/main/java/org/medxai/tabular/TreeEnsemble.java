package org.medxai.tabular;

import org.medxai.math.Scores;

/**
 * A sum of trees: {@code raw(x) = bias + Σ weight_t · tree_t(x)}, where a tree's leaf either holds a vector of all
 * outputs ({@code output[t] < 0}) or one value added to output {@code output[t]}. The link maps raw outputs to the
 * model's prediction: identity (regression, or forests that average class probabilities), Smile's binary boosting
 * logistic {@code p1 = 1 / (1 + exp(-2 raw))}, or softmax.
 */
public record TreeEnsemble(FlatTree[] trees, double[] weight, int[] output, double[] bias, Link link) {

	public enum Link {
		IDENTITY, LOGISTIC_2X, SOFTMAX
	}

	public int dims() {
		return bias.length;
	}

	public double[] raw(final double[] x) {
		final double[] out = bias.clone();
		for (int t = 0; t < trees.length; t++) {
			final double[] leaf = trees[t].value()[trees[t].leaf(x)];
			if (output[t] < 0) for (int d = 0; d < out.length; d++) out[d] += weight[t] * leaf[d];
			else out[output[t]] += weight[t] * leaf[0];
		}
		return out;
	}

	/** The raw output when no feature is known (the path-dependent SHAP base value). */
	public double[] expectedRaw() {
		final double[] out = bias.clone();
		for (int t = 0; t < trees.length; t++) {
			final double[] e = trees[t].expectedValue();
			if (output[t] < 0) for (int d = 0; d < out.length; d++) out[d] += weight[t] * e[d];
			else out[output[t]] += weight[t] * e[0];
		}
		return out;
	}

	/** Prediction from raw outputs: the value (regression) or class probabilities. */
	public double[] link(final double[] raw) {
		return switch (link) {
			case IDENTITY -> raw.clone();
			case LOGISTIC_2X -> {
				final double p1 = 1.0 / (1.0 + Math.exp(-2.0 * raw[0]));
				yield new double[] { 1.0 - p1, p1 };
			}
			case SOFTMAX -> Scores.softmax(raw);
		};
	}

	public double[] predict(final double[] x) {
		return link(raw(x));
	}

	public int maxDepth() {
		int depth = 0;
		for (final FlatTree t : trees) depth = Math.max(depth, t.depth());
		return depth;
	}
}
