package org.medxai;

/**
 * A problem the user can understand and fix: wrong image type, missing or corrupt model, bad table. The message is
 * shown as-is, so it names the problem and the fix.
 */
public class MedXaiException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public MedXaiException(final String message) {
		super(message);
	}

	public MedXaiException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
