package org.medxai.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.medxai.MedXaiException;
import org.medxai.tabular.DelimitedTable;
import org.medxai.tabular.ImageFeatureJoin;
import org.medxai.tabular.ImageLinkPattern;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Tables>Join Image Features to Table with MedXAI: adds the per-image results of a MedXAI batch command
 * (e.g. segmentation.csv: polyp probability and mask area; a video folder's predictions.csv) to a clinical table by ID,
 * as image_* columns, and writes the joined table to a new file (the inputs are never changed). An ID that names
 * several files (a patient's videos) takes the first by name, or their mean and/or maximum with their count.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>MedXAI>Tables>Join Image Features to Table with MedXAI")
public class JoinImageFeaturesCommand extends MedXaiCommand {

	@Parameter(label = "Clinical table (CSV or TSV)", style = FileWidget.OPEN_STYLE)
	private File table_file;

	@Parameter(label = "ID column", description = "The column whose values name the images.")
	private String id_column;

	@Parameter(label = "Image features (MedXAI CSV)", style = FileWidget.OPEN_STYLE,
		description = "A CSV with a 'file' column written by a MedXAI batch command, e.g. segmentation.csv.")
	private File image_features_file;

	@Parameter(label = "Image name pattern", required = false,
		description = "{id} is the row's ID, * any text, e.g. {id}.* or patient_{id}_*.png")
	private String name_pattern = "{id}.*";

	@Parameter(label = "Several matches", required = false, persist = false,
		choices = { "first", "mean", "max", "mean_and_max" },
		description = "When an ID names several files (e.g. a patient's videos): the first by name, or the mean " +
			"and/or maximum of each number over them (text: the most frequent value) and their count (image_count).")
	private String several = "first";

	@Parameter(label = "Joined table (new CSV)", style = FileWidget.SAVE_STYLE)
	private File output_file;

	@Override
	protected void execute() {
		if (table_file == null || image_features_file == null)
			throw new MedXaiException("Choose the clinical table and the MedXAI image feature CSV.");
		if (output_file == null) throw new MedXaiException("Choose where to write the joined table.");
		try {
			if (Files.exists(output_file.toPath()) && (Files.isSameFile(output_file.toPath(), table_file.toPath()) ||
				Files.isSameFile(output_file.toPath(), image_features_file.toPath())))
				throw new MedXaiException("The joined table must be a new file, not one of the inputs.");
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot check " + output_file + ": " + e.getMessage(), e);
		}
		final DelimitedTable clinical = DelimitedTable.read(table_file.toPath());
		final ImageFeatureJoin.Several rule = ImageFeatureJoin.Several.of(several == null ? "first" : several);
		final ImageFeatureJoin.Report report = ImageFeatureJoin.join(clinical, id_column,
			DelimitedTable.read(image_features_file.toPath()), new ImageLinkPattern(name_pattern), rule);
		ImageFeatureJoin.write(report.joined(), output_file.toPath());
		summary = "Joined " + report.addedColumns() + ": " + report.matched() + " rows matched an image, " +
			report.unmatched() + " did not" +
			(report.unmatchedIds().isEmpty()
				? ""
				: " (IDs " +
					String.join(", ", report.unmatchedIds().subList(0, Math.min(10, report.unmatchedIds().size()))) +
					(report.unmatchedIds().size() > 10 ? ", …" : "") + ")") +
			(report.ambiguous() > 0
				? "; " + report.ambiguous() + " matched several files (each took " + rule.description + ")"
				: "") +
			(clinical.decimalComma() ? "; the table's decimal commas are written as decimal points" : "") +
			". Written to " + output_file;
		log.info("MedXAI: " + summary);
		final List<String> duplicates = report.duplicateIds();
		if (!duplicates.isEmpty()) {
			final String warning = "Warning: " + duplicates.size() + " ID" +
				(duplicates.size() == 1 ? " occurs" : "s occur") + " on more than one row of " + table_file.getName() +
				" (" + String.join(", ", duplicates.subList(0, Math.min(10, duplicates.size()))) +
				(duplicates.size() > 10 ? ", …" : "") +
				"): each of those rows took the same image's values. Check that the IDs are right.";
			summary = warning + " " + summary;
			log.warn("MedXAI: " + warning);
		}
	}

	public String summary() {
		return summary;
	}
}
