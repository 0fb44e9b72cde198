package org.medxai.experiments.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.medxai.ProgressListener;
import org.medxai.cluster.Hdbscan;
import org.medxai.cluster.TemporalSegmentation;
import org.medxai.image.GlobalFeatures;
import org.medxai.image.GradientHistograms;
import org.medxai.image.PixelPlanes;
import org.medxai.math.Pca;
import org.medxai.math.SlowFeatures;
import org.medxai.metrics.ClusteringMetrics;
import org.medxai.video.FfmpegVideo;
import org.medxai.video.FrameMap;
import org.medxai.video.FrameSampling;
import org.medxai.video.StageClustering;

/**
 * Time of each step of the stage clustering for FRAMES frames of 640 x 480: decode, embed, reduce, map, cluster.
 *
 * Writes a test video of FRAMES frames (MPEG-4 in MP4, 25 fps; six stages of drifting discs on noise, not timed), then
 * times: decoding every frame (FFmpeg), the default features of every frame (gradient histograms), the default
 * reduction (the 2 slowest features; PCA to 8 components for the map), the UMAP map, the Barnes-Hut t-SNE map
 * (perplexity 20; skipped with TSNE=0), the time-ordered split into six stages and HDBSCAN on the map; prints each
 * time, the end-to-end time with the default settings (decode, features, slow features, UMAP, split), how well the
 * split and the map keep the six stages (ARI), the peak heap and the machine's cores. The embeddings are written to
 * OUT/embeddings.csv so that a reference t-SNE can run on the same points (src/experiments/python/tsne_reference.py).
 * Also UMAP with 500 epochs (the setting up to 2,000 points), and for both maps the share of each frame's 15 nearest
 * neighbours found again on the map.
 *
 * Usage: {@code bash scripts/run-experiment.sh VideoStageBenchmark FRAMES OUT}
 */
public final class VideoStageBenchmark {

	private VideoStageBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final int frames = Integer.parseInt(args[0]);
		final Path out = Files.createDirectories(Path.of(args[1]));
		final int w = 640, h = 480;
		final Path video = out.resolve("benchmark-" + frames + ".mp4");
		if (!Files.exists(video)) write(video, frames, w, h);
		final long heapStart = usedHeap();
		long peak = heapStart;

		long t0 = System.nanoTime();
		final double[][] features = new double[frames][];
		final int[] read = { 0 };
		final double[] decodeSeconds = { 0 };
		try (FfmpegVideo source = FfmpegVideo.open(video)) {
			final long[] mark = { System.nanoTime() };
			source.read(FrameSampling.ALL_FRAMES.frames(source.info().frameCount(), source.info().fps()),
				(index, rgb) -> {
					final long decoded = System.nanoTime();
					decodeSeconds[0] += (decoded - mark[0]) / 1e9;
					features[read[0]++] = GradientHistograms.of(PixelPlanes.rgb(rgb, w, h));
					mark[0] = System.nanoTime();
				}, ProgressListener.NONE);
		}
		final double decodeAndEmbed = (System.nanoTime() - t0) / 1e9;
		peak = Math.max(peak, usedHeap());
		final double[][] x = GlobalFeatures.standardise(features);
		t0 = System.nanoTime();
		final double[][] z = SlowFeatures.fit(x, 2, 1).project(x);
		final double[][] principal = Pca.fit(x, StageClustering.MAP_COMPONENTS, 1).project(x); // the map's input
		final double reduce = (System.nanoTime() - t0) / 1e9;
		t0 = System.nanoTime();
		final double[][] umap = FrameMap.of(principal, FrameMap.Kind.UMAP, 20, 1, ProgressListener.NONE);
		final double umapSeconds = (System.nanoTime() - t0) / 1e9;
		t0 = System.nanoTime();
		final double[][] umap500 = FrameMap.umap(principal, 500, 1, ProgressListener.NONE);
		final double umap500Seconds = (System.nanoTime() - t0) / 1e9;
		peak = Math.max(peak, usedHeap());
		double tsneSeconds = Double.NaN;
		if (!"0".equals(System.getenv("TSNE"))) {
			t0 = System.nanoTime();
			FrameMap.of(principal, FrameMap.Kind.TSNE, 20, 1, ProgressListener.NONE);
			tsneSeconds = (System.nanoTime() - t0) / 1e9;
			peak = Math.max(peak, usedHeap());
		}
		t0 = System.nanoTime();
		final int[] stages = TemporalSegmentation.segment(z, 6);
		final int[] truth = new int[frames];
		for (int i = 0; i < frames; i++) truth[i] = i * 6 / frames;
		final double split = (System.nanoTime() - t0) / 1e9;
		t0 = System.nanoTime();
		final int[] dense = Hdbscan.cluster(umap, Math.max(5, frames / 50), 5);
		final double hdbscan = (System.nanoTime() - t0) / 1e9;
		// how well the UMAP map keeps the video's six stages: HDBSCAN on it against them (noise as its own group)
		final double mapAri = ClusteringMetrics.adjustedRandIndex(truth,
			Arrays.stream(dense).map(c -> c < 0 ? 1000 : c).toArray());
		final StringBuilder csv = new StringBuilder();
		for (final double[] row : principal) {
			for (int j = 0; j < row.length; j++) csv.append(j == 0 ? "" : ",").append(row[j]);
			csv.append('\n');
		}
		Files.writeString(out.resolve("embeddings-" + frames + ".csv"), csv);

		System.out.printf(Locale.ROOT, "frames %d (%d x %d), %d cores%n", read[0], w, h,
			Runtime.getRuntime().availableProcessors());
		System.out.printf(Locale.ROOT, "decode          %8.2f s%n", decodeSeconds[0]);
		System.out.printf(Locale.ROOT, "embed (texture) %8.2f s%n", decodeAndEmbed - decodeSeconds[0]);
		System.out.printf(Locale.ROOT, "reduce (slow 2, and PCA 8 for the map) %8.2f s%n", reduce);
		System.out.printf(Locale.ROOT, "map UMAP        %8.2f s%n", umapSeconds);
		System.out.printf(Locale.ROOT, "map UMAP, 500 epochs %8.2f s%n", umap500Seconds);
		System.out.printf(Locale.ROOT,
			"of each frame's 15 nearest neighbours, share found again on the map: UMAP %.3f, UMAP 500 epochs %.3f%n",
			neighboursKept(principal, umap, 15), neighboursKept(principal, umap500, 15));
		System.out.printf(Locale.ROOT, "map t-SNE       %8.2f s%n", tsneSeconds);
		System.out.printf(Locale.ROOT, "cluster split   %8.2f s (ARI %.3f against the six stages)%n", split,
			ClusteringMetrics.adjustedRandIndex(truth, stages));
		System.out.printf(Locale.ROOT, "cluster HDBSCAN %8.2f s (ARI %.3f against the six stages on the UMAP map)%n",
			hdbscan, mapAri);
		System.out.printf(Locale.ROOT, "end to end (default: decode, texture, slow features, UMAP, split) %.2f s%n",
			decodeAndEmbed + reduce + umapSeconds + split);
		System.out.printf(Locale.ROOT, "peak heap seen  %d MiB%n", peak >> 20);
	}

	/** Mean share of each point's k nearest neighbours in {@code x} that are among its k nearest on {@code map}. */
	static double neighboursKept(final double[][] x, final double[][] map, final int k) {
		final int[][] before = nearest(x, k), after = nearest(map, k);
		double kept = 0;
		for (int i = 0; i < x.length; i++) {
			final Set<Integer> set = new HashSet<>();
			for (final int j : before[i]) set.add(j);
			for (final int j : after[i]) if (set.contains(j)) kept += 1.0 / k / x.length;
		}
		return kept;
	}

	/** Each point's k nearest other points, by brute force. */
	private static int[][] nearest(final double[][] x, final int k) {
		final int n = x.length;
		final int[][] out = new int[n][k];
		for (int i = 0; i < n; i++) {
			final double[] best = new double[k];
			Arrays.fill(best, Double.MAX_VALUE);
			for (int j = 0; j < n; j++) {
				if (j == i) continue;
				double d = 0;
				for (int c = 0; c < x[i].length; c++) d += (x[i][c] - x[j][c]) * (x[i][c] - x[j][c]);
				if (d >= best[k - 1]) continue;
				int p = k - 1;
				for (; p > 0 && best[p - 1] > d; p--) {
					best[p] = best[p - 1];
					out[i][p] = out[i][p - 1];
				}
				best[p] = d;
				out[i][p] = j;
			}
		}
		return out;
	}

	private static long usedHeap() {
		final Runtime rt = Runtime.getRuntime();
		return rt.totalMemory() - rt.freeMemory();
	}

	/** Six stages of drifting discs on noise, MPEG-4 at 25 fps. */
	private static void write(final Path file, final int frames, final int w, final int h) throws Exception {
		final Random random = new Random(1);
		try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), w, h)) {
			recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
			recorder.setVideoQuality(4);
			recorder.setFrameRate(25);
			recorder.start();
			final Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
			final ByteBuffer bgr = (ByteBuffer) frame.image[0];
			for (int i = 0; i < frames; i++) {
				final int stage = i * 6 / frames, discs = stage + 1;
				for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
					int v = 40 + (int) (random.nextGaussian() * 8);
					for (int d = 0; d < discs; d++) {
						final double cx = w * (d + 1.0) / (discs + 1) + 10 * Math.sin(i * 0.05 + d);
						if (Math.hypot(x - cx, y - h / 2.0) < 40) v = 200;
					}
					final byte b = (byte) Math.max(0, Math.min(255, v));
					final int o = y * frame.imageStride + 3 * x;
					bgr.put(o, b);
					bgr.put(o + 1, b);
					bgr.put(o + 2, b);
				}
				recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
			}
			recorder.stop();
		}
	}
}
