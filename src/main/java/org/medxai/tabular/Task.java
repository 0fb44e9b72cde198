package org.medxai.tabular;

import org.medxai.MedXaiException;

/** What the model predicts from a table: a number or a class. */
public enum Task {

	REGRESSION, CLASSIFICATION;

	public static Task parse(final String text) {
		return switch (text.trim().toLowerCase()) {
			case "regression" -> REGRESSION;
			case "classification" -> CLASSIFICATION;
			default ->
				throw new MedXaiException("Unknown task '" + text + "': use auto, regression or classification.");
		};
	}
}
