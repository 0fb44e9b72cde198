package org.medxai.tabular;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.medxai.CancelledException;
import org.medxai.ProgressListener;
import org.medxai.math.Scores;

/**
 * SHAP values for every row of a data set (or a seeded sample of a large one) under a fitted model. Which output is
 * explained: the value (regression); for a binary target the probability of the second class; for more classes the
 * probability of the row's predicted class. How: exact path-dependent TreeSHAP where that output is a sum over trees
 * (regression trees, and forests, which average class probabilities); the closed form for a linear regression;
 * KernelSHAP (exact when every coalition fits the budget) for probabilities behind a logistic or softmax link. With
 * {@code logOdds} chosen, boosted and logistic classifiers are instead explained exactly on their additive scale
 * (log-odds for two classes, the class logit for more).
 */
public final class ShapExplainer {

	/** Rows explained by default: beyond this many, a seeded sample (TreeSHAP on 500 trees: ~100 rows/s per core). */
	public static final int DEFAULT_MAX_ROWS = 2000;

	/** @param maxRows rows explained at most (a seeded sample of the table beyond it); 0: every row */
	public record Settings(int backgroundRows, int maxCoalitions, long seed, boolean logOdds, int maxRows) {

		public Settings(final int backgroundRows, final int maxCoalitions, final long seed, final boolean logOdds) {
			this(backgroundRows, maxCoalitions, seed, logOdds, DEFAULT_MAX_ROWS);
		}

		public static Settings defaults() {
			return new Settings(100, 2048, 2026, false);
		}
	}

	private ShapExplainer() {}

	/**
	 * Explains every row of {@code data}, or a seeded sample of {@code settings.maxRows()} rows in table order when it
	 * has more (the result's data set is then that sample).
	 */
	public static ShapResult explain(final TabularModel model, final TabularDataset data, final Settings settings,
		final ProgressListener progress)
	{
		final TabularDataset rows = sample(data, settings.maxRows(), settings.seed());
		final int n = rows.rows();
		final int m = data.features();
		final double[] base = new double[n];
		final double[][] phi = new double[n][];
		final double[] prediction = new double[n];
		final int[] explained = new int[n];
		final boolean logOdds = settings.logOdds() && data.task() == Task.CLASSIFICATION &&
			!(model instanceof TreeEnsembleModel t && t.ensemble().link() == TreeEnsemble.Link.IDENTITY); // forests average probabilities
		final String method;
		final Explainer explainer;
		if (model instanceof TreeEnsembleModel tree &&
			(tree.ensemble().link() == TreeEnsemble.Link.IDENTITY || logOdds))
		{
			final TreeEnsemble ensemble = tree.ensemble();
			final double scale = ensemble.link() == TreeEnsemble.Link.LOGISTIC_2X ? 2 : 1; // Smile's margin is half the log-odds
			final ThreadLocal<TreeShap> shap = ThreadLocal.withInitial(() -> new TreeShap(ensemble, m));
			final double[] expected = ensemble.expectedRaw();
			method = "TreeSHAP (path-dependent, exact)";
			explainer = (x, row) -> {
				final double[] raw = ensemble.raw(x);
				final int cls = data.task() == Task.CLASSIFICATION ? explainedClass(ensemble.link(raw)) : -1;
				// one raw output for regression and for Smile's binary boosting, else one per class
				final int dim = cls < 0 || ensemble.link() == TreeEnsemble.Link.LOGISTIC_2X ? 0 : cls;
				final double[] values = shap.get().shap(x)[dim];
				for (int j = 0; j < values.length; j++) values[j] *= scale;
				explained[row] = cls;
				base[row] = scale * expected[dim];
				prediction[row] = scale * raw[dim];
				return values;
			};
		}
		else if (model instanceof LinearModel linear && (data.task() == Task.REGRESSION || logOdds)) {
			method = "linear SHAP (exact, features independent, training means as reference)";
			explainer = (x, row) -> {
				final double[] raw = linear.raw(x);
				final int cls = data.task() == Task.CLASSIFICATION ? explainedClass(Scores.softmax(raw)) : -1;
				explained[row] = cls;
				if (data.classes().size() == 2) { // the log-odds of class 1: difference of the two logits
					final double[] p1 = linear.linearShap(x, 1);
					final double[] p0 = linear.linearShap(x, 0);
					for (int j = 0; j < p1.length; j++) p1[j] -= p0[j];
					base[row] = linear.intercept(1) - linear.intercept(0);
					prediction[row] = raw[1] - raw[0];
					return p1;
				}
				final int o = Math.max(cls, 0);
				base[row] = linear.intercept(o);
				prediction[row] = raw[o];
				return linear.linearShap(x, o);
			};
		}
		else {
			final double[][] background = background(data, settings);
			final ConcurrentHashMap<Integer, KernelShap> kernels = new ConcurrentHashMap<>();
			final int maxCoalitions = settings.maxCoalitions();
			method = (m < 31 && (1L << m) - 2 <= maxCoalitions
				? "KernelSHAP (every coalition: exact for " + background.length + " background rows)"
				: "KernelSHAP (" + maxCoalitions + " sampled coalitions, " + background.length + " background rows)");
			explainer = (x, row) -> {
				final double[] p = model.predict(x);
				final int cls = data.task() == Task.CLASSIFICATION ? explainedClass(p) : -1;
				final int o = Math.max(cls, 0);
				explained[row] = cls;
				final KernelShap kernel = kernels.computeIfAbsent(o,
					c -> new KernelShap(v -> model.predict(v)[c], background, maxCoalitions, settings.seed()));
				base[row] = kernel.base();
				prediction[row] = p[o];
				return kernel.shap(x);
			};
		}
		final AtomicInteger done = new AtomicInteger();
		IntStream.range(0, n).parallel().forEach(row -> {
			if (progress.isCancelled()) throw new CancelledException("SHAP values cancelled.");
			phi[row] = explainer.explain(rows.x()[row], row);
			final int d = done.incrementAndGet();
			if (d % 16 == 0 || d == n) progress.progress(d, n, "SHAP values: row " + d + " of " + n);
		});
		return new ShapResult(method, outputName(data, logOdds), rows, model, base, phi, prediction, explained);
	}

	private interface Explainer {

		double[] explain(double[] x, int row);
	}

	/** Binary: class 1. More classes: the predicted class. */
	static int explainedClass(final double[] probabilities) {
		return probabilities.length == 2 ? 1 : Scores.argmax(probabilities);
	}

	private static double[][] background(final TabularDataset data, final Settings settings) {
		final int n = data.rows();
		if (n <= settings.backgroundRows()) return data.x().clone();
		final int[] order = shuffled(n, settings.seed());
		final double[][] rows = new double[settings.backgroundRows()][];
		for (int i = 0; i < rows.length; i++) rows[i] = data.x()[order[i]];
		return rows;
	}

	/** The data set itself, or a seeded sample of {@code maxRows} of its rows kept in table order. */
	static TabularDataset sample(final TabularDataset data, final int maxRows, final long seed) {
		if (maxRows <= 0 || data.rows() <= maxRows) return data;
		final int[] chosen = Arrays.copyOf(shuffled(data.rows(), seed), maxRows);
		Arrays.sort(chosen);
		return data.subset(chosen);
	}

	private static int[] shuffled(final int n, final long seed) {
		final int[] order = IntStream.range(0, n).toArray();
		final Random random = new Random(seed);
		for (int i = n - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		return order;
	}

	static String outputName(final TabularDataset data, final boolean logOdds) {
		if (data.task() == Task.REGRESSION) return "predicted " + data.targetName();
		final List<String> classes = data.classes();
		if (classes.size() == 2)
			return (logOdds ? "log-odds of " : "P(") + data.targetName() + " = " + classes.get(1) +
				(logOdds ? "" : ")");
		return logOdds ? "logit of the predicted " + data.targetName() : "P(predicted " + data.targetName() + ")";
	}
}
