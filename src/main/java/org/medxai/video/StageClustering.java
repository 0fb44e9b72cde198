package org.medxai.video;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.cluster.Hdbscan;
import org.medxai.cluster.KMeans;
import org.medxai.cluster.TemporalSegmentation;
import org.medxai.math.Pca;
import org.medxai.metrics.ClusteringMetrics;

import smile.clustering.GMeans;

/**
 * Frames → stages: embeddings reduced by PCA, clustered (k-means, best of ten starts; or split into contiguous stages
 * in time order), and mapped to 2-D for display. The number of stages is given or chosen by the silhouette (2 … 12).
 * Stages are numbered 1, 2, … in the order they first appear in time.
 */
public final class StageClustering {

	/** How frames are grouped. */
	public enum Method {

		/** Contiguous stages in time order (the split with the least within-stage sum of squares). */
		TIME_ORDERED,
		/** k-means, ignoring time. */
		KMEANS,
		/**
		 * HDBSCAN on the 2-D map (as the reference clustered its t-SNE map): the number of stages comes from the data,
		 * frames in no dense region are noise (stage 0).
		 */
		HDBSCAN,
		/** G-means (Smile): k-means splitting clusters until each looks Gaussian, as in the reference. */
		GMEANS;

		public static Method parse(final String name) {
			return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
				case "time", "time_ordered", "time-ordered" -> TIME_ORDERED;
				case "kmeans", "k-means" -> KMEANS;
				case "hdbscan" -> HDBSCAN;
				case "gmeans", "g-means" -> GMEANS;
				default -> throw new MedXaiException(
					"The clustering must be time_ordered, kmeans, hdbscan or gmeans, not '" + name + "'.");
			};
		}

		/** Whether the method finds the number of stages itself. */
		public boolean findsItsOwnNumber() {
			return this == HDBSCAN || this == GMEANS;
		}
	}

	/**
	 * @param stages the number of stages, or 0 to choose it by the silhouette
	 * @param components PCA components kept before clustering
	 */
	public record Options(int stages, Method method, int components, FrameMap.Kind map, double perplexity, long seed) {

		public static Options defaults() {
			return new Options(0, Method.TIME_ORDERED, 8, FrameMap.Kind.UMAP, 20, 2026);
		}
	}

	/**
	 * @param stage stage of each frame (1 …)
	 * @param map 2-D map coordinates
	 * @param distance each frame's distance to its stage's centre (in the reduced space)
	 */
	public record Result(int[] stage, double[][] map, double[] distance, int stages, double silhouette,
		double explainedVariance)
	{}

	public static final int MAX_AUTO_STAGES = 12;

	private StageClustering() {}

	public static Result run(final double[][] embeddings, final Options options, final ProgressListener progress) {
		final int n = embeddings.length;
		if (n < 2) throw new MedXaiException("Clustering needs at least two frames (the stack has " + n + ").");
		if (options.stages() > n)
			throw new MedXaiException("Cannot find " + options.stages() + " stages in " + n + " frames.");
		final Pca pca = Pca.fit(embeddings, Math.max(1, options.components()), options.seed());
		final double[][] z = pca.project(embeddings);
		int k = options.stages();
		int[] labels;
		double[][] map = null;
		// the chosen labelling's silhouette, when choosing the number already measured it (renumbering keeps it)
		double best = Double.NaN;
		if (options.method() == Method.HDBSCAN) {
			map = FrameMap.of(z, options.map(), options.perplexity(), options.seed(), progress);
			labels = Hdbscan.cluster(map, Math.max(5, n / 50), 5);
			k = (int) Arrays.stream(labels).filter(l -> l >= 0).distinct().count();
		}
		else if (options.method() == Method.GMEANS) {
			labels = GMeans.fit(z, Math.min(MAX_AUTO_STAGES * 2, n - 1), 100).group();
			k = (int) Arrays.stream(labels).distinct().count();
		}
		else if (k > 0) labels = cluster(z, k, options);
		else {
			best = Double.NEGATIVE_INFINITY;
			labels = null;
			for (int candidate = 2; candidate <= Math.min(MAX_AUTO_STAGES, n - 1); candidate++) {
				final int[] l = cluster(z, candidate, options);
				final double s = ClusteringMetrics.silhouette(z, l);
				if (s > best) {
					best = s;
					labels = l;
					k = candidate;
				}
				if (progress.isCancelled()) break;
			}
			if (labels == null) {
				labels = new int[n];
				k = 1;
			}
		}
		final int[] stage = inOrderOfAppearance(labels);
		if (map == null) map = FrameMap.of(z, options.map(), options.perplexity(), options.seed(), progress);
		final double silhouette = Double.isNaN(best) || best == Double.NEGATIVE_INFINITY
			? ClusteringMetrics.silhouette(z, stage)
			: best;
		return new Result(stage, map, distances(z, stage, k), k, silhouette, pca.explained());
	}

	private static int[] cluster(final double[][] z, final int k, final Options options) {
		return options.method() == Method.TIME_ORDERED
			? TemporalSegmentation.segment(z, k)
			: bestKMeans(z, k, options.seed());
	}

	/** The lowest-inertia of ten k-means++ starts: one start often stops in a poor local minimum. */
	private static int[] bestKMeans(final double[][] z, final int k, final long seed) {
		KMeans.Result best = null;
		for (int start = 0; start < 10; start++) {
			final KMeans.Result r = KMeans.fit(z, k, seed + start, 300);
			if (best == null || r.inertia() < best.inertia()) best = r;
		}
		return best.assignment();
	}

	/** Relabels clusters 1, 2, … by the first frame each holds; noise (negative) becomes 0. */
	static int[] inOrderOfAppearance(final int[] labels) {
		final Map<Integer, Integer> order = new HashMap<>();
		final int[] stage = new int[labels.length];
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] < 0) continue;
			order.putIfAbsent(labels[i], order.size() + 1);
			stage[i] = order.get(labels[i]);
		}
		return stage;
	}

	private static double[] distances(final double[][] z, final int[] stage, final int k) {
		final int d = z[0].length;
		final double[][] centre = new double[k + 1][d];
		final int[] count = new int[k + 1];
		for (int i = 0; i < z.length; i++) {
			if (stage[i] == 0) continue;
			count[stage[i]]++;
			for (int j = 0; j < d; j++) centre[stage[i]][j] += z[i][j];
		}
		for (int s = 1; s <= k; s++) for (int j = 0; j < d; j++) centre[s][j] /= Math.max(1, count[s]);
		final double[] distance = new double[z.length];
		for (int i = 0; i < z.length; i++) {
			if (stage[i] == 0) {
				distance[i] = Double.NaN;
				continue;
			}
			double sum = 0;
			for (int j = 0; j < d; j++) sum += (z[i][j] - centre[stage[i]][j]) * (z[i][j] - centre[stage[i]][j]);
			distance[i] = Math.sqrt(sum);
		}
		return distance;
	}
}
