package org.medxai.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.medxai.ProgressListener;

/**
 * The SHAP proofs: additivity on every row for every model type, TreeSHAP and the linear closed form equal to
 * brute-force Shapley values (subset enumeration under the same value function), KernelSHAP equal to exact on a linear
 * model.
 */
class ShapProofTest {

	private static final double EXACT = 1e-9;

	private static TabularModel fit(final ModelKind kind, final TabularDataset data) {
		return switch (kind) {
			case RANDOM_FOREST -> SmileTreeModels.fit(kind, data, SmileTreeModels.Options.forest(60, 7));
			case GRADIENT_BOOSTING -> SmileTreeModels.fit(kind, data, SmileTreeModels.Options.boosting(60, 7));
			case LINEAR -> LinearModel.fit(data);
		};
	}

	@Test
	void everyModelAddsUpOnEveryRow() {
		for (final String target : List.of("value", "binary", "three")) {
			final TabularDataset data = SyntheticTables.dataset(160, target, 11);
			for (final ModelKind kind : ModelKind.values()) {
				final TabularModel model = fit(kind, data);
				for (final boolean logOdds : List.of(false, true)) {
					if (logOdds && data.task() == Task.REGRESSION) continue;
					final ShapResult result = ShapExplainer.explain(model, data,
						new ShapExplainer.Settings(40, 2048, 3, logOdds), ProgressListener.NONE);
					assertTrue(result.additivityError() <= EXACT, kind + " " + target + " logOdds=" + logOdds +
						": additivity error " + result.additivityError() + " (" + result.method() + ")");
					// the explained output is the model's own prediction
					for (int r = 0; r < data.rows(); r += 17) {
						final double[] p = model.predict(data.x()[r]);
						if (!logOdds || kind == ModelKind.RANDOM_FOREST) { // forests explain probabilities either way
							final int o = data.task() == Task.REGRESSION ? 0 : result.explainedClass()[r];
							assertEquals(p[o], result.prediction()[r], 1e-12, kind + " " + target);
						}
						else
							if (data.classes().size() == 2) // log-odds of class 1
								assertEquals(Math.log(p[1] / p[0]), result.prediction()[r], 1e-9, kind + " " + target);
					}
				}
			}
		}
	}

	@Test
	void treeShapEqualsBruteForceShapleyOnEveryOutput() {
		for (final String target : List.of("value", "binary", "three")) {
			final TabularDataset data = SyntheticTables.dataset(160, target, 12);
			for (final ModelKind kind : List.of(ModelKind.RANDOM_FOREST, ModelKind.GRADIENT_BOOSTING)) {
				final TreeEnsemble ensemble = ((TreeEnsembleModel) fit(kind, data)).ensemble();
				final TreeShap shap = new TreeShap(ensemble, data.features());
				final double[] base = shap.base();
				for (int r = 0; r < data.rows(); r += 20) {
					final double[] x = data.x()[r];
					final double[][] phi = shap.shap(x);
					final double[] raw = ensemble.raw(x);
					for (int d = 0; d < ensemble.dims(); d++) {
						final int dim = d;
						final double[] brute = ExactShapley.shapley(data.features(),
							s -> ExactShapley.pathDependentValue(ensemble, x, s, dim));
						for (int j = 0; j < brute.length; j++)
							assertEquals(brute[j], phi[d][j], EXACT,
								kind + " " + target + " row " + r + " output " + d + " feature " + j);
						assertEquals(ExactShapley.pathDependentValue(ensemble, x, 0, d), base[d], EXACT);
						double sum = base[d];
						for (final double v : phi[d]) sum += v;
						assertEquals(raw[d], sum, EXACT);
					}
				}
			}
		}
	}

	@Test
	void linearShapEqualsBruteForceInterventionalShapley() {
		final TabularDataset data = SyntheticTables.dataset(120, "value", 13);
		final LinearModel model = LinearModel.fit(data);
		for (int r = 0; r < data.rows(); r += 30) {
			final double[] x = data.x()[r];
			final double[] brute = ExactShapley.shapley(data.features(), s -> interventional(model, data.x(), x, s));
			final double[] phi = model.linearShap(x, 0);
			for (int j = 0; j < phi.length; j++) assertEquals(brute[j], phi[j], EXACT, "feature " + j);
		}
	}

	@Test
	void kernelShapWithEveryCoalitionIsExactForAnyModel() {
		final TabularDataset data = SyntheticTables.dataset(120, "binary", 14);
		final TabularModel model = fit(ModelKind.GRADIENT_BOOSTING, data);
		final double[][] background = java.util.Arrays.copyOf(data.x(), 25);
		final KernelShap kernel = new KernelShap(v -> model.predict(v)[1], background, 4096, 1);
		for (int r = 0; r < data.rows(); r += 40) {
			final double[] x = data.x()[r];
			final double[] brute = ExactShapley.shapley(data.features(), s -> {
				double sum = 0;
				for (final double[] b : background) sum += model.predict(mix(x, b, s))[1];
				return sum / background.length;
			});
			final double[] phi = kernel.shap(x);
			for (int j = 0; j < phi.length; j++) assertEquals(brute[j], phi[j], EXACT, "row " + r + " feature " + j);
		}
	}

	@Test
	void sampledKernelShapIsWithinOneThousandthOfExactOnALinearModel() {
		// 14 features: 16382 coalitions, of which KernelSHAP samples 600
		final java.util.Random random = new java.util.Random(5);
		final double[] w = random.doubles(14, -2, 2).toArray();
		final double[][] background = new double[50][14];
		for (final double[] row : background) for (int j = 0; j < 14; j++) row[j] = random.nextGaussian();
		final java.util.function.ToDoubleFunction<double[]> linear = v -> {
			double s = 0.5;
			for (int j = 0; j < 14; j++) s += w[j] * v[j];
			return s;
		};
		final KernelShap kernel = new KernelShap(linear, background, 600, 9);
		final double[] x = random.doubles(14, -3, 3).toArray();
		final double[] phi = kernel.shap(x);
		for (int j = 0; j < 14; j++) {
			double mean = 0;
			for (final double[] b : background) mean += b[j] / background.length;
			assertEquals(w[j] * (x[j] - mean), phi[j], 1e-3, "feature " + j);
		}
	}

	private static double interventional(final LinearModel model, final double[][] reference, final double[] x,
		final long subset)
	{
		double sum = 0;
		for (final double[] b : reference) sum += model.raw(mix(x, b, subset))[0];
		return sum / reference.length;
	}

	private static double[] mix(final double[] x, final double[] b, final long subset) {
		final double[] z = b.clone();
		for (int j = 0; j < z.length; j++) if ((subset & (1L << j)) != 0) z[j] = x[j];
		return z;
	}
}
