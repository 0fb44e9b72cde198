package org.medxai.commands;

import java.io.File;

import org.medxai.MedXaiException;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;

/** Model choice as commands see it: a file the user picked, else the bundled default. */
final class Models {

	private Models() {}

	/** The chosen model, or the bundled default polyp classifier when none is chosen. */
	static LoadedModel load(final File chosen, final DevicePreference device) {
		if (chosen == null || chosen.getPath().isBlank()) {
			if (!BundledModels.isAvailable(BundledModels.POLYP_DEFAULT)) {
				throw new MedXaiException("No model chosen: set model_file to a MedXAI model card " +
					"(.json) or a weight file with its card beside it.");
			}
			return ModelLoader.load(BundledModels.card(BundledModels.POLYP_DEFAULT), device);
		}
		return ModelLoader.load(chosen.toPath(), device);
	}

	/** The chosen model, or the named bundled one. */
	static LoadedModel loadOr(final File chosen, final String bundled, final DevicePreference device) {
		return ModelLoader.load(cardOr(chosen, bundled), device);
	}

	/** The chosen model's card (or file), or the named bundled model's card. */
	static java.nio.file.Path cardOr(final File chosen, final String bundled) {
		if (chosen != null && !chosen.getPath().isBlank()) return ModelLoader.findCard(chosen.toPath());
		if (!BundledModels.isAvailable(bundled)) throw new MedXaiException("No model chosen and this build ships no '" +
			bundled + "' model: set model_file to a MedXAI model card (.json).");
		return BundledModels.card(bundled);
	}
}
