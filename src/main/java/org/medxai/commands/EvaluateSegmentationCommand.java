package org.medxai.commands;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.io.FileSaver;
import ij.measure.ResultsTable;

import org.medxai.MedXaiException;
import org.medxai.batch.ImageFolder;
import org.medxai.cam.SegmentationEvaluation;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Evaluate Segmentation with MedXAI: predicted masks against ground truth matched by base name;
 * per-image and mean Dice, IoU, precision, recall, accuracy (Medico definition), a Dice histogram, and evaluation.csv.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Evaluate Segmentation with MedXAI")
public class EvaluateSegmentationCommand extends MedXaiCommand {

	@Parameter(label = "Predicted masks", style = FileWidget.DIRECTORY_STYLE,
		description = "NAME_mask.png or NAME.png, 0/255 (any size).")
	private File predicted_folder;

	@Parameter(label = "Truth masks", style = FileWidget.DIRECTORY_STYLE,
		description = "NAME.* binary masks (foreground >= 128).")
	private File truth_folder;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output_folder;

	private SegmentationEvaluation.Result result;

	@Override
	protected void execute() {
		if (output_folder == null) throw new MedXaiException("Choose an output folder.");
		final List<Path> predictions = ImageFolder
			.imageFiles(predicted_folder == null ? null : predicted_folder.toPath());
		final CommandProgress progress = new CommandProgress(status);
		try {
			result = SegmentationEvaluation.evaluate(predictions, truth_folder == null ? null : truth_folder.toPath(),
				progress);
		}
		finally {
			progress.clear();
		}
		final Path out = output_folder.toPath();
		SegmentationEvaluation.write(result, out.resolve("evaluation.csv"));
		final ResultsTable table = new ResultsTable();
		final double[] dice = new double[result.scored()];
		int at = 0;
		for (final SegmentationEvaluation.Row row : result.rows()) {
			table.incrementCounter();
			table.addValue("name", row.name());
			if (row.metrics() != null) {
				table.addValue("dice", row.metrics().dice());
				table.addValue("iou", row.metrics().iou());
				table.addValue("precision", row.metrics().precision());
				table.addValue("recall", row.metrics().recall());
				table.addValue("accuracy", row.metrics().accuracy());
				dice[at++] = row.metrics().dice();
			}
			else log.warn("MedXAI: not scored " + row.name() + ": " + row.error());
			table.addValue("message", row.error() == null ? "" : row.error());
		}
		Tables.show(table, "MedXAI Segmentation Evaluation");
		if (dice.length > 0) {
			final Plot plot = new Plot("MedXAI Dice histogram", "Dice", "images");
			plot.addHistogram(dice, 0.05);
			plot.setLimits(0, 1, Double.NaN, Double.NaN);
			final ImagePlus image = plot.getImagePlus();
			new FileSaver(image).saveAsPng(out.resolve("dice-histogram.png").toString());
			if (!GraphicsEnvironment.isHeadless()) plot.show();
		}
		summary = String.format(Locale.ROOT,
			"Mean over %d images: Dice %.4f, IoU %.4f, precision %.4f, recall %.4f, accuracy %.4f%s. " + "Results: %s",
			result.scored(), result.meanDice(), result.meanIou(), result.meanPrecision(), result.meanRecall(),
			result.meanAccuracy(),
			result.scored() < result.rows().size()
				? " (" + (result.rows().size() - result.scored()) + " not scored)"
				: "",
			out.resolve("evaluation.csv"));
		log.info("MedXAI: " + summary);
	}

	public SegmentationEvaluation.Result result() {
		return result;
	}
}
