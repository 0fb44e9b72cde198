package org.medxai.tabular;

import org.medxai.ProgressListener;

/** One stage of a longer job as a listener: its progress becomes a share of the whole, its messages prefixed. */
final class ProgressParts {

	private ProgressParts() {}

	/** Stage {@code part} (0-based) of {@code parts} equal stages. */
	static ProgressListener part(final ProgressListener whole, final int part, final int parts, final String prefix) {
		return new ProgressListener() {

			@Override
			public void progress(final int done, final int total, final String status) {
				final long scale = Math.max(1, total);
				whole.progress((int) Math.min(Integer.MAX_VALUE, part * scale + done),
					(int) Math.min(Integer.MAX_VALUE, parts * scale), prefix + status);
			}

			@Override
			public boolean isCancelled() {
				return whole.isCancelled();
			}
		};
	}
}
