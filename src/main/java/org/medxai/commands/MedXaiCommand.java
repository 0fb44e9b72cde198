package org.medxai.commands;

import java.nio.file.Path;

import org.medxai.MedXaiException;
import org.medxai.training.TrainingLoop;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

/**
 * Base of every MedXAI menu command: a {@link MedXaiException} ends the command with one clear message (dialog when
 * there is a display, log otherwise) and marks it cancelled with that reason, so hosts and macros can see it. Declares
 * what every command shares: the log, the status bar and the one-line summary it ends with.
 */
public abstract class MedXaiCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter(required = false)
	protected UIService ui;

	@Parameter(required = false)
	protected StatusService status;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	protected String summary;

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

	/** Ends with {@code text} as the command's summary, shown in the log. */
	protected void finish(final String text) {
		summary = text;
		log.info("MedXAI: " + text);
	}

	/** Says so when a new training run in {@code output} is about to replace an interrupted run's saved state. */
	protected void warnIfReplacingAnInterruptedRun(final Path output, final boolean resume) {
		if (!resume && TrainingLoop.canResume(output))
			log.warn("MedXAI: " + output + " holds an interrupted run; this new run replaces it. To continue that " +
				"run instead, tick 'Continue the interrupted run in the output folder' (macros: resume).");
	}

	/** Progress and cancel for the command's algorithm (status bar, Esc, thread interrupt). */
	protected CommandProgress progress() {
		return new CommandProgress(status);
	}

	/** Work on the slice at {@code index} (0-based). */
	@FunctionalInterface
	protected interface SliceWork {

		void run(int index);
	}

	/**
	 * The one cancel rule of the commands: {@code work} runs for each of {@code count} slices with progress; Esc or an
	 * interrupt stops between slices, keeps what was done and says so in the summary.
	 *
	 * @return how many slices were done
	 */
	protected int forEachSlice(final int count, final String verb, final SliceWork work) {
		final CommandProgress progress = progress();
		try {
			for (int i = 0; i < count; i++) {
				if (progress.isCancelled()) {
					finish(cancelled(i, count, "slices"));
					return i;
				}
				work.run(i);
				progress.progress(i + 1, count, verb + " " + (i + 1) + "/" + count);
			}
			return count;
		}
		finally {
			progress.clear();
		}
	}

	/** The summary of a cancelled command. */
	protected static String cancelled(final int done, final int total, final String units) {
		return "Cancelled after " + done + " of " + total + " " + units + "; the results done are kept.";
	}

	/** The message the command failed with, or null when it succeeded. */
	public String failure() {
		return failure;
	}

	/** The summary the command ended with, or null. */
	public String summary() {
		return summary;
	}
}
