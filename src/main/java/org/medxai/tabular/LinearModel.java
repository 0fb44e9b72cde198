package org.medxai.tabular;

import java.util.ArrayList;
import java.util.List;

import org.medxai.math.Scores;

/**
 * Linear model on standardised features, categorical features one-hot coded (first level dropped): ridge regression
 * (solved exactly) for regression, multinomial logistic regression (softmax, L2, Newton's method) for classification.
 * {@code raw(x)} is the value or the class logits; it is additive in the features, so its SHAP values are exact in
 * closed form.
 */
public final class LinearModel implements TabularModel {

	public static final double RIDGE = 1e-3;
	private static final int MAX_ITERATIONS = 100;

	private final Task task;
	private final List<String> classes;
	private final int features;
	/** For each design column: the feature it codes, and for one-hot columns the level (else -1). */
	private final int[] columnFeature;
	private final int[] columnLevel;
	private final double[] mean;
	private final double[] scale;
	/** [output][1 + column]: intercept first. */
	private final double[][] coefficients;

	private LinearModel(final Task task, final List<String> classes, final int features, final int[] columnFeature,
		final int[] columnLevel, final double[] mean, final double[] scale, final double[][] coefficients)
	{
		this.task = task;
		this.classes = classes;
		this.features = features;
		this.columnFeature = columnFeature;
		this.columnLevel = columnLevel;
		this.mean = mean;
		this.scale = scale;
		this.coefficients = coefficients;
	}

	/** Everything that defines a fitted model, for saving it (e.g. as JSON) and restoring it. */
	public record Parameters(String task, List<String> classes, int features, int[] columnFeature, int[] columnLevel,
		double[] mean, double[] scale, double[][] coefficients)
	{}

	public Parameters parameters() {
		return new Parameters(task.name(), classes, features, columnFeature.clone(), columnLevel.clone(), mean.clone(),
			scale.clone(), coefficients.clone());
	}

	public static LinearModel restore(final Parameters p) {
		return new LinearModel(Task.valueOf(p.task()), List.copyOf(p.classes()), p.features(), p.columnFeature(),
			p.columnLevel(), p.mean(), p.scale(), p.coefficients());
	}

	public static LinearModel fit(final TabularDataset data) {
		final List<Integer> cf = new ArrayList<>();
		final List<Integer> cl = new ArrayList<>();
		for (int f = 0; f < data.features(); f++) {
			if (data.isCategorical(f)) for (int level = 1; level < data.levels().get(f).size(); level++) {
				cf.add(f);
				cl.add(level);
			}
			else {
				cf.add(f);
				cl.add(-1);
			}
		}
		final int[] columnFeature = cf.stream().mapToInt(Integer::intValue).toArray();
		final int[] columnLevel = cl.stream().mapToInt(Integer::intValue).toArray();
		final int p = columnFeature.length;
		final int n = data.rows();
		final double[][] design = new double[n][p];
		for (int i = 0; i < n; i++)
			for (int c = 0; c < p; c++) design[i][c] = code(data.x()[i], columnFeature[c], columnLevel[c]);
		final double[] mean = new double[p];
		final double[] scale = new double[p];
		for (int c = 0; c < p; c++) {
			double s = 0, ss = 0;
			for (int i = 0; i < n; i++) s += design[i][c];
			mean[c] = s / n;
			for (int i = 0; i < n; i++) ss += (design[i][c] - mean[c]) * (design[i][c] - mean[c]);
			final double sd = Math.sqrt(ss / n);
			scale[c] = sd > 1e-12 ? sd : 1;
			for (int i = 0; i < n; i++) design[i][c] = (design[i][c] - mean[c]) / scale[c];
		}
		final double[][] coefficients = data.task() == Task.REGRESSION
			? new double[][] { ridge(design, data.y()) }
			: softmax(design, data.classIndices(), data.classes().size());
		return new LinearModel(data.task(), data.classes(), data.features(), columnFeature, columnLevel, mean, scale,
			coefficients);
	}

	private static double code(final double[] x, final int feature, final int level) {
		return level < 0 ? x[feature] : (Math.round(x[feature]) == level ? 1 : 0);
	}

	/** Raw output: the value (regression) or the class logits. */
	public double[] raw(final double[] x) {
		final double[] out = new double[coefficients.length];
		for (int o = 0; o < out.length; o++) {
			double v = coefficients[o][0];
			for (int c = 0; c < columnFeature.length; c++)
				v += coefficients[o][1 + c] * (code(x, columnFeature[c], columnLevel[c]) - mean[c]) / scale[c];
			out[o] = v;
		}
		return out;
	}

	/**
	 * Exact SHAP values of raw output {@code o} when features are independent and their reference is the training data
	 * (interventional): {@code φ_j = Σ_{columns of j} w_c (x_c - mean_c) / scale_c}; the base is the intercept, the raw
	 * output at the training means.
	 */
	public double[] linearShap(final double[] x, final int o) {
		final double[] phi = new double[features];
		for (int c = 0; c < columnFeature.length; c++)
			phi[columnFeature[c]] += coefficients[o][1 + c] * (code(x, columnFeature[c], columnLevel[c]) - mean[c]) /
				scale[c];
		return phi;
	}

	public double intercept(final int o) {
		return coefficients[o][0];
	}

	@Override
	public double[] predict(final double[] x) {
		final double[] raw = raw(x);
		if (task == Task.REGRESSION) return raw;
		return Scores.softmax(raw);
	}

	@Override
	public Task task() {
		return task;
	}

	@Override
	public List<String> classes() {
		return classes;
	}

	@Override
	public ModelKind kind() {
		return ModelKind.LINEAR;
	}

	@Override
	public String description() {
		return task == Task.REGRESSION
			? "linear regression (ridge " + RIDGE + ")"
			: "logistic regression (softmax, ridge " + RIDGE + ")";
	}

	private static double[] ridge(final double[][] design, final double[] y) {
		final int n = design.length;
		final int p = design[0].length + 1;
		final double[][] a = new double[p][p];
		final double[] b = new double[p];
		for (int i = 0; i < n; i++) {
			final double[] row = new double[p];
			row[0] = 1;
			System.arraycopy(design[i], 0, row, 1, p - 1);
			for (int r = 0; r < p; r++) {
				b[r] += row[r] * y[i];
				for (int c = 0; c < p; c++) a[r][c] += row[r] * row[c];
			}
		}
		for (int r = 1; r < p; r++) a[r][r] += RIDGE * n;
		return Linear.solve(a, b);
	}

	/** Newton's method with step halving: a handful of iterations even for separable data (the ridge bounds it). */
	private static double[][] softmax(final double[][] design, final int[] y, final int k) {
		final int n = design.length;
		final int p = design[0].length + 1;
		final int size = k * p;
		double[] theta = new double[size];
		double loss = softmaxLoss(design, y, k, theta);
		for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
			final double[] gradient = new double[size];
			final double[][] hessian = new double[size][size];
			final double[] row = new double[p];
			row[0] = 1;
			for (int i = 0; i < n; i++) {
				System.arraycopy(design[i], 0, row, 1, p - 1);
				final double[] prob = Scores.softmax(logits(theta, row, k, p));
				for (int a = 0; a < k; a++) {
					final double g = prob[a] - (a == y[i] ? 1 : 0);
					for (int c = 0; c < p; c++) gradient[a * p + c] += g * row[c];
					for (int b = 0; b < k; b++) {
						final double h = prob[a] * ((a == b ? 1 : 0) - prob[b]);
						if (h == 0) continue;
						for (int c = 0; c < p; c++)
							for (int d = 0; d < p; d++) hessian[a * p + c][b * p + d] += h * row[c] * row[d];
					}
				}
			}
			for (int a = 0; a < k; a++) for (int c = 0; c < p; c++) {
				final double lambda = (c == 0 ? 1e-9 : RIDGE) * n;
				gradient[a * p + c] += lambda * theta[a * p + c];
				hessian[a * p + c][a * p + c] += lambda;
			}
			final double[] delta = Linear.solve(hessian, gradient);
			double step = 1;
			double[] next = theta;
			double nextLoss = loss;
			for (int halving = 0; halving < 40; halving++) {
				next = theta.clone();
				for (int j = 0; j < size; j++) next[j] -= step * delta[j];
				nextLoss = softmaxLoss(design, y, k, next);
				if (nextLoss <= loss) break;
				step /= 2;
			}
			if (nextLoss > loss) break;
			theta = next;
			final boolean converged = loss - nextLoss < 1e-12 * Math.max(1, Math.abs(loss));
			loss = nextLoss;
			if (converged) break;
		}
		final double[][] w = new double[k][p];
		for (int a = 0; a < k; a++) System.arraycopy(theta, a * p, w[a], 0, p);
		return w;
	}

	private static double[] logits(final double[] theta, final double[] row, final int k, final int p) {
		final double[] logits = new double[k];
		for (int a = 0; a < k; a++) {
			double v = 0;
			for (int c = 0; c < p; c++) v += theta[a * p + c] * row[c];
			logits[a] = v;
		}
		return logits;
	}

	/** Total negative log-likelihood plus the ridge penalty (as the Newton step minimises it). */
	private static double softmaxLoss(final double[][] design, final int[] y, final int k, final double[] theta) {
		final int n = design.length;
		final int p = design[0].length + 1;
		final double[] row = new double[p];
		row[0] = 1;
		double loss = 0;
		for (int i = 0; i < n; i++) {
			System.arraycopy(design[i], 0, row, 1, p - 1);
			final double[] logits = logits(theta, row, k, p);
			double max = Double.NEGATIVE_INFINITY;
			for (final double v : logits) max = Math.max(max, v);
			double sum = 0;
			for (final double v : logits) sum += Math.exp(v - max);
			loss += max + Math.log(sum) - logits[y[i]];
		}
		for (int a = 0; a < k; a++)
			for (int c = 0; c < p; c++) loss += 0.5 * (c == 0 ? 1e-9 : RIDGE) * n * theta[a * p + c] * theta[a * p + c];
		return loss;
	}

}
