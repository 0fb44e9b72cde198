package org.medxai.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medxai.metrics.ClusteringMetrics;

/** Density clusters of known blobs are found, with their number, and scattered points are noise. */
class HdbscanTest {

	@Test
	void findsBlobsOfDifferentSizesAndShapesAndLeavesScatteredPointsAsNoise() {
		final Random random = new Random(9);
		final int[] sizes = { 120, 60, 40 };
		final double[][] centres = { { 0, 0 }, { 12, 3 }, { 4, 14 } };
		final int noise = 25;
		final int n = Arrays.stream(sizes).sum() + noise;
		final double[][] points = new double[n][];
		final int[] truth = new int[n];
		int i = 0;
		for (int c = 0; c < sizes.length; c++) for (int k = 0; k < sizes[c]; k++, i++) {
			// the first blob is stretched: density clusters need not be round
			final double stretch = c == 0 ? 3 : 1;
			points[i] = new double[] { centres[c][0] + random.nextGaussian() * stretch,
				centres[c][1] + random.nextGaussian() };
			truth[i] = c;
		}
		for (; i < n; i++) {
			points[i] = new double[] { -15 + 40 * random.nextDouble(), -15 + 40 * random.nextDouble() };
			truth[i] = -1;
		}
		final int[] found = Hdbscan.cluster(points, 15, 5);
		assertEquals(3, Arrays.stream(found).filter(c -> c >= 0).distinct().count(), Arrays.toString(found));
		// a blob point called noise counts against the clustering (noise as a group of its own)
		final int[] strict = Arrays.stream(found).map(c -> c < 0 ? 1000 : c).toArray();
		assertTrue(ClusteringMetrics.adjustedRandIndex(truth, strict) >= 0.9,
			"ARI on the blob points " + ClusteringMetrics.adjustedRandIndex(truth, strict));
		int noiseFound = 0;
		for (int p = n - noise; p < n; p++) if (found[p] < 0) noiseFound++;
		assertTrue(noiseFound >= noise * 0.6, noiseFound + " of " + noise + " scattered points are noise");
	}

	@Test
	void tooFewPointsAreAllNoise() {
		assertEquals(-1, Hdbscan.cluster(new double[][] { { 0, 0 }, { 1, 1 } }, 5, 2)[0]);
	}
}
