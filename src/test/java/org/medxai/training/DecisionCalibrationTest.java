package org.medxai.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecisionCalibrationTest {

	/** Two-class logits {0, d}: the object class (1) wins when d + shift > 0. */
	private static double[][] logits(final double... objectMinusBackground) {
		final double[][] l = new double[objectMinusBackground.length][];
		for (int i = 0; i < l.length; i++) l[i] = new double[] { 0, objectMinusBackground[i] };
		return l;
	}

	@Test
	void theThresholdLiesHalfwayBetweenTheNearestImagesOfEitherClass() {
		// background at -3 and -2.01, objects at -0.99, 1 and 2: all right for shifts between 0.99 and 2.01
		final double shift = DecisionCalibration.bestShift(logits(-3, -2.01, -0.99, 1, 2), new int[] { 0, 0, 1, 1, 1 },
			1);
		assertEquals(1.5, shift, 1e-9);
		assertEquals(1.0, DecisionCalibration
			.metrics(logits(-3, -2.01, -0.99, 1, 2), new int[] { 0, 0, 1, 1, 1 }, 1, shift).accuracy(), 1e-12);
	}

	@Test
	void ofTwoRangesWithTheMostRightTheWiderWins() {
		// one image right below a shift of -0.51, the other above 1.01: the range below is wider within ±10
		assertEquals(-5.275, DecisionCalibration.bestShift(logits(0.51, -1.01), new int[] { 0, 1 }, 1), 1e-9);
	}

	@Test
	void aCleanSeparationAroundZeroKeepsItsMiddle() {
		assertEquals(0.0, DecisionCalibration.bestShift(logits(-2.01, -1.01, 1.01, 2.01), new int[] { 0, 0, 1, 1 }, 1),
			1e-9);
	}
}
