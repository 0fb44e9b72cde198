package org.medxai.math;

/** Turning a network's raw scores into probabilities and a winning class. */
public final class Scores {

	private Scores() {}

	/** Softmax of {@code count} scores starting at {@code offset}, computed stably. */
	public static double[] softmax(final float[] scores, final int offset, final int count) {
		double max = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < count; k++) max = Math.max(max, scores[offset + k]);
		final double[] p = new double[count];
		double sum = 0;
		for (int k = 0; k < count; k++) {
			p[k] = Math.exp(scores[offset + k] - max);
			sum += p[k];
		}
		for (int k = 0; k < count; k++) p[k] /= sum;
		return p;
	}

	/** Softmax of all {@code scores}, computed stably. */
	public static double[] softmax(final double[] scores) {
		double max = Double.NEGATIVE_INFINITY;
		for (final double v : scores) max = Math.max(max, v);
		final double[] p = new double[scores.length];
		double sum = 0;
		for (int k = 0; k < scores.length; k++) {
			p[k] = Math.exp(scores[k] - max);
			sum += p[k];
		}
		for (int k = 0; k < scores.length; k++) p[k] /= sum;
		return p;
	}

	/** Index of the largest value (the first one on ties). */
	public static int argmax(final double[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
		return best;
	}
}
