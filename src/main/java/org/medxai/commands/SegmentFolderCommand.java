package org.medxai.commands;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.MedXaiException;
import org.medxai.cam.CamMethod;
import org.medxai.cam.MaskCleanup;
import org.medxai.cam.MaskRule;
import org.medxai.cam.PolypSegmenter;
import org.medxai.cam.SegmentationEvaluation;
import org.medxai.classify.FolderClassifier;
import org.medxai.classify.Scores;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.ij1.CamDisplay;
import org.medxai.ij1.ImageFiles;
import org.medxai.image.PixelPlanes;
import org.medxai.io.CsvWriter;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Batch>Segment Polyp Folder with MedXAI: for every image NAME
 * writes NAME_mask.png (0/255, the image's size) and NAME_cam.tif (32-bit,
 * 0..1), segmentation.csv, and with a truth folder evaluation.csv. A bad file
 * is reported and skipped.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>MedXAI>Batch>Segment Polyp Folder with MedXAI")
public class SegmentFolderCommand extends MedXaiCommand {

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE)
	private File input_folder;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output_folder;

	@Parameter(label = "Truth masks (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, description = "Masks named like the images; adds evaluation.csv.")
	private File truth_folder;

	@Parameter(label = "Model (empty: bundled polyp model)", style = FileWidget.OPEN_STYLE,
		required = false)
	private File model_file;

	@Parameter(label = "CAM method", choices = { "gradcam", "gradcam++", "xgradcam", "layercam",
		"scorecam", "eigencam" })
	private String method = SegmentationDefaults.METHOD;

	@Parameter(label = "Class to segment")
	private String target_class = "polyp";

	@Parameter(label = "Mask rule")
	private String rule = SegmentationDefaults.RULE;

	@Parameter(label = "Remove parts smaller than (% of image)", min = "0", max = "50")
	private double min_area_percent = SegmentationDefaults.MIN_AREA_PERCENT;

	@Parameter(label = "Fill holes")
	private boolean fill_holes = SegmentationDefaults.FILL_HOLES;

	@Parameter(label = "Keep largest part only")
	private boolean largest_only = SegmentationDefaults.LARGEST_ONLY;

	@Parameter(label = "Faithfulness (deletion/insertion, ROAD)", required = false,
		description = "Adds deletion/insertion AUC and ROAD MoRF/LeRF areas per image to segmentation.csv.")
	private boolean faithfulness = false;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String summary;

	@Parameter
	private StatusService status;

	private SegmentationEvaluation.Result evaluation;

	static final List<String> FAITHFULNESS_COLUMNS = List.of("deletion_auc", "insertion_auc", "road_morf_auc",
		"road_lerf_auc");

	@Override
	protected void execute() {
		if (output_folder == null) throw new MedXaiException("Choose an output folder.");
		final List<Path> files = FolderClassifier.imageFiles(input_folder == null ? null
			: input_folder.toPath());
		final Path out = output_folder.toPath();
		try {
			Files.createDirectories(out);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot create " + out + ": " + e.getMessage(), e);
		}
		final CamMethod camMethod = CamMethod.parse(method);
		final MaskRule maskRule = MaskRule.parse(rule);
		final MaskCleanup.Options cleanup = new MaskCleanup.Options(min_area_percent / 100,
			fill_holes, largest_only);
		final List<Path> masks = new ArrayList<>();
		final CommandProgress progress = new CommandProgress(status);
		int failed = 0;
		try (LoadedModel model = Models.load(model_file, DevicePreference.parse(device));
			CsvWriter csv = new CsvWriter(out.resolve("segmentation.csv")))
		{
			final List<String> classes = model.card().classes;
			final List<String> header = new ArrayList<>(List.of("file", "status", "label"));
			for (final String c : classes) header.add("p_" + c);
			header.addAll(List.of("explained_class", "mask_area_fraction", "method", "rule",
				"message"));
			if (faithfulness) header.addAll(FAITHFULNESS_COLUMNS);
			csv.row(header);
			final PolypSegmenter segmenter = new PolypSegmenter(model, 32);
			final int target = PolypSegmenter.classIndex(model, target_class);
			for (int f = 0; f < files.size(); f++) {
				if (progress.isCancelled()) {
					summary = "Cancelled after " + f + " of " + files.size() + " files.";
					break;
				}
				final Path file = files.get(f);
				final String name = file.getFileName().toString();
				final String base = org.medxai.io.FileNames.baseName(name);
				try {
					final List<PixelPlanes> planes = ImageFiles.readPlanes(file);
					final PolypSegmenter.Segmentation s = segmenter.segment(planes.get(0), camMethod,
						target, maskRule, cleanup);
					final Path maskFile = out.resolve(base + "_mask.png");
					save(new ImagePlus(base + "_mask", CamDisplay.maskProcessor(s.mask(), s.width(), s
						.height())), maskFile, false);
					save(new ImagePlus(base + "_cam", new FloatProcessor(s.width(), s.height(), s.cam())),
						out.resolve(base + "_cam.tif"), true);
					masks.add(maskFile);
					final List<String> row = new ArrayList<>(List.of(name, "ok", classes.get(Scores.argmax(s
						.result().probabilities()))));
					for (final double p : s.result().probabilities()) row.add(fmt(p));
					row.addAll(List.of(classes.get(s.result().targetClass()), fmt(s.maskFraction()),
						camMethod.key(), maskRule.key(), planes.size() > 1 ? "stack: first image segmented"
							: ""));
					if (faithfulness) {
						final int explained = s.result().targetClass();
						final org.medxai.cam.Faithfulness.Curves curves = org.medxai.cam.Faithfulness.measure(model, s.input(), s
							.result().map(), explained, 20);
						final org.medxai.cam.Faithfulness.Road road = org.medxai.cam.Faithfulness.road(model, s.input(), s
							.result().map(), explained, 2026);
						row.addAll(List.of(fmt(curves.deletionAuc()), fmt(curves.insertionAuc()), fmt(road.morfAuc()), fmt(road
							.lerfAuc())));
					}
					csv.row(row);
				}
				catch (final MedXaiException e) {
					failed++;
					log.warn("MedXAI: skipped " + name + ": " + e.getMessage());
					final List<String> row = new ArrayList<>(List.of(name, "error", ""));
					for (int k = 0; k < classes.size(); k++) row.add("");
					row.addAll(List.of("", "", camMethod.key(), maskRule.key(), e.getMessage()));
					if (faithfulness) for (int k = 0; k < FAITHFULNESS_COLUMNS.size(); k++) row.add("");
					csv.row(row);
				}
				progress.progress(f + 1, files.size(), "Segmented " + name);
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write segmentation.csv: " + e.getMessage(), e);
		}
		finally {
			progress.clear();
		}
		if (summary == null) {
			summary = "Segmented " + masks.size() + " of " + files.size() + " images" + (failed > 0
				? " (" + failed + " skipped)" : "") + " into " + out + ".";
		}
		if (truth_folder != null && !truth_folder.getPath().isBlank()) {
			evaluation = SegmentationEvaluation.evaluate(masks, truth_folder.toPath(), progress);
			SegmentationEvaluation.write(evaluation, out.resolve("evaluation.csv"));
			for (final SegmentationEvaluation.Row row : evaluation.rows()) {
				if (row.error() != null) log.warn("MedXAI: not scored " + row.name() + ": " + row.error());
			}
			summary += String.format(Locale.ROOT, " Mean Dice %.4f, IoU %.4f over %d images.",
				evaluation.meanDice(), evaluation.meanIou(), evaluation.scored());
		}
		log.info("MedXAI: " + summary);
	}

	private static void save(final ImagePlus image, final Path file, final boolean tiff) {
		final boolean ok = tiff ? new FileSaver(image).saveAsTiff(file.toString()) : new FileSaver(
			image).saveAsPng(file.toString());
		if (!ok) throw new MedXaiException("cannot write " + file.getFileName());
	}

	private static String fmt(final double v) {
		return String.format(Locale.ROOT, "%.6f", v);
	}


	public SegmentationEvaluation.Result evaluation() {
		return evaluation;
	}
}
