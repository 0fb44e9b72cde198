package org.medxai.commands;

import java.io.File;
import java.util.List;
import java.util.stream.Collectors;

import org.medxai.MedXaiException;
import org.medxai.batch.ExistingResults;
import org.medxai.batch.ShardMerge;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Batch>Merge MedXAI Batch Shards: joins the tables that the shards of a folder batch wrote
 * ({@code classification.shard-3-of-10.csv}, …) into the table one run over the whole folder writes.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Batch>Merge MedXAI Batch Shards")
public class MergeShardsCommand extends MedXaiCommand {

	@Parameter(label = "Output folder of the shards", style = FileWidget.DIRECTORY_STYLE)
	private File output_folder;

	@Parameter(label = "If the merged table exists", choices = { "refuse", "overwrite" }, required = false,
		persist = false)
	private String existing_results = "refuse";

	@Override
	protected void execute() {
		if (output_folder == null || !output_folder.isDirectory()) {
			throw new MedXaiException("Folder not found: " + output_folder + ".");
		}
		final List<ShardMerge.Merged> merged = ShardMerge.mergeAll(output_folder.toPath(),
			ExistingResults.parse(existing_results));
		finish("Merged " + merged.stream()
			.map(m -> m.table().getFileName() + " (" + m.rows() + " rows from " + m.shards() + " shards)")
			.collect(Collectors.joining(", ")) + " in " + output_folder + ".");
	}
}
