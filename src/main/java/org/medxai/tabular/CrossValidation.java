package org.medxai.tabular;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.math.Scores;
import org.medxai.metrics.ClassificationMetrics;

/**
 * k-fold cross-validation with a seeded shuffle (stratified by class for classification): each row is predicted by the
 * model fitted without its fold. Regression: RMSE, MAE, R². Classification: accuracy and ROC AUC (of the second class
 * for two classes; the mean one-vs-rest AUC for more).
 */
public final class CrossValidation {

	private CrossValidation() {}

	public record Result(int folds, Map<String, Double> metrics, double[][] outOfFold) {

		public String summary() {
			final StringBuilder sb = new StringBuilder(folds + "-fold CV: ");
			metrics
				.forEach((k, v) -> sb.append(k).append(' ').append(String.format(Locale.ROOT, "%.4g", v)).append(", "));
			return sb.substring(0, sb.length() - 2);
		}
	}

	public static Result run(final TabularLearner learner, final TabularDataset data, final int folds, final long seed,
		final ProgressListener progress)
	{
		final int n = data.rows();
		if (folds < 2) throw new MedXaiException("Cross-validation needs at least 2 folds.");
		if (n < folds)
			throw new MedXaiException("The table has " + n + " usable rows, fewer than the " + folds + " folds.");
		final int[] fold = assignFolds(data, folds, seed);
		final double[][] oof = new double[n][];
		for (int k = 0; k < folds; k++) {
			if (progress.isCancelled()) throw new CancelledException("Cross-validation cancelled.");
			progress.progress(k, folds, "Cross-validation: fold " + (k + 1) + " of " + folds);
			final List<Integer> train = new ArrayList<>();
			final List<Integer> test = new ArrayList<>();
			for (int i = 0; i < n; i++) (fold[i] == k ? test : train).add(i);
			final TabularModel model = learner.fit(data.subset(train.stream().mapToInt(Integer::intValue).toArray()),
				ProgressParts.part(progress, k, folds, "Cross-validation: fold " + (k + 1) + " of " + folds + ", "));
			for (final int i : test) oof[i] = model.predict(data.x()[i]);
		}
		progress.progress(folds, folds, "Cross-validation done");
		return new Result(folds, metrics(data, oof), oof);
	}

	static Map<String, Double> metrics(final TabularDataset data, final double[][] predictions) {
		final Map<String, Double> m = new LinkedHashMap<>();
		final int n = data.rows();
		if (data.task() == Task.REGRESSION) {
			double se = 0, ae = 0, mean = 0, ss = 0;
			for (int i = 0; i < n; i++) mean += data.y()[i] / n;
			for (int i = 0; i < n; i++) {
				final double e = predictions[i][0] - data.y()[i];
				se += e * e;
				ae += Math.abs(e);
				ss += (data.y()[i] - mean) * (data.y()[i] - mean);
			}
			m.put("rmse", Math.sqrt(se / n));
			m.put("mae", ae / n);
			m.put("r2", 1 - se / ss);
		}
		else {
			final int[] truth = data.classIndices();
			final int k = data.classes().size();
			int correct = 0;
			for (int i = 0; i < n; i++) {
				if (Scores.argmax(predictions[i]) == truth[i]) correct++;
			}
			m.put("accuracy", correct / (double) n);
			if (k == 2) m.put("roc_auc", ClassificationMetrics.rocAuc(truth, column(predictions, 1), 1));
			else {
				double sum = 0;
				int counted = 0;
				for (int c = 0; c < k; c++) {
					final double auc = ClassificationMetrics.rocAuc(truth, column(predictions, c), c);
					if (!Double.isNaN(auc)) {
						sum += auc;
						counted++;
					}
				}
				m.put("roc_auc_ovr", sum / counted);
			}
		}
		return m;
	}

	private static double[] column(final double[][] p, final int c) {
		final double[] v = new double[p.length];
		for (int i = 0; i < v.length; i++) v[i] = p[i][c];
		return v;
	}

	private static int[] assignFolds(final TabularDataset data, final int folds, final long seed) {
		final int n = data.rows();
		final Random random = new Random(seed);
		final int[] order = IntStream.range(0, n).toArray();
		for (int i = n - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		final int[] fold = new int[n];
		if (data.task() == Task.CLASSIFICATION) {
			final int[] next = new int[data.classes().size()];
			for (final int i : order) {
				final int c = (int) data.y()[i];
				fold[i] = next[c]++ % folds;
			}
		}
		else for (int p = 0; p < n; p++) fold[order[p]] = p % folds;
		return fold;
	}
}
