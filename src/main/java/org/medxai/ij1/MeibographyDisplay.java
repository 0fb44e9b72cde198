package org.medxai.ij1;

import java.awt.Color;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.ColorProcessor;

import org.medxai.meibo.BinaryMasks;
import org.medxai.meibo.MeibographyAnalyzer;

/**
 * Meibography results drawn over the source without changing its pixels: eyelid outline (yellow), each gland in its own
 * colour, and the dropout area (eyelid farther than a gland's width from any gland) shaded red.
 */
public final class MeibographyDisplay {

	private MeibographyDisplay() {}

	public static void addOverlay(final ImagePlus image, final int stackIndex, final MeibographyAnalyzer.Result r) {
		final int w = r.width(), h = r.height();
		final int[] labels = new int[w * h];
		BinaryMasks.label(r.glands(), w, h, labels);
		final boolean[] dropout = dropoutArea(r);
		final int[] argb = new int[w * h];
		for (int i = 0; i < argb.length; i++) {
			if (labels[i] != 0) argb[i] = Color.HSBtoRGB((labels[i] * 0.61803f) % 1f, 0.85f, 1f);
			else if (dropout[i]) argb[i] = 0xC80000;
		}
		final ColorProcessor colours = new ColorProcessor(w, h, argb);
		final ImageRoi layer = new ImageRoi(0, 0, colours);
		layer.setZeroTransparent(true);
		layer.setOpacity(0.45);
		layer.setName("MedXAI glands and dropout " + stackIndex);
		Overlay overlay = image.getOverlay();
		if (overlay == null) overlay = new Overlay();
		if (image.getStackSize() > 1) layer.setPosition(stackIndex);
		overlay.add(layer);
		image.setOverlay(overlay);
		CamDisplay.addOutline(image, stackIndex, BinaryMasks.toBytes(r.eyelid()), w, h, Color.YELLOW);
	}

	/** Eyelid pixels farther than the mean gland width from every gland pixel (city-block distance). */
	public static boolean[] dropoutArea(final MeibographyAnalyzer.Result r) {
		final int w = r.width(), h = r.height();
		double width = 0;
		for (final var g : r.morphometry()) width += g.width() / r.morphometry().size();
		final int reach = (int) Math.max(3, Math.round(width > 0 ? width : 0.01 * w));
		final int[] distance = new int[w * h];
		final int far = w + h;
		for (int i = 0; i < distance.length; i++) distance[i] = r.glands()[i] ? 0 : far;
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			final int i = y * w + x;
			if (x > 0) distance[i] = Math.min(distance[i], distance[i - 1] + 1);
			if (y > 0) distance[i] = Math.min(distance[i], distance[i - w] + 1);
		}
		for (int y = h - 1; y >= 0; y--) for (int x = w - 1; x >= 0; x--) {
			final int i = y * w + x;
			if (x < w - 1) distance[i] = Math.min(distance[i], distance[i + 1] + 1);
			if (y < h - 1) distance[i] = Math.min(distance[i], distance[i + w] + 1);
		}
		final boolean[] out = new boolean[w * h];
		for (int i = 0; i < out.length; i++) out[i] = r.eyelid()[i] && distance[i] > reach;
		return out;
	}
}
