package org.medxai.experiments.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.medxai.cam.CamMethod;
import org.medxai.cam.CamResult;
import org.medxai.cam.ClassActivationMapper;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;

/**
 * Grad-CAM throughput and resident memory on a TorchScript backbone/head model.
 *
 * Classification + Grad-CAM one image at a time on the same files the Python reference runs, and the process's resident
 * memory before and after many images (native memory must stay flat). {@code bash scripts/benchmark-cam.sh} makes the
 * model, runs the reference and compares.
 *
 * Usage: {@code bash scripts/run-experiment.sh CamBenchmark CARD IMAGES MEMORY_IMAGES}
 */
public final class CamBenchmark {

	private CamBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final Path card = Path.of(args[0]);
		final int n = Integer.parseInt(args[1]);
		final int memoryImages = Integer.parseInt(args[2]);
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final ClassActivationMapper mapper = new ClassActivationMapper(model, 32);
			final Random random = new Random(1);
			final float[][] images = new float[8][3 * 224 * 224];
			for (final float[] image : images) {
				for (int i = 0; i < image.length; i++) image[i] = (float) random.nextGaussian();
			}
			for (int i = 0; i < 5; i++) mapper.compute(images[i % 8], CamMethod.GRAD_CAM, -1);
			final long start = System.nanoTime();
			double checksum = 0;
			for (int i = 0; i < n; i++) {
				final CamResult r = mapper.compute(images[i % 8], CamMethod.GRAD_CAM, -1);
				checksum += r.probabilities()[r.targetClass()];
			}
			final double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf(Locale.ROOT, "medxai_images_per_second %.2f%n", n / seconds);
			System.out.printf(Locale.ROOT, "rss_kb after_0_images %d%n", residentKb());
			for (int i = 1; i <= memoryImages; i++) {
				checksum += mapper.compute(images[i % 8], CamMethod.GRAD_CAM, -1).map()[0];
				if (i % Math.max(1, memoryImages / 6) == 0) {
					System.out.printf(Locale.ROOT, "rss_kb after_%d_images %d%n", i, residentKb());
				}
			}
			System.out.printf(Locale.ROOT, "checksum %.3f%n", checksum);
		}
	}

	private static long residentKb() throws Exception {
		for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
		}
		return -1;
	}
}
