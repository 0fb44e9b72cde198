package org.medxai.commands;

import java.util.Map;

import ij.measure.ResultsTable;

import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.EngineReport;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Plugins>MedXAI>Engine and Device Info: engine, versions, devices, threads and cache folder. */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Engine and Device Info")
public class EngineInfoCommand extends MedXaiCommand {

	/** Title of the table this command shows. */
	public static final String TABLE_TITLE = "MedXAI Engine";

	private ResultsTable table;

	@Override
	protected void execute() {
		final EngineReport report = EngineEnvironment.report();
		table = new ResultsTable();
		for (final Map.Entry<String, String> row : report.asRows().entrySet()) {
			table.incrementCounter();
			table.addValue("property", row.getKey());
			table.addValue("value", row.getValue());
			log.info("MedXAI engine: " + row.getKey() + " = " + row.getValue());
		}
		Tables.show(table, TABLE_TITLE);
	}

	/** The table of the last run. */
	public ResultsTable table() {
		return table;
	}
}
