package org.medxai.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The time-ordered split finds the stage boundaries of noisy piecewise-constant sequences exactly. */
class TemporalSegmentationTest {

	@Test
	void findsKnownBoundaries() {
		final int[] lengths = { 30, 5, 60, 12, 40 };
		final Random random = new Random(3);
		int n = 0;
		for (final int l : lengths) n += l;
		final double[][] frames = new double[n][];
		final int[] truth = new int[n];
		int i = 0;
		for (int s = 0; s < lengths.length; s++) {
			final double[] centre = { random.nextGaussian() * 4, random.nextGaussian() * 4, random.nextGaussian() * 4 };
			for (int f = 0; f < lengths[s]; f++, i++) {
				truth[i] = s;
				frames[i] = new double[] { centre[0] + random.nextGaussian() * 0.3,
					centre[1] + random.nextGaussian() * 0.3, centre[2] + random.nextGaussian() * 0.3 };
			}
		}
		assertArrayEquals(truth, TemporalSegmentation.segment(frames, lengths.length));
	}
}
