package org.medxai.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.medxai.MedXaiException;
import org.medxai.engine.DevicePreference;
import org.medxai.meibo.MeibographySet;
import org.medxai.meibo.MeibographyTrainer;
import org.medxai.training.TrainingLoop;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Meibography>Train MedXAI Meibography Segmenter: trains the eyelid + gland U-Net from a folder with
 * images/, eyelid_masks/ and gland_masks/; a seeded part is held out (never trained on) and a seeded part of the rest
 * validates. Live curves and a log line per epoch; cancelling keeps the best checkpoint and the summary says where.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>MedXAI>Meibography>Train MedXAI Meibography Segmenter")
public class TrainMeibographyCommand extends MedXaiCommand {

	@Parameter(label = "Data folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Holds images/, eyelid_masks/ and gland_masks/ (same base names).")
	private File data_folder;

	// never remembered: a folder from one run must not join the next run's data unseen
	@Parameter(label = "More data folders", required = false, persist = false,
		description = "Further folders laid out like the data folder, separated by ';' (e.g. the same data set at another " +
			"resolution); every image is resized to the network's input.")
	private String more_data_folders = "";

	@Parameter(label = "Split", choices = { "hash", "stratified" }, persist = false,
		description = "hash: each image by the hash of its name; stratified: the same fractions within every " +
			"meiboscore and lid side.")
	private String split = "hash";

	@Parameter(label = "Held-out fraction", min = "0", max = "0.9")
	private double holdout_fraction = 0.2;

	@Parameter(label = "Validation fraction", min = "0.05", max = "0.5")
	private double validation_fraction = 0.15;

	@Parameter(label = "Split seed")
	private long split_seed = 2026;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output_folder;

	@Parameter(label = "Model name")
	private String model_name = "meibography-segmenter";

	@Parameter(label = "Input width", min = "32")
	private int input_width = 384;

	@Parameter(label = "Input height", min = "32")
	private int input_height = 192;

	@Parameter(label = "Network width", min = "4")
	private int network_width = 16;

	@Parameter(label = "Epochs", min = "1")
	private int epochs = 60;

	@Parameter(label = "Batch size", min = "1")
	private int batch_size = 4;

	@Parameter(label = "Learning rate")
	private double learning_rate = 2e-3;

	@Parameter(label = "Patience", min = "1")
	private int patience = 20;

	@Parameter(label = "Seed")
	private long seed = 2026;

	@Parameter(label = "Gland-ratio loss weight", min = "0",
		description = "Extra loss on each image's gland share of the eyelid (0: Dice and cross-entropy only)")
	private double gland_ratio_weight = 0;

	// never remembered: a start model from one run must not seed the next unseen
	@Parameter(label = "Continue from model (optional)", style = FileWidget.OPEN_STYLE, required = false,
		persist = false,
		description = "A segmenter card of the same network width: training starts from its weights (any input size), " +
			"e.g. the best checkpoint of a stopped run.")
	private File initial_model;

	// never remembered: continuing must be asked for each time
	@Parameter(label = "Continue the interrupted run in the output folder", persist = false,
		description = "Takes up a cancelled or killed run after its last finished epoch, with the same data and " +
			"settings (its state is in the output folder's " + TrainingLoop.RESUME_FOLDER + ").")
	private boolean resume;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Override
	protected void execute() {
		if (data_folder == null || output_folder == null)
			throw new MedXaiException("Choose the data and output folders.");
		final int depth = 4;
		if (input_width % 16 != 0 || input_height % 16 != 0)
			throw new MedXaiException(
				"Input width and height must be " + "multiples of 16 (the network halves them four times).");
		final MeibographySet all = MeibographySet.read(dataFolders());
		final boolean stratified = switch (split) {
			case "hash" -> false;
			case "stratified" -> true;
			default -> throw new MedXaiException("Unknown split '" + split + "': choose hash or stratified.");
		};
		final MeibographySet rest = stratified
			? all.splitStratified(holdout_fraction, split_seed, false)
			: all.split(holdout_fraction, split_seed, false);
		final MeibographySet validation = stratified
			? rest.splitStratified(validation_fraction, split_seed + 1, true)
			: rest.split(validation_fraction, split_seed + 1, true);
		final MeibographySet training = stratified
			? rest.splitStratified(validation_fraction, split_seed + 1, false)
			: rest.split(validation_fraction, split_seed + 1, false);
		final CommandProgress progress = new CommandProgress(status);
		final Path output = output_folder.toPath();
		final TrainingCurves curves = new TrainingCurves(model_name, log);
		try {
			warnIfReplacingAnInterruptedRun(output, resume);
			final MeibographyTrainer.Result result = MeibographyTrainer.train(training, validation,
				new MeibographyTrainer.Options(model_name, input_width, input_height, network_width, depth, epochs,
					batch_size, learning_rate, patience, seed, DevicePreference.parse(device), gland_ratio_weight,
					initial_model == null ? "" : initial_model.getPath()),
				output, progress, curves, resume);
			if (result.card() == null) throw new MedXaiException(result.status());
			curves.save(output.resolve("training-curves.png"));
			summary = result.status() + " (" + all.description() + "; held out: " + (all.size() - rest.size()) +
				" images, " + split + " split, seed " + split_seed + ")";
			log.info("MedXAI: " + summary);
		}
		finally {
			progress.clear();
		}
		curves.showTable("MedXAI Meibography Training");
	}

	/** The data folder and the further ones, each checked to exist. */
	private List<Path> dataFolders() {
		final List<Path> folders = new ArrayList<>(List.of(data_folder.toPath()));
		if (more_data_folders != null) {
			for (final String part : more_data_folders.split(";")) {
				if (part.isBlank()) continue;
				final Path folder = Path.of(part.trim());
				if (!Files.isDirectory(folder))
					throw new MedXaiException("More data folders: " + folder + " is not a folder.");
				folders.add(folder);
			}
		}
		return folders;
	}
}
