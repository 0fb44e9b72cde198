package org.medxai.training;

import java.util.Map;

/** What validating a network once found, as a {@link TrainingTask} reports it to the {@link TrainingLoop}. */
public interface ValidationRecord {

	/** Higher is better: the loop keeps the epoch with the highest score. */
	double score();

	/** Decides between equal scores, lower is better (e.g. the validation loss); NaN: no tie-break. */
	default double tieBreak() {
		return Double.NaN;
	}

	/** Named figures in column order, for the history CSV, curves and tables (e.g. {@code validation_loss}). */
	Map<String, Double> columns();

	/** The figures in words, for log lines and summaries. */
	String describe();

	/** The model card's {@code metrics} part for this validation. */
	Map<String, Object> cardMetrics();
}
