package org.medxai.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;
import org.medxai.attention.FrameImportance.HeadFusion;

/** Attention readings against cases worked by hand (CLS token first, then the frames). */
class FrameImportanceTest {

	private static final double[][] A = { { 0.2, 0.5, 0.3 }, { 0.1, 0.8, 0.1 }, { 0.3, 0.3, 0.4 } };
	private static final double[][] B = { { 0.4, 0.4, 0.2 }, { 0.5, 0.25, 0.25 }, { 0.2, 0.2, 0.6 } };

	@Test
	void rolloutMixesInTheIdentityAndMultipliesTheLayers() {
		// layer 1: 0.5 A + 0.5 I = [[0.6, 0.25, 0.15], …]; layer 2: 0.5 B + 0.5 I = [[0.7, 0.2, 0.1], …]
		// CLS row of (0.5 B + 0.5 I)(0.5 A + 0.5 I) = 0.7 [0.6 0.25 0.15] + 0.2 [0.05 0.9 0.05] + 0.1 [0.15 0.15 0.7]
		assertArrayEquals(new double[] { 0.25, 0.15 },
			FrameImportance.rollout(new double[][][][] { { A } }, 2, HeadFusion.MEAN, 0), 1e-12);
		assertArrayEquals(new double[] { 0.37, 0.185 },
			FrameImportance.rollout(new double[][][][] { { A }, { B } }, 2, HeadFusion.MEAN, 0), 1e-12);
	}

	@Test
	void rolloutRowsSumToOneAtEveryLayerEvenWhenAttentionIsDiscardedOrHeadsTakeTheirMaximum() {
		// discarding the lower of the two frame entries in each row: CLS row [0.2, 0.5, 0] → 0.5 A + 0.5 I =
		// [0.6, 0.25, 0], scaled to [0.6, 0.25, 0] / 0.85
		final double[][] one = FrameImportance.rolloutMatrix(new double[][][][] { { A } }, 2, HeadFusion.MEAN, 0.5);
		assertArrayEquals(new double[] { 0.6 / 0.85, 0.25 / 0.85, 0 }, one[0], 1e-12);
		final double[][][][] layers = { { A, B }, { B, A }, { A, A } };
		for (int depth = 1; depth <= layers.length; depth++) {
			final double[][][][] first = Arrays.copyOf(layers, depth);
			for (final HeadFusion fusion : HeadFusion.values())
				for (final double discard : new double[] { 0, 0.5 })
					for (final double[] row : FrameImportance.rolloutMatrix(first, 2, fusion, discard))
					{
						double sum = 0;
						for (final double v : row) sum += v;
						assertEquals(1, sum, 1e-12, depth + " layers, " + fusion + ", discard " + discard);
					}
		}
	}

	@Test
	void clsAttentionReadsTheClsRowPerLayerOrAveragedWithHeadsFused() {
		final double[][][][] attention = { { A, B }, { B, B } };
		// layer 1, heads averaged: ([0.5 0.3] + [0.4 0.2]) / 2; heads' maximum: [0.5 0.3]
		assertArrayEquals(new double[] { 0.45, 0.25 },
			FrameImportance.clsAttention(attention, 2, 0, HeadFusion.MEAN, 0), 1e-12);
		assertArrayEquals(new double[] { 0.5, 0.3 }, FrameImportance.clsAttention(attention, 2, 0, HeadFusion.MAX, 0),
			1e-12);
		// all layers: ([0.45 0.25] + [0.4 0.2]) / 2; discarding the lowest half: the second frame to 0
		assertArrayEquals(new double[] { 0.425, 0.225 },
			FrameImportance.clsAttention(attention, 2, -1, HeadFusion.MEAN, 0), 1e-12);
		assertArrayEquals(new double[] { 0.425, 0 },
			FrameImportance.clsAttention(attention, 2, -1, HeadFusion.MEAN, 0.5), 1e-12);
	}

	@Test
	void gradientWeightedAttentionKeepsWhatRaisesTheClass() {
		// A ⊙ G = [[0.2, -0.5, 0.6], …], positive part [[0.2, 0, 0.6], …]; R = I + Ā: CLS row [1.2, 0, 0.6]
		final double[][] g = { { 1, -1, 2 }, { 0, 1, 0 }, { 1, 1, 1 } };
		assertArrayEquals(new double[] { 0, 0.6 },
			FrameImportance.gradientWeighted(new double[][][][] { { A } }, new double[][][][] { { g } }, 2), 1e-12);
	}

	@Test
	void paddingIsLeftOutAndBadRequestsAreRefused() {
		// four tokens, the last a padded frame: only the two real frames are read, rows re-normalised without it
		final double[][] padded = { { 0.2, 0.5, 0.3, 0 }, { 0.1, 0.8, 0.1, 0 }, { 0.3, 0.3, 0.4, 0 },
			{ 0.25, 0.25, 0.25, 0.25 } };
		assertArrayEquals(new double[] { 0.25, 0.15 },
			FrameImportance.rollout(new double[][][][] { { padded } }, 2, HeadFusion.MEAN, 0), 1e-12);
		final double[][][][] one = { { A } };
		assertThrows(MedXaiException.class, () -> FrameImportance.rollout(one, 3, HeadFusion.MEAN, 0));
		assertThrows(MedXaiException.class, () -> FrameImportance.clsAttention(one, 2, 1, HeadFusion.MEAN, 0));
		assertThrows(MedXaiException.class, () -> FrameImportance.clsAttention(one, 2, 0, HeadFusion.MEAN, 1));
		assertThrows(MedXaiException.class, () -> HeadFusion.parse("median"));
	}
}
