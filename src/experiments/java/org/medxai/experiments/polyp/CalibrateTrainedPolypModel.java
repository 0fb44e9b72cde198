package org.medxai.experiments.polyp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelCard;
import org.medxai.engine.WeightFiles;
import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;
import org.medxai.image.TensorConverter;
import org.medxai.training.DecisionCalibration;
import org.medxai.training.HeldOutReport;
import org.medxai.training.LabelledImage;
import org.medxai.training.TrainingSet;

/**
 * Calibrates the decision of a polyp model trained before the trainer did so.
 *
 * Applies the trainer's final step (decision calibration on the validation images, then the held-out report) with the
 * same splits as scripts/train-default-polyp-model.sh; rewrites the folder's card.
 *
 * Usage: {@code bash scripts/run-experiment.sh CalibrateTrainedPolypModel SHARED_DATA MODEL_FOLDER}
 */
public final class CalibrateTrainedPolypModel {

	public static void main(final String[] args) throws Exception {
		final Path data = Path.of(args[0]);
		final Path folder = Path.of(args[1]);
		final Path cardFile = folder.resolve("model-card.json");
		final ModelCard card = ModelCard.read(cardFile);
		final DefaultPolypSplits splits = DefaultPolypSplits.of(data);
		final TrainingSet validation = splits.validation();
		final InputSpec spec = card.inputSpec();
		final List<float[]> tensors = new ArrayList<>();
		final List<Integer> labels = new ArrayList<>();
		for (final LabelledImage image : validation.images()) {
			tensors.add(TensorConverter.convert(ImageDecoding.read(image.file()).planes(), spec));
			labels.add(image.label());
		}
		final int width = card.architectureOptions.get("width").getAsInt();
		final DecisionCalibration.Result r = DecisionCalibration.apply(folder, card.name, width, card.classes.size(),
			card.classes.indexOf("polyp"), tensors, labels, spec);
		System.out.printf("shift %.2f, validation accuracy %.4f -> %.4f, AUC %.4f%n", r.shift(), r.before().accuracy(),
			r.after().accuracy(), r.after().rocAuc());
		final Path params = folder.resolve(card.files.get(ModelCard.FILE_PARAMS).path);
		card.files.put(ModelCard.FILE_PARAMS,
			new ModelCard.WeightFile(params.getFileName().toString(), WeightFiles.sha256(params)));
		final com.google.gson.Gson gson = new com.google.gson.Gson();
		card.training.getAsJsonObject().add("decision_calibration", gson.toJsonTree(Map.of("object_logit_shift",
			r.shift(), "validation_accuracy_before", r.before().accuracy(), "rule",
			"bias of the object class in the head's linear " + "layer shifted for the highest validation accuracy")));
		card.metrics.getAsJsonObject().add("validation", gson.toJsonTree(r.after().asMap()));
		card.write(cardFile);
		final HeldOutReport report = HeldOutReport.run(cardFile, splits.heldOut(), DevicePreference.CPU, 16,
			ProgressListener.NONE);
		System.out.println("Held out: " + report.summary());
	}
}
