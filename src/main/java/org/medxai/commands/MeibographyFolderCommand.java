package org.medxai.commands;

import java.nio.file.Path;
import java.util.List;

import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.ij1.ImageFiles;
import org.medxai.meibo.GradingFile;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;
import org.medxai.meibo.MeibographyBatch;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>MedXAI>Batch>Analyze Meibography Folder with MedXAI: for every image NAME.ext writes NAME_eyelid.png and
 * NAME_glands.png (0/255, the image's size), a row of meibography.csv and one row per gland in glands.csv.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Batch>Analyze Meibography Folder with MedXAI")
public class MeibographyFolderCommand extends FolderBatchCommand {

	@Parameter(label = "Lid", choices = { "auto", "upper", "lower" },
		description = "auto: read UPPER or LOWER from the file name.")
	private String lid = "auto";

	@Parameter(label = "Meiboscore cut-offs", required = false,
		description = "Three dropout % where grades 1, 2, 3 start, e.g. 5,33,67; empty: the model's fitted ones.")
	private String cutoffs = "";

	@Override
	protected String bundledModel() {
		return BundledModels.MEIBOGRAPHY_DEFAULT;
	}

	@Override
	protected void executeBatch() {
		final Path card = modelCard();
		final MeiboGrading grading = MeibographyCommands.grading(GradingFile.besideModel(card), cutoffs);
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.parse(device))) {
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, GradingFile.glandThreshold(card));
			runBatch(
				new MeibographyBatch(analyzer,
					file -> List.of(ImageFiles.readPlanes(file, MeibographyCommands::checkType).get(0)), lid, grading),
				model.card(), "Analysed");
		}
		finish(summary + " (" + grading.describe() + ")");
	}
}
