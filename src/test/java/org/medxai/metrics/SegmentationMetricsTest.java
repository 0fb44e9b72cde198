package org.medxai.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;

class SegmentationMetricsTest {

	@Test
	void handComputedCase() {
		// truth: 4 pixels on; prediction: 3 of them plus 2 false ones; 10 pixels in all
		final boolean[] truth = { true, true, true, true, false, false, false, false, false, false };
		final float[] predicted = { 1, 0.9f, 0.6f, 0.5f, 1, 0.7f, 0, 0, 0.2f, 0 };
		final SegmentationMetrics m = SegmentationMetrics.of(predicted, truth);
		// 0.5 is not > 0.5: TP 3, FN 1, FP 2, TN 4
		assertEquals(3, m.truePositives());
		assertEquals(2, m.falsePositives());
		assertEquals(1, m.falseNegatives());
		assertEquals(2 * 3.0 / (2 * 3 + 2 + 1), m.dice(), 1e-12);
		assertEquals(3.0 / 6, m.iou(), 1e-12);
		assertEquals(3.0 / 5, m.precision(), 1e-12);
		assertEquals(3.0 / 4, m.recall(), 1e-12);
		assertEquals(7.0 / 10, m.accuracy(), 1e-12);
		final boolean[] binary = new boolean[predicted.length];
		for (int i = 0; i < binary.length; i++) binary[i] = predicted[i] > 0.5f;
		assertEquals(m, SegmentationMetrics.of(binary, truth), "a binary prediction scores as its 0/1 values");
	}

	@Test
	void emptyAgainstEmptyIsPerfectAndSizesMustMatch() {
		final SegmentationMetrics m = SegmentationMetrics.of(new float[4], new boolean[4]);
		assertEquals(1, m.dice());
		assertEquals(1, m.iou());
		assertEquals(1, m.accuracy());
		assertThrows(MedXaiException.class, () -> SegmentationMetrics.of(new float[3], new boolean[4]));
	}
}
