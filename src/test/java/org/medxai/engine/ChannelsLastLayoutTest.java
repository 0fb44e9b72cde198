package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.medxai.TestPaths;
import org.medxai.image.InputSpec;

/**
 * On the CPU batches of several images enter TorchScript and MedXAI (DJL) networks in channels-last layout with the
 * results of the default layout; a TorchScript network whose code needs the default layout (it views a feature map;
 * made by src/experiments/python/make_layout_modules.py with PyTorch) is run in the default layout instead, giving
 * PyTorch's logits.
 */
class ChannelsLastLayoutTest {

	@Test
	void aNetworkThatRefusesChannelsLastGetsTheDefaultLayoutAndPyTorchsLogits() throws IOException {
		final Path fixture = TestPaths.project().resolve("src/test/resources/fixtures/torchscript-view");
		final JsonObject ref = JsonParser.parseString(Files.readString(fixture.resolve("reference.json")))
			.getAsJsonObject();
		final float[] input = floats(ref.getAsJsonArray("input"));
		final float[] expected = floats(ref.getAsJsonArray("logits"));
		try (LoadedModel model = ModelLoader.load(fixture, DevicePreference.CPU);
			NDManager manager = model.newManager())
		{
			assertTrue(((TorchScriptLoadedModel) model).usesChannelsLast(), "channels-last is tried first");
			for (int round = 0; round < 2; round++) {
				final float[] logits = model.forward(manager.create(input, new Shape(4, 3, 12, 16))).toFloatArray();
				assertArrayEquals(expected, logits, 1e-5f, "round " + round);
				assertFalse(((TorchScriptLoadedModel) model).usesChannelsLast());
			}
		}
	}

	@Test
	void aConvolutionalNetworkKeepsChannelsLast() {
		try (LoadedModel model = ModelLoader.load(TestPaths.torchScriptFixture(), DevicePreference.CPU);
			NDManager manager = model.newManager())
		{
			// one image keeps the default layout (the conversion would not repay), a batch is re-laid out
			model.forward(manager.create(new float[3 * 12 * 16], new Shape(1, 3, 12, 16)));
			final Shape shape = new Shape(ChannelsLast.MIN_BATCH, 3, 12, 16);
			final float[] x = new float[(int) shape.size()];
			for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.37);
			final float[] whole = model.forward(manager.create(x, shape)).toFloatArray();
			final float[] split = model.head(model.backbone(manager.create(x, shape))).toFloatArray();
			assertArrayEquals(whole, split, 1e-5f, "whole model and backbone + head agree");
			assertTrue(((TorchScriptLoadedModel) model).usesChannelsLast());
		}
	}

	@Test
	void aMedXaiNetworkTakesBatchesChannelsLastWithTheLogitsOfOneImageAtATime() {
		try (
			LoadedModel model = ModelLoader.load(TestPaths.testImages().resolve("demo-model/model-card.json"),
				DevicePreference.CPU);
			NDManager manager = model.newManager())
		{
			assertTrue(((DjlLoadedModel) model).usesChannelsLast());
			final InputSpec spec = model.card().inputSpec();
			final int images = ChannelsLast.MIN_BATCH + 1;
			final int size = spec.channels() * spec.height() * spec.width();
			final float[] x = new float[images * size];
			for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.37);
			final Shape shape = new Shape(images, spec.channels(), spec.height(), spec.width());
			final float[] batch = model.forward(manager.create(x, shape)).toFloatArray();
			final float[] split = model.head(model.backbone(manager.create(x, shape))).toFloatArray();
			final int classes = batch.length / images;
			for (int i = 0; i < images; i++) {
				final float[] one = model.forward(manager.create(Arrays.copyOfRange(x, i * size, (i + 1) * size),
					new Shape(1, spec.channels(), spec.height(), spec.width()))).toFloatArray();
				assertArrayEquals(one, Arrays.copyOfRange(batch, i * classes, (i + 1) * classes), 1e-5f, "image " + i);
				assertArrayEquals(one, Arrays.copyOfRange(split, i * classes, (i + 1) * classes), 1e-5f,
					"backbone + head, image " + i);
			}
		}
	}

	private static float[] floats(final JsonArray values) {
		final float[] out = new float[values.size()];
		for (int i = 0; i < out.length; i++) out[i] = values.get(i).getAsFloat();
		return out;
	}
}
