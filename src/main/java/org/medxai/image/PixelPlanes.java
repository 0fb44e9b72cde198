package org.medxai.image;

import java.util.Arrays;

import org.medxai.MedXaiException;

/**
 * One 2-D image as float planes (1 = grey, 3 = R, G, B) with values on the 0..255 scale, independent of any host. The
 * factories state the conversion rule for each pixel type.
 */
public final class PixelPlanes {

	private final int width;
	private final int height;
	private final float[][] planes;

	private PixelPlanes(final int width, final int height, final float[][] planes) {
		this.width = width;
		this.height = height;
		this.planes = planes;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int channels() {
		return planes.length;
	}

	/** The plane of one channel (not a copy: treat as read-only). */
	public float[] plane(final int channel) {
		return planes[channel];
	}

	/**
	 * A copy with the given regions (fractions x0, y0, x1, y1; pixel centres inside are blacked out) set to 0; this
	 * object itself when there are none.
	 */
	public PixelPlanes masked(final double[][] regions) {
		if (regions == null || regions.length == 0) return this;
		final float[][] copy = new float[planes.length][];
		for (int c = 0; c < planes.length; c++) copy[c] = planes[c].clone();
		for (final double[] r : regions) {
			final int x0 = (int) Math.ceil(r[0] * width - 0.5);
			final int x1 = (int) Math.ceil(r[2] * width - 0.5);
			final int y0 = (int) Math.ceil(r[1] * height - 0.5);
			final int y1 = (int) Math.ceil(r[3] * height - 0.5);
			for (int y = Math.max(0, y0); y < Math.min(height, y1); y++) {
				for (final float[] plane : copy) {
					Arrays.fill(plane, y * width + Math.max(0, x0), y * width + Math.min(width, x1), 0f);
				}
			}
		}
		return new PixelPlanes(width, height, copy);
	}

	/** 8-bit grey: values used as they are (0..255). */
	public static PixelPlanes gray8(final byte[] pixels, final int width, final int height) {
		checkSize(pixels == null ? -1 : pixels.length, width, height);
		final float[] plane = new float[pixels.length];
		for (int i = 0; i < plane.length; i++) plane[i] = pixels[i] & 0xff;
		return new PixelPlanes(width, height, new float[][] { plane });
	}

	/** 16-bit grey: linearly stretched from the slice's min..max to 0..255. */
	public static PixelPlanes gray16(final short[] pixels, final int width, final int height) {
		checkSize(pixels == null ? -1 : pixels.length, width, height);
		final float[] plane = new float[pixels.length];
		for (int i = 0; i < plane.length; i++) plane[i] = pixels[i] & 0xffff;
		stretchToByteRange(plane);
		return new PixelPlanes(width, height, new float[][] { plane });
	}

	/** 32-bit grey: NaN and infinities become the minimum, then min..max is stretched to 0..255. */
	public static PixelPlanes gray32(final float[] pixels, final int width, final int height) {
		checkSize(pixels == null ? -1 : pixels.length, width, height);
		final float[] plane = pixels.clone();
		stretchToByteRange(plane);
		return new PixelPlanes(width, height, new float[][] { plane });
	}

	/** Packed RGB (0xRRGGBB): three planes, values as they are. */
	public static PixelPlanes rgb(final int[] packed, final int width, final int height) {
		checkSize(packed == null ? -1 : packed.length, width, height);
		final float[] r = new float[packed.length];
		final float[] g = new float[packed.length];
		final float[] b = new float[packed.length];
		for (int i = 0; i < packed.length; i++) {
			final int c = packed[i];
			r[i] = (c >> 16) & 0xff;
			g[i] = (c >> 8) & 0xff;
			b[i] = c & 0xff;
		}
		return new PixelPlanes(width, height, new float[][] { r, g, b });
	}

	/** One or three planes already on the 0..255 scale, used as they are (e.g. a frame shrunk for a model). */
	public static PixelPlanes planes(final int width, final int height, final float[]... planes) {
		if (planes.length != 1 && planes.length != 3)
			throw new MedXaiException("An image has one or three planes, not " + planes.length + ".");
		for (final float[] plane : planes) checkSize(plane.length, width, height);
		return new PixelPlanes(width, height, planes.clone());
	}

	/** Three grey images of equal size as R, G, B (e.g. a 3-channel composite). */
	public static PixelPlanes merge(final PixelPlanes red, final PixelPlanes green, final PixelPlanes blue) {
		for (final PixelPlanes p : new PixelPlanes[] { red, green, blue }) {
			if (p.channels() != 1 || p.width != red.width || p.height != red.height) {
				throw new MedXaiException("Channels to merge must be single grey planes of one size.");
			}
		}
		return new PixelPlanes(red.width, red.height, new float[][] { red.planes[0], green.planes[0], blue.planes[0] });
	}

	private static void checkSize(final int length, final int width, final int height) {
		if (width <= 0 || height <= 0) {
			throw new MedXaiException(
				"The image is empty (" + width + " x " + height + " pixels): nothing to analyse.");
		}
		if (length != (long) width * height) {
			throw new MedXaiException(
				"Pixel data (" + length + " values) does not match " + width + " x " + height + ".");
		}
	}

	private static void stretchToByteRange(final float[] plane) {
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		for (final float v : plane) {
			if (Float.isFinite(v)) {
				if (v < min) min = v;
				if (v > max) max = v;
			}
		}
		if (min == Float.POSITIVE_INFINITY) min = max = 0;
		final float range = max - min;
		final float gain = range > 0 ? 255f / range : 0f;
		for (int i = 0; i < plane.length; i++) {
			final float v = Float.isFinite(plane[i]) ? plane[i] : min;
			plane[i] = (v - min) * gain;
		}
	}
}
