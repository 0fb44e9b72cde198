package org.medxai.image;

import java.util.Arrays;

/**
 * Turns {@link PixelPlanes} into the float layout a network takes (C x H x W), by these rules:
 * <ol>
 * <li>Mask: regions of the spec are blacked out (on a copy).</li>
 * <li>Channels: grey to 3 channels by copying the plane; RGB to 1 channel by luminance 0.299 R + 0.587 G + 0.114
 * B.</li>
 * <li>Size: the whole image is resized to the model's width and height (aspect ratio not kept). When shrinking by 2x or
 * more, pixels are first averaged in integer blocks (against aliasing), then sampled bilinearly with pixel centres
 * aligned (PyTorch's {@code align_corners=False}).</li>
 * <li>Values: (x / scale - mean[c]) / std[c].</li>
 * </ol>
 * The input planes are never modified.
 */
public final class TensorConverter {

	private TensorConverter() {}

	/** Converts one image into a new C x H x W array. */
	public static float[] convert(final PixelPlanes image, final InputSpec spec) {
		final float[] out = new float[spec.size()];
		convertInto(image, spec, out, 0);
		return out;
	}

	/** Converts one image into {@code batch} at image position {@code index}. */
	public static void convertInto(final PixelPlanes source, final InputSpec spec, final float[] batch,
		final int index)
	{
		final PixelPlanes image = source.masked(spec.maskRegions());
		final int offset = index * spec.size();
		final int planeSize = spec.width() * spec.height();
		for (int c = 0; c < spec.channels(); c++) {
			final float[] plane = sourcePlane(image, spec.channels(), c);
			final float[] resized = resize(plane, image.width(), image.height(), spec.width(), spec.height());
			final double scale = spec.scale();
			final double mean = spec.mean()[c];
			final double std = spec.std()[c];
			final int base = offset + c * planeSize;
			for (int i = 0; i < planeSize; i++) {
				batch[base + i] = (float) ((resized[i] / scale - mean) / std);
			}
		}
	}

	private static float[] sourcePlane(final PixelPlanes image, final int channels, final int c) {
		if (image.channels() == channels) return image.plane(c);
		if (image.channels() == 1) return image.plane(0);
		final float[] r = image.plane(0);
		final float[] g = image.plane(1);
		final float[] b = image.plane(2);
		final float[] luminance = new float[r.length];
		for (int i = 0; i < r.length; i++) {
			luminance[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
		}
		return luminance;
	}

	/** Resizes a plane (see the class rules); returns the source itself when sizes agree. */
	public static float[] resize(final float[] plane, final int width, final int height, final int outWidth,
		final int outHeight)
	{
		if (width == outWidth && height == outHeight) return plane;
		final int binX = Math.max(1, width / outWidth);
		final int binY = Math.max(1, height / outHeight);
		float[] source = plane;
		int w = width;
		int h = height;
		if (binX > 1 || binY > 1) {
			w = (width + binX - 1) / binX;
			h = (height + binY - 1) / binY;
			source = blockAverage(plane, width, height, binX, binY, w, h);
		}
		// bilinear sampling with the border extended, the source position of each output column and row worked out once
		final double sx = (double) width / outWidth;
		final double sy = (double) height / outHeight;
		final int[] x0 = new int[outWidth], x1 = new int[outWidth];
		final double[] fx = new double[outWidth];
		for (int x = 0; x < outWidth; x++) {
			// position in original pixels, then in block-averaged pixels
			final double position = ((x + 0.5) * sx - 0.5 + 0.5) / binX - 0.5;
			final double floor = Math.floor(position);
			fx[x] = position - floor;
			x0[x] = clamp((int) floor, w);
			x1[x] = clamp((int) floor + 1, w);
		}
		final float[] out = new float[outWidth * outHeight];
		for (int y = 0; y < outHeight; y++) {
			final double position = ((y + 0.5) * sy - 0.5 + 0.5) / binY - 0.5;
			final double floor = Math.floor(position);
			final double fy = position - floor;
			final int row0 = clamp((int) floor, h) * w, row1 = clamp((int) floor + 1, h) * w;
			final int o = y * outWidth;
			for (int x = 0; x < outWidth; x++) {
				final double top = source[row0 + x0[x]] + fx[x] * (source[row0 + x1[x]] - source[row0 + x0[x]]);
				final double bottom = source[row1 + x0[x]] + fx[x] * (source[row1 + x1[x]] - source[row1 + x0[x]]);
				out[o + x] = (float) (top + fy * (bottom - top));
			}
		}
		return out;
	}

	private static int clamp(final int i, final int size) {
		return i < 0 ? 0 : i >= size ? size - 1 : i;
	}

	static float[] blockAverage(final float[] plane, final int width, final int height, final int binX, final int binY,
		final int w, final int h)
	{
		final float[] out = new float[w * h];
		// each block's sum runs over its rows, and along each row, in the same order as a block-by-block sum would;
		// the plane is read row after row
		final double[] sums = new double[w];
		for (int by = 0; by < h; by++) {
			final int y0 = by * binY;
			final int y1 = Math.min(height, y0 + binY);
			Arrays.fill(sums, 0);
			for (int y = y0; y < y1; y++) {
				final int row = y * width;
				for (int bx = 0, x0 = 0; bx < w; bx++, x0 += binX) {
					final int x1 = Math.min(width, x0 + binX);
					double sum = sums[bx];
					for (int x = x0; x < x1; x++) sum += plane[row + x];
					sums[bx] = sum;
				}
			}
			for (int bx = 0; bx < w; bx++) {
				final int x0 = bx * binX;
				out[by * w + bx] = (float) (sums[bx] / ((y1 - y0) * (Math.min(width, x0 + binX) - x0)));
			}
		}
		return out;
	}
}
