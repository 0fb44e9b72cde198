package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.medxai.ProgressListener;
import org.medxai.fixtures.BundledModelSize;
import org.medxai.image.PixelPlanes;
import org.medxai.videomodel.VideoExplainer;
import org.medxai.videomodel.VideoExplanation;

/**
 * The shipped default video model (B-lines in lung ultrasound): present, checked, small, an ensemble whose card states
 * its training data's licence and the figures of its recipe cross-validated by patient, and it explains a clip.
 */
class DefaultVideoModelTest {

	@Test
	void bundledModelLoadsAndExplainsAClip() throws Exception {
		assertTrue(BundledModels.isAvailable(BundledModels.VIDEO_DEFAULT));
		final Path cardFile = BundledModels.card(BundledModels.VIDEO_DEFAULT);
		final ModelCard card = ModelCard.read(cardFile);
		final long bytes = BundledModelSize.weightBytes(card);
		assertTrue(bytes > 0 && bytes <= BundledModelSize.LIMIT, bytes + " bytes of weights");
		assertEquals(List.of("no", "yes"), card.classes);
		final int frames = card.video.frames, size = card.input.width;
		final Random random = new Random(7);
		final List<PixelPlanes> clip = new ArrayList<>();
		for (int f = 0; f < frames; f++) {
			final float[] plane = new float[size * size];
			for (int i = 0; i < plane.length; i++) plane[i] = random.nextInt(256);
			clip.add(PixelPlanes.planes(size, size, plane, plane, plane));
		}
		try (VideoModel model = ModelLoader.loadVideo(cardFile, DevicePreference.CPU)) {
			assertEquals(card.paramsRoles().size() * card.video.heads, model.heads(), "members' heads side by side");
			final VideoExplanation e = VideoExplainer.explain(model, clip, VideoExplainer.Options.defaults(),
				ProgressListener.NONE);
			assertEquals(1, e.probabilities()[0] + e.probabilities()[1], 1e-6);
			for (final double[] importance : e.importance().values()) assertEquals(frames, importance.length);
			assertEquals(frames, e.cams().length);
		}
	}

	@Test
	void cardStatesTheLicenceAndTheCrossValidatedFigures() {
		final ModelCard card = ModelCard.read(BundledModels.card(BundledModels.VIDEO_DEFAULT));
		final JsonObject training = card.training.getAsJsonObject();
		assertTrue(training.get("data_licence").getAsString().contains("CC BY-NC-ND 4.0"), training.toString());
		assertTrue(card.description.contains("research artefact"), card.description);
		assertEquals(card.paramsRoles().size(), training.getAsJsonArray("members").size());
		final JsonObject cv = card.metrics.getAsJsonObject().getAsJsonObject("cross_validated");
		assertEquals(5, cv.getAsJsonArray("folds").size());
		final JsonObject pooled = cv.getAsJsonObject("pooled");
		assertEquals(271, pooled.get("images").getAsInt(), "every shared video out of fold once");
		final double auc = pooled.get("roc_auc").getAsDouble();
		assertTrue(auc > 0.5 && auc < 1, pooled.toString());
		assertTrue(card.description.contains(String.format(java.util.Locale.ROOT, "%.3f", auc)), card.description);
	}
}
