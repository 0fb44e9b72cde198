package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;

/**
 * The CNN-Transformer: shapes, padding masked (never attended to, its content cannot change the prediction), the frame
 * limit, and a saved model that loads back through its card into the same logits and attention.
 */
class VideoNetworkTest {

	@TempDir
	Path temp;

	static VideoNetwork.Options tiny(final boolean learnedPositions) {
		return new VideoNetwork.Options(Architectures.SMALL_CNN, 4, 2,
			new TemporalTransformer.Layout(8, 2, 2, 6, learnedPositions, 0f));
	}

	@Test
	void paddingIsMaskedAndTheModelLoadsBackThroughItsCard() throws IOException {
		EngineEnvironment.engine();
		Engine.getEngine(EngineEnvironment.ENGINE_NAME).setRandomSeed(11);
		final Shape clips = new Shape(2, 5, 3, 16, 16);
		final float[] frames = new float[(int) clips.size()];
		for (int i = 0; i < frames.length; i++) frames[i] = (float) Math.sin(i * 0.37);
		// the second clip has 3 real frames and 2 padded ones
		final float[] mask = { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 };
		final float[] logits;
		final float[] lastAttention;
		try (Model model = Model.newInstance("video", Device.cpu(), EngineEnvironment.ENGINE_NAME)) {
			final VideoNetwork network = new VideoNetwork(tiny(true), 3);
			model.setBlock(network);
			network.initialize(model.getNDManager(), DataType.FLOAT32, clips, new Shape(2, 5));
			try (NDManager m = model.getNDManager().newSubManager()) {
				final ParameterStore store = new ParameterStore(m, false);
				final NDArray x = m.create(frames, clips);
				final NDArray padding = m.create(mask, new Shape(2, 5));
				final NDList out = network.forward(store, new NDList(x, padding), false);
				assertEquals(3, out.size());
				assertEquals(new Shape(2, 3), out.get(0).getShape());
				assertEquals(new Shape(2, 2, 6, 6), out.get(1).getShape());
				for (int l = 1; l <= 2; l++) {
					final NDArray attention = out.get(l);
					assertArrayEquals(new float[2 * 2 * 6], attention.sum(new int[] { 3 }).sub(1).abs().gt(1e-5f)
						.toType(DataType.FLOAT32, false).toFloatArray(), 0f, "rows sum to 1");
					assertTrue(attention.get(new NDIndex("1, :, :, 4:")).max().getFloat() < 1e-6f,
						"padded frames receive no attention");
				}
				// what the padded frames hold cannot change the second clip's prediction
				final NDArray changed = x.duplicate();
				changed.set(new NDIndex("1, 3:"), 5f);
				final NDList again = network.forward(store, new NDList(changed, padding), false);
				assertArrayEquals(out.get(0).toFloatArray(), again.get(0).toFloatArray(), 1e-5f);
				logits = out.get(0).toFloatArray();
				lastAttention = out.get(2).toFloatArray();
				// more frames than the model takes: one message
				final NDArray tooLong = m.zeros(new Shape(1, 7, 3, 16, 16));
				assertThrows(MedXaiException.class,
					() -> network.forward(store, new NDList(tooLong, m.ones(new Shape(1, 7))), false));
			}
			model.save(temp, "video");
		}
		writeCard(temp, tiny(true), "video-0000.params");
		try (VideoModel loaded = ModelLoader.loadVideo(temp, DevicePreference.AUTO);
			NDManager m = loaded.newManager())
		{
			final NDArray x = m.create(frames, clips);
			final NDArray maps = loaded.frameMaps(x.reshape(10, 3, 16, 16));
			assertEquals(new Shape(10, 8, 8, 8), maps.getShape());
			final NDList out = loaded.temporal(VideoNetwork.pool(maps).reshape(2, 5, 8),
				m.create(mask, new Shape(2, 5)), null);
			assertArrayEquals(logits, out.get(0).toFloatArray(), 1e-5f);
			assertArrayEquals(lastAttention, out.get(2).toFloatArray(), 1e-5f);
			assertEquals(2, loaded.layers());
			assertEquals(6, loaded.maxFrames());
		}
		// an image command given a video model, and the other way round: one message each
		final MedXaiException asImage = assertThrows(MedXaiException.class,
			() -> ModelLoader.load(temp, DevicePreference.AUTO));
		assertTrue(asImage.getMessage().contains("classifies videos"), asImage.getMessage());
	}

	/** A training step's arrays all belong to the step's manager: none is left with the model (it leaked gigabytes). */
	@Test
	void aForwardPassLeavesNothingWithTheModel() {
		EngineEnvironment.engine();
		try (Model model = Model.newInstance("video", Device.cpu(), EngineEnvironment.ENGINE_NAME)) {
			final VideoNetwork network = new VideoNetwork(tiny(true), 2);
			model.setBlock(network);
			final Shape clips = new Shape(2, 3, 3, 16, 16);
			network.initialize(model.getNDManager(), DataType.FLOAT32, clips, new Shape(2, 3));
			final int before = model.getNDManager().getManagedArrays().size();
			for (final boolean training : new boolean[] { false, true })
				try (NDManager step = model.getNDManager().newSubManager();
					ai.djl.training.GradientCollector collector = step.getEngine().newGradientCollector())
				{
					final NDList out = network.forward(new ParameterStore(step, false),
						new NDList(step.randomNormal(clips), step.ones(new Shape(2, 3))), training);
					collector.backward(out.get(0).sum());
				}
			assertEquals(before, model.getNDManager().getManagedArrays().size(),
				"arrays left with the model's manager after two passes");
		}
	}

	@Test
	void sinusoidalPositionsNeedNoParametersAndStillSeeOrder() {
		EngineEnvironment.engine();
		try (NDManager m = NDManager.newBaseManager(Device.cpu(), EngineEnvironment.ENGINE_NAME)) {
			final NDArray p = TemporalTransformer.sinusoids(m, 4, 8);
			assertEquals(new Shape(1, 4, 8), p.getShape());
			// position 0: sin 0 = 0 and cos 0 = 1 alternating
			assertArrayEquals(new float[] { 0, 1, 0, 1, 0, 1, 0, 1 }, p.get("0, 0").toFloatArray(), 1e-6f);
			assertTrue(p.get("0, 1").sub(p.get("0, 2")).abs().sum().getFloat() > 0.1f);
			final TemporalTransformer temporal = new TemporalTransformer(tiny(false).temporal(), 2);
			temporal.initialize(m, DataType.FLOAT32, new Shape(1, 3, 5), new Shape(1, 3));
			assertTrue(temporal.getParameters().keys().stream().noneMatch(k -> k.contains("positions")));
		}
	}

	@Test
	void layoutsThatCannotWorkAreRefused() {
		assertThrows(MedXaiException.class, () -> new TemporalTransformer.Layout(10, 2, 4, 8, true, 0f));
		assertThrows(MedXaiException.class, () -> new TemporalTransformer.Layout(8, 0, 2, 8, true, 0f));
		assertThrows(MedXaiException.class, () -> new VideoNetwork.Options("resnet-50", 4, 2, tiny(true).temporal()));
	}

	/** A card for a video network saved as {@code params} in {@code folder}. */
	static void writeCard(final Path folder, final VideoNetwork.Options options, final String params)
		throws IOException
	{
		final ModelCard card = VideoNetwork.cardBase(options, List.of("a", "b", "c"), options.temporal().maxFrames(),
			"evenly spaced");
		card.name = "tiny-video";
		card.engine = ModelCard.ENGINE_DJL;
		card.files.put(ModelCard.FILE_PARAMS,
			new ModelCard.WeightFile(params, WeightFiles.sha256(folder.resolve(params))));
		card.input.width = 16;
		card.input.height = 16;
		card.write(folder.resolve(ModelLoader.CARD_NAME));
	}
}
