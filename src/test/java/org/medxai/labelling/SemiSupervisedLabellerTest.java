package org.medxai.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;
import org.medxai.cluster.KMeans;

/** On separable generated features both methods recover the known labels. */
class SemiSupervisedLabellerTest {

	/** Three Gaussian blobs in 10-D; the first {@code labelledPerClass} of each class keep labels. */
	private static double[][] blobs(final int perClass, final int[] truth, final int[] labels,
		final int labelledPerClass)
	{
		final Random random = new Random(3);
		final double[][] x = new double[3 * perClass][10];
		for (int c = 0; c < 3; c++) {
			for (int i = 0; i < perClass; i++) {
				final int row = c * perClass + i;
				for (int j = 0; j < 10; j++) x[row][j] = (j == c ? 8 : 0) + random.nextGaussian();
				truth[row] = c;
				labels[row] = i < labelledPerClass ? c : SemiSupervisedLabeller.NONE;
			}
		}
		return x;
	}

	@Test
	void clusterPurityLoopLabelsPureClusters() {
		final int[] truth = new int[150];
		final int[] labels = new int[150];
		final double[][] x = blobs(50, truth, labels, 5);
		final List<SemiSupervisedLabeller.Proposal> proposals = SemiSupervisedLabeller.clusterPurity(x, labels, 6, 1,
			1000);
		assertEquals(135, proposals.size());
		int labelled = 0;
		for (final SemiSupervisedLabeller.Proposal p : proposals) {
			if (p.label() == SemiSupervisedLabeller.NONE) continue;
			labelled++;
			assertEquals(truth[p.index()], p.label());
			assertTrue(p.confidence() > 0.5);
		}
		assertTrue(labelled >= 120, "labelled " + labelled);
	}

	@Test
	void clusterPurityStopsAtTheTarget() {
		final int[] truth = new int[150];
		final int[] labels = new int[150];
		final double[][] x = blobs(50, truth, labels, 5);
		final long proposed = SemiSupervisedLabeller.clusterPurity(x, labels, 3, 1, 20).stream()
			.filter(p -> p.label() != SemiSupervisedLabeller.NONE).count();
		assertEquals(45, proposed, "one whole cluster (45 unlabelled) reaches the target of 20");
	}

	@Test
	void labelSpreadingRecoversEveryLabel() {
		final int[] truth = new int[150];
		final int[] labels = new int[150];
		final double[][] x = blobs(50, truth, labels, 2);
		for (final SemiSupervisedLabeller.Proposal p : SemiSupervisedLabeller.labelSpreading(x, labels, 8, 0.99)) {
			assertEquals(truth[p.index()], p.label());
			assertTrue(p.confidence() > 0.9, "confidence " + p.confidence());
		}
	}

	@Test
	void kMeansFindsTheBlobs() {
		final int[] truth = new int[150];
		final double[][] x = blobs(50, truth, new int[150], 0);
		final KMeans.Result r = KMeans.fit(x, 3, 5, 100);
		for (int c = 0; c < 3; c++) {
			final int first = r.assignment()[c * 50];
			for (int i = 0; i < 50; i++) assertEquals(first, r.assignment()[c * 50 + i]);
		}
		assertEquals(3, Arrays.stream(r.assignment()).distinct().count());
	}

	@Test
	void needsTwoLabelledClassesAndSomethingToLabel() {
		final double[][] x = { { 0 }, { 1 }, { 2 } };
		assertTrue(assertThrows(MedXaiException.class,
			() -> SemiSupervisedLabeller.labelSpreading(x, new int[] { 0, 0, -1 }, 2, 0.9)).getMessage()
			.contains("at least two classes"));
		assertTrue(assertThrows(MedXaiException.class,
			() -> SemiSupervisedLabeller.clusterPurity(x, new int[] { 0, 1, 1 }, 2, 1, 10)).getMessage()
			.contains("no unlabelled images"));
	}
}
