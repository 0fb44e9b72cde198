package org.medxai.commands;

import java.awt.Color;
import java.awt.GraphicsEnvironment;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

import org.medxai.cam.CamMethod;
import org.medxai.cam.MaskRule;
import org.medxai.ij1.CamDisplay;
import org.medxai.ij1.ImagePlusPlanes;
import org.medxai.image.MaskCleanup;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>MedXAI>Segment Polyps from CAM with MedXAI: CAM, mask rule and clean-up give an 8-bit 0/255 mask of the
 * image's size; its outline is drawn over the source as an overlay.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Segment Polyps from CAM with MedXAI")
public class SegmentPolypsCommand extends CamCommand {

	public static final String TABLE_TITLE = "MedXAI Segmentation";

	{
		target_class = "polyp";
	}

	@Parameter(label = "Mask rule",
		description = "threshold:T, band:LOW:HIGH (the seed used band:0.4:0.7), otsu, percentile:P")
	private String rule = SegmentationDefaults.RULE;

	@Parameter(label = "Remove parts smaller than (% of image)", min = "0", max = "50")
	private double min_area_percent = SegmentationDefaults.MIN_AREA_PERCENT;

	@Parameter(label = "Fill holes")
	private boolean fill_holes = SegmentationDefaults.FILL_HOLES;

	@Parameter(label = "Keep largest part only")
	private boolean largest_only = SegmentationDefaults.LARGEST_ONLY;

	private ImagePlus mask;
	private ResultsTable table;

	@Override
	protected void execute() {
		final ImagePlusPlanes planes = new ImagePlusPlanes(imp);
		final MaskRule maskRule = MaskRule.parse(rule);
		final MaskCleanup.Options cleanup = new MaskCleanup.Options(min_area_percent / 100, fill_holes, largest_only);
		final ImageStack masks = new ImageStack(imp.getWidth(), imp.getHeight());
		table = new ResultsTable();
		final int done = segmentEachSlice(planes, maskRule, cleanup, "Segmented", (i, s, model) -> {
			masks.addSlice("mask " + planes.slice(i), CamDisplay.maskProcessor(s.mask(), s.width(), s.height()));
			CamDisplay.addOutline(imp, planes.slice(i), s.mask(), s.width(), s.height(), Color.GREEN);
			table.incrementCounter();
			table.addValue("image", imp.getTitle());
			table.addValue("slice", planes.slice(i));
			final int explained = s.result().targetClass();
			table.addValue("class", model.card().classes.get(explained));
			table.addValue("probability", s.result().probabilities()[explained]);
			table.addValue("mask_area_fraction", s.maskFraction());
			table.addValue("method", CamMethod.parse(method).key());
			table.addValue("rule", maskRule.key());
		});
		if (done == planes.count())
			finish("Segmented " + done + " slice(s) of '" + imp.getTitle() + "' (" + CamMethod.parse(method).key() +
				", " + maskRule.key() + ").");
		if (masks.getSize() > 0) {
			mask = new ImagePlus("Mask of " + imp.getTitle(), masks);
			mask.setCalibration(imp.getCalibration().copy());
			if (!GraphicsEnvironment.isHeadless()) mask.show();
		}
		Tables.show(table, TABLE_TITLE);
	}

	public ImagePlus mask() {
		return mask;
	}

	public ResultsTable table() {
		return table;
	}
}
