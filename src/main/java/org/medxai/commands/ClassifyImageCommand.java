package org.medxai.commands;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.medxai.CancelledException;
import org.medxai.classify.ImageClassifier;
import org.medxai.classify.Prediction;
import org.medxai.engine.LoadedModel;
import org.medxai.ij1.ImagePlusPlanes;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins>MedXAI>Classify Image with MedXAI: one row per slice with class probabilities. */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Classify Image with MedXAI")
public class ClassifyImageCommand extends ModelCommand {

	/** Title of the table this command shows. */
	public static final String TABLE_TITLE = "MedXAI Classification";

	@Parameter(label = "Image")
	private ImagePlus imp;

	@Parameter(label = "Batch size", min = "1", max = "512",
		description = "Images per network call; larger is faster until memory runs out.")
	private int batch_size = 8;

	private ResultsTable table;

	@Override
	protected void execute() {
		final ImagePlusPlanes planes = new ImagePlusPlanes(imp);
		table = new ResultsTable();
		final CommandProgress progress = progress();
		final int[] done = { 0 };
		try (LoadedModel model = loadModel()) {
			new ImageClassifier(model).classifyAll(planes.count(), planes::planes, batch_size, progress, (i, p) -> {
				addRow(planes.slice(i), p);
				done[0]++;
			});
			finish("Classified " + planes.count() + " image(s) of '" + imp.getTitle() + "' on " + model.device() + ".");
		}
		catch (final CancelledException e) {
			finish(cancelled(done[0], planes.count(), "images"));
		}
		finally {
			progress.clear();
		}
		Tables.show(table, TABLE_TITLE);
	}

	private void addRow(final int slice, final Prediction prediction) {
		table.incrementCounter();
		table.addValue("image", imp.getTitle());
		table.addValue("slice", slice);
		table.addValue("label", prediction.label());
		for (int k = 0; k < prediction.classes().size(); k++) {
			table.addValue("p_" + prediction.classes().get(k), prediction.probability(k));
		}
	}

	/** The results of the last run. */
	public ResultsTable table() {
		return table;
	}
}
