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

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.TestPaths;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.VideoModel;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/**
 * A TorchScript CNN-Transformer (made by src/experiments/python/make_video_torchscript_fixture.py with PyTorch)
 * explained in Java gives PyTorch's own numbers: attention, CLS attention, rollout, gradient-weighted attention and
 * Grad-CAM per frame, within 1e-4.
 */
class VideoTorchScriptReferenceTest {

	static final int FRAMES = 5, SIZE = 12;

	@TempDir
	Path temp;

	static double[] doubles(final JsonArray array) {
		final double[] out = new double[array.size()];
		for (int i = 0; i < out.length; i++) out[i] = array.get(i).getAsDouble();
		return out;
	}

	static List<PixelPlanes> frames(final double[] pixels) {
		final List<PixelPlanes> frames = new ArrayList<>();
		final int plane = SIZE * SIZE;
		for (int f = 0; f < FRAMES; f++) {
			final float[][] planes = new float[3][plane];
			for (int c = 0; c < 3; c++)
				for (int i = 0; i < plane; i++) planes[c][i] = (float) pixels[(f * 3 + c) * plane + i];
			frames.add(PixelPlanes.planes(SIZE, SIZE, planes));
		}
		return frames;
	}

	@Test
	void explanationsEqualPyTorchs() throws IOException {
		final Path fixture = TestPaths.videoTorchScriptFixture();
		final JsonObject ref = JsonParser.parseString(Files.readString(fixture.resolve("reference.json")))
			.getAsJsonObject();
		try (VideoModel model = ModelLoader.loadVideo(fixture, DevicePreference.CPU)) {
			final VideoExplanation e = VideoExplainer.explain(model, frames(doubles(ref.getAsJsonArray("pixels"))),
				VideoExplainer.Options.defaults().withDeletion(2), ProgressListener.NONE);
			assertEquals(3, e.faithfulness().size());
			assertEquals(ref.get("target").getAsInt(), e.explainedClass());
			assertArrayEquals(doubles(ref.getAsJsonArray("probabilities")), e.probabilities(), 1e-4);
			final double[] attention = doubles(ref.getAsJsonArray("attention"));
			int i = 0;
			for (final double[][][] layer : e.attention())
				for (final double[][] head : layer)
					for (final double[] row : head) for (final double v : row) assertEquals(attention[i++], v, 1e-4);
			assertEquals(attention.length, i);
			assertArrayEquals(doubles(ref.getAsJsonArray("cls_attention")),
				e.importance().get(VideoExplainer.ATTENTION), 1e-4);
			assertArrayEquals(doubles(ref.getAsJsonArray("rollout")), e.importance().get(VideoExplainer.ROLLOUT), 1e-4);
			assertArrayEquals(doubles(ref.getAsJsonArray("grad_attention")),
				e.importance().get(VideoExplainer.GRAD_ATTENTION), 1e-4);
			final double[] cams = doubles(ref.getAsJsonArray("cams"));
			final JsonArray shape = ref.getAsJsonArray("cam_shape");
			assertEquals(shape.get(2).getAsInt(), e.camWidth());
			assertEquals(shape.get(1).getAsInt(), e.camHeight());
			i = 0;
			for (final float[] cam : e.cams()) for (final float v : cam) assertEquals(cams[i++], v, 1e-4);
			assertEquals(cams.length, i);
			// a clip of frames of the wrong size is converted to the model's size, not refused
			final List<PixelPlanes> larger = new ArrayList<>();
			for (final PixelPlanes f : frames(doubles(ref.getAsJsonArray("pixels"))))
				larger.add(PixelPlanes.planes(24, 24, TensorConverter.resize(f.plane(0), SIZE, SIZE, 24, 24),
					TensorConverter.resize(f.plane(1), SIZE, SIZE, 24, 24),
					TensorConverter.resize(f.plane(2), SIZE, SIZE, 24, 24)));
			assertEquals(FRAMES, VideoExplainer
				.explain(model, larger, VideoExplainer.Options.defaults(), ProgressListener.NONE).frames());
			// more frames than the model takes: one message
			final List<PixelPlanes> tooMany = new ArrayList<>(larger);
			tooMany.add(larger.get(0));
			final MedXaiException e2 = assertThrows(MedXaiException.class,
				() -> VideoExplainer.explain(model, tooMany, VideoExplainer.Options.defaults(), ProgressListener.NONE));
			assertTrue(e2.getMessage().contains("at most 5"), e2.getMessage());
		}
	}

	@Test
	void aCardPromisingMoreFramesThanTheModelTakesGetsOneMessage() throws IOException {
		final Path fixture = TestPaths.videoTorchScriptFixture();
		for (final String file : List.of("backbone.pt", "head.pt"))
			Files.copy(fixture.resolve(file), temp.resolve(file));
		Files.writeString(temp.resolve("model-card.json"),
			Files.readString(fixture.resolve("model-card.json")).replace("\"frames\": 5", "\"frames\": 8"));
		final JsonObject ref = JsonParser.parseString(Files.readString(fixture.resolve("reference.json")))
			.getAsJsonObject();
		final List<PixelPlanes> seven = new ArrayList<>(frames(doubles(ref.getAsJsonArray("pixels"))));
		seven.addAll(seven.subList(0, 2));
		try (VideoModel model = ModelLoader.loadVideo(temp, DevicePreference.CPU)) {
			final MedXaiException e = assertThrows(MedXaiException.class,
				() -> VideoExplainer.explain(model, seven, VideoExplainer.Options.defaults(), ProgressListener.NONE));
			assertTrue(e.getMessage().contains("failed in its head on a clip of 7 frames") &&
				e.getMessage().contains("video.frames"), e.getMessage());
			assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
		}
	}
}
