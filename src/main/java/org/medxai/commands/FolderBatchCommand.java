package org.medxai.commands;

import java.io.File;
import java.util.Map;

import org.medxai.batch.ExistingResults;
import org.medxai.batch.FolderBatch;
import org.medxai.batch.Shard;
import org.medxai.engine.ModelCard;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

/**
 * A folder command: input and output folders, what to do with earlier results and which shard to run, declared once;
 * the loop itself is {@link FolderBatch}.
 */
public abstract class FolderBatchCommand extends ModelCommand {

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Every image file directly in this folder, in natural order (img2 before img10).")
	protected File input_folder;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Tables and images are written here (created if missing); not the input folder.")
	protected File output_folder;

	// never remembered: an "overwrite" from one run must not carry over to the next
	@Parameter(label = "If results exist", choices = { "refuse", "resume", "overwrite" }, required = false,
		persist = false,
		description = "refuse: stop when the output folder holds results; resume: keep files done, do the rest; " +
			"overwrite: replace them.")
	protected String existing_results = "refuse";

	@Parameter(label = "Shard (K/N; empty: whole folder)", required = false, persist = false,
		description = "Run part K of N of the folder (a cluster job array); join the parts with Merge MedXAI Batch Shards.")
	protected String shard = "";

	protected FolderBatch.Report report;

	private ExistingResults existing;
	private Shard part;

	/** Checks the batch options before the model loads, then runs {@link #executeBatch}. */
	@Override
	protected final void execute() {
		existing = ExistingResults.parse(existing_results);
		part = Shard.parse(shard);
		executeBatch();
	}

	/** Loads what the task needs and calls {@link #runBatch}. */
	protected abstract void executeBatch();

	/** Runs the task over the folder with progress and cancel, logs skipped files and sets the summary. */
	protected FolderBatch.Report runBatch(final FolderBatch.Task task, final ModelCard card, final String verb) {
		final CommandProgress progress = progress();
		try {
			report = FolderBatch.run(new FolderBatch.Settings(input_folder == null ? null : input_folder.toPath(),
				output_folder == null ? null : output_folder.toPath(), existing, part,
				card == null ? null : provenance(card)), task, progress);
		}
		finally {
			progress.clear();
		}
		for (final Map.Entry<String, String> problem : report.problems().entrySet()) {
			log.warn("MedXAI: " + problem.getKey() + ": " + problem.getValue());
		}
		finish(report.summary(verb));
		return report;
	}

	/** The last run's report. */
	public FolderBatch.Report report() {
		return report;
	}
}
