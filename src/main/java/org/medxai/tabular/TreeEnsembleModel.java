package org.medxai.tabular;

import java.util.List;

/** A tree model whose trees the project holds (so it can run exact TreeSHAP on them). */
public record TreeEnsembleModel(ModelKind kind, Task task, List<String> classes, TreeEnsemble ensemble,
	String description) implements TabularModel
{
	@Override
	public double[] predict(final double[] x) {
		return ensemble.predict(x);
	}
}
