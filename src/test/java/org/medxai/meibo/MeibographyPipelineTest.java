package org.medxai.meibo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;
import org.medxai.TestPaths;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.image.PixelPlanes;

/**
 * The analyzer with the synthetic demo segmenter: on generated images it never trained on, the whole pipeline
 * (segmentation, masks, measures, grade) recovers the construction; bad inputs give one clear message.
 */
class MeibographyPipelineTest {

	private static final java.nio.file.Path DEMO = TestPaths.project().resolve("test-images/meibography-demo-model");
	private static LoadedModel model;

	@BeforeAll
	static void load() {
		model = ModelLoader.load(DEMO, DevicePreference.CPU);
	}

	/**
	 * Ten gland slots, none to 80 % of them left out (seeds the demo segmenter never saw). Tolerances: gland count
	 * exact, mean gland length within 10 % and mean width within 1 px (glands are 4 px wide) of the truth masks', gland
	 * area ratio within 1.5 points, eyelid IoU ≥ 0.95, and the meiboscore equal to the grade of the left-out share
	 * (healthy ratio = the same lid with every gland; cut-offs 10, 33.3, 66.7 %).
	 */
	@Test
	void generatedImagesMeasureAsConstructed() {
		final int w = org.medxai.fixtures.MeibographyDemoTrainer.WIDTH,
			h = org.medxai.fixtures.MeibographyDemoTrainer.HEIGHT;
		final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model,
			GradingFile.glandThreshold(DEMO.resolve("model-card.json")));
		final double[] shares = { 0, 0.2, 0.5, 0.8 };
		for (int i = 0; i < 8; i++) {
			final long seed = 9100 + i;
			final int slots = 10, missing = (int) Math.round(slots * shares[i % 4]);
			final org.medxai.fixtures.SyntheticMeibography.Sample lid = org.medxai.fixtures.SyntheticMeibography
				.generate(w, h, slots, missing, seed);
			final org.medxai.fixtures.SyntheticMeibography.Sample full = org.medxai.fixtures.SyntheticMeibography
				.generate(w, h, slots, 0, seed);
			final double healthy = MeibographyAnalyzer
				.measure(w, h, mask(full.eyelid()), mask(full.glands()), LidSide.UPPER, MeiboGrading.arita())
				.glandAreaRatio();
			final MeiboGrading grading = new MeiboGrading(healthy, healthy, new double[] { 10, 33.3, 66.7 }, "test");
			final MeibographyAnalyzer.Result truth = MeibographyAnalyzer.measure(w, h, mask(lid.eyelid()),
				mask(lid.glands()), LidSide.UPPER, grading);
			final MeibographyAnalyzer.Result found = analyzer.analyze(grey(lid.rgb(), w, h), LidSide.UPPER, grading);
			final String what = "lid " + i + " (" + missing + " of " + slots + " glands left out)";
			assertEquals(i % 4, truth.meiboscore(), "construction grade of " + what);
			assertEquals(lid.glandCount(), found.morphometry().size(), "gland count of " + what);
			assertEquals(mean(truth, GlandMorphometry.Gland::length), mean(found, GlandMorphometry.Gland::length),
				0.1 * mean(truth, GlandMorphometry.Gland::length), "mean gland length of " + what);
			assertEquals(mean(truth, GlandMorphometry.Gland::width), mean(found, GlandMorphometry.Gland::width), 1.0,
				"mean gland width of " + what);
			assertEquals(truth.glandAreaRatio(), found.glandAreaRatio(), 0.015, "gland area ratio of " + what);
			assertTrue(iou(found.eyelid(), truth.eyelid()) >= 0.95,
				"eyelid IoU of " + what + ": " + iou(found.eyelid(), truth.eyelid()));
			assertEquals(truth.meiboscore(), found.meiboscore(), "meiboscore of " + what + " (dropout " +
				found.dropoutPercent() + " %, truth " + truth.dropoutPercent() + " %)");
		}
	}

	private static boolean[] mask(final byte[] m) {
		final boolean[] b = new boolean[m.length];
		for (int i = 0; i < m.length; i++) b[i] = m[i] != 0;
		return b;
	}

	/** The generated grey image as an 8-bit image (how the images are saved and opened). */
	private static PixelPlanes grey(final int[] rgb, final int w, final int h) {
		final byte[] g = new byte[rgb.length];
		for (int i = 0; i < g.length; i++) g[i] = (byte) (rgb[i] & 0xff);
		return PixelPlanes.gray8(g, w, h);
	}

	private static double mean(final MeibographyAnalyzer.Result r,
		final java.util.function.ToDoubleFunction<GlandMorphometry.Gland> measure)
	{
		return r.morphometry().stream().mapToDouble(measure).average().orElse(0);
	}

	private static double iou(final boolean[] predicted, final boolean[] truth) {
		return org.medxai.metrics.SegmentationMetrics.of(predicted, truth).iou();
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void badImagesGetOneClearMessage() {
		final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model);
		final int w = 320, h = 160;
		final int[] grey = new int[w * h];
		java.util.Arrays.fill(grey, 0xff808080);
		final MedXaiException blank = assertThrows(MedXaiException.class,
			() -> analyzer.analyze(PixelPlanes.rgb(grey, w, h), LidSide.UPPER, MeiboGrading.arita()));
		assertTrue(blank.getMessage().contains("blank"), blank.getMessage());
		final java.util.Random random = new java.util.Random(1);
		final int[] dark = new int[w * h];
		for (int i = 0; i < dark.length; i++) {
			final int v = random.nextInt(12);
			dark[i] = 0xff000000 | (v << 16) | (v << 8) | v;
		}
		final MedXaiException none = assertThrows(MedXaiException.class,
			() -> analyzer.analyze(PixelPlanes.rgb(dark, w, h), LidSide.UPPER, MeiboGrading.arita()));
		assertTrue(none.getMessage().contains("No eyelid"), none.getMessage());
		final MedXaiException notSegmenter = assertThrows(MedXaiException.class, () -> {
			try (LoadedModel polyp = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU)) {
				new MeibographyAnalyzer(polyp);
			}
		});
		assertTrue(notSegmenter.getMessage().contains("not a meibography segmenter"), notSegmenter.getMessage());
	}

	@Test
	void theBundledSegmenterLoadsWithItsFittedGrading() {
		final java.nio.file.Path card = org.medxai.engine.BundledModels
			.card(org.medxai.engine.BundledModels.MEIBOGRAPHY_DEFAULT);
		try (LoadedModel bundled = ModelLoader.load(card, DevicePreference.CPU)) {
			new MeibographyAnalyzer(bundled); // accepted as a segmenter
			assertTrue(bundled.card().input.width % 16 == 0 && bundled.card().input.channels == 1);
		}
		final MeiboGrading grading = GradingFile.besideModel(card);
		assertTrue(grading.scoreModel() != null && grading.envelopeDropout(), grading.describe());
		assertTrue(grading.source().contains("held-out 20 % excluded"), grading.source());
	}
}
