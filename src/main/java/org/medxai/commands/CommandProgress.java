package org.medxai.commands;

import ij.IJ;

import org.medxai.ProgressListener;
import org.scijava.app.StatusService;

/**
 * Adapts algorithm progress to the host: Fiji's status bar and progress bar, and cancellation by Esc (ImageJ) or by
 * interrupting the command's thread.
 */
final class CommandProgress implements ProgressListener {

	private final StatusService status;

	CommandProgress(final StatusService status) {
		this.status = status;
		IJ.resetEscape();
	}

	@Override
	public void progress(final int done, final int total, final String message) {
		if (status != null) {
			status.showProgress(done, total);
			status.showStatus(message);
		}
		else {
			IJ.showProgress(done, total);
			IJ.showStatus(message);
		}
	}

	@Override
	public boolean isCancelled() {
		return Thread.currentThread().isInterrupted() || IJ.escapePressed();
	}

	void clear() {
		if (status != null) status.clearStatus();
		IJ.showProgress(1.0);
	}
}
