package org.medxai.commands;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.io.FileSaver;
import ij.measure.ResultsTable;

import org.medxai.training.EpochListener;
import org.medxai.training.EpochResult;
import org.medxai.training.ValidationRecord;
import org.scijava.log.LogService;

/**
 * What a training command shows of the loop's epochs: a log line each, a plot of the training loss and the validation
 * columns redrawn each epoch (when there is a display), the plot as a PNG and a table at the end.
 */
final class TrainingCurves implements EpochListener<ValidationRecord> {

	private static final Color[] COLOURS = { Color.BLUE, Color.RED, new Color(0, 140, 0), Color.MAGENTA, Color.ORANGE,
		Color.CYAN };

	private final String title;
	private final LogService log;
	private final List<EpochResult<? extends ValidationRecord>> epochs = new ArrayList<>();
	private PlotWindow window;

	TrainingCurves(final String title, final LogService log) {
		this.title = title;
		this.log = log;
	}

	@Override
	public void epochDone(final EpochResult<? extends ValidationRecord> epoch) {
		epochs.add(epoch);
		log.info("MedXAI: " + epoch.describe());
		if (GraphicsEnvironment.isHeadless()) return;
		final Plot plot = plot();
		if (window == null || window.isClosed()) window = plot.show();
		else window.drawPlot(plot);
	}

	/** Writes the curves as a PNG (nothing when no epoch ended). */
	void save(final Path file) {
		if (epochs.isEmpty()) return;
		new FileSaver(plot().getImagePlus()).saveAsPng(file.toString());
	}

	/** One row per epoch: training loss, the validation columns, whether it was saved. */
	void showTable(final String tableTitle) {
		final ResultsTable table = new ResultsTable();
		for (final EpochResult<? extends ValidationRecord> e : epochs) {
			table.incrementCounter();
			table.addValue("epoch", e.epoch());
			table.addValue("train_loss", e.trainLoss());
			for (final Map.Entry<String, Double> column : e.validation().columns().entrySet())
				table.addValue(column.getKey(), column.getValue());
			table.addValue("saved", e.improved() ? "yes" : "");
		}
		Tables.show(table, tableTitle);
	}

	private Plot plot() {
		final int n = epochs.size();
		final List<String> names = new ArrayList<>(List.of("train_loss"));
		if (n > 0) names.addAll(epochs.get(0).validation().columns().keySet());
		final double[] x = new double[n];
		final double[][] series = new double[names.size()][n];
		double top = 1.05;
		for (int i = 0; i < n; i++) {
			final EpochResult<? extends ValidationRecord> e = epochs.get(i);
			x[i] = e.epoch();
			series[0][i] = e.trainLoss();
			int s = 1;
			for (final double value : e.validation().columns().values()) series[s++][i] = value;
			for (final double[] values : series) if (Double.isFinite(values[i])) top = Math.max(top, values[i]);
		}
		final Plot plot = new Plot("MedXAI training: " + title, "epoch", "loss / metric");
		plot.setLimits(0, Math.max(2, n + 1), 0, top);
		final StringBuilder legend = new StringBuilder();
		for (int s = 0; s < names.size(); s++) {
			plot.setColor(COLOURS[s % COLOURS.length]);
			plot.addPoints(x, series[s], Plot.LINE);
			legend.append(s == 0 ? "" : "\t").append(names.get(s).replace('_', ' '));
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString());
		return plot;
	}
}
