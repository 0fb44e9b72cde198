package org.medxai.tabular;

import java.util.List;
import java.util.stream.IntStream;

/**
 * SHAP values of one explained output per row: {@code prediction[r] = base[r] + Σ_j phi[r][j]}.
 *
 * @param method how the values were computed, e.g. "TreeSHAP (path-dependent, exact)"
 * @param output what is explained, e.g. "P(Y = 1)" or "predicted Y"
 * @param explainedClass per row the class whose probability is explained, or -1 (regression)
 */
public record ShapResult(String method, String output, TabularDataset data, TabularModel model, double[] base,
	double[][] phi, double[] prediction, int[] explainedClass)
{

	public int rows() {
		return phi.length;
	}

	public List<String> features() {
		return data.featureNames();
	}

	/** Largest |prediction - base - Σφ| over all rows. */
	public double additivityError() {
		double worst = 0;
		for (int r = 0; r < phi.length; r++) {
			double sum = base[r];
			for (final double v : phi[r]) sum += v;
			worst = Math.max(worst, Math.abs(prediction[r] - sum));
		}
		return worst;
	}

	/** Mean |SHAP| per feature. */
	public double[] meanAbs() {
		final double[] m = new double[features().size()];
		for (final double[] row : phi) for (int j = 0; j < m.length; j++) m[j] += Math.abs(row[j]) / phi.length;
		return m;
	}

	/** Feature indices by decreasing mean |SHAP|. */
	public int[] ranking() {
		final double[] m = meanAbs();
		return IntStream.range(0, m.length).boxed().sorted((a, b) -> Double.compare(m[b], m[a]))
			.mapToInt(Integer::intValue).toArray();
	}

	/** The truth of a row as text (the value, or the class name). */
	public String truth(final int row) {
		final double y = data.y()[row];
		return data.task() == Task.CLASSIFICATION ? data.classes().get((int) y) : data.display(-1, y);
	}

	public String explainedClassName(final int row) {
		return explainedClass[row] < 0 ? "" : data.classes().get(explainedClass[row]);
	}
}
