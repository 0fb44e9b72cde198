package org.medxai.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.MedXaiException;
import org.medxai.classify.FolderClassifier;
import org.medxai.classify.ImageClassifier;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.ij1.ImageFiles;
import org.medxai.io.CsvWriter;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Batch>Classify Folder with MedXAI: every image file of a folder
 * to {@code classification.csv}; unreadable files are reported and skipped.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>MedXAI>Batch>Classify Folder with MedXAI")
public class ClassifyFolderCommand extends MedXaiCommand {

	/** Name of the CSV written to the output folder. */
	public static final String CSV_NAME = "classification.csv";

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Every image file directly in this folder is classified.")
	private File input_folder;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "classification.csv is written here (created if missing).")
	private File output_folder;

	@Parameter(label = "Model (card .json or weights)", style = FileWidget.OPEN_STYLE,
		required = false,
		description = "A MedXAI model card, or a weight file with its card beside it.")
	private File model_file;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" },
		description = "auto takes a GPU when the engine sees one, else the CPU.")
	private String device = "auto";

	@Parameter(label = "Batch size", min = "1", max = "512",
		description = "Images per network call; larger is faster until memory runs out.")
	private int batch_size = 8;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String summary;

	@Parameter
	private StatusService status;

	private FolderClassifier.Outcome outcome;

	@Override
	protected void execute() {
		if (output_folder == null) throw new MedXaiException("Choose an output folder.");
		final List<Path> files = FolderClassifier.imageFiles(input_folder == null ? null
			: input_folder.toPath());
		final CommandProgress progress = new CommandProgress(status);
		try (LoadedModel model = Models.load(model_file, DevicePreference.parse(device))) {
			final FolderClassifier classifier = new FolderClassifier(new ImageClassifier(model),
				ImageFiles::readPlanes);
			outcome = classifier.classify(files, batch_size, progress);
			final Path csv = output_folder.toPath().resolve(CSV_NAME);
			write(csv, model.card().classes, outcome.rows());
			summary = outcome.status() + " Results: " + csv;
			for (final FolderClassifier.Row row : outcome.rows()) {
				if (!row.ok()) log.warn("MedXAI: skipped " + row.file() + ": " + row.error());
			}
			log.info("MedXAI: " + summary);
		}
		finally {
			progress.clear();
		}
	}

	private static void write(final Path csv, final List<String> classes,
		final List<FolderClassifier.Row> rows)
	{
		try (CsvWriter out = new CsvWriter(csv)) {
			final List<String> header = new ArrayList<>(List.of("file", "slice", "status",
				"label"));
			for (final String c : classes) header.add("p_" + c);
			header.add("message");
			out.row(header);
			for (final FolderClassifier.Row row : rows) {
				final List<String> fields = new ArrayList<>();
				fields.add(row.file());
				fields.add(row.ok() ? Integer.toString(row.slice()) : "");
				fields.add(row.ok() ? "ok" : "error");
				fields.add(row.ok() ? row.prediction().label() : "");
				for (int k = 0; k < classes.size(); k++) {
					fields.add(row.ok() ? String.format(Locale.ROOT, "%.6f", row.prediction()
						.probability(k)) : "");
				}
				fields.add(row.ok() ? "" : row.error());
				out.row(fields);
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write " + csv + ": " + e.getMessage(), e);
		}
	}

	/** Rows of the last run. */
	public FolderClassifier.Outcome outcome() {
		return outcome;
	}
}
