package org.medxai.training;

import java.util.Locale;

/**
 * What one epoch achieved.
 *
 * @param learningRate the schedule's rate after the epoch's last step
 * @param improved whether this epoch became the best and was saved
 */
public record EpochResult<V extends ValidationRecord>(int epoch, double trainLoss, V validation, double learningRate,
	double seconds, boolean improved)
{

	/** One log line, e.g. {@code Epoch 3: train loss 0.4120, validation ... (saved)}. */
	public String describe() {
		return String.format(Locale.ROOT, "Epoch %d: train loss %.4f, validation %s%s", epoch, trainLoss,
			validation.describe(), improved ? " (saved)" : "");
	}
}
