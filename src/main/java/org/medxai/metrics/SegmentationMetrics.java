package org.medxai.metrics;

import org.medxai.MedXaiException;

/**
 * Per-image overlap of a predicted and a true binary mask, as the Medico challenge scores them: the prediction (any
 * values, resized to the truth's size beforehand) is foreground where > 0.5; Jaccard (IoU), Dice, precision, recall and
 * pixel accuracy. Empty-vs-empty counts as perfect.
 */
public record SegmentationMetrics(double dice, double iou, double precision, double recall, double accuracy,
	long truePositives, long falsePositives, long falseNegatives, long trueNegatives)
{

	/**
	 * @param predicted values per pixel; foreground where > 0.5 (0/1 or 0..1)
	 * @param truth foreground where true
	 */
	public static SegmentationMetrics of(final float[] predicted, final boolean[] truth) {
		if (predicted.length != truth.length) {
			throw new MedXaiException(
				"Prediction and truth differ in size (" + predicted.length + " vs " + truth.length + " pixels).");
		}
		long tp = 0;
		long fp = 0;
		long fn = 0;
		long tn = 0;
		for (int i = 0; i < truth.length; i++) {
			final boolean p = predicted[i] > 0.5f;
			if (p && truth[i]) tp++;
			else if (p) fp++;
			else if (truth[i]) fn++;
			else tn++;
		}
		final double union = tp + fp + fn;
		final double dice = union == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn);
		final double iou = union == 0 ? 1 : tp / union;
		final double precision = tp + fp == 0 ? (fn == 0 ? 1 : 0) : tp / (double) (tp + fp);
		final double recall = tp + fn == 0 ? (fp == 0 ? 1 : 0) : tp / (double) (tp + fn);
		final double accuracy = (tp + tn) / (double) truth.length;
		return new SegmentationMetrics(dice, iou, precision, recall, accuracy, tp, fp, fn, tn);
	}

	/** A binary prediction (foreground where true) against the truth. */
	public static SegmentationMetrics of(final boolean[] predicted, final boolean[] truth) {
		final float[] unit = new float[predicted.length];
		for (int i = 0; i < unit.length; i++) unit[i] = predicted[i] ? 1 : 0;
		return of(unit, truth);
	}
}
