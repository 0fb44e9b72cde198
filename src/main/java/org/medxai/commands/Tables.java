package org.medxai.commands;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;

/**
 * Shows result tables. Interactively a table gets its own window and title; in macros and headless runs it becomes the
 * "Results" table, the one every macro can read the same way in Fiji and in headless ImageJ (nResults, getResult,
 * getResultString).
 */
final class Tables {

	private Tables() {}

	static void show(final ResultsTable table, final String title) {
		if (GraphicsEnvironment.isHeadless() || IJ.isMacro()) {
			Analyzer.setResultsTable(table);
			table.show("Results");
			return;
		}
		table.show(title);
	}
}
