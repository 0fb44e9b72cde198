package org.medxai.tabular;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The SHAP plots clinicians read, drawn with Java2D into images: waterfall (one row), beeswarm and bar (all rows,
 * features by mean |SHAP|), dependence (a feature's value against its SHAP value, coloured by another feature).
 * Positive contributions are red, negative blue, as in the SHAP package's plots.
 */
public final class ShapPlots {

	public static final Color POSITIVE = new Color(255, 0, 82);
	public static final Color NEGATIVE = new Color(0, 139, 251);
	private static final Color AXIS = new Color(90, 90, 90);
	private static final Color GRID = new Color(225, 225, 225);
	private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
	private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);

	private ShapPlots() {}

	/** One row's path from the base value to its prediction, largest contributions first. */
	public static BufferedImage waterfall(final ShapResult r, final int row, final int maxFeatures, final int width,
		final int height)
	{
		final double[] phi = r.phi()[row];
		final Integer[] order = byAbs(phi);
		final int shown = Math.min(maxFeatures, phi.length);
		final List<String> labels = new ArrayList<>();
		final List<Double> values = new ArrayList<>();
		for (int i = 0; i < shown; i++) {
			final int j = order[i];
			labels.add(r.features().get(j) + " = " + r.data().display(j, r.data().x()[row][j]));
			values.add(phi[j]);
		}
		if (phi.length > shown) {
			double rest = 0;
			for (int i = shown; i < phi.length; i++) rest += phi[order[i]];
			labels.add((phi.length - shown) + " other features");
			values.add(rest);
		}
		// bars are drawn bottom (smallest) to top (largest), cumulating from the base value
		final int bars = values.size();
		final double[] start = new double[bars];
		final double[] end = new double[bars];
		double running = r.base()[row];
		for (int i = bars - 1; i >= 0; i--) {
			start[i] = running;
			running += values.get(i);
			end[i] = running;
		}
		double lo = Math.min(r.base()[row], r.prediction()[row]);
		double hi = Math.max(r.base()[row], r.prediction()[row]);
		for (int i = 0; i < bars; i++) {
			lo = Math.min(lo, Math.min(start[i], end[i]));
			hi = Math.max(hi, Math.max(start[i], end[i]));
		}
		final Frame f = new Frame(width, height,
			"Waterfall: row " + r.data().ids()[row] + " — " + r.output() + " (" + fmt(r.prediction()[row]) + ")",
			labels, lo, hi, r.output());
		final Graphics2D g = f.g;
		for (int i = 0; i < bars; i++) {
			final double y0 = f.rowTop(i);
			final double h = f.rowHeight() * 0.7;
			final double x0 = f.px(Math.min(start[i], end[i]));
			final double x1 = f.px(Math.max(start[i], end[i]));
			g.setColor(values.get(i) >= 0 ? POSITIVE : NEGATIVE);
			g.fill(new Rectangle2D.Double(x0, y0 + f.rowHeight() * 0.15, Math.max(1, x1 - x0), h));
			final String text = (values.get(i) >= 0 ? "+" : "") + fmt(values.get(i));
			g.setColor(Color.DARK_GRAY);
			g.setFont(FONT);
			final FontMetrics fm = g.getFontMetrics();
			final double tx = x1 + 4 + fm.stringWidth(text) < f.plotRight ? x1 + 4 : x0 - 4 - fm.stringWidth(text);
			g.drawString(text, (float) tx, (float) (y0 + f.rowHeight() * 0.5 + fm.getAscent() / 2.0 - 1));
		}
		g.setColor(AXIS);
		g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 4, 3 }, 0));
		final double bx = f.px(r.base()[row]);
		final double fx = f.px(r.prediction()[row]);
		g.draw(new Line2D.Double(bx, f.plotTop, bx, f.plotBottom));
		g.draw(new Line2D.Double(fx, f.plotTop, fx, f.plotBottom));
		g.setFont(FONT);
		g.drawString("E[f(x)] = " + fmt(r.base()[row]), (float) bx + 3, (float) f.plotBottom + 30);
		g.drawString("f(x) = " + fmt(r.prediction()[row]), (float) fx + 3, (float) f.plotTop - 4);
		return f.done();
	}

	/** Every row's SHAP value per feature, coloured by the feature's value (blue low, red high). */
	public static BufferedImage beeswarm(final ShapResult r, final int maxFeatures, final int width, final int height) {
		final int[] ranking = r.ranking();
		final int shown = Math.min(maxFeatures, ranking.length);
		final List<String> labels = new ArrayList<>();
		double lo = 0, hi = 0;
		for (int i = 0; i < shown; i++) {
			labels.add(r.features().get(ranking[i]));
			for (final double[] row : r.phi()) {
				lo = Math.min(lo, row[ranking[i]]);
				hi = Math.max(hi, row[ranking[i]]);
			}
		}
		final Frame f = new Frame(width, height, "SHAP values (" + r.output() + ")", labels, lo, hi,
			"SHAP value (impact on " + r.output() + ")");
		final Graphics2D g = f.g;
		g.setColor(AXIS);
		g.draw(new Line2D.Double(f.px(0), f.plotTop, f.px(0), f.plotBottom));
		final double dot = Math.max(2.5, Math.min(6, f.rowHeight() / 8));
		for (int i = 0; i < shown; i++) {
			final int j = ranking[i];
			final double[] colour = normalisedColumn(r.data(), j);
			final double centre = f.rowTop(i) + f.rowHeight() / 2;
			// a simple swarm: rows falling into the same pixel bin are stacked alternately up and down
			final Map<Integer, Integer> occupancy = new HashMap<>();
			final Integer[] order = new Integer[r.rows()];
			for (int k = 0; k < order.length; k++) order[k] = k;
			Arrays.sort(order, (a, b) -> Double.compare(r.phi()[a][j], r.phi()[b][j]));
			for (final int row : order) {
				final double x = f.px(r.phi()[row][j]);
				final int bin = (int) Math.floor(x / dot);
				final int count = occupancy.merge(bin, 1, Integer::sum) - 1;
				final double offset = ((count + 1) / 2) * (count % 2 == 0 ? 1 : -1) * dot * 0.8;
				final double y = centre + Math.max(-f.rowHeight() * 0.45, Math.min(f.rowHeight() * 0.45, offset));
				g.setColor(ramp(colour[row]));
				g.fill(new Ellipse2D.Double(x - dot / 2, y - dot / 2, dot, dot));
			}
		}
		colourBar(f, "Feature value");
		return f.done();
	}

	/** Mean |SHAP| per feature. */
	public static BufferedImage bar(final ShapResult r, final int maxFeatures, final int width, final int height) {
		final int[] ranking = r.ranking();
		final double[] mean = r.meanAbs();
		final int shown = Math.min(maxFeatures, ranking.length);
		final List<String> labels = new ArrayList<>();
		double hi = 0;
		for (int i = 0; i < shown; i++) {
			labels.add(r.features().get(ranking[i]));
			hi = Math.max(hi, mean[ranking[i]]);
		}
		final Frame f = new Frame(width, height, "Mean |SHAP value| (" + r.output() + ")", labels, 0, hi * 1.12,
			"mean |SHAP value|");
		final Graphics2D g = f.g;
		g.setFont(FONT);
		for (int i = 0; i < shown; i++) {
			final double v = mean[ranking[i]];
			g.setColor(POSITIVE);
			g.fill(new Rectangle2D.Double(f.px(0), f.rowTop(i) + f.rowHeight() * 0.15, f.px(v) - f.px(0),
				f.rowHeight() * 0.7));
			g.setColor(Color.DARK_GRAY);
			g.drawString("+" + fmt(v), (float) f.px(v) + 4,
				(float) (f.rowTop(i) + f.rowHeight() / 2 + g.getFontMetrics().getAscent() / 2.0 - 1));
		}
		return f.done();
	}

	/** Feature value (x) against its SHAP value (y), dots coloured by another feature. */
	public static BufferedImage dependence(final ShapResult r, final int feature, final int colourBy, final int width,
		final int height)
	{
		final TabularDataset d = r.data();
		double xlo = Double.POSITIVE_INFINITY, xhi = Double.NEGATIVE_INFINITY;
		double ylo = Double.POSITIVE_INFINITY, yhi = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < r.rows(); i++) {
			xlo = Math.min(xlo, d.x()[i][feature]);
			xhi = Math.max(xhi, d.x()[i][feature]);
			ylo = Math.min(ylo, r.phi()[i][feature]);
			yhi = Math.max(yhi, r.phi()[i][feature]);
		}
		if (xhi == xlo) {
			xlo -= 0.5;
			xhi += 0.5;
		}
		if (yhi == ylo) {
			ylo -= 0.5;
			yhi += 0.5;
		}
		final double xpad = (xhi - xlo) * 0.04, ypad = (yhi - ylo) * 0.06;
		final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = start(image);
		final double left = 70, right = width - 110, top = 40, bottom = height - 50;
		g.setFont(TITLE);
		g.setColor(Color.BLACK);
		g.drawString(
			"Dependence: " + d.featureNames().get(feature) + " (coloured by " + d.featureNames().get(colourBy) + ")",
			10, 20);
		final Axis ax = new Axis(xlo - xpad, xhi + xpad, left, right);
		final Axis ay = new Axis(ylo - ypad, yhi + ypad, bottom, top);
		g.setFont(FONT);
		for (final double t : ticks(ax.lo, ax.hi, 6)) {
			g.setColor(GRID);
			g.draw(new Line2D.Double(ax.map(t), top, ax.map(t), bottom));
			g.setColor(AXIS);
			final String s = d.isCategorical(feature) ? d.display(feature, t) : fmt(t);
			if (!d.isCategorical(feature) || t == Math.rint(t))
				g.drawString(s, (float) (ax.map(t) - g.getFontMetrics().stringWidth(s) / 2.0), (float) bottom + 16);
		}
		for (final double t : ticks(ay.lo, ay.hi, 6)) {
			g.setColor(GRID);
			g.draw(new Line2D.Double(left, ay.map(t), right, ay.map(t)));
			g.setColor(AXIS);
			final String s = fmt(t);
			g.drawString(s, (float) (left - 6 - g.getFontMetrics().stringWidth(s)), (float) ay.map(t) + 4);
		}
		g.setColor(AXIS);
		g.draw(new Rectangle2D.Double(left, top, right - left, bottom - top));
		g.drawString(d.featureNames().get(feature), (float) ((left + right) / 2 - 30), (float) bottom + 36);
		final AffineTransform saved = g.getTransform();
		g.rotate(-Math.PI / 2);
		g.drawString("SHAP value for " + d.featureNames().get(feature), (float) -((top + bottom) / 2 + 60), 16f);
		g.setTransform(saved);
		final double[] colour = normalisedColumn(d, colourBy);
		final double jitter = d.isCategorical(feature) ? (right - left) / (ax.hi - ax.lo) * 0.15 : 0;
		final Random random = new Random(1);
		for (int i = 0; i < r.rows(); i++) {
			final double x = ax.map(d.x()[i][feature]) + (jitter > 0 ? (random.nextDouble() - 0.5) * 2 * jitter : 0);
			final double y = ay.map(r.phi()[i][feature]);
			g.setColor(ramp(colour[i]));
			g.fill(new Ellipse2D.Double(x - 3, y - 3, 6, 6));
		}
		drawColourBar(g, right + 30, top, bottom, d.featureNames().get(colourBy));
		g.dispose();
		return image;
	}

	public static Color ramp(final double t) {
		final double u = Double.isNaN(t) ? 0.5 : Math.max(0, Math.min(1, t));
		return new Color((int) Math.round(NEGATIVE.getRed() + u * (POSITIVE.getRed() - NEGATIVE.getRed())),
			(int) Math.round(NEGATIVE.getGreen() + u * (POSITIVE.getGreen() - NEGATIVE.getGreen())),
			(int) Math.round(NEGATIVE.getBlue() + u * (POSITIVE.getBlue() - NEGATIVE.getBlue())));
	}

	/** Feature values mapped to 0..1 by their 5th..95th percentile (robust to outliers). */
	static double[] normalisedColumn(final TabularDataset d, final int feature) {
		final double[] v = new double[d.rows()];
		for (int i = 0; i < v.length; i++) v[i] = d.x()[i][feature];
		final double[] sorted = v.clone();
		Arrays.sort(sorted);
		double lo = sorted[(int) Math.floor(0.05 * (sorted.length - 1))];
		double hi = sorted[(int) Math.ceil(0.95 * (sorted.length - 1))];
		if (hi <= lo) {
			lo = sorted[0];
			hi = sorted[sorted.length - 1];
		}
		final double[] out = new double[v.length];
		for (int i = 0; i < v.length; i++) out[i] = hi > lo ? (v[i] - lo) / (hi - lo) : 0.5;
		return out;
	}

	private static Integer[] byAbs(final double[] phi) {
		final Integer[] order = new Integer[phi.length];
		for (int i = 0; i < order.length; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(Math.abs(phi[b]), Math.abs(phi[a])));
		return order;
	}

	static String fmt(final double v) {
		if (v == 0) return "0";
		final double a = Math.abs(v);
		if (a >= 1000 || a < 0.001) return String.format(Locale.ROOT, "%.3g", v);
		if (a >= 100) return String.format(Locale.ROOT, "%.1f", v);
		if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
		return String.format(Locale.ROOT, "%.3f", v);
	}

	static double[] ticks(final double lo, final double hi, final int target) {
		final double raw = (hi - lo) / target;
		final double mag = Math.pow(10, Math.floor(Math.log10(raw)));
		final double step = raw / mag < 1.5 ? mag : raw / mag < 3 ? 2 * mag : raw / mag < 7 ? 5 * mag : 10 * mag;
		final List<Double> t = new ArrayList<>();
		for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step)
			t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
		return t.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static Graphics2D start(final BufferedImage image) {
		final Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		return g;
	}

	private static void colourBar(final Frame f, final String title) {
		drawColourBar(f.g, f.plotRight + 40, f.plotTop, f.plotBottom, title);
	}

	private static void drawColourBar(final Graphics2D g, final double x, final double top, final double bottom,
		final String title)
	{
		final double h = bottom - top;
		for (int i = 0; i < 100; i++) {
			g.setColor(ramp(1 - i / 99.0));
			g.fill(new Rectangle2D.Double(x, top + h * i / 100, 10, h / 100 + 1));
		}
		g.setColor(AXIS);
		g.setFont(FONT);
		g.drawString("high", (float) x + 14, (float) top + 10);
		g.drawString("low", (float) x + 14, (float) bottom);
		final AffineTransform saved = g.getTransform();
		g.rotate(Math.PI / 2, x + 30, (top + bottom) / 2);
		g.drawString(title, (float) (x + 30 - g.getFontMetrics().stringWidth(title) / 2.0),
			(float) ((top + bottom) / 2));
		g.setTransform(saved);
	}

	private record Axis(double lo, double hi, double from, double to) {

		double map(final double v) {
			return from + (v - lo) / (hi - lo) * (to - from);
		}
	}

	/** A horizontal plot with one labelled row per feature and a value axis at the bottom. */
	private static final class Frame {

		final BufferedImage image;
		final Graphics2D g;
		final double plotLeft, plotRight, plotTop, plotBottom, lo, hi;
		final int rows;

		Frame(final int width, final int height, final String title, final List<String> labels, final double lo,
			final double hi, final String axisLabel)
		{
			image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
			g = start(image);
			g.setFont(FONT);
			int labelWidth = 0;
			for (final String l : labels) labelWidth = Math.max(labelWidth, g.getFontMetrics().stringWidth(l));
			plotLeft = Math.min(width * 0.45, labelWidth + 16);
			plotRight = width - 100;
			plotTop = 44;
			plotBottom = height - 56;
			final double pad = (hi - lo) == 0 ? 1 : (hi - lo) * 0.08;
			this.lo = lo - (lo == 0 ? 0 : pad);
			this.hi = hi + pad;
			rows = Math.max(1, labels.size());
			g.setFont(TITLE);
			g.setColor(Color.BLACK);
			g.drawString(title, 10, 20);
			g.setFont(FONT);
			for (int i = 0; i < labels.size(); i++) {
				final double y = rowTop(i) + rowHeight() / 2;
				if (i % 2 == 0) {
					g.setColor(new Color(247, 247, 247));
					g.fill(new Rectangle2D.Double(plotLeft, rowTop(i), plotRight - plotLeft, rowHeight()));
				}
				g.setColor(Color.DARK_GRAY);
				g.drawString(labels.get(i), (float) (plotLeft - 8 - g.getFontMetrics().stringWidth(labels.get(i))),
					(float) (y + g.getFontMetrics().getAscent() / 2.0 - 1));
			}
			g.setColor(AXIS);
			g.draw(new Line2D.Double(plotLeft, plotBottom, plotRight, plotBottom));
			for (final double t : ticks(this.lo, this.hi, 6)) {
				final double x = px(t);
				g.draw(new Line2D.Double(x, plotBottom, x, plotBottom + 4));
				final String s = fmt(t);
				g.drawString(s, (float) (x - g.getFontMetrics().stringWidth(s) / 2.0), (float) plotBottom + 16);
			}
			g.drawString(axisLabel,
				(float) ((plotLeft + plotRight) / 2 - g.getFontMetrics().stringWidth(axisLabel) / 2.0),
				(float) plotBottom + 46);
		}

		double px(final double v) {
			return plotLeft + (v - lo) / (hi - lo) * (plotRight - plotLeft);
		}

		double rowHeight() {
			return (plotBottom - plotTop) / rows;
		}

		double rowTop(final int i) {
			return plotTop + i * rowHeight();
		}

		BufferedImage done() {
			g.dispose();
			return image;
		}
	}
}
