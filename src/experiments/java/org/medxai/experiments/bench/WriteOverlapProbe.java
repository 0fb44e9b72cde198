package org.medxai.experiments.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.medxai.cam.CamMethod;
import org.medxai.cam.CamResult;
import org.medxai.cam.CamSegmenter;
import org.medxai.cam.MaskRule;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.experiments.fixtures.Scratch;
import org.medxai.ij1.ImageFiles;
import org.medxai.image.ImageWriting;
import org.medxai.image.MaskCleanup;
import org.medxai.image.PixelPlanes;

/**
 * Whether writing the polyp folder's results on a thread of its own, while the engine explains the next group, pays.
 *
 * The folder task's own steps (read and convert on all cores, one Grad-CAM batch of 8, map resize, mask rule and
 * clean-up on all cores), run three ways in alternating rounds: writing the mask PNG and CAM TIFF inline, on all cores
 * (as the command does); handed to one writer thread that overlaps the next group; not written at all (the ceiling any
 * overlap could reach). Prints milliseconds per image for each round and checks that both writing ways write the same
 * bytes.
 *
 * Usage: {@code bash scripts/run-experiment.sh WriteOverlapProbe CARD IMAGE_FOLDER [IMAGES=200] [ROUNDS=3]}
 */
public final class WriteOverlapProbe {

	private static final int GROUP = 8;

	private enum Writing {
		INLINE, WRITER_THREAD, NONE
	}

	private record Finished(Path file, CamSegmenter.Segmentation segmentation) {}

	private WriteOverlapProbe() {}

	public static void main(final String[] args) throws Exception {
		final Path card = Path.of(args[0]);
		final List<Path> files;
		try (Stream<Path> list = Files.list(Path.of(args[1]))) {
			files = list.sorted().limit(args.length > 2 ? Integer.parseInt(args[2]) : 200).toList();
		}
		final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
		final Path out = Scratch.directory("medxai-write-overlap");
		final MaskRule rule = MaskRule.parse("percentile:75");
		final MaskCleanup.Options cleanup = new MaskCleanup.Options(0.01, true, true);
		final ExecutorService writer = Executors.newSingleThreadExecutor();
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final CamSegmenter segmenter = new CamSegmenter(model, 32);
			// warm-up: one group
			run(segmenter, files.subList(0, GROUP), rule, cleanup, Writing.NONE, out.resolve("warm"), writer);
			final double[][] ms = new double[Writing.values().length][rounds];
			for (int r = 0; r < rounds; r++) {
				for (final Writing w : Writing.values()) {
					final Path dir = out.resolve(w.name().toLowerCase(Locale.ROOT) + r);
					final long start = System.nanoTime();
					run(segmenter, files, rule, cleanup, w, dir, writer);
					ms[w.ordinal()][r] = (System.nanoTime() - start) / 1e6 / files.size();
				}
			}
			for (final Writing w : Writing.values()) {
				System.out.printf(Locale.ROOT, "%-14s %s ms per image (%d images, %d rounds)%n",
					w.name().toLowerCase(Locale.ROOT), format(ms[w.ordinal()]), files.size(), rounds);
			}
			final int differing = compare(out.resolve("inline0"), out.resolve("writer_thread0"));
			System.out.printf(Locale.ROOT, "files differing between inline and writer thread: %d%n", differing);
		}
		finally {
			writer.shutdown();
		}
	}

	private static void run(final CamSegmenter segmenter, final List<Path> files, final MaskRule rule,
		final MaskCleanup.Options cleanup, final Writing writing, final Path dir, final ExecutorService writer)
		throws Exception
	{
		Files.createDirectories(dir);
		final List<Future<?>> pending = new ArrayList<>();
		for (int from = 0; from < files.size(); from += GROUP) {
			final List<Path> group = files.subList(from, Math.min(files.size(), from + GROUP));
			final PixelPlanes[] images = new PixelPlanes[group.size()];
			final float[][] inputs = new float[group.size()][];
			IntStream.range(0, group.size()).parallel().forEach(i -> {
				images[i] = read(group.get(i));
				inputs[i] = segmenter.tensor(images[i]);
			});
			final List<CamResult> results = segmenter.explain(Arrays.asList(inputs), CamMethod.GRAD_CAM, 1);
			final List<Finished> finished = IntStream.range(0, group.size()).parallel()
				.mapToObj(i -> new Finished(group.get(i),
					segmenter.finish(images[i].width(), images[i].height(), inputs[i], results.get(i), rule, cleanup)))
				.toList();
			switch (writing) {
				case INLINE -> finished.parallelStream().forEach(f -> write(f, dir));
				case WRITER_THREAD -> pending.add(writer.submit(() -> finished.forEach(f -> write(f, dir))));
				case NONE -> {
				}
			}
		}
		for (final Future<?> f : pending) f.get();
	}

	private static PixelPlanes read(final Path file) {
		return ImageFiles.readPlanes(file).get(0);
	}

	private static void write(final Finished f, final Path dir) {
		final String name = f.file().getFileName().toString();
		final CamSegmenter.Segmentation s = f.segmentation();
		try {
			ImageWriting.maskPng(s.mask(), s.width(), s.height(), dir.resolve(name + "_mask.png"));
			ImageWriting.floatTiff(s.cam(), s.width(), s.height(), dir.resolve(name + "_cam.tif"));
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static int compare(final Path a, final Path b) throws IOException {
		int differing = 0;
		try (Stream<Path> list = Files.list(a)) {
			for (final Path file : list.toList()) {
				final Path other = b.resolve(file.getFileName());
				if (!Files.exists(other) || Files.mismatch(file, other) != -1) differing++;
			}
		}
		return differing;
	}

	private static String format(final double[] values) {
		final StringBuilder s = new StringBuilder();
		for (final double v : values) s.append(s.isEmpty() ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", v));
		return s.toString();
	}
}
