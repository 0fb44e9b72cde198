package org.medxai.image;

/**
 * Global hand-crafted image descriptors in the spirit of the LIRE features the seed pipeline used (226 values): an RGB
 * colour histogram (64), an MPEG-7 style edge histogram (80), Tamura texture (coarseness, contrast, 16-bin
 * directionality: 18) and a luminance layout (8 x 8 = 64). Computed on the image squashed to 128 x 128.
 */
public final class GlobalFeatures {

	public static final int SIZE = 128;
	public static final int LENGTH = 64 + 80 + 18 + 64;

	private GlobalFeatures() {}

	/** The 226 values for an RGB or grey image (grey is used for all three channels). */
	public static double[] of(final PixelPlanes image) {
		final float[][] rgb = new float[3][];
		for (int c = 0; c < 3; c++) {
			rgb[c] = TensorConverter.resize(image.plane(image.channels() == 3 ? c : 0), image.width(), image.height(),
				SIZE, SIZE);
		}
		final float[] grey = new float[SIZE * SIZE];
		for (int i = 0; i < grey.length; i++) {
			grey[i] = 0.299f * rgb[0][i] + 0.587f * rgb[1][i] + 0.114f * rgb[2][i];
		}
		final double[] out = new double[LENGTH];
		int at = colourHistogram(rgb, out, 0);
		at = edgeHistogram(grey, out, at);
		at = tamura(grey, out, at);
		luminanceLayout(grey, out, at);
		return out;
	}

	/** 4 x 4 x 4 RGB bins, fractions of pixels. */
	static int colourHistogram(final float[][] rgb, final double[] out, final int at) {
		final int n = rgb[0].length;
		for (int i = 0; i < n; i++) {
			final int r = bin(rgb[0][i]);
			final int g = bin(rgb[1][i]);
			final int b = bin(rgb[2][i]);
			out[at + r * 16 + g * 4 + b] += 1.0 / n;
		}
		return at + 64;
	}

	private static int bin(final float v) {
		return Math.max(0, Math.min(3, (int) (v / 64)));
	}

	/**
	 * 4 x 4 sub-images x 5 edge kinds (vertical, horizontal, 45, 135 degrees, non-directional) over 4 x 4-pixel blocks
	 * split into 2 x 2 means; a block counts for its strongest kind when that exceeds 11 grey levels.
	 */
	static int edgeHistogram(final float[] grey, final double[] out, final int at) {
		final double r2 = Math.sqrt(2);
		final double[][] filters = { { 1, -1, 1, -1 }, { 1, 1, -1, -1 }, { r2, 0, 0, -r2 }, { 0, r2, -r2, 0 },
			{ 2, -2, -2, 2 } };
		final int sub = SIZE / 4;
		final int block = 4;
		final int blocksPerSub = (sub / block) * (sub / block);
		for (int sy = 0; sy < 4; sy++) {
			for (int sx = 0; sx < 4; sx++) {
				final int base = at + (sy * 4 + sx) * 5;
				for (int by = 0; by < sub; by += block) {
					for (int bx = 0; bx < sub; bx += block) {
						final int x0 = sx * sub + bx;
						final int y0 = sy * sub + by;
						final double[] a = { mean(grey, x0, y0, 2), mean(grey, x0 + 2, y0, 2),
							mean(grey, x0, y0 + 2, 2), mean(grey, x0 + 2, y0 + 2, 2) };
						int best = -1;
						double strongest = 11;
						for (int f = 0; f < 5; f++) {
							double s = 0;
							for (int q = 0; q < 4; q++) s += a[q] * filters[f][q];
							s = Math.abs(s);
							if (s > strongest) {
								strongest = s;
								best = f;
							}
						}
						if (best >= 0) out[base + best] += 1.0 / blocksPerSub;
					}
				}
			}
		}
		return at + 80;
	}

	private static double mean(final float[] grey, final int x0, final int y0, final int size) {
		double sum = 0;
		for (int y = y0; y < y0 + size; y++) {
			for (int x = x0; x < x0 + size; x++) sum += grey[y * SIZE + x];
		}
		return sum / (size * size);
	}

	/** Tamura coarseness (mean best window 1..16 px), contrast, and 16-bin directionality. */
	static int tamura(final float[] grey, final double[] out, final int at) {
		final int n = grey.length;
		double mean = 0;
		for (final float v : grey) mean += v;
		mean /= n;
		double m2 = 0;
		double m4 = 0;
		for (final float v : grey) {
			final double d = v - mean;
			m2 += d * d;
			m4 += d * d * d * d;
		}
		m2 /= n;
		m4 /= n;
		out[at] = coarseness(grey);
		out[at + 1] = m2 <= 0 ? 0 : Math.sqrt(m2) / Math.pow(m4 / (m2 * m2), 0.25);
		int counted = 0;
		final double[] hist = new double[16];
		for (int y = 1; y < SIZE - 1; y++) {
			for (int x = 1; x < SIZE - 1; x++) {
				double dh = 0;
				double dv = 0;
				for (int k = -1; k <= 1; k++) {
					dh += grey[(y + k) * SIZE + x + 1] - grey[(y + k) * SIZE + x - 1];
					dv += grey[(y + 1) * SIZE + x + k] - grey[(y - 1) * SIZE + x + k];
				}
				final double magnitude = (Math.abs(dh) + Math.abs(dv)) / 2;
				if (magnitude < 12) continue;
				final double theta = Math.atan2(dv, dh == 0 ? 1e-9 : dh);
				final double folded = theta < 0 ? theta + Math.PI : theta; // 0..pi
				hist[Math.min(15, (int) (folded / Math.PI * 16))]++;
				counted++;
			}
		}
		for (int b = 0; b < 16; b++) out[at + 2 + b] = counted == 0 ? 0 : hist[b] / counted;
		return at + 18;
	}

	private static double coarseness(final float[] grey) {
		final double[] integral = new double[(SIZE + 1) * (SIZE + 1)];
		for (int y = 0; y < SIZE; y++) {
			double row = 0;
			for (int x = 0; x < SIZE; x++) {
				row += grey[y * SIZE + x];
				integral[(y + 1) * (SIZE + 1) + x + 1] = integral[y * (SIZE + 1) + x + 1] + row;
			}
		}
		double sum = 0;
		int count = 0;
		for (int y = 16; y < SIZE - 16; y += 2) {
			for (int x = 16; x < SIZE - 16; x += 2) {
				double bestE = -1;
				int bestK = 0;
				for (int k = 1; k <= 4; k++) {
					final int half = 1 << (k - 1);
					final double eh = Math.abs(box(integral, x + half, y, k) - box(integral, x - half, y, k));
					final double ev = Math.abs(box(integral, x, y + half, k) - box(integral, x, y - half, k));
					final double e = Math.max(eh, ev);
					if (e > bestE) {
						bestE = e;
						bestK = k;
					}
				}
				sum += 1 << bestK;
				count++;
			}
		}
		return sum / count;
	}

	/** Mean of the 2^k window centred at (x, y). */
	private static double box(final double[] integral, final int cx, final int cy, final int k) {
		final int half = 1 << (k - 1);
		final int x0 = Math.max(0, cx - half);
		final int y0 = Math.max(0, cy - half);
		final int x1 = Math.min(SIZE, cx + half);
		final int y1 = Math.min(SIZE, cy + half);
		final int w = SIZE + 1;
		final double s = integral[y1 * w + x1] - integral[y0 * w + x1] - integral[y1 * w + x0] + integral[y0 * w + x0];
		return s / ((x1 - x0) * (y1 - y0));
	}

	/** Grey means of an 8 x 8 grid, scaled to 0..1. */
	static int luminanceLayout(final float[] grey, final double[] out, final int at) {
		final int cell = SIZE / 8;
		for (int gy = 0; gy < 8; gy++) {
			for (int gx = 0; gx < 8; gx++) {
				out[at + gy * 8 + gx] = mean(grey, gx * cell, gy * cell, cell) / 255.0;
			}
		}
		return at + 64;
	}

	/** Z-scores per feature over all rows (constant features become 0); returns a new matrix. */
	public static double[][] standardise(final double[][] rows) {
		final int n = rows.length;
		final int d = rows[0].length;
		final double[][] out = new double[n][d];
		for (int j = 0; j < d; j++) {
			double mean = 0;
			for (final double[] r : rows) mean += r[j];
			mean /= n;
			double var = 0;
			for (final double[] r : rows) var += (r[j] - mean) * (r[j] - mean);
			final double sd = Math.sqrt(var / n);
			for (int i = 0; i < n; i++) out[i][j] = sd > 1e-12 ? (rows[i][j] - mean) / sd : 0;
		}
		return out;
	}
}
