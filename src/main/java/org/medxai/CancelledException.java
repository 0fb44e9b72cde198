package org.medxai;

/** Thrown by an algorithm that stopped because its {@link ProgressListener} was cancelled. */
public class CancelledException extends MedXaiException {

	private static final long serialVersionUID = 1L;

	public CancelledException(final String message) {
		super(message);
	}
}
