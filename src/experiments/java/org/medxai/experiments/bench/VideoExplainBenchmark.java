package org.medxai.experiments.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.medxai.ProgressListener;
import org.medxai.engine.Architectures;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.TemporalTransformer;
import org.medxai.engine.VideoModel;
import org.medxai.engine.VideoNetwork;
import org.medxai.fixtures.RandomVideoModels;
import org.medxai.image.PixelPlanes;
import org.medxai.videomodel.VideoExample;
import org.medxai.videomodel.VideoExplainer;
import org.medxai.videomodel.VideoTrainer;

/**
 * Speed and memory of the video classifier: explanation time, training throughput, memory over many videos.
 *
 * Explaining a 100-frame 224 x 224 clip (attention, rollout, gradient-weighted attention and Grad-CAM of every frame;
 * also with the faithfulness check), training throughput of both stages, and memory over many explained videos.
 *
 * The network is the paper's shape at the project's default backbone (small CNN width 16, depth 4; d = 128, 4 layers of
 * 4 heads; up to 100 frames), with random weights (speed does not depend on them). Prints the median of 3 explanations,
 * frames per second of the frame stage and clips per second of the temporal stage (generated clips of 16 frames at 112
 * x 112), and the heap after a collection and the process's resident memory after every 100 of VIDEOS explained
 * 16-frame clips.
 *
 * Usage: {@code bash scripts/run-experiment.sh VideoExplainBenchmark OUT [VIDEOS=500]}
 */
public final class VideoExplainBenchmark {

	public static void main(final String[] args) throws IOException {
		final Path out = Files.createDirectories(Path.of(args[0]));
		final int videos = args.length > 1 ? Integer.parseInt(args[1]) : 500;
		System.out.printf(Locale.ROOT, "machine: %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
			System.getProperty("os.arch"));
		System.out.flush();
		final Path model = defaultShapedModel(out.resolve("model"), 224, 100);
		final Random random = new Random(1);
		final List<PixelPlanes> clip = new ArrayList<>();
		for (int f = 0; f < 100; f++) clip.add(noise(224, random));
		try (VideoModel video = ModelLoader.loadVideo(model, DevicePreference.CPU)) {
			VideoExplainer.explain(video, clip.subList(0, 10), VideoExplainer.Options.defaults(),
				ProgressListener.NONE);
			final double plain = median(
				() -> VideoExplainer.explain(video, clip, VideoExplainer.Options.defaults(), ProgressListener.NONE));
			final double withCheck = median(() -> VideoExplainer.explain(video, clip,
				VideoExplainer.Options.defaults().withDeletion(50), ProgressListener.NONE));
			System.out.printf(Locale.ROOT, "explain 100 frames of 224 x 224 (3 importances + Grad-CAM per frame): " +
				"%.2f s; with the faithfulness check (50 deletions, 20 random orders): %.2f s%n", plain, withCheck);
		}
		training(out.resolve("training"), random);
		memory(out, videos, random);
	}

	private interface Work {

		void run();
	}

	private static double median(final Work work) {
		final double[] times = new double[3];
		for (int i = 0; i < 3; i++) {
			final long start = System.nanoTime();
			work.run();
			times[i] = (System.nanoTime() - start) / 1e9;
		}
		java.util.Arrays.sort(times);
		return times[1];
	}

	/** Frames and clips per second of the two stages on 32 generated training and 8 validation clips. */
	private static void training(final Path out, final Random random) {
		final List<VideoExample> train = new ArrayList<>(), validation = new ArrayList<>();
		for (int v = 0; v < 40; v++) {
			final List<PixelPlanes> frames = new ArrayList<>();
			for (int f = 0; f < 16; f++) frames.add(noise(112, random));
			(v < 32 ? train : validation).add(new VideoExample("v" + v, v % 2, "v" + v, frames));
		}
		final VideoNetwork.Options network = new VideoNetwork.Options(Architectures.SMALL_CNN, 16, 4,
			new TemporalTransformer.Layout(128, 4, 4, 16, true, 0.1f));
		final VideoTrainer.Options options = new VideoTrainer.Options("bench", 112, 16, 16, network, 1, 20, 16, 1e-3,
			5e-4, 100, 0.1, 1, DevicePreference.CPU);
		final VideoTrainer.Result result = VideoTrainer.train(train, validation, List.of("a", "b"), "noise", options,
			out, ProgressListener.NONE, null);
		final double frameSeconds = result.frameStage().history().get(0).seconds();
		double temporalSeconds = 0;
		for (final var epoch : result.temporalStage().history()) temporalSeconds += epoch.seconds();
		final int epochs = result.temporalStage().history().size();
		System.out.printf(Locale.ROOT,
			"training: frame stage %.1f frames/s (32 x 16 frames of 112 x 112 per epoch, " +
				"with validation); temporal stage %.1f clips/s on cached embeddings (%d epochs of 32 clips)%n",
			32 * 16 / frameSeconds, 32.0 * epochs / temporalSeconds, epochs);
		System.out.flush();
	}

	/** Heap after a collection and resident memory every 100 explained 16-frame 112 x 112 clips. */
	private static void memory(final Path out, final int videos, final Random random) throws IOException {
		final Path model = defaultShapedModel(out.resolve("model-16"), 112, 16);
		try (VideoModel video = ModelLoader.loadVideo(model, DevicePreference.CPU)) {
			for (int v = 1; v <= videos; v++) {
				final List<PixelPlanes> frames = new ArrayList<>();
				for (int f = 0; f < 16; f++) frames.add(noise(112, random));
				VideoExplainer.explain(video, frames, VideoExplainer.Options.defaults().withDeletion(8),
					ProgressListener.NONE);
				if (v % 100 == 0 || v == 1) {
					System.gc();
					final long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
					System.out.printf(Locale.ROOT, "after %d videos: heap %.1f MiB, resident %.1f MiB%n", v,
						heap / 1048576.0, resident() / 1024.0);
					System.out.flush();
				}
			}
		}
	}

	private static long resident() throws IOException {
		for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
			if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
		return -1;
	}

	private static PixelPlanes noise(final int size, final Random random) {
		final float[] plane = new float[size * size];
		for (int i = 0; i < plane.length; i++) plane[i] = random.nextInt(256);
		return PixelPlanes.planes(size, size, plane);
	}

	/** A randomly initialised network of the default shape, saved with its card. */
	private static Path defaultShapedModel(final Path folder, final int size, final int frames) throws IOException {
		return RandomVideoModels.save(folder, new VideoNetwork.Options(Architectures.SMALL_CNN, 16, 4,
			new TemporalTransformer.Layout(128, 4, 4, frames, true, 0.1f)), size, frames);
	}
}
