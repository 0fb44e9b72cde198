package org.medxai.commands;

import ij.measure.ResultsTable;

import java.awt.GraphicsEnvironment;

/** Shows result tables where there is a display; headless runs keep them for files and macros. */
final class Tables {

	private Tables() {}

	static void show(final ResultsTable table, final String title) {
		if (GraphicsEnvironment.isHeadless()) return;
		table.show(title);
	}
}
