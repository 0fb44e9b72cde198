package org.medxai.commands;

import java.io.File;

import org.medxai.MedXaiException;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;

/** Model choice as commands see it: a file the user picked. */
final class Models {

	private Models() {}

	static LoadedModel load(final File chosen, final DevicePreference device) {
		if (chosen == null || chosen.getPath().isBlank()) {
			throw new MedXaiException("No model chosen: set model_file to a MedXAI model card " +
				"(.json) or a weight file with its card beside it.");
		}
		return ModelLoader.load(chosen.toPath(), device);
	}
}
