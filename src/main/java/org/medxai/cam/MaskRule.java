package org.medxai.cam;

import java.util.Locale;

import ij.process.AutoThresholder;

import org.medxai.MedXaiException;

/**
 * How a CAM (values 0..1) becomes a binary mask: a fixed threshold, the seed pipeline's band (low < cam < high), Otsu's
 * threshold, or the top percentile. Comparisons are strict and made in float, the maps' own precision.
 */
public record MaskRule(Kind kind, double low, double high) {

	public enum Kind {
		THRESHOLD, BAND, OTSU, PERCENTILE
	}

	/** cam > t. */
	public static MaskRule threshold(final double t) {
		return new MaskRule(Kind.THRESHOLD, t, Double.NaN);
	}

	/** low < cam < high (the seed used 0.4 and 0.7). */
	public static MaskRule band(final double low, final double high) {
		return new MaskRule(Kind.BAND, low, high);
	}

	/** cam above Otsu's threshold of its 256-bin histogram. */
	public static MaskRule otsu() {
		return new MaskRule(Kind.OTSU, Double.NaN, Double.NaN);
	}

	/** The brightest {@code 100 - p} percent of pixels (cam above its p-th percentile). */
	public static MaskRule percentile(final double p) {
		return new MaskRule(Kind.PERCENTILE, p, Double.NaN);
	}

	/**
	 * Parses {@code threshold:T} and {@code band:LOW:HIGH} (map values, 0..1), {@code otsu} and {@code percentile:P}
	 * (0..100); a missing or impossible number is refused, never replaced by a default.
	 */
	public static MaskRule parse(final String text) {
		final String[] parts = (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)).split("[:=,\\s]+", -1);
		final String usage = " Use threshold:T, band:LOW:HIGH (0 <= LOW < HIGH <= 1), otsu or percentile:P (0..100), " +
			"e.g. threshold:0.5, band:0.4:0.7, percentile:75.";
		final int numbers = switch (parts[0]) {
			case "threshold", "fixed", "percentile" -> 1;
			case "band" -> 2;
			case "otsu" -> 0;
			default -> throw new MedXaiException("Unknown mask rule '" + text + "'." + usage);
		};
		if (parts.length - 1 != numbers) {
			throw new MedXaiException(
				"Mask rule '" + text + "' needs " + numbers + " number" + (numbers == 1 ? "" : "s") + "." + usage);
		}
		final double[] v = new double[numbers];
		for (int i = 0; i < numbers; i++) {
			try {
				v[i] = Double.parseDouble(parts[i + 1]);
			}
			catch (final NumberFormatException e) {
				throw new MedXaiException("Mask rule '" + text + "': '" + parts[i + 1] + "' is not a number." + usage);
			}
			if (Double.isNaN(v[i])) throw new MedXaiException("Mask rule '" + text + "' needs numbers." + usage);
		}
		return switch (parts[0]) {
			case "threshold", "fixed" -> {
				if (v[0] < 0 || v[0] > 1)
					throw new MedXaiException(
						"Mask rule '" + text + "': a threshold lies in 0..1 " + "(maps are scaled to 0..1)." + usage);
				yield threshold(v[0]);
			}
			case "band" -> {
				if (v[0] < 0 || v[1] > 1 || v[0] >= v[1])
					throw new MedXaiException("Mask rule '" + text + "': a band " +
						"needs 0 <= LOW < HIGH <= 1, or every mask is empty." + usage);
				yield band(v[0], v[1]);
			}
			case "percentile" -> {
				if (v[0] < 0 || v[0] > 100)
					throw new MedXaiException("Mask rule '" + text + "': a percentile lies in " + "0..100." + usage);
				yield percentile(v[0]);
			}
			default -> otsu();
		};
	}

	/** Text form that {@link #parse} reads back. */
	public String key() {
		return switch (kind) {
			case THRESHOLD -> String.format(Locale.ROOT, "threshold:%s", trim(low));
			case BAND -> String.format(Locale.ROOT, "band:%s:%s", trim(low), trim(high));
			case OTSU -> "otsu";
			case PERCENTILE -> String.format(Locale.ROOT, "percentile:%s", trim(low));
		};
	}

	private static String trim(final double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	/** 0/1 mask of the same length as {@code cam}. */
	public byte[] apply(final float[] cam) {
		final byte[] mask = new byte[cam.length];
		double lo = low;
		final double hi = high;
		if (kind == Kind.OTSU) lo = otsuLevel(cam);
		if (kind == Kind.PERCENTILE) lo = percentileLevel(cam, low);
		// compare in float, the maps' own precision (0.4f must not count as above 0.4)
		final float flo = (float) lo;
		final float fhi = (float) hi;
		for (int i = 0; i < cam.length; i++) {
			final float v = cam[i];
			final boolean on = switch (kind) {
				case THRESHOLD, OTSU -> v > flo;
				case BAND -> v > flo && v < fhi;
				case PERCENTILE -> v > flo;
			};
			mask[i] = (byte) (on ? 1 : 0);
		}
		return mask;
	}

	/** Otsu's threshold (ImageJ's AutoThresholder) on a 256-bin histogram of 0..1 values. */
	static double otsuLevel(final float[] cam) {
		final int[] histogram = new int[256];
		for (final float v : cam) histogram[Math.max(0, Math.min(255, (int) (v * 255)))]++;
		final int bin = new AutoThresholder().getThreshold(AutoThresholder.Method.Otsu, histogram);
		return (bin + 1) / 255.0 - 1e-9; // values in bins above the threshold bin are foreground
	}

	/**
	 * The value at rank ceil(p % of n) of the map (as sorting it would give), in linear time without copying the map: a
	 * histogram of the values' top 16 bits (in {@link Float#compare}'s order) finds the bucket holding that rank, and
	 * selection runs on that bucket's values only.
	 */
	static double percentileLevel(final float[] cam, final double p) {
		final int index = (int) Math.min(cam.length - 1, Math.max(0, Math.ceil(p / 100 * cam.length) - 1));
		final int[] counts = new int[1 << 16];
		for (final float v : cam) counts[bucket(v)]++;
		int bucket = 0, below = 0;
		while (below + counts[bucket] <= index) below += counts[bucket++];
		final float[] inside = new float[counts[bucket]];
		int n = 0;
		for (final float v : cam) if (bucket(v) == bucket) inside[n++] = v;
		return select(inside, index - below);
	}

	/** The top 16 bits of a float's key in {@link Float#compare}'s order (negative values below positive ones). */
	private static int bucket(final float v) {
		final int bits = Float.floatToIntBits(v);
		return ((bits ^ (bits >> 31 & 0x7fffffff)) ^ 0x80000000) >>> 16;
	}

	/** The {@code k}-th smallest value (0-based) of {@code values}, which it reorders (Hoare's selection). */
	static float select(final float[] values, final int k) {
		int left = 0, right = values.length - 1;
		while (left < right) {
			// median of three as the pivot keeps sorted and constant maps linear
			final int mid = (left + right) >>> 1;
			final float pivot = median(values[left], values[mid], values[right]);
			int i = left, j = right;
			while (i <= j) {
				while (Float.compare(values[i], pivot) < 0) i++;
				while (Float.compare(values[j], pivot) > 0) j--;
				if (i <= j) {
					final float t = values[i];
					values[i++] = values[j];
					values[j--] = t;
				}
			}
			if (k <= j) right = j;
			else if (k >= i) left = i;
			else return values[k];
		}
		return values[k];
	}

	private static float median(final float a, final float b, final float c) {
		return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
	}
}
