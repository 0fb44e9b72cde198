package org.medxai.ui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.image.BufferedImage;
import java.util.function.BiFunction;

import javax.swing.JPanel;

/** A plot redrawn at the panel's size whenever it changes size or content. */
final class PlotPanel extends JPanel {

	private static final long serialVersionUID = 1L;
	private transient BiFunction<Integer, Integer, BufferedImage> painter;
	private transient BufferedImage image;

	PlotPanel() {
		setBackground(Color.WHITE);
		setPreferredSize(new Dimension(760, 520));
	}

	void show(final BiFunction<Integer, Integer, BufferedImage> plot) {
		painter = plot;
		image = null;
		repaint();
	}

	/** The image last drawn (for export), rendered now if needed. */
	BufferedImage image() {
		if (painter == null) return null;
		if (image == null || image.getWidth() != width() || image.getHeight() != height())
			image = painter.apply(width(), height());
		return image;
	}

	boolean hasPlot() {
		return painter != null;
	}

	private int width() {
		return Math.max(400, getWidth());
	}

	private int height() {
		return Math.max(300, getHeight());
	}

	@Override
	protected void paintComponent(final Graphics g) {
		super.paintComponent(g);
		final BufferedImage img = image();
		if (img != null) g.drawImage(img, 0, 0, null);
		else {
			g.setColor(Color.GRAY);
			g.drawString("Open a table, choose the target and press Fit and explain.", 20, 30);
		}
	}
}
