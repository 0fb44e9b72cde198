package org.medxai.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;

/** Clustering agreement and cohesion against values worked out by hand. */
class ClusteringMetricsTest {

	private static final int[] TRUTH = { 0, 0, 0, 1, 1, 1 };
	private static final int[] CLUSTERS = { 0, 0, 1, 1, 2, 2 };

	@Test
	void adjustedRandIndex() {
		// pairs within cells 2, within rows 6, within columns 3, all 15: (2 - 6*3/15) / ((6+3)/2 - 6*3/15)
		assertEquals((2 - 1.2) / (4.5 - 1.2), ClusteringMetrics.adjustedRandIndex(TRUTH, CLUSTERS), 1e-12);
		assertEquals(1, ClusteringMetrics.adjustedRandIndex(TRUTH, new int[] { 5, 5, 5, 7, 7, 7 }), 1e-12);
		// unlabelled frames (-1) are left out
		assertEquals(1, ClusteringMetrics.adjustedRandIndex(new int[] { -1, 0, 0, 1, 1 }, new int[] { 1, 0, 0, 1, 1 }),
			1e-12);
	}

	@Test
	void normalisedMutualInformation() {
		final double mi = 2 * (1 / 3.0) * Math.log(2);
		final double h = (Math.log(2) + Math.log(3)) / 2;
		assertEquals(mi / h, ClusteringMetrics.normalisedMutualInformation(TRUTH, CLUSTERS), 1e-12);
	}

	@Test
	void matchedAccuracyUsesTheBestOneToOneMatch() {
		assertEquals(4 / 6.0, ClusteringMetrics.matchedAccuracy(TRUTH, CLUSTERS), 1e-12);
		// a greedy match would give cluster 0 to label 0 (3 frames) and leave label 1 with 0; the best match is 4
		assertEquals(4 / 6.0,
			ClusteringMetrics.matchedAccuracy(new int[] { 0, 0, 1, 1, 1, 2 }, new int[] { 0, 0, 0, 1, 1, 1 }), 1e-12);
		assertArrayEquals(new int[] { 1, 0, 2 },
			ClusteringMetrics.hungarian(new double[][] { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } }));
	}

	@Test
	void matchingGivesEachLabelItsCluster() {
		// label 2 has only one frame and no cluster left for it
		assertEquals(Map.of(0, 5, 1, 7),
			ClusteringMetrics.matching(new int[] { 0, 0, 1, 1, 1, 2 }, new int[] { 5, 5, 7, 7, 7, 7 }));
	}

	@Test
	void silhouette() {
		final double[][] points = { { 0 }, { 1 }, { 10 }, { 11 } };
		final double expected = (9.5 / 10.5 + 8.5 / 9.5 + 8.5 / 9.5 + 9.5 / 10.5) / 4;
		assertEquals(expected, ClusteringMetrics.silhouette(points, new int[] { 0, 0, 1, 1 }), 1e-12);
		assertEquals(Double.NaN, ClusteringMetrics.silhouette(points, new int[] { 0, 0, 0, 0 }));
	}

	@Test
	void mismatchedLengthsOrNothingLabelledAreRefused() {
		assertThrows(MedXaiException.class, () -> ClusteringMetrics.adjustedRandIndex(TRUTH, new int[] { 0 }));
		assertThrows(MedXaiException.class,
			() -> ClusteringMetrics.adjustedRandIndex(new int[] { -1, -1 }, new int[] { 0, 1 }));
	}
}
