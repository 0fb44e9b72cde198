package org.medxai.meibo;

import java.util.Locale;

import org.medxai.MedXaiException;

/** Upper or lower eyelid: chosen by the user, or read from a file name that says UPPER or LOWER. */
public enum LidSide {

	UPPER, LOWER, UNKNOWN;

	public static LidSide of(final String name) {
		final String n = name.toUpperCase(Locale.ROOT);
		final boolean upper = n.contains("UPPER");
		final boolean lower = n.contains("LOWER");
		return upper == lower ? UNKNOWN : upper ? UPPER : LOWER;
	}

	public static LidSide parse(final String text, final String imageName) {
		return switch (text.trim().toLowerCase(Locale.ROOT)) {
			case "upper" -> UPPER;
			case "lower" -> LOWER;
			case "auto", "" -> of(imageName);
			default -> throw new MedXaiException("Unknown lid '" + text + "': use auto, upper or lower.");
		};
	}
}
