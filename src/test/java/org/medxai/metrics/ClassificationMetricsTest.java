package org.medxai.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

	@Test
	void handComputedBinaryCase() {
		// scores for positives: 0.9, 0.4; negatives: 0.6, 0.2, 0.4 (a tie with a positive)
		final int[] truth = { 1, 1, 0, 0, 0 };
		final double[] score = { 0.9, 0.4, 0.6, 0.2, 0.4 };
		// pairs (pos > neg): 0.9 beats 3, 0.4 beats 0.2, ties 0.4 (half) = 3 + 1 + 0.5 = 4.5 of 6
		assertEquals(4.5 / 6, ClassificationMetrics.rocAuc(truth, score, 1), 1e-12);
		final double[][] p = new double[5][];
		for (int i = 0; i < 5; i++) p[i] = new double[] { 1 - score[i], score[i] };
		final ClassificationMetrics m = ClassificationMetrics.of(truth, p);
		// predicted: 1, 0, 1, 0, 0 -> TP 1, FN 1, FP 1, TN 2
		assertEquals(3 / 5.0, m.accuracy(), 1e-12);
		assertEquals(0.5, m.sensitivity(), 1e-12);
		assertEquals(2 / 3.0, m.specificity(), 1e-12);
		assertArrayEquals(new int[] { 2, 1 }, m.confusion()[0]);
		assertArrayEquals(new int[] { 1, 1 }, m.confusion()[1]);
	}

	@Test
	void aucIsUndefinedWithOneClassOrANaNScore() {
		assertTrue(Double.isNaN(ClassificationMetrics.rocAuc(new int[] { 1, 1 }, new double[] { 0.1, 0.2 }, 1)));
		assertTrue(
			Double.isNaN(ClassificationMetrics.rocAuc(new int[] { 1, 0, 1 }, new double[] { 0.9, Double.NaN, 0.8 }, 1)),
			"a diverged model ranks nothing");
	}
}
