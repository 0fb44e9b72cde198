package org.medxai.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.medxai.math.Scores;

/**
 * Metrics of a classifier on labelled images: accuracy, confusion matrix, and for two classes (positive = class 1) ROC
 * AUC, sensitivity and specificity. With more classes the AUC is the mean of one-vs-rest AUCs.
 */
public record ClassificationMetrics(int n, double accuracy, double rocAuc, double sensitivity, double specificity,
	int[][] confusion)
{

	/**
	 * @param truth class index per image
	 * @param probabilities probability per image and class
	 */
	public static ClassificationMetrics of(final int[] truth, final double[][] probabilities) {
		final int n = truth.length;
		final int k = n == 0 ? 2 : probabilities[0].length;
		final int[][] confusion = new int[k][k];
		int correct = 0;
		for (int i = 0; i < n; i++) {
			final int predicted = Scores.argmax(probabilities[i]);
			confusion[truth[i]][predicted]++;
			if (predicted == truth[i]) correct++;
		}
		double auc;
		if (k == 2) auc = rocAuc(truth, column(probabilities, 1), 1);
		else {
			double sum = 0;
			int counted = 0;
			for (int c = 0; c < k; c++) {
				final double a = rocAuc(truth, column(probabilities, c), c);
				if (!Double.isNaN(a)) {
					sum += a;
					counted++;
				}
			}
			auc = counted == 0 ? Double.NaN : sum / counted;
		}
		double sensitivity = Double.NaN;
		double specificity = Double.NaN;
		if (k == 2) {
			final int positives = confusion[1][0] + confusion[1][1];
			final int negatives = confusion[0][0] + confusion[0][1];
			sensitivity = positives == 0 ? Double.NaN : confusion[1][1] / (double) positives;
			specificity = negatives == 0 ? Double.NaN : confusion[0][0] / (double) negatives;
		}
		return new ClassificationMetrics(n, n == 0 ? Double.NaN : correct / (double) n, auc, sensitivity, specificity,
			confusion);
	}

	/**
	 * Area under the ROC curve for {@code positive} vs the rest, by the Mann-Whitney statistic with ties counted half;
	 * NaN without both kinds, or when a score is NaN (a diverged model ranks nothing).
	 */
	public static double rocAuc(final int[] truth, final double[] score, final int positive) {
		for (final double s : score) if (Double.isNaN(s)) return Double.NaN;
		final Integer[] order = new Integer[truth.length];
		for (int i = 0; i < order.length; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
		// average ranks (1-based) with ties sharing their mean rank
		final double[] rank = new double[truth.length];
		for (int i = 0; i < order.length;) {
			int j = i;
			while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) j++;
			final double mean = (i + j) / 2.0 + 1;
			for (int t = i; t <= j; t++) rank[order[t]] = mean;
			i = j + 1;
		}
		long positives = 0;
		double rankSum = 0;
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] == positive) {
				positives++;
				rankSum += rank[i];
			}
		}
		final long negatives = truth.length - positives;
		if (positives == 0 || negatives == 0) return Double.NaN;
		return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
	}

	/** Name → value, for model cards and tables. */
	public Map<String, Object> asMap() {
		final Map<String, Object> map = new LinkedHashMap<>();
		map.put("images", n);
		map.put("accuracy", accuracy);
		map.put("roc_auc", rocAuc);
		if (!Double.isNaN(sensitivity)) map.put("sensitivity", sensitivity);
		if (!Double.isNaN(specificity)) map.put("specificity", specificity);
		map.put("confusion_matrix", confusion);
		return map;
	}

	private static double[] column(final double[][] p, final int c) {
		final double[] out = new double[p.length];
		for (int i = 0; i < p.length; i++) out[i] = p[i][c];
		return out;
	}
}
