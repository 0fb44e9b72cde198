package org.medxai.commands;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.medxai.batch.FolderBatch;
import org.medxai.cam.CamMethod;
import org.medxai.cam.CamMethod.Keys;
import org.medxai.cam.CamSegmentationBatch;
import org.medxai.cam.MaskRule;
import org.medxai.cam.SegmentationEvaluation;
import org.medxai.engine.LoadedModel;
import org.medxai.ij1.ImageFiles;
import org.medxai.image.MaskCleanup;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Batch>Segment Polyp Folder with MedXAI: for every image NAME writes NAME_mask.png (0/255, the image's
 * size), NAME_cam.tif (32-bit, 0..1) and a row of segmentation.csv; with a truth folder evaluation.csv.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Batch>Segment Polyp Folder with MedXAI")
public class SegmentFolderCommand extends FolderBatchCommand {

	static final String EVALUATION = "evaluation.csv";

	@Parameter(label = "Truth masks (optional)", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Masks named like the images; adds evaluation.csv.")
	private File truth_folder;

	@Parameter(label = "CAM method",
		choices = { Keys.GRADCAM, Keys.GRADCAM_PLUS_PLUS, Keys.XGRADCAM, Keys.LAYERCAM, Keys.SCORECAM, Keys.EIGENCAM })
	private String method = SegmentationDefaults.METHOD;

	@Parameter(label = "Class to segment")
	private String target_class = "polyp";

	@Parameter(label = "Mask rule", description = "threshold:T, band:LOW:HIGH, otsu or percentile:P")
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

	private SegmentationEvaluation.Result evaluation;

	@Override
	protected void executeBatch() {
		final CamSegmentationBatch.Options options = new CamSegmentationBatch.Options(CamMethod.parse(method),
			target_class, MaskRule.parse(rule),
			new MaskCleanup.Options(min_area_percent / 100, fill_holes, largest_only), faithfulness);
		final boolean evaluate = truth_folder != null && !truth_folder.getPath().isBlank();
		final FolderBatch.Report done;
		try (LoadedModel model = loadModel()) {
			done = runBatch(new CamSegmentationBatch(model, ImageFiles::readPlanes, options,
				evaluate ? List.of(EVALUATION) : List.of()), model.card(), "Segmented");
		}
		if (!evaluate || done.cancelled()) return;
		if (!done.table().getFileName().toString().equals(CamSegmentationBatch.TABLE)) {
			finish(summary + " Evaluate after merging the shards (Evaluate Segmentation with MedXAI).");
			return;
		}
		final Path out = done.output();
		final List<Path> masks = done.done().stream()
			.map(item -> out.resolve(item.stem() + CamSegmentationBatch.MASK_SUFFIX)).toList();
		evaluation = SegmentationEvaluation.evaluate(masks, truth_folder.toPath(), progress());
		SegmentationEvaluation.write(evaluation, out.resolve(EVALUATION));
		for (final SegmentationEvaluation.Row row : evaluation.rows()) {
			if (row.error() != null) log.warn("MedXAI: not scored " + row.name() + ": " + row.error());
		}
		finish(summary + String.format(Locale.ROOT, " Mean Dice %.4f, IoU %.4f over %d images.", evaluation.meanDice(),
			evaluation.meanIou(), evaluation.scored()));
	}

	public SegmentationEvaluation.Result evaluation() {
		return evaluation;
	}
}
