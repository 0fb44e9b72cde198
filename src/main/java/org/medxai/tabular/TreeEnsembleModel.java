package org.medxai.tabular;

import java.util.List;

/**
 * A tree model whose trees the project holds (so it can run exact TreeSHAP on them).
 *
 * @param smile the fitted Smile model the trees were copied from (for comparisons)
 */
public record TreeEnsembleModel(ModelKind kind, Task task, List<String> classes, TreeEnsemble ensemble,
	String description, Object smile) implements TabularModel
{

	@Override
	public double[] predict(final double[] x) {
		return ensemble.predict(x);
	}
}
