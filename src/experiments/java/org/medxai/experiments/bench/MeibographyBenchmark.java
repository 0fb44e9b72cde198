package org.medxai.experiments.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.meibo.GradingFile;
import org.medxai.meibo.LidSide;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;

/**
 * Seconds per meibography image for the whole analysis (segmentation, masks, measures, grades, gland morphometry).
 *
 * The images of IMAGES (a folder, e.g. the full-resolution MGD-1K lids at 1280 x 640) are decoded once; each is then
 * analysed ROUNDS times with the bundled model (or CARD) after five warm-up analyses. Prints the image size, the median
 * and mean seconds per image, the slowest image, the cores and the heap in use. Decoding the file is not counted (the
 * Fiji command gets an open image).
 *
 * Usage: {@code bash scripts/run-experiment.sh MeibographyBenchmark IMAGES [COUNT=30] [ROUNDS=2] [CARD]}
 */
public final class MeibographyBenchmark {

	private MeibographyBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final Path folder = Path.of(args[0]);
		final int count = args.length > 1 ? Integer.parseInt(args[1]) : 30;
		final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
		final Path card = args.length > 3 ? Path.of(args[3]) : BundledModels.card(BundledModels.MEIBOGRAPHY_DEFAULT);
		final List<Path> files;
		try (Stream<Path> list = Files.list(folder)) {
			files = list.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
				.sorted().limit(count).toList();
		}
		final List<PixelPlanes> images = new ArrayList<>();
		for (final Path file : files) images.add(ImageDecoding.read(file).planes());
		final MeiboGrading grading = GradingFile.besideModel(card);
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, GradingFile.glandThreshold(card));
			for (int i = 0; i < 5; i++) analyzer.analyze(images.get(i % images.size()), LidSide.UNKNOWN, grading);
			final double[] seconds = new double[images.size() * rounds];
			int k = 0;
			double checksum = 0;
			for (int r = 0; r < rounds; r++) for (final PixelPlanes image : images) {
				final long t0 = System.nanoTime();
				checksum += analyzer.analyze(image, LidSide.UNKNOWN, grading).glandAreaRatio();
				seconds[k++] = (System.nanoTime() - t0) / 1e9;
			}
			final double[] sorted = seconds.clone();
			Arrays.sort(sorted);
			final Runtime rt = Runtime.getRuntime();
			System.out.printf(Locale.ROOT, "images %d (%d x %d first), rounds %d, model %s%n", images.size(),
				images.get(0).width(), images.get(0).height(), rounds, model.card().name);
			System.out.printf(Locale.ROOT, "seconds per image: median %.3f, mean %.3f, slowest %.3f%n",
				sorted[sorted.length / 2], Arrays.stream(seconds).average().orElse(0), sorted[sorted.length - 1]);
			System.out.printf(Locale.ROOT, "cores %d, heap in use %d MiB, checksum %.4f%n", rt.availableProcessors(),
				(rt.totalMemory() - rt.freeMemory()) >> 20, checksum);
		}
	}
}
