package org.medxai.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.medxai.ProgressListener;
import org.medxai.batch.ExistingResults;
import org.medxai.batch.FolderBatch;
import org.medxai.batch.Shard;
import org.medxai.cam.CamMethod;
import org.medxai.cam.CamResult;
import org.medxai.cam.CamSegmentationBatch;
import org.medxai.cam.ClassActivationMapper;
import org.medxai.cam.MaskRule;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.experiments.fixtures.Scratch;
import org.medxai.ij1.ImageFiles;
import org.medxai.image.ImageFileCheck;
import org.medxai.image.ImageWriting;
import org.medxai.image.InputSpec;
import org.medxai.image.MaskCleanup;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/**
 * Where the polyp folder pipeline's time goes, stage by stage, in milliseconds per image.
 *
 * Reading the file, the truncation check, tensor conversion, the Grad-CAM (network passes included), resizing the map
 * to the image, the mask rule and clean-up, writing the PNG and the TIFF.
 *
 * Usage: {@code bash scripts/run-experiment.sh FolderStageProfile CARD IMAGE_FOLDER [IMAGES=100]}
 */
public final class FolderStageProfile {

	private FolderStageProfile() {}

	public static void main(final String[] args) throws IOException {
		final Path card = Path.of(args[0]);
		final List<Path> files;
		try (Stream<Path> list = Files.list(Path.of(args[1]))) {
			files = list.sorted().limit(args.length > 2 ? Integer.parseInt(args[2]) : 100).toList();
		}
		final Path out = Scratch.directory("medxai-profile");
		double copyMs;
		float copyChecksum;
		final Map<String, Long> nanos = new LinkedHashMap<>();
		for (final String stage : List.of("read", "truncation_check", "convert", "cam", "resize", "mask", "write_png",
			"write_tiff")) nanos.put(stage, 0L);
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final ClassActivationMapper mapper = new ClassActivationMapper(model, 32);
			final MaskRule rule = MaskRule.parse("percentile:75");
			final MaskCleanup.Options cleanup = new MaskCleanup.Options(0.01, true, true);
			int done = 0;
			for (final Path file : files) {
				final boolean warm = done++ >= 5;
				long t = System.nanoTime();
				final PixelPlanes image = ImageFiles.readPlanes(file).get(0);
				t = add(nanos, "read", t, warm);
				ImageFileCheck.truncation(file);
				t = add(nanos, "truncation_check", t, warm);
				final float[] input = TensorConverter.convert(image, model.card().inputSpec());
				t = add(nanos, "convert", t, warm);
				final CamResult result = mapper.compute(input, CamMethod.GRAD_CAM, 1);
				t = add(nanos, "cam", t, warm);
				final float[] cam = TensorConverter.resize(result.map(), result.width(), result.height(), image.width(),
					image.height());
				t = add(nanos, "resize", t, warm);
				final byte[] mask = MaskCleanup.apply(rule.apply(cam), image.width(), image.height(), cleanup);
				t = add(nanos, "mask", t, warm);
				ImageWriting.maskPng(mask, image.width(), image.height(), out.resolve("m.png"));
				t = add(nanos, "write_png", t, warm);
				ImageWriting.floatTiff(cam, image.width(), image.height(), out.resolve("c.tif"));
				add(nanos, "write_tiff", t, warm);
			}
			// the copies between Java arrays and tensors on this path, apart: an image's input into a tensor and
			// back (the maps and gradients read out are 100 times smaller)
			final float[] input = TensorConverter.convert(ImageFiles.readPlanes(files.get(0)).get(0),
				model.card().inputSpec());
			final InputSpec spec = model.card().inputSpec();
			final Shape shape = new Shape(1, spec.channels(), spec.height(), spec.width());
			float checksum = 0;
			long copies = 0;
			for (int i = 0; i < 205; i++) {
				final long t = System.nanoTime();
				try (NDManager m = model.newManager()) {
					checksum += m.create(input, shape).toFloatArray()[i];
				}
				if (i >= 5) copies += System.nanoTime() - t;
			}
			copyMs = copies / 1e6 / 200;
			copyChecksum = checksum;
		}
		// the whole folder task as the command runs it (groups of 8, both cores), start-up excluded
		final double groupedMs;
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final Path input = Files.createDirectories(out.resolve("input"));
			for (final Path file : files)
				Files.createSymbolicLink(input.resolve(file.getFileName()), file.toAbsolutePath());
			final CamSegmentationBatch.Options options = new CamSegmentationBatch.Options(CamMethod.GRAD_CAM, null,
				MaskRule.parse("percentile:75"), new MaskCleanup.Options(0.01, true, true), false);
			final long start = System.nanoTime();
			FolderBatch.run(
				new FolderBatch.Settings(input, out.resolve("folder"), ExistingResults.REFUSE, Shard.WHOLE,
					new FolderBatch.Provenance("profile", "0")),
				new CamSegmentationBatch(model, ImageFiles::readPlanes, options, List.of()), ProgressListener.NONE);
			groupedMs = (System.nanoTime() - start) / 1e6 / files.size();
		}
		final int counted = files.size() - 5;
		double total = 0;
		for (final Map.Entry<String, Long> e : nanos.entrySet()) {
			final double ms = e.getValue() / 1e6 / counted;
			total += ms;
			System.out.printf(Locale.ROOT, "%-17s %7.2f ms%n", e.getKey(), ms);
		}
		System.out.printf(Locale.ROOT, "%-17s %7.2f ms per image (%d images after 5 warm-up)%n", "total", total,
			counted);
		System.out.printf(Locale.ROOT, "%-17s %7.2f ms per image (the folder task in groups, %d images)%n",
			"folder task", groupedMs, files.size());
		System.out.printf(Locale.ROOT, "%-17s %7.3f ms per image (an input into a tensor and back, apart; %s)%n",
			"tensor_copies", copyMs, copyChecksum == 0 ? "zero input" : "checked");
	}

	private static long add(final Map<String, Long> nanos, final String stage, final long since, final boolean warm) {
		final long now = System.nanoTime();
		if (warm) nanos.merge(stage, now - since, Long::sum);
		return now;
	}
}
