package org.medxai.experiments.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.classify.ImageClassifier;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.fixtures.SyntheticPolyps;
import org.medxai.image.PixelPlanes;

/**
 * Classification throughput (images/s) of a model at batch sizes 1 to 32.
 *
 * Tensor conversion, forward pass and probabilities, on synthetic inputs already at the model's size.
 *
 * Usage: {@code bash scripts/run-experiment.sh ClassifyBenchmark [CARD=the bundled polyp model] [DEVICE=auto|cpu|gpu]}
 */
public final class ClassifyBenchmark {

	private ClassifyBenchmark() {}

	public static void main(final String[] args) {
		final Path card = args.length > 0 && !args[0].isBlank()
			? Path.of(args[0])
			: BundledModels.card(BundledModels.POLYP_DEFAULT);
		final DevicePreference device = DevicePreference.parse(args.length > 1 ? args[1] : "auto");
		final int[] batches = { 1, 2, 4, 8, 16, 32 };
		try (LoadedModel model = ModelLoader.load(card, device)) {
			final ImageClassifier classifier = new ImageClassifier(model);
			final int w = classifier.inputSpec().width();
			final int h = classifier.inputSpec().height();
			final List<PixelPlanes> images = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				final SyntheticPolyps.Sample s = SyntheticPolyps.generate(Math.max(w, h), i % 2 == 0, i);
				images.add(PixelPlanes.rgb(s.rgb(), s.width(), s.height()));
			}
			System.out.printf(Locale.ROOT, "model %s, input %dx%d, device %s, threads %d, %s%n", model.card().name, w,
				h, model.device(), EngineEnvironment.report().threads(), System.getProperty("os.arch"));
			System.out.println("batch,images_per_second,ms_per_image");
			double best = 0;
			int bestBatch = 1;
			for (final int batch : batches) {
				final List<PixelPlanes> input = images.subList(0, batch);
				for (int warm = 0; warm < 3; warm++) classifier.classify(input);
				final int rounds = Math.max(3, 96 / batch);
				final long start = System.nanoTime();
				for (int r = 0; r < rounds; r++) classifier.classify(input);
				final double seconds = (System.nanoTime() - start) / 1e9;
				final double rate = rounds * batch / seconds;
				System.out.printf(Locale.ROOT, "%d,%.1f,%.2f%n", batch, rate, 1000 / rate);
				if (rate > best) {
					best = rate;
					bestBatch = batch;
				}
			}
			System.out.printf(Locale.ROOT, "best: batch %d at %.1f images/s%n", bestBatch, best);
		}
	}
}
