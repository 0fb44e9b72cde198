package org.medxai.meibo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;
import org.medxai.engine.EngineEnvironment;

/** The gland-ratio loss on hand-made maps whose ratios are known. */
class MeibographyLossTest {

	/** Two 10 x 10 images: the eyelid is the left half; glands fill 20 of its 50 pixels (ratio 0.4). */
	@Test
	void glandRatioLossIsTheSquaredRatioErrorInTensOfPoints() {
		try (NDManager m = EngineEnvironment.engine().newBaseManager()) {
			final int plane = 100;
			final float[] target = new float[2 * 2 * plane];
			final float[] exact = new float[2 * 2 * plane];
			final float[] wider = new float[2 * 2 * plane];
			for (int b = 0; b < 2; b++) for (int y = 0; y < 10; y++) for (int x = 0; x < 10; x++) {
				final int i = y * 10 + x;
				final boolean eyelid = x < 5, gland = x < 5 && y < 4, wide = x < 5 && y < 6;
				target[b * 2 * plane + i] = eyelid ? 1 : 0;
				target[b * 2 * plane + plane + i] = gland ? 1 : 0;
				exact[b * 2 * plane + plane + i] = gland ? 30 : -30;
				// glands drawn wider in the second image only, and outside the eyelid (not counted)
				wider[b * 2 * plane + plane + i] = (b == 1 ? wide : gland) || x >= 5 ? 30 : -30;
			}
			final NDArray t = m.create(target, new Shape(2, 2, 10, 10));
			assertEquals(0, MeibographyTrainer.glandRatioLoss(m.create(exact, new Shape(2, 2, 10, 10)), t).getFloat(),
				1e-6);
			// second image: 30 of 50 eyelid pixels (area + 1 = 51 in both ratios): (10 * 10 / 51)^2 / 2 images
			final double expected = Math.pow(10 * 10 / 51.0, 2) / 2;
			assertEquals(expected,
				MeibographyTrainer.glandRatioLoss(m.create(wider, new Shape(2, 2, 10, 10)), t).getFloat(), 1e-4);
		}
	}
}
