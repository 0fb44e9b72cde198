package org.medxai.meibo;

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

/** The analyzer with the synthetic demo segmenter: bad inputs give one clear message. */
class MeibographyPipelineTest {

	private static LoadedModel model;

	@BeforeAll
	static void load() {
		model = ModelLoader.load(TestPaths.project().resolve("test-images/meibography-demo-model"), DevicePreference.CPU);
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
		final MedXaiException blank = assertThrows(MedXaiException.class, () -> analyzer.analyze(PixelPlanes.rgb(grey, w, h),
			LidSide.UPPER, MeiboGrading.arita()));
		assertTrue(blank.getMessage().contains("blank"), blank.getMessage());
		final java.util.Random random = new java.util.Random(1);
		final int[] dark = new int[w * h];
		for (int i = 0; i < dark.length; i++) {
			final int v = random.nextInt(12);
			dark[i] = 0xff000000 | (v << 16) | (v << 8) | v;
		}
		final MedXaiException none = assertThrows(MedXaiException.class, () -> analyzer.analyze(PixelPlanes.rgb(dark, w, h),
			LidSide.UPPER, MeiboGrading.arita()));
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
		final java.nio.file.Path card = org.medxai.engine.BundledModels.card(org.medxai.engine.BundledModels.MEIBOGRAPHY_DEFAULT);
		try (LoadedModel bundled = ModelLoader.load(card, DevicePreference.CPU)) {
			new MeibographyAnalyzer(bundled); // accepted as a segmenter
			assertTrue(bundled.card().input.width % 16 == 0 && bundled.card().input.channels == 1);
		}
		final MeiboGrading grading = GradingFile.besideModel(card);
		assertTrue(grading.scoreModel() != null && grading.envelopeDropout(), grading.describe());
		assertTrue(grading.source().contains("held-out 20 % excluded"), grading.source());
	}
}
