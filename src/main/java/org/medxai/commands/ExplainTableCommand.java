package org.medxai.commands;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.measure.ResultsTable;

import org.medxai.MedXaiException;
import org.medxai.tabular.DelimitedTable;
import org.medxai.tabular.ModelKind;
import org.medxai.tabular.ShapAnalysis;
import org.medxai.tabular.ShapExplainer;
import org.medxai.tabular.TableNote;
import org.medxai.tabular.TabularDataset;
import org.medxai.tabular.Task;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Tables>Explain Table with MedXAI SHAP: cross-validates a model on a CSV/TSV table, explains every row
 * with SHAP (a seeded sample of large tables), and writes shap_values.csv, metrics.csv, table_notes.csv (how the table
 * was read: format, task, cells read as missing, columns left out) and the beeswarm and bar plots. The headless twin of
 * the SHAP explorer (used by macros/shap_table.ijm).
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Tables>Explain Table with MedXAI SHAP")
public class ExplainTableCommand extends MedXaiCommand {

	@Parameter(label = "Table (CSV or TSV)", style = FileWidget.OPEN_STYLE)
	private File table_file;

	@Parameter(label = "Target column")
	private String target_column;

	@Parameter(label = "Feature columns", required = false,
		description = "Comma-separated; empty: every column but the target and the ID.")
	private String feature_columns = "";

	@Parameter(label = "ID column", required = false, description = "Links rows to images; empty: row numbers.")
	private String id_column = "";

	@Parameter(label = "Task", choices = { "auto", "regression", "classification" })
	private String task = "auto";

	@Parameter(label = "Model", choices = { "random_forest", "gradient_boosting", "linear" })
	private String model = "random_forest";

	@Parameter(label = "Trees", min = "1", description = "Trees of the forest or boosting rounds.")
	private int trees = 500;

	@Parameter(label = "Cross-validation folds", min = "0", description = "0 or 1: no cross-validation.")
	private int folds = 5;

	@Parameter(label = "Explain log-odds", required = false,
		description = "Boosting and logistic classifiers: explain the log-odds exactly instead of the probability.")
	private boolean log_odds = false;

	@Parameter(label = "Seed")
	private long seed = 2026;

	@Parameter(label = "SHAP rows", min = "0", required = false,
		description = "Rows explained at most: a seeded sample of larger tables; 0: every row.")
	private int shap_rows = ShapExplainer.DEFAULT_MAX_ROWS;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output_folder;

	private ShapAnalysis.Outcome outcome;

	@Override
	protected void execute() {
		if (table_file == null) throw new MedXaiException("Choose a table (CSV or TSV).");
		if (output_folder == null) throw new MedXaiException("Choose an output folder.");
		final DelimitedTable table = DelimitedTable.read(table_file.toPath());
		final TabularDataset data = TabularDataset.of(table, target_column, columns(feature_columns), id_column,
			"auto".equalsIgnoreCase(task.trim()) ? null : Task.parse(task));
		final ShapExplainer.Settings shap = new ShapExplainer.Settings(100, 2048, seed, log_odds, shap_rows);
		final ShapAnalysis.Settings settings = new ShapAnalysis.Settings(ModelKind.parse(model), trees, folds, seed,
			shap);
		final CommandProgress progress = new CommandProgress(status);
		try {
			outcome = ShapAnalysis.run(data, settings, progress);
		}
		finally {
			progress.clear();
		}
		ShapAnalysis.write(outcome, output_folder.toPath());
		final ResultsTable results = new ResultsTable();
		for (final Map.Entry<String, String> e : ShapAnalysis.metrics(outcome).entrySet()) {
			results.incrementCounter();
			results.addValue("metric", e.getKey());
			results.addValue("value", e.getValue());
		}
		Tables.show(results, "MedXAI SHAP metrics");
		for (final TableNote note : outcome.notes()) {
			if (note.kind().warning) log.warn("MedXAI: " + note.message());
			else log.info("MedXAI: " + note.message());
		}
		summary = data.task().name().toLowerCase(Locale.ROOT) + " of '" + data.targetName() + "' (" +
			data.reading().taskRule() + ") by " + outcome.model().description() + " on " + data.rows() + " rows of " +
			data.source() + " (" + data.reading().format() + "); " +
			(outcome.validation() == null ? "no cross-validation" : outcome.validation().summary()) + "; " +
			outcome.shap().method() +
			(outcome.shap().rows() < data.rows() ? " on a sample of " + outcome.shap().rows() + " rows" : "") + "; " +
			outcome.warnings() + " warning" + (outcome.warnings() == 1 ? "" : "s") + " (table_notes.csv); results in " +
			output_folder;
		log.info("MedXAI: " + summary);
	}

	static List<String> columns(final String text) {
		if (text == null || text.isBlank()) return List.of();
		return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
	}

	public ShapAnalysis.Outcome outcome() {
		return outcome;
	}

	public String summary() {
		return summary;
	}
}
