package org.medxai.commands;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.classify.FolderClassifier;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.ij1.ImageFiles;
import org.medxai.ij1.ImagePlusPlanes;
import org.medxai.meibo.BinaryMasks;
import org.medxai.meibo.GradingFile;
import org.medxai.meibo.LidSide;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;
import org.medxai.meibo.MeibographyReport;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Batch>Analyze Meibography Folder with MedXAI: for every image NAME.ext writes
 * NAME_eyelid.png and NAME_glands.png (0/255, the image's size), and meibography.csv (one row per image)
 * and glands.csv (one row per gland). A bad file gets an error row and the batch goes on.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Batch>Analyze Meibography Folder with MedXAI")
public class MeibographyFolderCommand extends MedXaiCommand {

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE)
	private File input_folder;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output_folder;

	@Parameter(label = "Model", style = FileWidget.OPEN_STYLE, required = false,
		description = "Empty: the bundled meibography segmenter.")
	private File model_file;

	@Parameter(label = "Lid", choices = { "auto", "upper", "lower" },
		description = "auto: read UPPER or LOWER from the file name.")
	private String lid = "auto";

	@Parameter(label = "Meiboscore cut-offs", required = false,
		description = "Three dropout % where grades 1, 2, 3 start, e.g. 5,33,67; empty: the model's fitted ones.")
	private String cutoffs = "";

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String summary;

	@Parameter
	private StatusService status;

	@Override
	protected void execute() {
		if (output_folder == null) throw new MedXaiException("Choose an output folder.");
		final List<Path> files = FolderClassifier.imageFiles(input_folder == null ? null : input_folder.toPath());
		final Path out = output_folder.toPath();
		final Path card = Models.cardOr(model_file, BundledModels.MEIBOGRAPHY_DEFAULT);
		final MeiboGrading grading = MeibographyCommands.grading(GradingFile.besideModel(card), cutoffs);
		final CommandProgress progress = new CommandProgress(status);
		int ok = 0, failed = 0;
		try (LoadedModel model = org.medxai.engine.ModelLoader.load(card, DevicePreference.parse(device));
			MeibographyReport report = new MeibographyReport(out.resolve("meibography.csv"), out.resolve("glands.csv")))
		{
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, GradingFile.glandThreshold(card));
			for (int i = 0; i < files.size(); i++) {
				if (progress.isCancelled()) throw new CancelledException("Cancelled after " + i + " images; the rows so far " +
					"are in " + out.resolve("meibography.csv") + ".");
				final Path file = files.get(i);
				final String name = file.getFileName().toString();
				progress.progress(i, files.size(), "Meibography " + (i + 1) + "/" + files.size() + ": " + name);
				try {
					final ImagePlus image = ImageFiles.open(file);
					MeibographyCommands.checkType(image);
					final MeibographyAnalyzer.Result r = analyzer.analyze(new ImagePlusPlanes(image).planes(0), LidSide.parse(
						lid, name), grading);
					final String base = org.medxai.io.FileNames.baseName(name);
					save(BinaryMasks.toBytes(r.eyelid()), r.width(), r.height(), out.resolve(base + "_eyelid.png"));
					save(BinaryMasks.toBytes(r.glands()), r.width(), r.height(), out.resolve(base + "_glands.png"));
					report.ok(name, r);
					ok++;
				}
				catch (final MedXaiException e) {
					if (e instanceof CancelledException) throw e;
					report.error(name, e.getMessage());
					log.warn("MedXAI: skipped " + name + ": " + e.getMessage());
					failed++;
				}
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write to " + out + ": " + e.getMessage(), e);
		}
		finally {
			progress.clear();
		}
		summary = ok + " images analysed, " + failed + " skipped; results in " + out.resolve("meibography.csv") + " (" +
			grading.describe() + ")";
		log.info("MedXAI: " + summary);
	}

	private static void save(final byte[] mask, final int width, final int height, final Path file) {
		if (!new FileSaver(new ImagePlus(file.getFileName().toString(), new ByteProcessor(width, height, mask))).saveAsPng(
			file.toString())) throw new MedXaiException("Cannot write " + file + ".");
	}
}
