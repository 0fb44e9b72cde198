package org.medxai.ij1;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

import org.medxai.MedXaiException;
import org.medxai.image.PixelPlanes;

/**
 * Reads the 2-D images of an {@link ImagePlus} without modifying it. Units are slices (grey or RGB) or, for a 3-channel
 * composite, each z/t position with its channels as R, G, B. 8-bit images with a colour LUT are read through the LUT as
 * RGB.
 */
public final class ImagePlusPlanes {

	private final ImagePlus image;
	private final int units;
	private final boolean composite3;

	public ImagePlusPlanes(final ImagePlus image) {
		if (image == null) {
			throw new MedXaiException("No image is open: open an image or stack first.");
		}
		final ImageStack stack = image.getStack();
		if (image.getWidth() <= 0 || image.getHeight() <= 0 || stack == null || stack.getSize() == 0) {
			throw new MedXaiException("The image '" + image.getTitle() + "' is empty: it has no pixels to analyse.");
		}
		final int channels = image.getNChannels();
		if (channels > 3 || (channels == 2)) {
			throw new MedXaiException("The image '" + image.getTitle() + "' has " + channels +
				" channels; MedXAI models take grey (1 channel) or colour (3 channels or RGB). " +
				"Use Image>Color>Stack to RGB or Image>Duplicate to pick channels first.");
		}
		if (image.getType() == ImagePlus.COLOR_RGB && channels != 1) {
			throw new MedXaiException("The image '" + image.getTitle() +
				"' is RGB with several channels; flatten it to one RGB image first.");
		}
		this.image = image;
		this.composite3 = channels == 3;
		this.units = composite3 ? stack.getSize() / 3 : stack.getSize();
	}

	/** Number of 2-D images to analyse. */
	public int count() {
		return units;
	}

	/** 1-based stack slice of unit {@code index} (first channel for composites). */
	public int slice(final int index) {
		return composite3 ? index * 3 + 1 : index + 1;
	}

	/** The pixels of one unit (0-based). */
	public PixelPlanes planes(final int index) {
		final ImageStack stack = image.getStack();
		if (composite3) {
			final int first = index * 3 + 1;
			return PixelPlanes.merge(grey(stack.getProcessor(first)), grey(stack.getProcessor(first + 1)),
				grey(stack.getProcessor(first + 2)));
		}
		final ImageProcessor ip = stack.getProcessor(index + 1);
		if (image.getType() == ImagePlus.COLOR_256 ||
			(ip.isColorLut() && ip.getBitDepth() == 8 && image.getNChannels() == 1 && !image.isComposite()))
		{
			return PixelPlanes.rgb((int[]) ip.convertToRGB().getPixels(), ip.getWidth(), ip.getHeight());
		}
		return planesOf(ip);
	}

	/** Pixels of one processor by type. */
	public static PixelPlanes planesOf(final ImageProcessor ip) {
		final int w = ip.getWidth();
		final int h = ip.getHeight();
		final Object pixels = ip.getPixels();
		if (pixels instanceof byte[] bytes) return PixelPlanes.gray8(bytes, w, h);
		if (pixels instanceof short[] shorts) return PixelPlanes.gray16(shorts, w, h);
		if (pixels instanceof float[] floats) return PixelPlanes.gray32(floats, w, h);
		if (pixels instanceof int[] ints) return PixelPlanes.rgb(ints, w, h);
		throw new MedXaiException("Unsupported pixel type: " + ip.getClass().getSimpleName() + ".");
	}

	private static PixelPlanes grey(final ImageProcessor ip) {
		final PixelPlanes planes = planesOf(ip);
		if (planes.channels() != 1) {
			throw new MedXaiException("Composite channels must be grey images.");
		}
		return planes;
	}
}
