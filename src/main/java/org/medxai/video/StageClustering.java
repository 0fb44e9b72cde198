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
import org.medxai.math.SlowFeatures;
import org.medxai.metrics.ClusteringMetrics;

import smile.clustering.GMeans;

/**
 * Frames → stages: embeddings reduced (to their slowest features, or by PCA), clustered (k-means, best of ten starts;
 * or split into contiguous stages in time order), and mapped to 2-D for display. The number of stages is given or found
 * at the elbow of the within-stage sum of squares or by the silhouette. Stages are numbered 1, 2, … in the order they
 * first appear in time.
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

	/** How the embeddings are reduced before clustering. */
	public enum Reduction {

		/** The slowest features of the frame sequence (slow feature analysis): what lasts, not what jitters. */
		SLOW,
		/** Principal components: the directions of most variance, ignoring time. */
		PCA;

		public static Reduction parse(final String name) {
			return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
				case "slow", "sfa", "slow features" -> SLOW;
				case "pca" -> PCA;
				default -> throw new MedXaiException("The reduction must be slow or pca, not '" + name + "'.");
			};
		}

		/** Components kept when the user leaves the number at 0: the 2 slowest features, or 8 principal components. */
		public int defaultComponents() {
			return this == SLOW ? 2 : 8;
		}
	}

	/** How the number of stages is found when it is not given (time order and k-means; 2 … 11). */
	public enum NumberRule {

		/**
		 * The elbow of the within-stage sum of squares: the number whose log sum of squares lies farthest below the
		 * straight line from 1 to 12 stages (more stages always fit better; past the elbow they only split stages).
		 */
		ELBOW,
		/**
		 * The best mean silhouette. It prefers two or three groups whenever the stages follow each other along a path,
		 * as the stages of a process do.
		 */
		SILHOUETTE;

		public static NumberRule parse(final String name) {
			return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
				case "elbow" -> ELBOW;
				case "silhouette" -> SILHOUETTE;
				default -> throw new MedXaiException(
					"The number of stages is found by elbow or silhouette, not '" + name + "'.");
			};
		}
	}

	/**
	 * @param stages the number of stages, or 0 to find it by {@code number}
	 * @param components components kept before clustering (0: the reduction's default, 2 slow or 8 principal)
	 */
	public record Options(int stages, Method method, Reduction reduction, int components, FrameMap.Kind map,
		double perplexity, long seed, NumberRule number)
	{

		/** Options whose number of stages, when not given, is found at the elbow. */
		public Options(final int stages, final Method method, final Reduction reduction, final int components,
			final FrameMap.Kind map, final double perplexity, final long seed)
		{
			this(stages, method, reduction, components, map, perplexity, seed, NumberRule.ELBOW);
		}

		public static Options defaults() {
			return new Options(0, Method.TIME_ORDERED, Reduction.SLOW, 0, FrameMap.Kind.UMAP, 20, 2026);
		}

		/** The number of components used. */
		public int componentsUsed() {
			return components > 0 ? components : reduction.defaultComponents();
		}
	}

	/**
	 * @param stage stage of each frame (1 …)
	 * @param map 2-D map coordinates
	 * @param distance each frame's distance to its stage's centre (in the reduced space)
	 * @param explainedVariance share of the variance the principal components behind the map keep
	 */
	public record Result(int[] stage, double[][] map, double[] distance, int stages, double silhouette,
		double explainedVariance)
	{}

	public static final int MAX_AUTO_STAGES = 12;

	/** Principal components the map is made from when the stages are found in slow features. */
	public static final int MAP_COMPONENTS = 8;

	private StageClustering() {}

	public static Result run(final double[][] embeddings, final Options options, final ProgressListener progress) {
		final int n = embeddings.length;
		if (n < 2) throw new MedXaiException("Clustering needs at least two frames (the stack has " + n + ").");
		if (options.stages() > n)
			throw new MedXaiException("Cannot find " + options.stages() + " stages in " + n + " frames.");
		// the map shows how the frames look (their principal components), whatever the stages are found in
		final Pca pca = Pca.fit(embeddings,
			options.reduction() == Reduction.PCA ? options.componentsUsed() : MAP_COMPONENTS, options.seed());
		final double[][] principal = pca.project(embeddings);
		final double[][] z = options.reduction() == Reduction.SLOW && n >= 3
			? SlowFeatures.fit(embeddings, options.componentsUsed(), options.seed()).project(embeddings)
			: principal;
		int k = options.stages();
		int[] labels;
		double[][] map = null;
		// the silhouette of the chosen labelling when choosing the number already measured it (renumbering keeps it)
		double measured = Double.NaN;
		if (options.method() == Method.HDBSCAN) {
			map = FrameMap.of(principal, options.map(), options.perplexity(), options.seed(), progress);
			labels = Hdbscan.cluster(map, Math.max(5, n / 50), 5);
			k = (int) Arrays.stream(labels).filter(l -> l >= 0).distinct().count();
		}
		else if (options.method() == Method.GMEANS) {
			labels = GMeans.fit(z, Math.min(MAX_AUTO_STAGES * 2, n - 1), 100).group();
			k = (int) Arrays.stream(labels).distinct().count();
		}
		else if (k > 0) labels = cluster(z, k, options);
		else {
			final Choice choice = chooseNumber(z, options, progress);
			labels = choice.labels();
			k = choice.stages();
			measured = choice.silhouette();
		}
		final int[] stage = inOrderOfAppearance(labels);
		if (map == null) map = FrameMap.of(principal, options.map(), options.perplexity(), options.seed(), progress);
		final double silhouette = Double.isNaN(measured) ? ClusteringMetrics.silhouette(z, stage) : measured;
		return new Result(stage, map, distances(z, stage, k), k, silhouette, pca.explained());
	}

	/** @param silhouette its silhouette when the rule measured it, else NaN */
	private record Choice(int stages, int[] labels, double silhouette) {}

	/** The number of stages by the options' rule: each k from 1 (2 for the silhouette) to 12 is clustered. */
	private static Choice chooseNumber(final double[][] z, final Options options, final ProgressListener progress) {
		final int most = Math.min(MAX_AUTO_STAGES, z.length - 1);
		if (most < 2) return new Choice(1, new int[z.length], Double.NaN);
		final int[][] labels = new int[most + 1][];
		final double[] logSum = new double[most + 1];
		for (int k = 1; k <= most; k++) {
			labels[k] = k == 1 ? new int[z.length] : cluster(z, k, options);
			logSum[k] = Math.log(Math.max(withinSumOfSquares(z, labels[k]), 1e-300));
			if (progress.isCancelled()) return new Choice(k, labels[k], Double.NaN);
		}
		int best = 2;
		double farthest = Double.NEGATIVE_INFINITY;
		if (options.number() == NumberRule.SILHOUETTE) {
			for (int k = 2; k <= most; k++) {
				final double silhouette = ClusteringMetrics.silhouette(z, labels[k]);
				if (silhouette > farthest) {
					farthest = silhouette;
					best = k;
				}
			}
			return new Choice(best, labels[best], farthest);
		}
		for (int k = 2; k < most; k++) {
			final double chord = logSum[1] + (logSum[most] - logSum[1]) * (k - 1) / (most - 1);
			if (chord - logSum[k] > farthest) {
				farthest = chord - logSum[k];
				best = k;
			}
		}
		return new Choice(best, labels[best], Double.NaN);
	}

	/** Sum over frames of the squared distance to their cluster's mean. */
	static double withinSumOfSquares(final double[][] z, final int[] labels) {
		final Map<Integer, double[]> sums = new HashMap<>();
		final Map<Integer, Integer> counts = new HashMap<>();
		double squares = 0;
		for (int i = 0; i < z.length; i++) {
			final double[] sum = sums.computeIfAbsent(labels[i], l -> new double[z[0].length]);
			counts.merge(labels[i], 1, Integer::sum);
			for (int j = 0; j < z[i].length; j++) {
				sum[j] += z[i][j];
				squares += z[i][j] * z[i][j];
			}
		}
		for (final var e : sums.entrySet()) {
			double norm = 0;
			for (final double v : e.getValue()) norm += v * v;
			squares -= norm / counts.get(e.getKey());
		}
		return Math.max(0, squares);
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
