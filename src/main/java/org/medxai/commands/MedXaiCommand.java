package org.medxai.commands;

import org.medxai.MedXaiException;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

/**
 * Base of every MedXAI menu command: a {@link MedXaiException} ends the command
 * with one clear message (dialog when there is a display, log otherwise) and
 * marks it cancelled with that reason, so hosts and macros can see it.
 */
public abstract class MedXaiCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter(required = false)
	protected UIService ui;

	private String failure;

	@Override
	public final void run() {
		try {
			execute();
		}
		catch (final MedXaiException e) {
			fail(e.getMessage());
		}
	}

	/** The command's work; throw {@link MedXaiException} for problems the user can fix. */
	protected abstract void execute();

	/** Reports a user-facing problem and ends the command. */
	protected void fail(final String message) {
		failure = message;
		log.error("MedXAI: " + message);
		if (ui != null && !ui.isHeadless()) {
			ui.showDialog(message, "MedXAI", DialogPrompt.MessageType.ERROR_MESSAGE);
		}
		cancel(message);
	}

	/** The message the command failed with, or null when it succeeded. */
	public String failure() {
		return failure;
	}
}
