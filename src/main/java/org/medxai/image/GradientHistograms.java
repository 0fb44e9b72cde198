package org.medxai.image;

/**
 * How much fine structure the centre of an image holds: histograms of the grey-level gradient magnitude in the central
 * square (half the shorter side), at 128 x 128 and at 64 x 64 pixels. They do not change when things in the image move
 * or turn, but they do when structure gets finer or coarser (an embryo's cells dividing, a field filling with objects,
 * a fade from black), which is what tells the stages of a procedure apart. 2 x 17 values: the share of pixels in each
 * bin (steps of 0, 1 … 128 grey levels spaced evenly on a log scale, and above), as log(1 + 1000 x share).
 */
public final class GradientHistograms {

	public static final int SIZE = 128;
	public static final int BINS = 17;
	public static final int LENGTH = 2 * BINS;
	/** Side of the central square, as a share of the image's shorter side. */
	public static final double CENTRE = 0.5;

	private static final double[] EDGES = new double[BINS]; // lower edge of each bin above the first

	static {
		for (int b = 1; b < BINS; b++) EDGES[b] = Math.pow(128, (b - 1) / (double) (BINS - 2));
	}

	private GradientHistograms() {}

	public static double[] of(final PixelPlanes image) {
		final float[] grey = centre(image);
		final double[] out = new double[LENGTH];
		histogram(grey, SIZE, out, 0);
		histogram(halve(grey, SIZE), SIZE / 2, out, BINS);
		return out;
	}

	/** The central square, in grey, resampled to SIZE x SIZE. */
	private static float[] centre(final PixelPlanes image) {
		final int w = image.width(), h = image.height();
		final int side = Math.max(1, (int) Math.round(Math.min(w, h) * CENTRE));
		final int x0 = (w - side) / 2, y0 = (h - side) / 2;
		final float[] square = new float[side * side];
		for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) {
			final int i = (y0 + y) * w + x0 + x;
			square[y * side + x] = image.channels() == 3
				? 0.299f * image.plane(0)[i] + 0.587f * image.plane(1)[i] + 0.114f * image.plane(2)[i]
				: image.plane(0)[i];
		}
		return areaAverage(square, side, SIZE);
	}

	/**
	 * A square plane shrunk to {@code out} x {@code out} by averaging each output pixel's footprint (fractional pixels
	 * weighted by their overlap), so fine grain does not alias into false edges; enlarged bilinearly.
	 */
	static float[] areaAverage(final float[] p, final int side, final int out) {
		if (side <= out) return TensorConverter.resize(p, side, side, out, out);
		final double scale = (double) side / out;
		final int[] first = new int[out];
		final double[][] weights = new double[out][]; // weights[o][k]: share of input first[o] + k in output o
		for (int o = 0; o < out; o++) {
			final double from = o * scale, to = (o + 1) * scale;
			first[o] = (int) Math.floor(from);
			final int last = Math.min(side, (int) Math.ceil(to));
			weights[o] = new double[last - first[o]];
			for (int k = 0; k < weights[o].length; k++) {
				final int i = first[o] + k;
				weights[o][k] = Math.max(0, Math.min(to, i + 1) - Math.max(from, i)) / scale;
			}
		}
		final float[] rows = new float[side * out]; // each row shrunk; columns next
		for (int y = 0; y < side; y++) for (int o = 0; o < out; o++) {
			double v = 0;
			for (int k = 0; k < weights[o].length; k++) v += weights[o][k] * p[y * side + first[o] + k];
			rows[y * out + o] = (float) v;
		}
		final float[] result = new float[out * out];
		for (int o = 0; o < out; o++) for (int x = 0; x < out; x++) {
			double v = 0;
			for (int k = 0; k < weights[o].length; k++) v += weights[o][k] * rows[(first[o] + k) * out + x];
			result[o * out + x] = (float) v;
		}
		return result;
	}

	private static float[] halve(final float[] p, final int size) {
		final int half = size / 2;
		final float[] out = new float[half * half];
		for (int y = 0; y < half; y++) for (int x = 0; x < half; x++) {
			final int i = 2 * y * size + 2 * x;
			out[y * half + x] = (p[i] + p[i + 1] + p[i + size] + p[i + size + 1]) / 4;
		}
		return out;
	}

	private static void histogram(final float[] p, final int size, final double[] out, final int at) {
		final int[] counts = new int[BINS];
		int n = 0;
		for (int y = 0; y < size - 1; y++) for (int x = 0; x < size - 1; x++) {
			final double gx = p[y * size + x + 1] - p[y * size + x], gy = p[(y + 1) * size + x] - p[y * size + x];
			counts[bin(Math.sqrt(gx * gx + gy * gy))]++;
			n++;
		}
		for (int b = 0; b < BINS; b++) out[at + b] = Math.log1p(1000.0 * counts[b] / n);
	}

	private static int bin(final double magnitude) {
		int b = 0;
		while (b + 1 < BINS && magnitude >= EDGES[b + 1]) b++;
		return b;
	}
}
