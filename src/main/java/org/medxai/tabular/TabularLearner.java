package org.medxai.tabular;

/** Fits the chosen model family with the explorer's settings. */
public record TabularLearner(ModelKind kind, int trees, long seed) {

	public static final int DEFAULT_TREES = 500;

	public TabularModel fit(final TabularDataset data) {
		return switch (kind) {
			case RANDOM_FOREST -> SmileTreeModels.fit(kind, data, SmileTreeModels.Options.forest(trees, seed));
			case GRADIENT_BOOSTING -> SmileTreeModels.fit(kind, data, SmileTreeModels.Options.boosting(trees, seed));
			case LINEAR -> LinearModel.fit(data);
		};
	}
}
