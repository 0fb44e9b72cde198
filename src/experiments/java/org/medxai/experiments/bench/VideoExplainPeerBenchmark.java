package org.medxai.experiments.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.VideoModel;
import org.medxai.image.PixelPlanes;
import org.medxai.videomodel.VideoExplainer;

/**
 * MedXAI's side of the video explanation benchmark against its Python peer (scripts/benchmark-video-explanation.sh).
 *
 * The median of 3 explanations (CLS attention, rollout, gradient-weighted attention, Grad-CAM of every frame) of one
 * random RGB clip with as many frames as the card's model takes, by the TorchScript CNN-Transformer the peer also runs.
 *
 * Usage: {@code bash scripts/run-experiment.sh VideoExplainPeerBenchmark CARD}
 */
public final class VideoExplainPeerBenchmark {

	public static void main(final String[] args) {
		try (VideoModel video = ModelLoader.loadVideo(Path.of(args[0]), DevicePreference.CPU)) {
			final int frames = video.card().video.frames;
			final int size = video.card().input.width;
			final Random random = new Random(1);
			final List<PixelPlanes> clip = new ArrayList<>();
			for (int f = 0; f < frames; f++) {
				final float[][] rgb = new float[3][size * size];
				for (final float[] plane : rgb) for (int i = 0; i < plane.length; i++) plane[i] = random.nextInt(256);
				clip.add(PixelPlanes.planes(size, size, rgb[0], rgb[1], rgb[2]));
			}
			VideoExplainer.explain(video, clip.subList(0, 10), VideoExplainer.Options.defaults(),
				ProgressListener.NONE);
			final double[] times = new double[3];
			for (int i = 0; i < times.length; i++) {
				final long start = System.nanoTime();
				VideoExplainer.explain(video, clip, VideoExplainer.Options.defaults(), ProgressListener.NONE);
				times[i] = (System.nanoTime() - start) / 1e9;
			}
			Arrays.sort(times);
			System.out.printf(Locale.ROOT, "medxai_explain_seconds %.3f%n", times[1]);
		}
	}
}
