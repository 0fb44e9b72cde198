package org.medxai.commands;

import java.awt.GraphicsEnvironment;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

import org.medxai.cam.CamMethod;
import org.medxai.cam.Faithfulness;
import org.medxai.cam.MaskRule;
import org.medxai.ij1.CamDisplay;
import org.medxai.ij1.ImagePlusPlanes;
import org.medxai.image.MaskCleanup;
import org.medxai.math.Scores;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>MedXAI>Explain Image with MedXAI CAM: a class activation map per slice, as a non-destructive overlay and/or a
 * new 32-bit image, with the class, its probability and optional deletion/insertion faithfulness.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Explain Image with MedXAI CAM")
public class ExplainImageCommand extends CamCommand {

	public static final String TABLE_TITLE = "MedXAI Explanations";

	@Parameter(label = "Show as", choices = { "overlay", "new image", "overlay and new image" })
	private String display = "overlay";

	@Parameter(label = "Lookup table", choices = { "fire", "ice", "spectrum", "red/green", "grays" })
	private String lut = "fire";

	@Parameter(label = "Overlay opacity (%)", min = "0", max = "100")
	private int opacity = 50;

	@Parameter(label = "Faithfulness (deletion/insertion)",
		description = "Also measure deletion and insertion AUC (2 x 21 extra forward passes).")
	private boolean faithfulness = false;

	@Parameter(label = "ROAD (remove and debias)", required = false,
		description = "Also measure ROAD MoRF/LeRF areas (20 extra forward passes; imputation instead of deletion).")
	private boolean road = false;

	private ResultsTable table;
	private ImagePlus camImage;

	@Override
	protected void execute() {
		final ImagePlusPlanes planes = new ImagePlusPlanes(imp);
		final CamMethod camMethod = CamMethod.parse(method);
		final boolean overlay = display.startsWith("overlay");
		final boolean newImage = display.contains("new image");
		table = new ResultsTable();
		final ImageStack cams = new ImageStack(imp.getWidth(), imp.getHeight());
		final int done = segmentEachSlice(planes, MaskRule.threshold(1), MaskCleanup.Options.NONE, "Explained",
			(i, s, model) -> {
				final int explained = s.result().targetClass();
				final String className = model.card().classes.get(explained);
				final double p = s.result().probabilities()[explained];
				if (overlay) {
					CamDisplay.addOverlay(imp, planes.slice(i), s.cam(), s.width(), s.height(), lut, opacity / 100.0,
						String.format(Locale.ROOT, "%s %s p=%.3f", camMethod.key(), className, p));
				}
				if (newImage) {
					cams.addSlice(className + " " + camMethod.key(),
						CamDisplay.camProcessor(s.cam(), s.width(), s.height(), lut));
				}
				table.incrementCounter();
				table.addValue("image", imp.getTitle());
				table.addValue("slice", planes.slice(i));
				table.addValue("label", model.card().classes.get(Scores.argmax(s.result().probabilities())));
				for (int k = 0; k < model.card().classes.size(); k++) {
					table.addValue("p_" + model.card().classes.get(k), s.result().probabilities()[k]);
				}
				table.addValue("explained_class", className);
				table.addValue("method", camMethod.key());
				if (faithfulness) {
					final Faithfulness.Curves f = Faithfulness.measure(model, s.input(), s.result().map(), explained,
						20);
					table.addValue("deletion_auc", f.deletionAuc());
					table.addValue("insertion_auc", f.insertionAuc());
				}
				if (road) {
					final Faithfulness.Road r = Faithfulness.road(model, s.input(), s.result().map(), explained, 2026);
					table.addValue("road_morf_auc", r.morfAuc());
					table.addValue("road_lerf_auc", r.lerfAuc());
					table.addValue("road_score", r.score());
				}
			});
		if (done == planes.count())
			finish("Explained " + done + " slice(s) of '" + imp.getTitle() + "' with " + camMethod.key() + ".");
		if (newImage && cams.getSize() > 0) {
			camImage = new ImagePlus("CAM (" + camMethod.key() + ") of " + imp.getTitle(), cams);
			camImage.setDisplayRange(0, 1);
			if (!GraphicsEnvironment.isHeadless()) camImage.show();
		}
		if (overlay && !GraphicsEnvironment.isHeadless()) imp.updateAndDraw();
		Tables.show(table, TABLE_TITLE);
	}

	public ResultsTable table() {
		return table;
	}

	public ImagePlus camImage() {
		return camImage;
	}
}
