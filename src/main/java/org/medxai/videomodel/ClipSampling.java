package org.medxai.videomodel;

/**
 * Which of a video's frames a video model sees: all of them when there are no more than it takes, else that many evenly
 * spaced (the centre of each of equal time segments). The model card records the rule.
 */
public final class ClipSampling {

	public static final String RULE = "all frames when the clip has no more than the model's frames, else that many " +
		"evenly spaced (the centre frame of each of equal segments)";

	private ClipSampling() {}

	/** Indices into {@code available} frames, increasing. */
	public static int[] evenly(final int available, final int frames) {
		final int k = Math.min(available, frames);
		final int[] out = new int[k];
		for (int i = 0; i < k; i++) out[i] = (int) Math.floor((i + 0.5) * available / k);
		return out;
	}
}
