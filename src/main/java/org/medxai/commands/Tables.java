package org.medxai.commands;

import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;

import java.awt.GraphicsEnvironment;

/**
 * Shows result tables under their title; headless, as the "Results" table, the
 * one a macro can read there (nResults, getResult, getResultString).
 */
final class Tables {

	private Tables() {}

	static void show(final ResultsTable table, final String title) {
		if (GraphicsEnvironment.isHeadless()) {
			// Without a display ImageJ 1.x keeps only the "Results" table for macros.
			Analyzer.setResultsTable(table);
			table.show("Results");
			return;
		}
		table.show(title);
	}
}
