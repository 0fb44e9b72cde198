package org.medxai.image;

import org.medxai.MedXaiException;

/**
 * What a network expects: channels x height x width, and the per-channel
 * normalisation x' = (x / scale - mean[c]) / std[c] applied to 0..255 values.
 */
public record InputSpec(int width, int height, int channels, double scale, double[] mean,
	double[] std)
{

	public InputSpec {
		if (width < 1 || height < 1) throw new MedXaiException("Model input size must be positive.");
		if (channels != 1 && channels != 3) {
			throw new MedXaiException("Model input must have 1 or 3 channels, not " + channels + ".");
		}
		if (mean.length != channels || std.length != channels) {
			throw new MedXaiException("Normalisation needs one mean and std per channel.");
		}
	}

	/** Number of floats in one converted image. */
	public int size() {
		return channels * height * width;
	}
}
