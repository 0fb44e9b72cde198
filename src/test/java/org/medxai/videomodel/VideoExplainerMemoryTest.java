package org.medxai.videomodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.ProgressListener;
import org.medxai.engine.Architectures;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.TemporalTransformer;
import org.medxai.engine.VideoModel;
import org.medxai.engine.VideoNetwork;
import org.medxai.fixtures.RandomVideoModels;
import org.medxai.image.PixelPlanes;

/**
 * Explaining frees its arrays as it goes: the backbone's chunks keep only their maps, what the faithfulness check's
 * temporal passes leave in the explanation's memory does not grow with their number, and explaining leaves nothing in
 * the model's own memory. (Before, a 100-frame 224 x 224 explanation with the check peaked at 9.5 GB.)
 */
class VideoExplainerMemoryTest {

	@TempDir
	Path temp;

	@Test
	void faithfulnessPassesFreeTheirArraysAndExplainingLeavesNothingInTheModel() throws IOException {
		final int frames = 12, size = 32;
		try (
			VideoModel model = ModelLoader.loadVideo(
				RandomVideoModels.save(temp,
					new VideoNetwork.Options(Architectures.SMALL_CNN, 4, 3,
						new TemporalTransformer.Layout(16, 2, 2, frames, true, 0f)),
					size, frames),
				DevicePreference.CPU))
		{
			final Random random = new Random(4);
			final Map<String, double[]> importance = new LinkedHashMap<>();
			final double[] values = new double[frames];
			for (int i = 0; i < frames; i++) values[i] = random.nextDouble();
			importance.put(VideoExplainer.ATTENTION, values);
			final int[] left = new int[2];
			for (final int steps : new int[] { 2, 11 }) {
				try (NDManager manager = model.newManager()) {
					final float[] embedding = new float[frames * 16];
					for (int i = 0; i < embedding.length; i++) embedding[i] = (float) random.nextGaussian();
					manager.create(embedding, new Shape(1, frames, 16));
					final int before = manager.getManagedArrays().size();
					final var result = VideoExplainer.faithfulness(model, manager, manager.getManagedArrays().get(0), 0,
						importance, VideoExplainer.Options.defaults().withDeletion(steps));
					assertEquals(steps, result.get(VideoExplainer.ATTENTION).byImportance().scores().length - 1);
					left[steps == 2 ? 0 : 1] = manager.getManagedArrays().size() - before;
				}
			}
			assertEquals(left[0], left[1], "arrays left by 2 and by 11 deletion steps (20 random orders each)");

			final List<PixelPlanes> clip = new ArrayList<>();
			for (int f = 0; f < frames; f++) {
				final float[] plane = new float[size * size];
				for (int i = 0; i < plane.length; i++) plane[i] = random.nextInt(256);
				clip.add(PixelPlanes.planes(size, size, plane));
			}
			// the backbone's maps in chunks: what stays is each chunk's maps and their joined copy, not every layer's
			try (NDManager manager = model.newManager()) {
				final List<PixelPlanes> longer = new ArrayList<>();
				for (int k = 0; k < 5; k++) longer.addAll(clip);
				VideoExplainer.frameMaps(model, manager, longer, ProgressListener.NONE);
				final int chunks = (longer.size() + VideoExplainer.FRAME_CHUNK - 1) / VideoExplainer.FRAME_CHUNK;
				assertTrue(manager.getManagedArrays().size() <= chunks + 3,
					manager.getManagedArrays().size() + " arrays kept for " + chunks + " chunks");
			}
			final int modelArrays;
			try (NDManager probe = model.newManager()) {
				modelArrays = probe.getParentManager().getManagedArrays().size();
			}
			for (int k = 0; k < 3; k++)
				VideoExplainer.explain(model, clip, VideoExplainer.Options.defaults().withDeletion(6),
					ProgressListener.NONE);
			try (NDManager probe = model.newManager()) {
				assertTrue(probe.getParentManager().getManagedArrays().size() <= modelArrays + 1,
					"arrays in the model's memory after three explanations");
			}
		}
	}
}
