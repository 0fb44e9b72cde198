package org.medxai.experiments.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.medxai.ProgressListener;
import org.medxai.cluster.TemporalSegmentation;
import org.medxai.image.GlobalFeatures;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;
import org.medxai.math.Pca;
import org.medxai.metrics.ClusteringMetrics;
import org.medxai.video.FrameEmbeddings;
import org.medxai.video.FrameMap;
import org.medxai.video.ImageSequence;
import org.medxai.video.StageClustering;

/**
 * Clustering an embryo's time-lapse frames into its annotated phases, ways compared.
 *
 * For each embryo folder of DATA (frames RUN1 … and EMBRYO_phases.csv with lines phase,first,last): frames shrunk to
 * SIZE x SIZE grey pixels, PCA to 20 components, then k-means and the time-ordered segmentation with k = the number of
 * annotated phases; ARI, NMI and matched frame accuracy on the annotated frames.
 *
 * Usage: {@code bash scripts/run-experiment.sh StageClusteringExperiment DATA [SIZE=64]}
 */
public final class StageClusteringExperiment {

	public static void main(final String[] args) throws Exception {
		final Path data = Path.of(args[0]);
		final int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
		try (var embryos = Files.list(data)) {
			for (final Path folder : embryos.filter(Files::isDirectory).sorted().toList()) {
				final Path phases = data.resolve(folder.getFileName() + "_phases.csv");
				if (!Files.exists(phases)) continue;
				final List<Path> frames = ImageSequence.frames(folder);
				final int[] truth = labels(phases, frames.size());
				int k = 0;
				for (final int t : truth) k = Math.max(k, t + 1);
				System.out.printf(Locale.ROOT, "%s: %d frames, %d phases%n", folder.getFileName(), frames.size(), k);
				pipeline(frames, truth, k);
				if (System.getenv("PIPELINE_ONLY") != null) continue;
				final java.util.Map<String, double[][]> byKind = new java.util.LinkedHashMap<>();
				for (final String features : List.of("crop pixels", "crop texture", "crop global", "pixels")) {
					final double[][] x = new double[frames.size()][];
					for (int i = 0; i < frames.size(); i++) x[i] = features(frames.get(i), size, features);
					byKind.put(features, x);
				}
				byKind.put("crop all",
					concat(byKind.get("crop pixels"), byKind.get("crop texture"), byKind.get("crop global")));
				byKind.put("residual", residual(byKind.get("pixels")));
				byKind.put("crop residual", residual(byKind.get("crop pixels")));
				for (final var e : byKind.entrySet())
					for (final int components : new int[] { 8, 20 })
						for (final int smooth : new int[] { 0, 2 })
							for (final boolean whiten : new boolean[] { false, true })
							{
								final Pca pca = Pca.fit(e.getValue(), components, 1);
								double[][] z = pca.project(e.getValue());
								if (whiten) z = whiten(z, pca.variances());
								z = smooth(z, smooth);
								report(String.format(Locale.ROOT, "%s pca%d smooth%d%s", e.getKey(), components, smooth,
									whiten ? " white" : ""), truth, TemporalSegmentation.segment(z, k));
								if (!whiten && smooth == 0)
									report(
										String.format(Locale.ROOT, "%s pca%d temporal-white", e.getKey(), components),
										truth,
										TemporalSegmentation.segment(temporalWhiten(pca.project(e.getValue())), k));
							}
				final int[] equal = new int[frames.size()];
				for (int i = 0; i < equal.length; i++) equal[i] = i * k / equal.length;
				report("equal time segments", truth, equal);
			}
		}
	}

	/** The command's own steps (StageClustering), every embedding x reduction x clustering, k given. */
	private static void pipeline(final List<Path> frames, final int[] truth, final int k) {
		final IntFunction<PixelPlanes> frame = i -> ImageDecoding.read(frames.get(i)).planes();
		final java.util.Map<String, double[][]> embeddings = new java.util.LinkedHashMap<>();
		embeddings.put("texture", FrameEmbeddings.texture(frames.size(), frame, ProgressListener.NONE));
		embeddings.put("global", FrameEmbeddings.global(frames.size(), frame, ProgressListener.NONE));
		// the defaults on every second frame, from the first and from the second: how much the result moves
		for (final int offset : new int[] { 0, 1 }) {
			final int count = (frames.size() - offset + 1) / 2;
			final double[][] sampled = FrameEmbeddings.texture(count, i -> frame.apply(offset + 2 * i),
				ProgressListener.NONE);
			final int[] sampledTruth = new int[count];
			for (int i = 0; i < count; i++) sampledTruth[i] = truth[offset + 2 * i];
			final StageClustering.Options defaults = StageClustering.Options.defaults();
			report("defaults, every 2nd frame from " + (offset + 1), sampledTruth,
				StageClustering.run(sampled, new StageClustering.Options(k, defaults.method(), defaults.reduction(),
					defaults.components(), FrameMap.Kind.PCA, 20, defaults.seed()), ProgressListener.NONE).stage());
		}
		for (final var e : embeddings.entrySet())
			for (final StageClustering.Reduction reduction : StageClustering.Reduction.values())
				for (final int components : new int[] { 0, 1, 2, 3, 4, 8 })
					for (final StageClustering.Method method : new StageClustering.Method[] {
						StageClustering.Method.TIME_ORDERED, StageClustering.Method.KMEANS })
					{
						final StageClustering.Result r = StageClustering.run(e.getValue(),
							new StageClustering.Options(k, method, reduction, components, FrameMap.Kind.PCA, 20, 2026),
							ProgressListener.NONE);
						report(String.format(Locale.ROOT, "%s %s %d %s", e.getKey(), reduction, components, method),
							truth, r.stage());
					}
	}

	private static String boundaries(final int[] labels) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 1; i < labels.length; i++) if (labels[i] != labels[i - 1]) sb.append(' ').append(i + 1);
		return sb.toString();
	}

	private static void report(final String name, final int[] truth, final int[] clusters) {
		if (System.getenv("BOUNDARIES") != null)
			System.out.println("    truth starts:" + boundaries(truth) + "\n    found starts:" + boundaries(clusters));
		System.out.printf(Locale.ROOT, "  %-34s ARI %.3f  NMI %.3f  accuracy %.3f%n", name,
			ClusteringMetrics.adjustedRandIndex(truth, clusters),
			ClusteringMetrics.normalisedMutualInformation(truth, clusters),
			ClusteringMetrics.matchedAccuracy(truth, clusters));
	}

	/** Phase index per frame (frame = RUN number, 1-based), -1 where none is annotated. */
	static int[] labels(final Path csv, final int frames) throws Exception {
		final int[] labels = new int[frames];
		java.util.Arrays.fill(labels, -1);
		int phase = 0;
		for (final String line : Files.readAllLines(csv)) {
			final String[] p = line.split(",");
			if (p.length < 3) continue;
			for (int f = Integer.parseInt(p[1].trim()); f <= Integer.parseInt(p[2].trim()) && f <= frames; f++)
				labels[f - 1] = phase;
			phase++;
		}
		return labels;
	}

	/** The central part of an image, {@code share} of each side. */
	private static PixelPlanes crop(final PixelPlanes image, final double share) {
		final int w = image.width(), h = image.height();
		final int cw = (int) (w * share), ch = (int) (h * share), x0 = (w - cw) / 2, y0 = (h - ch) / 2;
		final byte[] grey = new byte[cw * ch];
		for (int y = 0; y < ch; y++)
			for (int x = 0; x < cw; x++) grey[y * cw + x] = (byte) Math.round(image.plane(0)[(y0 + y) * w + x0 + x]);
		return PixelPlanes.gray8(grey, cw, ch);
	}

	/** Mean gradient magnitude in each cell of a grid x grid layout: where the image has fine structure. */
	private static double[] texture(final float[] p, final int w, final int h, final int grid) {
		final double[] t = new double[grid * grid];
		final int[] n = new int[grid * grid];
		for (int y = 1; y < h - 1; y++) for (int x = 1; x < w - 1; x++) {
			final double gx = p[y * w + x + 1] - p[y * w + x - 1], gy = p[(y + 1) * w + x] - p[(y - 1) * w + x];
			final int cell = (y * grid / h) * grid + x * grid / w;
			t[cell] += Math.sqrt(gx * gx + gy * gy);
			n[cell]++;
		}
		for (int i = 0; i < t.length; i++) t[i] /= Math.max(1, n[i]);
		return t;
	}

	/**
	 * Each dimension divided by its frame-to-frame noise (median absolute difference of consecutive frames): slow,
	 * lasting changes count, jitter does not.
	 */
	private static double[][] temporalWhiten(final double[][] z) {
		final int n = z.length, d = z[0].length;
		final double[][] out = new double[n][d];
		final double[] steps = new double[n - 1];
		for (int j = 0; j < d; j++) {
			for (int i = 1; i < n; i++) steps[i - 1] = Math.abs(z[i][j] - z[i - 1][j]);
			final double[] sorted = steps.clone();
			java.util.Arrays.sort(sorted);
			final double noise = Math.max(sorted[sorted.length / 2], 1e-9);
			for (int i = 0; i < n; i++) out[i][j] = z[i][j] / noise;
		}
		return out;
	}

	/** Each frame minus the per-pixel median over all frames: what changes, without the still background. */
	private static double[][] residual(final double[][] x) {
		final int n = x.length, d = x[0].length;
		final double[][] out = new double[n][d];
		final double[] column = new double[n];
		for (int j = 0; j < d; j++) {
			for (int i = 0; i < n; i++) column[i] = x[i][j];
			final double[] sorted = column.clone();
			java.util.Arrays.sort(sorted);
			final double median = sorted[n / 2];
			for (int i = 0; i < n; i++) out[i][j] = Math.abs(x[i][j] - median);
		}
		return out;
	}

	/** Each group standardised to unit total variance, then side by side. */
	private static double[][] concat(final double[][]... groups) {
		final int n = groups[0].length;
		final double[][] out = new double[n][0];
		for (final double[][] g : groups) {
			final int d = g[0].length;
			final double[] mean = new double[d];
			for (final double[] row : g) for (int j = 0; j < d; j++) mean[j] += row[j] / n;
			double total = 0;
			for (final double[] row : g) for (int j = 0; j < d; j++) total += (row[j] - mean[j]) * (row[j] - mean[j]);
			final double scale = Math.sqrt(total / n);
			for (int i = 0; i < n; i++) {
				final double[] joined = java.util.Arrays.copyOf(out[i], out[i].length + d);
				for (int j = 0; j < d; j++) joined[out[i].length + j] = (g[i][j] - mean[j]) / scale;
				out[i] = joined;
			}
		}
		return out;
	}

	/** Mean over the frames within {@code radius} of each. */
	private static double[][] smooth(final double[][] z, final int radius) {
		if (radius == 0) return z;
		final double[][] out = new double[z.length][z[0].length];
		for (int i = 0; i < z.length; i++) {
			int count = 0;
			for (int t = Math.max(0, i - radius); t <= Math.min(z.length - 1, i + radius); t++, count++)
				for (int j = 0; j < z[i].length; j++) out[i][j] += z[t][j];
			for (int j = 0; j < z[i].length; j++) out[i][j] /= count;
		}
		return out;
	}

	private static double[][] whiten(final double[][] z, final double[] variances) {
		final double[][] w = new double[z.length][];
		for (int i = 0; i < z.length; i++) {
			w[i] = new double[z[i].length];
			for (int c = 0; c < z[i].length; c++) w[i][c] = z[i][c] / Math.sqrt(Math.max(variances[c], 1e-12));
		}
		return w;
	}

	private static double[] features(final Path file, final int size, final String kind) {
		PixelPlanes planes = ImageDecoding.read(file).planes();
		if (kind.startsWith("crop")) planes = crop(planes, 0.5);
		final float[] plane = planes.plane(0);
		if (kind.endsWith("texture")) return texture(plane, planes.width(), planes.height(), 16);
		final float[] small = TensorConverter.resize(plane, planes.width(), planes.height(), size, size);
		final double[] v = new double[small.length];
		for (int i = 0; i < v.length; i++) v[i] = small[i];
		if (kind.endsWith("pixels")) return v;
		if (kind.endsWith("global")) return GlobalFeatures.of(planes);
		if (kind.startsWith("global")) {
			final double[] g = GlobalFeatures.of(planes);
			if (kind.equals("global")) return g;
			final double[] both = java.util.Arrays.copyOf(g, g.length + v.length);
			for (int i = 0; i < v.length; i++) both[g.length + i] = v[i] / 255 * 3;
			return both;
		}
		if (kind.equals("normalised")) {
			double m = 0, s = 0;
			for (final double x : v) m += x / v.length;
			for (final double x : v) s += (x - m) * (x - m) / v.length;
			for (int i = 0; i < v.length; i++) v[i] = (v[i] - m) / Math.sqrt(s + 1e-9);
			return v;
		}
		// gradient magnitude of the shrunk image
		final double[] g = new double[v.length];
		for (int y = 1; y < size - 1; y++) for (int x = 1; x < size - 1; x++) {
			final double gx = v[y * size + x + 1] - v[y * size + x - 1],
				gy = v[(y + 1) * size + x] - v[(y - 1) * size + x];
			g[y * size + x] = Math.sqrt(gx * gx + gy * gy);
		}
		return g;
	}
}
