package org.medxai.commands;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;

import org.medxai.MedXaiException;
import org.medxai.engine.DevicePreference;
import org.medxai.training.ClassifierTrainer;
import org.medxai.training.HeldOutReport;
import org.medxai.training.ModelEvaluation;
import org.medxai.training.TrainingLoop;
import org.medxai.training.TrainingSet;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Polyp>Train MedXAI Polyp Classifier: trains a CNN on labelled images with live curves; cancelling
 * keeps the best checkpoint and the summary says where.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Polyp>Train MedXAI Polyp Classifier")
public class TrainClassifierCommand extends MedXaiCommand {

	@Parameter(label = "Training images", style = FileWidget.DIRECTORY_STYLE,
		description = "One sub-folder per class (e.g. polyp/, non-polyp/), or images with a label CSV.")
	private File training_folder;

	@Parameter(label = "Label CSV (optional)", style = FileWidget.OPEN_STYLE, required = false,
		description = "Columns file,label; file names relative to the training folder.")
	private File labels_csv;

	@Parameter(label = "Validation images (optional)", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Class sub-folders; empty: a seeded part of the training images.")
	private File validation_folder;

	@Parameter(label = "Validation fraction", min = "0.05", max = "0.5",
		description = "Part of each class used for validation when no validation folder is given.")
	private double validation_fraction = 0.15;

	@Parameter(label = "Validation fold (0: use the fraction)", min = "0", max = "20", required = false,
		description = "k-fold cross-validation: validate on fold k of the images not held out (1 to the number " +
			"of folds) and train on the others; run once per fold.")
	private int validation_fold = 0;

	@Parameter(label = "Number of folds", min = "2", max = "20", required = false,
		description = "Folds of the images not held out, each class split alike (seeded by split seed + 1).")
	private int folds = 5;

	@Parameter(label = "Held-out fraction", min = "0", max = "0.5",
		description = "Part of each class never trained on, evaluated at the end (0: none).")
	private double holdout_fraction = 0;

	@Parameter(label = "Report held-out images at the end", required = false,
		description = "Off: the held-out part stays set aside unseen, e.g. for one report after choosing among runs.")
	private boolean held_out_report = true;

	@Parameter(label = "Split seed", description = "Seed of the validation and held-out splits.")
	private long split_seed = 2026;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Model, card, curves and history are written here.")
	private File output_folder;

	@Parameter(label = "Model name", description = "Prefix of the weight file.")
	private String model_name = "polyp-classifier";

	@Parameter(label = "Image size", min = "64", max = "512", description = "Network input width and height in pixels.")
	private int image_size = 224;

	@Parameter(label = "Network width", min = "8", max = "128",
		description = "Channels of the first residual stage (doubling per stage).")
	private int network_width = 32;

	@Parameter(label = "Epochs", min = "1", max = "500")
	private int epochs = 40;

	@Parameter(label = "Batch size", min = "2", max = "256")
	private int batch_size = 16;

	@Parameter(label = "Learning rate", min = "0.00001", max = "0.1")
	private double learning_rate = 0.001;

	@Parameter(label = "Early-stopping patience", min = "1", max = "500",
		description = "Epochs without validation gain before training stops.")
	private int patience = 10;

	@Parameter(label = "Training seed")
	private long seed = 42;

	@Parameter(label = "Mask lower-left corner",
		description = "Black out the corner where endoscopes overlay a thumbnail, in training and use.")
	private boolean mask_corner = true;

	@Parameter(label = "Object masks (optional)", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Masks of one class's object (e.g. polyp masks), by image base name: an extra " +
			"loss teaches the class activation map to cover the object.")
	private File localisation_masks;

	@Parameter(label = "Localisation loss weight", min = "0", max = "10",
		description = "Weight of the mask loss beside the classification loss (used with object masks).")
	private double localisation_weight = 1.0;

	@Parameter(label = "Start from model (optional)", style = FileWidget.OPEN_STYLE, required = false,
		description = "Card of a MedXAI classifier with the same classes and width (e.g. the default " +
			"polyp model, 288 x 288): training continues from its weights instead of a random start, at the " +
			"image size set here.")
	private File initial_model;

	// never remembered: continuing must be asked for each time
	@Parameter(label = "Continue the interrupted run in the output folder", persist = false,
		description = "Takes up a cancelled or killed run after its last finished epoch, with the same data and " +
			"settings (its state is in the output folder's " + TrainingLoop.RESUME_FOLDER + ").")
	private boolean resume;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	private ClassifierTrainer.Result result;
	private HeldOutReport heldOut;

	@Override
	protected void execute() {
		if (output_folder == null) throw new MedXaiException("Choose an output folder.");
		final Path trainingRoot = training_folder == null ? null : training_folder.toPath();
		TrainingSet all = labels_csv == null || labels_csv.getPath().isBlank()
			? TrainingSet.fromClassFolders(trainingRoot)
			: TrainingSet.fromCsv(trainingRoot, labels_csv.toPath());
		TrainingSet heldOutSet = null;
		if (holdout_fraction > 0) {
			final TrainingSet.Split split = all.split(holdout_fraction, split_seed, "held out");
			all = split.kept();
			heldOutSet = split.taken();
		}
		final TrainingSet training;
		final TrainingSet validation;
		final boolean folderGiven = validation_folder != null && !validation_folder.getPath().isBlank();
		if (folderGiven && validation_fold > 0) {
			throw new MedXaiException("Give either validation images or a validation fold, not both.");
		}
		if (folderGiven) {
			training = all;
			validation = TrainingSet.fromClassFolders(validation_folder.toPath()).alignedTo(all.classes());
		}
		else {
			final TrainingSet.Split split = validation_fold > 0
				? all.fold(validation_fold, folds, split_seed + 1, "validation")
				: all.split(validation_fraction, split_seed + 1, "validation");
			training = split.kept();
			validation = split.taken();
		}
		final ClassifierTrainer.Options options = new ClassifierTrainer.Options(model_name, image_size,
			image_size * 8 / 7, network_width, epochs, batch_size, learning_rate, patience, seed,
			mask_corner ? new double[][] { ModelEvaluation.LOWER_LEFT_BOX } : new double[0][],
			DevicePreference.parse(device))
			.withLocalisation(localisation_masks == null || localisation_masks.getPath().isBlank()
				? null
				: localisation_masks.toPath(), localisation_weight)
			.withInitialModel(
				initial_model == null || initial_model.getPath().isBlank() ? null : initial_model.toPath());
		final CommandProgress progress = new CommandProgress(status);
		final Path output = output_folder.toPath();
		final TrainingCurves curves = new TrainingCurves(model_name, log);
		try {
			log.info("MedXAI: training on " + training.size() + " images " + Arrays.toString(training.counts()) +
				", validating on " + validation.size());
			warnIfReplacingAnInterruptedRun(output, resume);
			result = ClassifierTrainer.train(training, validation, options, output, progress, curves, resume);
			for (final String skip : result.skipped()) log.warn("MedXAI: skipped " + skip);
			if (result.card() == null) throw new MedXaiException(result.status());
			curves.save(output.resolve("training-curves.png"));
			summary = result.status();
			if (heldOutSet != null && !result.cancelled() && held_out_report) {
				heldOut = HeldOutReport.run(result.card(), heldOutSet, options.device(), batch_size, progress);
				summary += " Held out: " + heldOut.summary();
			}
			else if (heldOutSet != null && !held_out_report) {
				summary += " Held out: " + heldOutSet.size() + " images set aside, not reported (report off).";
			}
		}
		finally {
			progress.clear();
		}
		log.info("MedXAI: " + summary);
		curves.showTable("MedXAI Training");
	}

	public ClassifierTrainer.Result result() {
		return result;
	}

	public HeldOutReport heldOut() {
		return heldOut;
	}
}
