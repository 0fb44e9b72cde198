package org.medxai.commands;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.medxai.MedXaiException;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.ij1.ImagePlusPlanes;
import org.medxai.ij1.MeibographyDisplay;
import org.medxai.meibo.GlandMorphometry;
import org.medxai.meibo.GradingFile;
import org.medxai.meibo.LidSide;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;
import org.medxai.meibo.MeibographyReport;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins>MedXAI>Meibography>Analyze Meibography with MedXAI: eyelid, glands, gland area ratio, dropout, meiboscore and
 * meiboscale per image (each slice of a stack), a second table with one row per gland, and an overlay on the source
 * (eyelid outline, glands coloured, dropout shaded). The source is not changed.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Meibography>Analyze Meibography with MedXAI")
public class AnalyzeMeibographyCommand extends ModelCommand {

	@Parameter
	private ImagePlus imp;

	@Parameter(label = "Lid", choices = { "auto", "upper", "lower" },
		description = "auto: read UPPER or LOWER from the image title.")
	private String lid = "auto";

	@Parameter(label = "Meiboscore cut-offs", required = false,
		description = "Three dropout % where grades 1, 2, 3 start, e.g. 5,33,67; empty: the model's fitted ones.")
	private String cutoffs = "";

	@Parameter(label = "Overlay", required = false)
	private boolean show_overlay = true;

	private MeibographyAnalyzer.Result last;
	private ResultsTable images;
	private ResultsTable glands;

	@Override
	protected String bundledModel() {
		return BundledModels.MEIBOGRAPHY_DEFAULT;
	}

	@Override
	protected void execute() {
		if (imp == null) throw new MedXaiException("Open a meibography image first.");
		MeibographyCommands.checkType(imp);
		final Path card = modelCard();
		final MeiboGrading grading = MeibographyCommands.grading(GradingFile.besideModel(card), cutoffs);
		final ImagePlusPlanes planes = new ImagePlusPlanes(imp);
		images = new ResultsTable();
		glands = new ResultsTable();
		final int done;
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.parse(device))) {
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, GradingFile.glandThreshold(card));
			done = forEachSlice(planes.count(), "Meibography", i -> {
				last = analyzer.analyze(planes.planes(i), LidSide.parse(lid, imp.getTitle()), grading);
				images.incrementCounter();
				images.addValue("image", imp.getTitle());
				for (final Map.Entry<String, String> value : MeibographyReport.imageValues(last).entrySet()) {
					addValue(images, value.getKey(), value.getValue());
				}
				images.addValue("slice", i + 1);
				for (final GlandMorphometry.Gland g : last.morphometry()) {
					glands.incrementCounter();
					glands.addValue("image", imp.getTitle());
					glands.addValue("slice", i + 1);
					for (final Map.Entry<String, String> value : MeibographyReport.glandValues(g).entrySet()) {
						addValue(glands, value.getKey(), value.getValue());
					}
				}
				if (show_overlay) MeibographyDisplay.addOverlay(imp, planes.slice(i), last);
			});
		}
		if (done > 0) {
			Tables.show(images, "MedXAI Meibography");
			if (glands.size() > 0 && (ui == null || !ui.isHeadless())) Tables.show(glands, "MedXAI Glands");
		}
		if (done < planes.count()) return;
		finish(String.format(Locale.ROOT,
			"%s: gland area ratio %.3f, dropout %.1f %%, meiboscore %d, " + "meiboscale %d, %d glands (%s)",
			imp.getTitle(), last.glandAreaRatio(), last.dropoutPercent(), last.meiboscore(), last.meiboscale(),
			last.morphometry().size(), grading.describe()));
	}

	private static void addValue(final ResultsTable table, final String column, final String value) {
		try {
			table.addValue(column, Double.parseDouble(value));
		}
		catch (final NumberFormatException e) {
			table.addValue(column, value);
		}
	}

	/** The last slice's result. */
	public MeibographyAnalyzer.Result result() {
		return last;
	}

	/** One row per slice. */
	public ResultsTable imagesTable() {
		return images;
	}

	/** One row per gland. */
	public ResultsTable glandsTable() {
		return glands;
	}
}
