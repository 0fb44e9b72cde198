package org.medxai.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;
import org.medxai.io.CsvWriter;

/**
 * Evaluates a freshly trained model on images it never saw, plainly and in the shortcut-check variants, and records it
 * all: {@code heldout.csv} (which files were held out), {@code heldout-predictions.csv}, and the card's
 * {@code metrics.held_out}.
 */
public record HeldOutReport(Map<ModelEvaluation.Variant, ModelEvaluation.Report> reports) {

	public static HeldOutReport run(final Path cardFile, final TrainingSet heldOut, final DevicePreference device,
		final int batchSize, final ProgressListener progress)
	{
		final Map<ModelEvaluation.Variant, ModelEvaluation.Report> reports = new LinkedHashMap<>();
		try (LoadedModel model = ModelLoader.load(cardFile, device)) {
			for (final ModelEvaluation.Variant variant : ModelEvaluation.Variant.values()) {
				reports.put(variant, ModelEvaluation.evaluate(model, heldOut, variant, batchSize, progress));
			}
		}
		final HeldOutReport report = new HeldOutReport(reports);
		report.write(cardFile, heldOut);
		return report;
	}

	public ModelEvaluation.Report plain() {
		return reports.get(ModelEvaluation.Variant.PLAIN);
	}

	/** Largest accuracy difference between a variant and the plain images, in points. */
	public double largestShiftPoints() {
		double shift = 0;
		for (final ModelEvaluation.Report r : reports.values()) {
			shift = Math.max(shift, Math.abs(r.metrics().accuracy() - plain().metrics().accuracy()) * 100);
		}
		return shift;
	}

	public String summary() {
		final StringBuilder s = new StringBuilder();
		for (final ModelEvaluation.Report r : reports.values()) {
			s.append(String.format(Locale.ROOT, "%s accuracy %.4f AUC %.4f; ", r.variant().key(),
				r.metrics().accuracy(), r.metrics().rocAuc()));
		}
		s.append(String.format(Locale.ROOT, "largest shift %.2f points.", largestShiftPoints()));
		return s.toString();
	}

	private void write(final Path cardFile, final TrainingSet heldOut) {
		final Path folder = cardFile.toAbsolutePath().getParent();
		try (CsvWriter list = new CsvWriter(folder.resolve("heldout.csv"));
			CsvWriter predictions = new CsvWriter(folder.resolve("heldout-predictions.csv")))
		{
			list.row(List.of("file", "label"));
			for (final LabelledImage image : heldOut.images()) {
				list.row(List.of(image.file().getFileName().toString(), heldOut.classes().get(image.label())));
			}
			final List<String> header = new ArrayList<>(List.of("variant", "file", "label"));
			for (final String c : heldOut.classes()) header.add("p_" + c);
			predictions.row(header);
			for (final ModelEvaluation.Report r : reports.values()) {
				for (final ModelEvaluation.FilePrediction p : r.predictions()) {
					final List<String> row = new ArrayList<>(List.of(r.variant().key(),
						p.file().getFileName().toString(), heldOut.classes().get(p.truth())));
					for (final double v : p.probabilities()) row.add(String.format(Locale.ROOT, "%.6f", v));
					predictions.row(row);
				}
			}
			final ModelCard card = ModelCard.read(cardFile);
			final Gson gson = new Gson();
			final JsonObject metrics = card.metrics == null || !card.metrics.isJsonObject()
				? new JsonObject()
				: card.metrics.getAsJsonObject();
			final Map<String, Object> held = new LinkedHashMap<>();
			held.put("split", heldOut.description());
			held.put("list", "heldout.csv");
			final int[] counts = heldOut.counts();
			final Map<String, Integer> perClass = new LinkedHashMap<>();
			for (int c = 0; c < counts.length; c++) perClass.put(heldOut.classes().get(c), counts[c]);
			held.put("images_per_class", perClass);
			for (final ModelEvaluation.Report r : reports.values()) {
				held.put(r.variant().key(), r.metrics().asMap());
			}
			held.put("largest_accuracy_shift_points", largestShiftPoints());
			metrics.add("held_out", gson.toJsonTree(held));
			card.metrics = metrics;
			card.write(cardFile);
			// the card changed but its weights did not: their hash stays valid
			WeightFiles.verify(card.file(ModelCard.FILE_PARAMS), card.files.get(ModelCard.FILE_PARAMS).sha256,
				WeightFiles.Kind.DJL_PARAMS);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write held-out results to " + folder + ": " + e.getMessage(), e);
		}
	}
}
