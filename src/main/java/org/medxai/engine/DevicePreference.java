package org.medxai.engine;

import java.util.Locale;

import org.medxai.MedXaiException;

/** Where the user wants models to run: {@code auto} takes a GPU when the engine sees one. */
public enum DevicePreference {

	AUTO, CPU, GPU;

	/** The lower-case word used in dialogs and macros. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses {@code auto}, {@code cpu} or {@code gpu} (any case; empty means auto). */
	public static DevicePreference parse(final String text) {
		if (text == null || text.isBlank()) return AUTO;
		final String key = text.trim().toUpperCase(Locale.ROOT);
		for (final DevicePreference choice : values()) {
			if (choice.name().equals(key)) return choice;
		}
		throw new MedXaiException("Unknown device '" + text + "': choose auto, cpu or gpu.");
	}
}
