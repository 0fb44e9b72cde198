package org.medxai.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.fixtures.SyntheticVideos;
import org.medxai.image.PixelPlanes;
import org.medxai.metrics.ClusteringMetrics;

/** Generated stacks whose stages are known: the clustering finds them, with the number given or found. */
class StageClusteringTest {

	private static final int[] STAGE_LENGTHS = { 30, 18, 40, 25 };

	private static int[] truth() {
		int n = 0;
		for (final int l : STAGE_LENGTHS) n += l;
		final int[] truth = new int[n];
		int i = 0;
		for (int s = 0; s < STAGE_LENGTHS.length; s++) for (int f = 0; f < STAGE_LENGTHS[s]; f++) truth[i++] = s;
		return truth;
	}

	private static double[][] embeddings(final FrameEmbeddings.Kind kind) {
		final Random random = new Random(11);
		final int[] truth = truth();
		final PixelPlanes[] frames = new PixelPlanes[truth.length];
		for (int i = 0; i < truth.length; i++)
			frames[i] = PixelPlanes.rgb(SyntheticVideos.stageFrame(truth[i], random), 96, 96);
		return kind == FrameEmbeddings.Kind.TEXTURE
			? FrameEmbeddings.texture(frames.length, i -> frames[i], ProgressListener.NONE)
			: FrameEmbeddings.global(frames.length, i -> frames[i], ProgressListener.NONE);
	}

	/** The default features and reduction, with the clusterings that take a number of stages. */
	@Test
	void knownStagesAreRecoveredByTheDefaultsWithTheNumberGivenOrFound() {
		recovered(FrameEmbeddings.Kind.TEXTURE, StageClustering.Reduction.SLOW, StageClustering.Method.TIME_ORDERED,
			StageClustering.Method.KMEANS);
	}

	@Test
	void knownStagesAreRecoveredByGlobalFeaturesAndPrincipalComponentsWithEveryClustering() {
		recovered(FrameEmbeddings.Kind.GLOBAL, StageClustering.Reduction.PCA, StageClustering.Method.values());
	}

	@Test
	void theSilhouetteRuleFindsTheNumberOfWellSeparatedStages() {
		final double[][] x = embeddings(FrameEmbeddings.Kind.GLOBAL);
		for (final StageClustering.Method method : new StageClustering.Method[] { StageClustering.Method.TIME_ORDERED,
			StageClustering.Method.KMEANS })
		{
			final StageClustering.Result found = StageClustering.run(x, new StageClustering.Options(0, method,
				StageClustering.Reduction.PCA, 0, FrameMap.Kind.PCA, 20, 1, StageClustering.NumberRule.SILHOUETTE),
				ProgressListener.NONE);
			assertEquals(4, found.stages(), method + ": number of stages by the silhouette");
			assertTrue(ClusteringMetrics.adjustedRandIndex(truth(), found.stage()) >= 0.95);
		}
		assertThrows(MedXaiException.class, () -> StageClustering.NumberRule.parse("knee"));
	}

	private static void recovered(final FrameEmbeddings.Kind kind, final StageClustering.Reduction reduction,
		final StageClustering.Method... methods)
	{
		final double[][] x = embeddings(kind);
		final int[] truth = truth();
		for (final StageClustering.Method method : methods) {
			if (method.findsItsOwnNumber()) {
				final StageClustering.Result own = StageClustering.run(x,
					new StageClustering.Options(0, method, reduction, 0, FrameMap.Kind.UMAP, 20, 1),
					ProgressListener.NONE);
				assertEquals(4, own.stages(),
					kind + ", " + reduction + ", " + method + " finds the number of stages itself");
				assertTrue(ClusteringMetrics.adjustedRandIndex(truth, own.stage()) >= 0.95, kind + ", " + reduction +
					", " + method + " ARI " + ClusteringMetrics.adjustedRandIndex(truth, own.stage()));
				continue;
			}
			final StageClustering.Result given = StageClustering.run(x,
				new StageClustering.Options(4, method, reduction, 0, FrameMap.Kind.PCA, 20, 1), ProgressListener.NONE);
			assertTrue(ClusteringMetrics.adjustedRandIndex(truth, given.stage()) >= 0.95, kind + ", " + reduction +
				", " + method + " ARI " + ClusteringMetrics.adjustedRandIndex(truth, given.stage()));
			assertEquals(1, given.stage()[0], "stages numbered by first appearance");
			final StageClustering.Result found = StageClustering.run(x,
				new StageClustering.Options(0, method, reduction, 0, FrameMap.Kind.PCA, 20, 1), ProgressListener.NONE);
			assertEquals(4, found.stages(),
				kind + ", " + reduction + ", " + method + ": number of stages at the elbow");
			assertTrue(ClusteringMetrics.adjustedRandIndex(truth, found.stage()) >= 0.95, kind + ", " + reduction +
				", " + method + " ARI " + ClusteringMetrics.adjustedRandIndex(truth, found.stage()));
		}
	}

	@Test
	void mapsKeepTheStagesApart() {
		final double[][] x = embeddings(FrameEmbeddings.Kind.GLOBAL);
		final int[] truth = truth();
		for (final FrameMap.Kind kind : FrameMap.Kind.values()) {
			final double[][] map = FrameMap.of(x, kind, 20, 3, ProgressListener.NONE);
			assertEquals(truth.length, map.length);
			for (final double[] p : map) assertTrue(p.length == 2 && Double.isFinite(p[0]) && Double.isFinite(p[1]));
			// most frames' nearest neighbours on the map belong to their own stage
			int right = 0;
			for (int i = 0; i < map.length; i++) {
				final int[] votes = new int[STAGE_LENGTHS.length];
				final Integer[] order = new Integer[map.length];
				for (int j = 0; j < map.length; j++) order[j] = j;
				final int from = i;
				java.util.Arrays.sort(order,
					(a, b) -> Double.compare(distance(map[from], map[a]), distance(map[from], map[b])));
				for (int j = 1; j <= 5; j++) votes[truth[order[j]]]++;
				int vote = 0;
				for (int s = 1; s < votes.length; s++) if (votes[s] > votes[vote]) vote = s;
				if (vote == truth[i]) right++;
			}
			assertTrue(right >= 0.95 * map.length, kind + ": " + right + " of " + map.length);
		}
	}

	private static double distance(final double[] a, final double[] b) {
		return Math.hypot(a[0] - b[0], a[1] - b[1]);
	}

	@Test
	void stagesAreNumberedInTimeOrderAndBadRequestsRefused() {
		assertArrayEquals(new int[] { 1, 1, 2, 3, 2 },
			StageClustering.inOrderOfAppearance(new int[] { 7, 7, 0, 4, 0 }));
		assertThrows(MedXaiException.class, () -> StageClustering.run(new double[][] { { 1 } },
			StageClustering.Options.defaults(), ProgressListener.NONE));
		assertThrows(MedXaiException.class,
			() -> StageClustering.run(new double[][] { { 1 }, { 2 } }, new StageClustering.Options(3,
				StageClustering.Method.KMEANS, StageClustering.Reduction.PCA, 2, FrameMap.Kind.PCA, 20, 1),
				ProgressListener.NONE));
	}
}
