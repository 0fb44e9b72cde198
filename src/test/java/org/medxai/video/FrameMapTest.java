package org.medxai.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medxai.ProgressListener;

/** Two well-separated groups of frames stay apart on every kind of map (t-SNE without its optional PCA library). */
class FrameMapTest {

	@Test
	void everyMapKeepsTwoGroupsApart() {
		final Random random = new Random(3);
		final double[][] points = new double[40][6];
		for (int i = 0; i < points.length; i++)
			for (int d = 0; d < 6; d++) points[i][d] = (i < 20 ? 0 : 10) + random.nextGaussian();
		for (final FrameMap.Kind kind : FrameMap.Kind.values()) {
			final double[][] map = FrameMap.of(points, kind, 10, 7, ProgressListener.NONE);
			assertEquals(40, map.length);
			double within = 0, between = 0;
			for (int i = 0; i < 40; i++) for (int j = i + 1; j < 40; j++) {
				final double d = Math.hypot(map[i][0] - map[j][0], map[i][1] - map[j][1]);
				if ((i < 20) == (j < 20)) within += d / 380;
				else between += d / 400;
			}
			assertTrue(between > 2 * within, kind + ": between " + between + ", within " + within);
		}
	}
}
