package org.medxai.commands;

import java.util.Arrays;

import ij.ImagePlus;

import org.medxai.MedXaiException;
import org.medxai.meibo.MeiboGrading;

/** Rules the meibography commands share: accepted image types and user cut-offs. */
final class MeibographyCommands {

	private MeibographyCommands() {}

	/** The image when it is 8-bit or RGB; otherwise one message naming the conversion. */
	static ImagePlus checkType(final ImagePlus image) {
		final int type = image.getType();
		if (type != ImagePlus.GRAY8 && type != ImagePlus.COLOR_RGB && type != ImagePlus.COLOR_256)
			throw new MedXaiException("Meibography analysis takes 8-bit or RGB images; '" + image.getTitle() + "' is " +
				image.getBitDepth() + "-bit. Convert it with Image>Type>8-bit first.");
		return image;
	}

	/** The model's grading, or the same healthy ratios with the user's three cut-offs. */
	static MeiboGrading grading(final MeiboGrading model, final String cutoffs) {
		if (cutoffs == null || cutoffs.isBlank()) return model;
		try {
			final double[] c = Arrays.stream(cutoffs.split("[,; ]+")).filter(s -> !s.isBlank())
				.mapToDouble(Double::parseDouble).toArray();
			if (c.length != 3) throw new NumberFormatException("need three values");
			return model.withCutoffs(c);
		}
		catch (final NumberFormatException e) {
			throw new MedXaiException(
				"Meiboscore cut-offs must be three increasing dropout percentages, e.g. 5,33,67 (got '" + cutoffs +
					"').");
		}
	}
}
