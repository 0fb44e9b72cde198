package org.medxai;

/**
 * How long-running algorithms report progress and learn that the user wants to stop, without knowing which host (Fiji,
 * ImageJ 1.x, a test) runs them.
 */
public interface ProgressListener {

	/** Work done so far out of {@code total} units, with a short status line. */
	void progress(int done, int total, String status);

	/** True once the user asked to stop; algorithms check it between units of work. */
	boolean isCancelled();

	/** A listener that ignores progress and never cancels. */
	ProgressListener NONE = new ProgressListener() {

		@Override
		public void progress(final int done, final int total, final String status) {}

		@Override
		public boolean isCancelled() {
			return false;
		}
	};
}
