package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.medxai.TestPaths;
import org.medxai.classify.ImageClassifier;
import org.medxai.classify.Prediction;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/**
 * The TorchScript fixture (made by src/experiments/python/make_torchscript_fixture.py) gives PyTorch's own numbers in
 * Java.
 */
class TorchScriptModelTest {

	private static float[] floats(final JsonArray array) {
		final float[] out = new float[array.size()];
		for (int i = 0; i < out.length; i++) out[i] = array.get(i).getAsFloat();
		return out;
	}

	@Test
	void outputsEqualPyTorchReference() throws IOException {
		final JsonObject ref = JsonParser
			.parseString(Files.readString(TestPaths.torchScriptFixture().resolve("reference.json"))).getAsJsonObject();
		final float[] pixels = floats(ref.getAsJsonArray("pixels"));
		final float[] logits = floats(ref.getAsJsonArray("logits"));
		final float[] probabilities = floats(ref.getAsJsonArray("probabilities"));
		try (LoadedModel model = ModelLoader.load(TestPaths.torchScriptFixture(), DevicePreference.CPU)) {
			assertTrue(model.hasBackboneHeadSplit());
			final ImageClassifier classifier = new ImageClassifier(model);
			// Two 3 x 12 x 16 images given as 0..255 planes, normalised by the card's rules.
			final int plane = 12 * 16;
			final float[] input = new float[2 * classifier.inputSpec().size()];
			for (int n = 0; n < 2; n++) {
				final int[] rgb = new int[plane];
				for (int i = 0; i < plane; i++) {
					final int r = (int) pixels[(n * 3) * plane + i];
					final int g = (int) pixels[(n * 3 + 1) * plane + i];
					final int b = (int) pixels[(n * 3 + 2) * plane + i];
					rgb[i] = (r << 16) | (g << 8) | b;
				}
				final PixelPlanes image = PixelPlanes.rgb(rgb, 16, 12);
				TensorConverter.convertInto(image, classifier.inputSpec(), input, n);
				final List<Prediction> p = classifier.classify(List.of(image));
				for (int k = 0; k < 3; k++) {
					assertEquals(probabilities[n * 3 + k], p.get(0).probability(k), 1e-5);
				}
			}
			try (NDManager manager = model.newManager()) {
				final NDArray x = manager.create(input, new Shape(2, 3, 12, 16));
				assertArrayEquals(logits, model.forward(x).toFloatArray(), 1e-5f);
				final NDArray features = model.backbone(x);
				assertEquals(new Shape(2, 8, 6, 8), features.getShape());
				assertEquals(ref.get("features_sum").getAsDouble(), features.sum().getFloat(), 1e-3);
				assertArrayEquals(logits, model.head(features).toFloatArray(), 1e-5f);
			}
		}
	}
}
