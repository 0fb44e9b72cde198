package org.medxai.ij1;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.IndexColorModel;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.plugin.LutLoader;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import org.medxai.MedXaiException;

/**
 * Turns maps and masks into what a Fiji user sees: coloured CAM overlays (an ImageRoi per slice, the pixels untouched),
 * 32-bit CAM images, 0/255 masks and mask outlines.
 */
public final class CamDisplay {

	/** Lookup tables offered for heat maps. */
	public static final String[] LUTS = { "fire", "ice", "spectrum", "red/green", "grays" };

	private CamDisplay() {}

	public static LUT lut(final String name) {
		final IndexColorModel model = LutLoader.getLut(name == null ? "fire" : name.toLowerCase(Locale.ROOT));
		if (model == null) throw new MedXaiException("Unknown lookup table '" + name + "'.");
		return new LUT(model, 0, 255);
	}

	/** A 32-bit image of a 0..1 map with the given LUT. */
	public static FloatProcessor camProcessor(final float[] cam, final int width, final int height,
		final String lutName)
	{
		final FloatProcessor fp = new FloatProcessor(width, height, cam.clone());
		fp.setLut(lut(lutName));
		fp.setMinAndMax(0, 1);
		return fp;
	}

	/**
	 * Adds a coloured CAM over one stack position of {@code image}, plus a label, to the image's overlay; the pixels
	 * are not touched.
	 */
	public static void addOverlay(final ImagePlus image, final int stackIndex, final float[] cam, final int width,
		final int height, final String lutName, final double opacity, final String label)
	{
		final ImageProcessor colour = camProcessor(cam, width, height, lutName).convertToRGB();
		final ImageRoi roi = new ImageRoi(0, 0, colour);
		roi.setOpacity(Math.max(0, Math.min(1, opacity)));
		roi.setName("MedXAI CAM " + stackIndex);
		Overlay overlay = image.getOverlay();
		if (overlay == null) overlay = new Overlay();
		if (image.getStackSize() > 1) roi.setPosition(stackIndex);
		overlay.add(roi);
		if (label != null) {
			final TextRoi text = new TextRoi(4, 4, label, new Font("SansSerif", Font.BOLD, Math.max(12, height / 30)));
			text.setStrokeColor(Color.WHITE);
			text.setFillColor(new Color(0, 0, 0, 140));
			if (image.getStackSize() > 1) text.setPosition(stackIndex);
			overlay.add(text);
		}
		image.setOverlay(overlay);
	}

	/** An 8-bit 0/255 mask processor. */
	public static ByteProcessor maskProcessor(final byte[] mask, final int width, final int height) {
		final byte[] pixels = new byte[mask.length];
		for (int i = 0; i < mask.length; i++) pixels[i] = (byte) (mask[i] != 0 ? 255 : 0);
		return new ByteProcessor(width, height, pixels);
	}

	/** The mask's outline as a selection, or null for an empty mask. */
	public static Roi outline(final byte[] mask, final int width, final int height) {
		final ByteProcessor bp = maskProcessor(mask, width, height);
		bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		return ThresholdToSelection.run(new ImagePlus("mask", bp));
	}

	/** Adds a mask outline over one stack position. */
	public static void addOutline(final ImagePlus image, final int stackIndex, final byte[] mask, final int width,
		final int height, final Color colour)
	{
		final Roi roi = outline(mask, width, height);
		if (roi == null) return;
		roi.setStrokeColor(colour);
		roi.setStrokeWidth(Math.max(1, width / 300.0));
		roi.setName("MedXAI mask " + stackIndex);
		if (image.getStackSize() > 1) roi.setPosition(stackIndex);
		Overlay overlay = image.getOverlay();
		if (overlay == null) overlay = new Overlay();
		overlay.add(roi);
		image.setOverlay(overlay);
	}
}
