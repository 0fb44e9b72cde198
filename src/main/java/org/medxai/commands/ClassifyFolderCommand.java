package org.medxai.commands;

import org.medxai.classify.ClassificationBatch;
import org.medxai.classify.ImageClassifier;
import org.medxai.engine.LoadedModel;
import org.medxai.ij1.ImageFiles;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>MedXAI>Batch>Classify Folder with MedXAI: every image file of a folder to {@code classification.csv}
 * ({@code file, slice, status, label, p_<class>…, message, model, model_sha256}).
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Batch>Classify Folder with MedXAI")
public class ClassifyFolderCommand extends FolderBatchCommand {

	/** Name of the CSV written to the output folder. */
	public static final String CSV_NAME = ClassificationBatch.TABLE;

	@Parameter(label = "Batch size", min = "1", max = "512",
		description = "Images per network call; larger is faster until memory runs out.")
	private int batch_size = 8;

	@Override
	protected void executeBatch() {
		try (LoadedModel model = loadModel()) {
			runBatch(new ClassificationBatch(new ImageClassifier(model), ImageFiles::readPlanes, batch_size),
				model.card(), "Classified");
		}
	}
}
