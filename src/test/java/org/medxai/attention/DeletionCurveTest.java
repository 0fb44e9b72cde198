package org.medxai.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;

/** A model whose score is the summed weight of the frames it sees: the right importance deletes fastest. */
class DeletionCurveTest {

	private static final double[] WEIGHTS = { 0.05, 0.4, 0.05, 0.3, 0.05, 0.05, 0.1 };

	private static final ToDoubleFunction<boolean[]> SCORE = kept -> {
		double s = 0;
		for (int i = 0; i < kept.length; i++) if (kept[i]) s += WEIGHTS[i];
		return s;
	};

	@Test
	void theTrueImportanceFallsFasterThanRandomOrdersAndTheReverseSlower() {
		final DeletionCurve right = DeletionCurve.byImportance(WEIGHTS, 3, SCORE);
		assertArrayEquals(new double[] { 1.0, 0.6, 0.3, 0.2 }, right.scores(), 1e-12);
		assertEquals(0.525, right.area(), 1e-12);
		final double[] reversed = new double[WEIGHTS.length];
		for (int i = 0; i < reversed.length; i++) reversed[i] = -WEIGHTS[i];
		final DeletionCurve wrong = DeletionCurve.byImportance(reversed, 3, SCORE);
		final DeletionCurve random = DeletionCurve.random(WEIGHTS.length, 3, 200, 1, SCORE);
		assertTrue(right.area() < random.area() && random.area() < wrong.area(),
			right.area() + " < " + random.area() + " < " + wrong.area());
		// a random deletion removes 1/7 of the total weight per frame on average
		assertEquals(1 - 3.0 / 7, random.scores()[3], 0.05);
	}

	@Test
	void impossibleDeletionsAreRefused() {
		assertThrows(MedXaiException.class, () -> DeletionCurve.byImportance(WEIGHTS, 7, SCORE));
		assertThrows(MedXaiException.class, () -> DeletionCurve.byImportance(WEIGHTS, 0, SCORE));
	}
}
