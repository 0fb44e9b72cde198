package org.medxai.experiments.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.medxai.ProgressListener;
import org.medxai.experiments.fixtures.Scratch;
import org.medxai.tabular.DelimitedTable;
import org.medxai.tabular.ModelKind;
import org.medxai.tabular.ShapAnalysis;
import org.medxai.tabular.TabularDataset;
import org.medxai.tabular.TabularLearner;

/**
 * A large clinical table through the whole SHAP analysis with the command's defaults: time per stage, peak heap.
 *
 * The defaults of Explain Table with MedXAI SHAP (random forest of 500 trees, 5-fold CV, SHAP on a seeded sample of
 * 2,000 rows) on 100,000 rows x 20 feature columns (18 numeric, 2 categorical, a few missing cells) and a measured
 * target, written as CSV, then read, cross-validated, fitted, explained and written.
 *
 * Usage: {@code bash scripts/run-experiment.sh TableBenchmark [ROWS=100000] [TREES=500] [FOLDS=5]}
 */
public final class TableBenchmark {

	public static void main(final String[] args) throws IOException {
		final int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
		final int trees = args.length > 1 ? Integer.parseInt(args[1]) : TabularLearner.DEFAULT_TREES;
		final int folds = args.length > 2 ? Integer.parseInt(args[2]) : ShapAnalysis.DEFAULT_FOLDS;
		final Path folder = Scratch.directory("medxai-table-benchmark");
		final Path table = folder.resolve("large.csv");
		Files.writeString(table, csv(rows, new Random(2026)));
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
		final Map<String, Long> stages = new LinkedHashMap<>();
		final long start = System.nanoTime();
		final DelimitedTable text = DelimitedTable.read(table);
		final TabularDataset data = TabularDataset.of(text, "y", List.of(), null, null);
		stages.put("read and type the table", System.nanoTime());
		final ShapAnalysis.Settings defaults = ShapAnalysis.Settings.defaults(ModelKind.RANDOM_FOREST);
		final ShapAnalysis.Settings settings = new ShapAnalysis.Settings(defaults.kind(), trees, folds, defaults.seed(),
			defaults.shap());
		final String[] stage = { "" };
		final ShapAnalysis.Outcome outcome = ShapAnalysis.run(data, settings, new ProgressListener() {

			@Override
			public synchronized void progress(final int done, final int total, final String status) {
				final String now = status.startsWith("Cross-validation")
					? "cross-validation (" + folds + " fits)"
					: status.startsWith("Fitting")
						? "fit on every row"
						: status.startsWith("SHAP") ? "SHAP values" : stage[0];
				if (!now.equals(stage[0])) {
					if (!stage[0].isEmpty()) stages.put(stage[0], System.nanoTime());
					stage[0] = now;
				}
			}

			@Override
			public boolean isCancelled() {
				return false;
			}
		});
		stages.put(stage[0], System.nanoTime());
		ShapAnalysis.write(outcome, folder.resolve("out"));
		stages.put("write the results", System.nanoTime());
		long peak = 0;
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();

		System.out.printf(Locale.ROOT,
			"Table benchmark: %,d rows x %d feature columns, random forest of %d trees, " +
				"%d-fold CV, SHAP rows %d; %d cores, Java %s, max heap %d MiB%n",
			data.rows(), data.features(), trees, folds, outcome.shap().rows(),
			Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
			Runtime.getRuntime().maxMemory() >> 20);
		long previous = start;
		for (final Map.Entry<String, Long> e : stages.entrySet()) {
			System.out.printf(Locale.ROOT, "  %-32s %8.1f s%n", e.getKey(), (e.getValue() - previous) / 1e9);
			previous = e.getValue();
		}
		System.out.printf(Locale.ROOT, "  %-32s %8.1f s%n", "total", (previous - start) / 1e9);
		System.out.printf(Locale.ROOT, "  peak heap in use: %d MiB; %s; %s; SHAP %s, additivity error %.2g%n",
			peak >> 20, outcome.validation() == null ? "no CV" : outcome.validation().summary(),
			data.reading().taskRule(), outcome.shap().method(), outcome.shap().additivityError());
		System.out.println("  outputs in " + folder.resolve("out"));
	}

	/** x0..x17 numeric (x3 with some empty cells), c0 and c1 categorical, y a noisy function of a few. */
	static String csv(final int rows, final Random random) {
		final StringBuilder sb = new StringBuilder();
		for (int j = 0; j < 18; j++) sb.append('x').append(j).append(',');
		sb.append("c0,c1,y\n");
		final String[] sites = { "north", "south", "east", "west" };
		final double[] x = new double[18];
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < 18; j++) {
				x[j] = random.nextGaussian();
				if (j == 3 && random.nextInt(50) == 0) sb.append(',');
				else sb.append(String.format(Locale.ROOT, "%.4f,", x[j]));
			}
			final int site = random.nextInt(sites.length);
			final boolean smoker = random.nextBoolean();
			final double y = 2 * x[0] + x[1] * x[2] + 0.5 * x[4] + (site == 2 ? 1 : 0) + (smoker ? 0.7 : 0) +
				0.5 * random.nextGaussian();
			sb.append(sites[site]).append(',').append(smoker ? "yes" : "no").append(',')
				.append(String.format(Locale.ROOT, "%.4f%n", y));
		}
		return sb.toString();
	}
}
