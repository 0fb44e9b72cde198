package org.medxai.experiments.bench;

import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.medxai.tabular.DelimitedTable;
import org.medxai.tabular.ModelKind;
import org.medxai.tabular.SmileTreeModels;
import org.medxai.tabular.TabularDataset;
import org.medxai.tabular.TreeEnsembleModel;
import org.medxai.tabular.TreeShap;

import smile.data.Tuple;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;

/**
 * Exact TreeSHAP speed and agreement against Smile's shap() on a random forest.
 *
 * By default 1,000 rows x 10 features on a 500-tree regression forest: MedXAI's TreeSHAP against Smile's own shap() on
 * the same fitted forest, single-threaded both, best of three rounds; also MedXAI on every core. Prints the largest
 * difference between the two and each one's additivity error.
 *
 * Usage: {@code bash scripts/run-experiment.sh TreeShapBenchmark [ROWS=1000] [TREES=500]}
 */
public final class TreeShapBenchmark {

	public static void main(final String[] args) {
		final int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
		final int trees = args.length > 1 ? Integer.parseInt(args[1]) : 500;
		final int features = 10;
		final Random random = new Random(42);
		final StringBuilder csv = new StringBuilder();
		for (int j = 0; j < features; j++) csv.append("x").append(j).append(',');
		csv.append("y\n");
		for (int i = 0; i < rows; i++) {
			final double[] x = random.doubles(features).toArray();
			double y = 0;
			for (int j = 0; j < features; j++) {
				csv.append(String.format(Locale.ROOT, "%.6f,", x[j]));
				y += (j + 1) * x[j];
			}
			y += 5 * x[0] * x[1] + random.nextGaussian();
			csv.append(String.format(Locale.ROOT, "%.6f%n", y));
		}
		final TabularDataset data = TabularDataset.of(DelimitedTable.parse("bench.csv", csv.toString()), "y", List.of(),
			null, null);
		long t0 = System.nanoTime();
		final TreeEnsembleModel model = SmileTreeModels.fit(ModelKind.RANDOM_FOREST, data,
			SmileTreeModels.Options.forest(trees, 7));
		final double fitSeconds = (System.nanoTime() - t0) / 1e9;
		final smile.regression.RandomForest forest = (smile.regression.RandomForest) model.smile();
		final StructField[] fields = new StructField[features + 1];
		for (int j = 0; j < features; j++) fields[j] = new StructField("f" + j, DataTypes.DoubleType);
		fields[features] = new StructField("__medxai_target__", DataTypes.DoubleType);
		final StructType schema = new StructType(fields);
		final Tuple[] tuples = new Tuple[rows];
		for (int i = 0; i < rows; i++) tuples[i] = Tuple.of(schema, java.util.Arrays.copyOf(data.x()[i], features + 1));

		final TreeShap ours = new TreeShap(model.ensemble(), features);
		double bestOurs = Double.MAX_VALUE, bestSmile = Double.MAX_VALUE, bestParallel = Double.MAX_VALUE;
		double[][] oursPhi = null;
		double[][] smilePhi = null;
		for (int round = 0; round < 3; round++) {
			t0 = System.nanoTime();
			final double[][] phi = new double[rows][];
			for (int i = 0; i < rows; i++) phi[i] = ours.shap(data.x()[i])[0];
			bestOurs = Math.min(bestOurs, (System.nanoTime() - t0) / 1e9);
			oursPhi = phi;
			t0 = System.nanoTime();
			final double[][] s = new double[rows][];
			for (int i = 0; i < rows; i++) s[i] = forest.shap(tuples[i]);
			bestSmile = Math.min(bestSmile, (System.nanoTime() - t0) / 1e9);
			smilePhi = s;
			t0 = System.nanoTime();
			final ThreadLocal<TreeShap> local = ThreadLocal.withInitial(() -> new TreeShap(model.ensemble(), features));
			java.util.stream.IntStream.range(0, rows).parallel().forEach(i -> local.get().shap(data.x()[i]));
			bestParallel = Math.min(bestParallel, (System.nanoTime() - t0) / 1e9);
		}
		final double base = ours.base()[0];
		double difference = 0, oursError = 0, smileError = 0;
		for (int i = 0; i < rows; i++) {
			final double f = model.predict(data.x()[i])[0];
			double so = base, ss = base;
			for (int j = 0; j < features; j++) {
				difference = Math.max(difference, Math.abs(oursPhi[i][j] - smilePhi[i][j]));
				so += oursPhi[i][j];
				ss += smilePhi[i][j];
			}
			oursError = Math.max(oursError, Math.abs(f - so));
			smileError = Math.max(smileError, Math.abs(f - ss));
		}
		System.out.printf(Locale.ROOT,
			"TreeSHAP benchmark: %d rows x %d features, random forest of %d trees " +
				"(max depth %d, fit %.1f s), %d cores%n",
			rows, features, trees, model.ensemble().maxDepth(), fitSeconds, Runtime.getRuntime().availableProcessors());
		System.out.printf(Locale.ROOT, "  MedXAI TreeSHAP, 1 thread:   %.3f s (%.0f rows/s)%n", bestOurs,
			rows / bestOurs);
		System.out.printf(Locale.ROOT, "  Smile shap(),    1 thread:   %.3f s (%.0f rows/s)%n", bestSmile,
			rows / bestSmile);
		System.out.printf(Locale.ROOT, "  MedXAI TreeSHAP, all cores:  %.3f s (%.0f rows/s)%n", bestParallel,
			rows / bestParallel);
		System.out.printf(Locale.ROOT, "  speed ratio MedXAI/Smile (1 thread): %.2fx%n", bestSmile / bestOurs);
		System.out.printf(Locale.ROOT, "  largest |MedXAI - Smile| SHAP value: %.3g; additivity error MedXAI %.3g, " +
			"Smile (with MedXAI's base value) %.3g%n", difference, oursError, smileError);
	}
}
