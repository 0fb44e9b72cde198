package org.medxai.tabular;

import org.medxai.ProgressListener;

/** Fits the chosen model family with the explorer's settings. */
public record TabularLearner(ModelKind kind, int trees, long seed) {

	public static final int DEFAULT_TREES = 500;

	public TabularModel fit(final TabularDataset data) {
		return fit(data, ProgressListener.NONE);
	}

	/** Tree models report each tree and stop when cancelled; the linear model is fitted at once. */
	public TabularModel fit(final TabularDataset data, final ProgressListener progress) {
		return switch (kind) {
			case RANDOM_FOREST ->
				SmileTreeModels.fit(kind, data, SmileTreeModels.Options.forest(trees, seed), progress);
			case GRADIENT_BOOSTING ->
				SmileTreeModels.fit(kind, data, SmileTreeModels.Options.boosting(trees, seed), progress);
			case LINEAR -> LinearModel.fit(data);
		};
	}
}
