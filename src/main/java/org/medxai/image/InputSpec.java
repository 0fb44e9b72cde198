package org.medxai.image;

import org.medxai.MedXaiException;

/**
 * What a network expects: channels x height x width, the per-channel normalisation x' = (x / scale - mean[c]) / std[c]
 * applied to 0..255 values, and regions blacked out before anything else (fractions x0, y0, x1, y1 of the image; e.g. a
 * corner where an endoscope overlays a thumbnail).
 */
public record InputSpec(int width, int height, int channels, double scale, double[] mean, double[] std,
	double[][] maskRegions)
{

	public InputSpec(final int width, final int height, final int channels, final double scale, final double[] mean,
		final double[] std)
	{
		this(width, height, channels, scale, mean, std, new double[0][]);
	}

	public InputSpec {
		if (width < 1 || height < 1) throw new MedXaiException("Model input size must be positive.");
		if (channels != 1 && channels != 3) {
			throw new MedXaiException("Model input must have 1 or 3 channels, not " + channels + ".");
		}
		if (mean.length != channels || std.length != channels) {
			throw new MedXaiException("Normalisation needs one mean and std per channel.");
		}
		if (maskRegions == null) maskRegions = new double[0][];
		for (final double[] r : maskRegions) {
			if (r == null || r.length != 4 ||
				!(r[0] >= 0 && r[0] < r[2] && r[2] <= 1 && r[1] >= 0 && r[1] < r[3] && r[3] <= 1))
			{
				throw new MedXaiException("A mask region must be [x0, y0, x1, y1] fractions with " +
					"0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1.");
			}
		}
	}

	/** Number of floats in one converted image. */
	public int size() {
		return channels * height * width;
	}
}
