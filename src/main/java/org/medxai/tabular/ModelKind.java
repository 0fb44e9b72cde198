package org.medxai.tabular;

import org.medxai.MedXaiException;

/** The model families of the SHAP explorer. */
public enum ModelKind {

	RANDOM_FOREST("random_forest"), GRADIENT_BOOSTING("gradient_boosting"), LINEAR("linear");

	public final String key;

	ModelKind(final String key) {
		this.key = key;
	}

	public static ModelKind parse(final String text) {
		final String t = text.trim().toLowerCase().replace(' ', '_').replace('-', '_');
		for (final ModelKind k : values()) if (k.key.equals(t)) return k;
		return switch (t) {
			case "rf", "forest" -> RANDOM_FOREST;
			case "gbt", "gbm", "boosting" -> GRADIENT_BOOSTING;
			case "linear_model", "logistic", "ridge" -> LINEAR;
			default -> throw new MedXaiException(
				"Unknown model '" + text + "': use random_forest, gradient_boosting or linear.");
		};
	}
}
