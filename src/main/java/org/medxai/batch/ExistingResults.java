package org.medxai.batch;

import java.util.Locale;

import org.medxai.MedXaiException;

/** What a batch does when its output folder already holds results: never overwrite without being told. */
public enum ExistingResults {

	/** Stop with a message naming the files and the other choices. */
	REFUSE,
	/** Keep the rows and outputs of files already done; do the rest (and files that had failed). */
	RESUME,
	/** Replace the earlier tables and outputs. */
	OVERWRITE;

	public static final String[] KEYS = { "refuse", "resume", "overwrite" };

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static ExistingResults parse(final String text) {
		if (text == null || text.isBlank()) return REFUSE;
		for (final ExistingResults choice : values()) {
			if (choice.key().equals(text.trim().toLowerCase(Locale.ROOT))) return choice;
		}
		throw new MedXaiException("Unknown existing_results '" + text + "': choose refuse, resume or overwrite.");
	}
}
