package org.medxai.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.medxai.MedXaiException;
import org.medxai.batch.FolderBatch;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

/** A command that runs a model: the model file (empty: the bundled one) and the device, declared once. */
public abstract class ModelCommand extends MedXaiCommand {

	@Parameter(label = "Model (empty: the bundled one)", style = FileWidget.OPEN_STYLE, required = false,
		description = "A MedXAI model card (.json), or a weight file with its card beside it; empty: the bundled model.")
	protected File model_file;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" },
		description = "auto takes a GPU when the engine sees one, else the CPU.")
	protected String device = "auto";

	/** The bundled model used when {@code model_file} is empty. */
	protected String bundledModel() {
		return BundledModels.POLYP_DEFAULT;
	}

	/** The chosen model's card, or the bundled model's. */
	protected Path modelCard() {
		if (model_file != null && !model_file.getPath().isBlank()) return ModelLoader.findCard(model_file.toPath());
		if (!BundledModels.isAvailable(bundledModel())) {
			throw new MedXaiException("No model chosen and this build ships no '" + bundledModel() +
				"' model: set model_file to a MedXAI model card (.json).");
		}
		return BundledModels.card(bundledModel());
	}

	/** Loads the chosen (or bundled) model on the chosen device. */
	protected LoadedModel loadModel() {
		return ModelLoader.load(modelCard(), DevicePreference.parse(device));
	}

	/** The card behind a loaded model as every output table records it: name and SHA-256 of the card file. */
	protected static FolderBatch.Provenance provenance(final ModelCard card) {
		final Path file = card.cardFile();
		final String name = card.name != null && !card.name.isBlank()
			? card.name
			: file == null ? "model" : file.getFileName().toString();
		try {
			return new FolderBatch.Provenance(name, file == null ? "" : WeightFiles.sha256(file));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read the model card " + file + ": " + e.getMessage(), e);
		}
	}
}
