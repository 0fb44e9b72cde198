package org.medxai.tabular;

final class Softmax {

	private Softmax() {}

	static double[] of(final double[] logits) {
		double max = Double.NEGATIVE_INFINITY;
		for (final double v : logits) max = Math.max(max, v);
		final double[] p = new double[logits.length];
		double sum = 0;
		for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logits[i] - max);
		for (int i = 0; i < p.length; i++) p[i] /= sum;
		return p;
	}
}
