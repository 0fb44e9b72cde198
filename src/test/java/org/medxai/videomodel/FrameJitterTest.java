package org.medxai.videomodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medxai.ProgressListener;
import org.medxai.image.PixelPlanes;

/** The frame stage's augmentation moves and re-lights a frame as stated, and leaves it alone when told to. */
class FrameJitterTest {

	private static final int SIZE = VideoTrainerTest.SIZE;

	/** A grey frame, black but for one bright pixel at (x, y). */
	private static VideoExample dot(final int x, final int y) {
		final byte[] grey = new byte[SIZE * SIZE];
		grey[y * SIZE + x] = (byte) 200;
		return new VideoExample("dot", 0, "g", List.of(PixelPlanes.gray8(grey, SIZE, SIZE)));
	}

	private static int brightest(final float[] out) {
		int best = 0;
		for (int i = 1; i < SIZE * SIZE; i++) if (out[i] > out[best]) best = i;
		return best;
	}

	@Test
	void aFrameIsMovedMirroredAndRelitAsStated() {
		final VideoTrainer.FrameCache cache = VideoTrainer.FrameCache.of(List.of(dot(5, 9)), VideoTrainerTest.options(),
			null, ProgressListener.NONE);
		final float[] plain = new float[3 * SIZE * SIZE];
		cache.normalised(0, 0, plain, 0);
		assertEquals(9 * SIZE + 5, brightest(plain));
		final float[] none = new float[plain.length];
		cache.normalised(0, 0, none, 0, VideoTrainer.Jitter.NONE);
		assertArrayEquals(plain, none, "no jitter: the frame as it is");
		final float[] shifted = new float[plain.length];
		cache.normalised(0, 0, shifted, 0, new VideoTrainer.Jitter(false, 0, 1, 3.0 / SIZE, -2.0 / SIZE, 1, 1, 0));
		assertEquals(7 * SIZE + 8, brightest(shifted), "3 right, 2 up");
		final float[] mirrored = new float[plain.length];
		cache.normalised(0, 0, mirrored, 0, new VideoTrainer.Jitter(true, 0, 1, 0, 0, 1, 1, 0));
		assertEquals(9 * SIZE + SIZE - 1 - 5, brightest(mirrored));
		final float[] turned = new float[plain.length];
		cache.normalised(0, 0, turned, 0, new VideoTrainer.Jitter(false, Math.PI / 2, 1, 0, 0, 1, 1, 0));
		final int at = brightest(turned);
		// a quarter turn about the centre (11.5, 11.5): (5, 9) goes to (14, 5) in image coordinates (y down)
		assertEquals(List.of(14, 5), List.of(at % SIZE, at / SIZE));
		final float[] darker = new float[plain.length];
		cache.normalised(0, 0, darker, 0, new VideoTrainer.Jitter(false, 0, 1, 0, 0, 0.5, 1, 0));
		final double std = cache.spec.std()[0];
		assertEquals(100 / 255.0 - 200 / 255.0, (darker[9 * SIZE + 5] - plain[9 * SIZE + 5]) * std, 1e-5,
			"half the gain");
		final Random random = new Random(1);
		for (int i = 0; i < 200; i++) {
			final VideoTrainer.Jitter j = VideoTrainer.Jitter.random(random, 1);
			assertTrue(Math.abs(j.angle()) <= Math.toRadians(10) && j.scale() >= 0.85 && j.scale() <= 1.15 &&
				Math.abs(j.shiftX()) <= 0.06 && j.gamma() >= 0.8 && j.gamma() <= 1.25, j.toString());
			final VideoTrainer.Jitter still = VideoTrainer.Jitter.random(random, 0);
			assertTrue(still.angle() == 0 && still.scale() == 1 && still.shiftX() == 0 && still.shiftY() == 0,
				still.toString());
		}
	}
}
