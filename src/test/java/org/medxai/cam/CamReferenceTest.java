package org.medxai.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.medxai.TestPaths;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/**
 * Every CAM method equals an independent PyTorch/NumPy reference (src/experiments/python/make_cam_reference.py) on the
 * TorchScript fixture, within 1e-4.
 */
class CamReferenceTest {

	@Test
	void everyMethodMatchesTheReference() throws Exception {
		final JsonObject ref = JsonParser
			.parseString(Files.readString(TestPaths.torchScriptFixture().resolve("reference.json"))).getAsJsonObject();
		final JsonArray pixels = ref.getAsJsonArray("pixels");
		final JsonArray cases = JsonParser
			.parseString(Files.readString(TestPaths.torchScriptFixture().resolve("reference-cams.json")))
			.getAsJsonObject().getAsJsonArray("cases");
		int checked = 0;
		try (LoadedModel model = ModelLoader.load(TestPaths.torchScriptFixture(), DevicePreference.CPU)) {
			final ClassActivationMapper mapper = new ClassActivationMapper(model, 3);
			for (final JsonElement element : cases) {
				final JsonObject c = element.getAsJsonObject();
				final int n = c.get("image").getAsInt();
				final int plane = 12 * 16;
				final int[] rgb = new int[plane];
				for (int i = 0; i < plane; i++) {
					rgb[i] = pixels.get(n * 3 * plane + i).getAsInt() << 16 |
						pixels.get((n * 3 + 1) * plane + i).getAsInt() << 8 |
						pixels.get((n * 3 + 2) * plane + i).getAsInt();
				}
				final float[] input = TensorConverter.convert(PixelPlanes.rgb(rgb, 16, 12), model.card().inputSpec());
				final CamMethod method = CamMethod.parse(c.get("method").getAsString());
				final CamResult result = mapper.compute(input, method, c.get("target").getAsInt());
				final String label = method.key() + " image " + n + " target " + c.get("target");
				assertEquals(c.get("target").getAsInt(), result.targetClass());
				final JsonArray expectedLayer = c.getAsJsonArray("layer_map");
				double scale = 1e-12;
				for (final JsonElement e : expectedLayer) scale = Math.max(scale, Math.abs(e.getAsDouble()));
				for (int i = 0; i < expectedLayer.size(); i++) {
					assertEquals(expectedLayer.get(i).getAsDouble() / scale, result.layerMap()[i] / scale, 1e-4,
						label + " layer " + i);
				}
				final JsonArray expected = c.getAsJsonArray("map");
				assertEquals(expected.size(), result.map().length);
				for (int i = 0; i < expected.size(); i++) {
					assertEquals(expected.get(i).getAsDouble(), result.map()[i], 1e-4, label + " pixel " + i);
				}
				checked++;
			}
			final CamResult predicted = mapper.compute(new float[3 * 12 * 16], CamMethod.GRAD_CAM, -1);
			assertEquals(predicted.targetClass(), argmax(predicted.probabilities()));
		}
		assertEquals(24, checked);
	}

	private static int argmax(final double[] p) {
		int best = 0;
		for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
		return best;
	}
}
