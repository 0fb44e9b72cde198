package org.medxai.tabular;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.io.CsvWriter;

/**
 * The explorer's whole headless pipeline: cross-validate the chosen model, fit it on every row, explain every row (a
 * seeded sample of {@link ShapExplainer#DEFAULT_MAX_ROWS} rows of larger tables unless chosen otherwise), and write
 * {@code shap_values.csv}, {@code metrics.csv}, {@code table_notes.csv}, {@code shap_beeswarm.png} and
 * {@code shap_bar.png}.
 */
public final class ShapAnalysis {

	public static final int DEFAULT_FOLDS = 5;

	public record Settings(ModelKind kind, int trees, int folds, long seed, ShapExplainer.Settings shap) {

		public static Settings defaults(final ModelKind kind) {
			return new Settings(kind, TabularLearner.DEFAULT_TREES, DEFAULT_FOLDS, 2026,
				ShapExplainer.Settings.defaults());
		}
	}

	/**
	 * @param data every row used (the SHAP result may hold a sample of them)
	 * @param notes how the table was read, then how it was analysed
	 */
	public record Outcome(TabularDataset data, TabularModel model, CrossValidation.Result validation, ShapResult shap,
		List<TableNote> notes)
	{

		public long warnings() {
			return notes.stream().filter(n -> n.kind().warning).count();
		}
	}

	private ShapAnalysis() {}

	public static Outcome run(final TabularDataset data, final Settings settings, final ProgressListener progress) {
		final TabularLearner learner = new TabularLearner(settings.kind(), settings.trees(), settings.seed());
		final CrossValidation.Result cv = settings.folds() >= 2
			? CrossValidation.run(learner, data, settings.folds(), settings.seed(), progress)
			: null;
		progress.progress(0, 1, "Fitting " + settings.kind().key + " on all " + data.rows() + " rows");
		final TabularModel model = learner.fit(data,
			ProgressParts.part(progress, 0, 1, "Fitting on all " + data.rows() + " rows: "));
		final ShapResult shap = ShapExplainer.explain(model, data, settings.shap(), progress);
		final List<TableNote> notes = new ArrayList<>(data.reading().notes());
		if (shap.rows() < data.rows())
			notes.add(new TableNote(TableNote.Kind.SAMPLED_ROWS, "", shap.rows(), List.of(),
				String.format(Locale.ROOT,
					"SHAP values for a seeded sample of %,d of the %,d rows (seed %d; choose more " +
						"SHAP rows, or 0 for every row, to explain more); cross-validation and the fit use every row.",
					shap.rows(), data.rows(), settings.shap().seed())));
		return new Outcome(data, model, cv, shap, List.copyOf(notes));
	}

	public static void write(final Outcome outcome, final Path folder) {
		try {
			Files.createDirectories(folder);
			writeShapValues(outcome.shap(), folder.resolve("shap_values.csv"));
			writeMetrics(outcome, folder.resolve("metrics.csv"));
			writeNotes(outcome.notes(), folder.resolve("table_notes.csv"));
			ImageIO.write(ShapPlots.beeswarm(outcome.shap(), 20, 900, plotHeight(outcome.shap())), "png",
				folder.resolve("shap_beeswarm.png").toFile());
			ImageIO.write(ShapPlots.bar(outcome.shap(), 20, 900, plotHeight(outcome.shap())), "png",
				folder.resolve("shap_bar.png").toFile());
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write the SHAP results to " + folder + ": " + e.getMessage(), e);
		}
	}

	static int plotHeight(final ShapResult r) {
		return 140 + 36 * Math.min(20, r.features().size());
	}

	/** row, prediction, base_value, shap_&lt;feature&gt;..., then class (classification), id and truth. */
	public static void writeShapValues(final ShapResult r, final Path file) throws IOException {
		final TabularDataset d = r.data();
		final boolean classification = d.task() == Task.CLASSIFICATION;
		try (CsvWriter csv = new CsvWriter(file)) {
			final List<String> header = new ArrayList<>(List.of("row", "prediction", "base_value"));
			for (final String f : r.features()) header.add("shap_" + f);
			if (classification) header.add("class");
			header.add("id");
			header.add("truth");
			csv.row(header);
			for (int i = 0; i < r.rows(); i++) {
				final List<String> row = new ArrayList<>();
				row.add(String.valueOf(d.tableRows()[i]));
				row.add(Double.toString(r.prediction()[i]));
				row.add(Double.toString(r.base()[i]));
				for (final double v : r.phi()[i]) row.add(Double.toString(v));
				if (classification) row.add(r.explainedClassName(i));
				row.add(d.ids()[i]);
				row.add(r.truth(i));
				csv.row(row);
			}
		}
	}

	public static Map<String, String> metrics(final Outcome o) {
		final Map<String, String> m = new LinkedHashMap<>();
		final TabularDataset d = o.data();
		final TabularDataset.Reading reading = d.reading();
		m.put("table", d.source());
		m.put("table_format", reading.format());
		m.put("target", d.targetName());
		m.put("task", d.task().name().toLowerCase());
		m.put("task_rule", reading.taskRule());
		if (d.task() == Task.CLASSIFICATION) m.put("classes", String.join(" ", d.classes()));
		m.put("model", o.model().description());
		m.put("rows", String.valueOf(d.rows()));
		m.put("rows_without_target", String.valueOf(d.rowsWithoutTarget()));
		m.put("missing_feature_cells", String.valueOf(d.missingFeatureCells()));
		m.put("infinite_cells_read_as_missing", String.valueOf(reading.infiniteCells()));
		m.put("text_cells_read_as_missing", String.valueOf(reading.strayCells()));
		m.put("id_like_columns_left_out", String.join(" ", reading.idLikeColumns()));
		m.put("duplicate_ids", String.valueOf(reading.duplicateIds()));
		m.put("features", String.valueOf(d.features()));
		if (o.validation() != null) {
			m.put("folds", String.valueOf(o.validation().folds()));
			o.validation().metrics().forEach((k, v) -> m.put("cv_" + k, Double.toString(v)));
		}
		m.put("shap_rows", String.valueOf(o.shap().rows()));
		m.put("shap_method", o.shap().method());
		m.put("shap_output", o.shap().output());
		m.put("shap_additivity_max_error", Double.toString(o.shap().additivityError()));
		final int[] rank = o.shap().ranking();
		final double[] mean = o.shap().meanAbs();
		for (int i = 0; i < rank.length; i++)
			m.put("mean_abs_shap_" + d.featureNames().get(rank[i]), Double.toString(mean[rank[i]]));
		m.put("notes", String.valueOf(o.notes().size()));
		m.put("warnings", String.valueOf(o.warnings()));
		return m;
	}

	/** kind, severity, column, count, first_rows (space-separated), message: one row per note. */
	public static void writeNotes(final List<TableNote> notes, final Path file) throws IOException {
		try (CsvWriter csv = new CsvWriter(file)) {
			csv.row(List.of("kind", "severity", "column", "count", "first_rows", "message"));
			for (final TableNote n : notes)
				csv.row(List.of(n.kind().key(), n.severity(), n.column(), String.valueOf(n.count()),
					n.rows().stream().map(String::valueOf).collect(Collectors.joining(" ")), n.message()));
		}
	}

	private static void writeMetrics(final Outcome o, final Path file) throws IOException {
		try (CsvWriter csv = new CsvWriter(file)) {
			csv.row(List.of("metric", "value"));
			for (final Map.Entry<String, String> e : metrics(o).entrySet()) csv.row(List.of(e.getKey(), e.getValue()));
		}
	}
}
