package org.medxai.labelling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.medxai.MedXaiException;
import org.medxai.cluster.KMeans;

/**
 * Proposes labels for unlabelled images from a few labelled ones, on global features: (a) the seed pipeline's
 * cluster-purity loop and (b) label spreading on a k-nearest-neighbour graph (Zhou et al. 2004).
 */
public final class SemiSupervisedLabeller {

	/** Label index -1 means "no proposal". */
	public static final int NONE = -1;

	/** A proposal for one unlabelled image (index into the feature rows). */
	public record Proposal(int index, int label, double confidence) {}

	private SemiSupervisedLabeller() {}

	/**
	 * k-means on all images; then, cluster by cluster from the one with the most labelled images, a cluster whose
	 * labelled images all share one class and that still holds unlabelled images gives them that class, until at least
	 * {@code target} images are labelled. Confidence grows with the labelled evidence: n / (n + 1) for n labelled
	 * members.
	 *
	 * @param labels class per row, {@link #NONE} for unlabelled rows
	 */
	public static List<Proposal> clusterPurity(final double[][] features, final int[] labels, final int k,
		final long seed, final int target)
	{
		check(features, labels);
		final int clusters = Math.min(k, features.length);
		final KMeans.Result km = KMeans.fit(features, clusters, seed, 300);
		final List<List<Integer>> members = new ArrayList<>();
		for (int c = 0; c < clusters; c++) members.add(new ArrayList<>());
		for (int i = 0; i < features.length; i++) members.get(km.assignment()[i]).add(i);
		final Integer[] order = new Integer[clusters];
		final int[] labelledCount = new int[clusters];
		for (int c = 0; c < clusters; c++) {
			order[c] = c;
			for (final int i : members.get(c)) if (labels[i] != NONE) labelledCount[c]++;
		}
		Arrays.sort(order, Comparator.comparingInt((Integer c) -> -labelledCount[c]).thenComparing(c -> c));
		final double[] confidence = new double[features.length];
		final int[] proposed = new int[features.length];
		Arrays.fill(proposed, NONE);
		int labelled = (int) Arrays.stream(labels).filter(l -> l != NONE).count();
		for (final int c : order) {
			if (labelled >= target || labelledCount[c] == 0) break;
			int cls = NONE;
			boolean pure = true;
			final List<Integer> unlabelled = new ArrayList<>();
			for (final int i : members.get(c)) {
				if (labels[i] == NONE) unlabelled.add(i);
				else if (cls == NONE) cls = labels[i];
				else if (cls != labels[i]) pure = false;
			}
			if (!pure || unlabelled.isEmpty()) continue;
			for (final int i : unlabelled) {
				proposed[i] = cls;
				confidence[i] = labelledCount[c] / (labelledCount[c] + 1.0);
			}
			labelled += unlabelled.size();
		}
		return proposals(labels, proposed, confidence);
	}

	/**
	 * Label spreading: symmetric kNN graph with Gaussian weights (sigma = mean neighbour distance), S = D^-1/2 W
	 * D^-1/2, F = alpha S F + (1 - alpha) Y iterated to convergence, then class mass normalisation to the labelled
	 * class proportions. Confidence = the winning share of F.
	 */
	public static List<Proposal> labelSpreading(final double[][] features, final int[] labels, final int neighbours,
		final double alpha)
	{
		check(features, labels);
		final int n = features.length;
		final int classes = Arrays.stream(labels).max().orElse(0) + 1;
		final int kk = Math.min(neighbours, n - 1);
		final int[][] nn = new int[n][kk];
		final double[][] nd = new double[n][kk];
		double sigma = 0;
		for (int i = 0; i < n; i++) {
			final double[] d = new double[n];
			final Integer[] idx = new Integer[n];
			for (int j = 0; j < n; j++) {
				idx[j] = j;
				d[j] = j == i ? Double.POSITIVE_INFINITY : Math.sqrt(distance2(features[i], features[j]));
			}
			Arrays.sort(idx, Comparator.comparingDouble(j -> d[j]));
			for (int q = 0; q < kk; q++) {
				nn[i][q] = idx[q];
				nd[i][q] = d[idx[q]];
				sigma += nd[i][q];
			}
		}
		sigma /= (double) n * kk;
		final double twoSigma2 = 2 * sigma * sigma;
		// symmetric sparse weights as adjacency lists
		final List<List<double[]>> w = new ArrayList<>();
		for (int i = 0; i < n; i++) w.add(new ArrayList<>());
		for (int i = 0; i < n; i++) {
			for (int q = 0; q < kk; q++) {
				final int j = nn[i][q];
				final double weight = Math.exp(-nd[i][q] * nd[i][q] / twoSigma2);
				addMax(w.get(i), j, weight);
				addMax(w.get(j), i, weight);
			}
		}
		final double[] degree = new double[n];
		for (int i = 0; i < n; i++) for (final double[] e : w.get(i)) degree[i] += e[1];
		final double[][] y = new double[n][classes];
		for (int i = 0; i < n; i++) if (labels[i] != NONE) y[i][labels[i]] = 1;
		double[][] f = new double[n][];
		for (int i = 0; i < n; i++) f[i] = y[i].clone();
		for (int iteration = 0; iteration < 1000; iteration++) {
			final double[][] next = new double[n][classes];
			double change = 0;
			for (int i = 0; i < n; i++) {
				for (final double[] e : w.get(i)) {
					final int j = (int) e[0];
					final double s = e[1] / Math.sqrt(degree[i] * degree[j]);
					for (int c = 0; c < classes; c++) next[i][c] += alpha * s * f[j][c];
				}
				for (int c = 0; c < classes; c++) {
					next[i][c] += (1 - alpha) * y[i][c];
					change = Math.max(change, Math.abs(next[i][c] - f[i][c]));
				}
			}
			f = next;
			if (change < 1e-9) break;
		}
		// Class mass normalisation (Zhu et al. 2003): without it, a class whose examples
		// sit in a dense region of feature space absorbs most of the unlabelled images.
		final double[] prior = new double[classes];
		final double[] mass = new double[classes];
		int labelledCount = 0;
		for (int i = 0; i < n; i++) {
			if (labels[i] != NONE) {
				prior[labels[i]]++;
				labelledCount++;
			}
			for (int c = 0; c < classes; c++) mass[c] += f[i][c];
		}
		for (int i = 0; i < n; i++) {
			for (int c = 0; c < classes; c++) {
				f[i][c] = mass[c] > 0 ? f[i][c] * (prior[c] / labelledCount) / mass[c] : 0;
			}
		}
		final int[] proposed = new int[n];
		final double[] confidence = new double[n];
		for (int i = 0; i < n; i++) {
			double sum = 0;
			int best = NONE;
			for (int c = 0; c < classes; c++) {
				sum += f[i][c];
				if (best == NONE || f[i][c] > f[i][best]) best = c;
			}
			proposed[i] = sum > 0 ? best : NONE;
			confidence[i] = sum > 0 ? f[i][best] / sum : 0;
		}
		return proposals(labels, proposed, confidence);
	}

	private static void addMax(final List<double[]> edges, final int j, final double weight) {
		for (final double[] e : edges) {
			if ((int) e[0] == j) {
				e[1] = Math.max(e[1], weight);
				return;
			}
		}
		edges.add(new double[] { j, weight });
	}

	private static List<Proposal> proposals(final int[] labels, final int[] proposed, final double[] confidence) {
		final List<Proposal> out = new ArrayList<>();
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] == NONE) out.add(new Proposal(i, proposed[i], confidence[i]));
		}
		return out;
	}

	private static void check(final double[][] features, final int[] labels) {
		if (features.length != labels.length || features.length == 0) {
			throw new MedXaiException("Features and labels must describe the same, non-empty images.");
		}
		final long classes = Arrays.stream(labels).filter(l -> l != NONE).distinct().count();
		if (classes < 2) {
			throw new MedXaiException("Semi-supervised labelling needs labelled images of at least " + "two classes.");
		}
		if (Arrays.stream(labels).noneMatch(l -> l == NONE)) {
			throw new MedXaiException("There are no unlabelled images to label.");
		}
	}

	private static double distance2(final double[] a, final double[] b) {
		double sum = 0;
		for (int j = 0; j < a.length; j++) {
			final double d = a[j] - b[j];
			sum += d * d;
		}
		return sum;
	}
}
