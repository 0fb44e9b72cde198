package org.medxai.videomodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.Architectures;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.TemporalTransformer;
import org.medxai.engine.VideoModel;
import org.medxai.engine.VideoNetwork;
import org.medxai.engine.WeightFiles;
import org.medxai.fixtures.RandomVideoModels;
import org.medxai.image.PixelPlanes;

/**
 * A video card with several DJL weight files is an ensemble: the mean of the members' logits, their heads side by side;
 * one network twice explains exactly as that network; an ensemble cannot be trained further.
 */
class VideoEnsembleTest {

	private static final int FRAMES = 6, SIZE = 24;
	private static final VideoNetwork.Options OPTIONS = new VideoNetwork.Options(Architectures.SMALL_CNN, 4, 2,
		new TemporalTransformer.Layout(8, 2, 2, FRAMES, true, 0f));

	@TempDir
	Path temp;

	/** An ensemble card in {@code folder} whose members are the given single-network cards' weights, in order. */
	private static Path ensemble(final Path folder, final Path... members) throws IOException {
		Files.createDirectories(folder);
		final ModelCard card = ModelCard.read(members[0]);
		card.files.clear();
		for (int m = 0; m < members.length; m++) {
			final String file = "member" + (m + 1) + "-0000.params";
			Files.copy(ModelCard.read(members[m]).file(ModelCard.FILE_PARAMS), folder.resolve(file));
			card.files.put(m == 0 ? ModelCard.FILE_PARAMS : ModelCard.FILE_PARAMS + "_" + (m + 1),
				new ModelCard.WeightFile(file, WeightFiles.sha256(folder.resolve(file))));
		}
		final Path file = folder.resolve(ModelLoader.CARD_NAME);
		card.write(file);
		return file;
	}

	private static List<PixelPlanes> clip(final long seed) {
		final Random random = new Random(seed);
		final List<PixelPlanes> frames = new ArrayList<>();
		for (int f = 0; f < FRAMES; f++) {
			final float[][] planes = new float[3][SIZE * SIZE];
			for (final float[] plane : planes) for (int i = 0; i < plane.length; i++) plane[i] = random.nextInt(256);
			frames.add(PixelPlanes.planes(SIZE, SIZE, planes));
		}
		return frames;
	}

	/** Logits, then each layer's attention, of a clip through the model's backbone and temporal half. */
	private static List<float[]> run(final VideoModel model, final List<PixelPlanes> frames) {
		try (NDManager manager = model.newManager()) {
			final NDArray maps = VideoExplainer.frameMaps(model, manager, frames, ProgressListener.NONE);
			final NDList out = model.temporal(VideoNetwork.pool(maps).reshape(1, FRAMES, maps.getShape().get(1)),
				manager.ones(new Shape(1, FRAMES)), null);
			final List<float[]> values = new ArrayList<>();
			for (final NDArray array : out) values.add(array.toFloatArray());
			return values;
		}
	}

	@Test
	void logitsAreTheMembersMeanAndTheHeadsTheirsSideBySide() throws IOException {
		final Path a = RandomVideoModels.save(temp.resolve("a"), OPTIONS, SIZE, FRAMES);
		final Path b = RandomVideoModels.save(temp.resolve("b"), OPTIONS, SIZE, FRAMES);
		final Path both = ensemble(temp.resolve("ab"), a, b);
		final List<PixelPlanes> frames = clip(3);
		final List<float[]> ra, rb, rab;
		final int heads;
		try (VideoModel ma = ModelLoader.loadVideo(a, DevicePreference.CPU);
			VideoModel mb = ModelLoader.loadVideo(b, DevicePreference.CPU);
			VideoModel mab = ModelLoader.loadVideo(both, DevicePreference.CPU))
		{
			ra = run(ma, frames);
			rb = run(mb, frames);
			rab = run(mab, frames);
			heads = mab.heads();
			assertEquals(2 * ma.heads(), heads);
			assertEquals(ma.layers(), mab.layers());
		}
		assertTrue(Math.abs(ra.get(0)[0] - rb.get(0)[0]) > 1e-4, "the two members differ");
		assertArrayEquals(new float[] { (ra.get(0)[0] + rb.get(0)[0]) / 2, (ra.get(0)[1] + rb.get(0)[1]) / 2 },
			rab.get(0), 1e-5f);
		// per layer (1, 2H, tokens, tokens): member a's H heads, then member b's
		for (int l = 1; l <= OPTIONS.temporal().layers(); l++) {
			final float[] joined = rab.get(l);
			final int half = joined.length / 2;
			assertArrayEquals(ra.get(l), java.util.Arrays.copyOfRange(joined, 0, half), 1e-5f);
			assertArrayEquals(rb.get(l), java.util.Arrays.copyOfRange(joined, half, joined.length), 1e-5f);
		}
	}

	@Test
	void oneNetworkTwiceExplainsAsThatNetworkAndCannotBeTrainedFurther() throws IOException {
		final Path a = RandomVideoModels.save(temp.resolve("a"), OPTIONS, SIZE, FRAMES);
		final Path twice = ensemble(temp.resolve("aa"), a, a);
		final List<PixelPlanes> frames = clip(5);
		final VideoExplanation single, doubled;
		try (VideoModel one = ModelLoader.loadVideo(a, DevicePreference.CPU);
			VideoModel two = ModelLoader.loadVideo(twice, DevicePreference.CPU))
		{
			single = VideoExplainer.explain(one, frames, VideoExplainer.Options.defaults().withDeletion(3),
				ProgressListener.NONE);
			doubled = VideoExplainer.explain(two, frames, VideoExplainer.Options.defaults().withDeletion(3),
				ProgressListener.NONE);
		}
		assertArrayEquals(single.probabilities(), doubled.probabilities(), 1e-6);
		for (final String method : single.importance().keySet()) {
			final double[] expected = single.importance().get(method);
			double largest = 0;
			for (final double v : expected) largest = Math.max(largest, Math.abs(v));
			assertTrue(largest > 0, method + " is not all zero");
			assertArrayEquals(expected, doubled.importance().get(method), 1e-5 * largest, method);
			assertEquals(single.faithfulness().get(method).gain(), doubled.faithfulness().get(method).gain(), 1e-5,
				method + " faithfulness");
		}
		float camLargest = 0;
		for (final float[] cam : single.cams()) for (final float v : cam) camLargest = Math.max(camLargest, v);
		assertTrue(camLargest > 0, "the CAMs are not empty");
		for (int f = 0; f < FRAMES; f++)
			assertArrayEquals(single.cams()[f], doubled.cams()[f], 1e-5f * camLargest, "frame " + f + "'s CAM");

		EngineEnvironment.engine();
		try (Model model = Model.newInstance("again", Device.cpu(), EngineEnvironment.ENGINE_NAME)) {
			model.setBlock(new VideoNetwork(OPTIONS, 2));
			final MedXaiException refused = assertThrows(MedXaiException.class,
				() -> ModelLoader.loadDjlWeights(model, ModelCard.read(twice)));
			assertTrue(refused.getMessage().contains("ensemble of 2"), refused.getMessage());
		}
	}
}
