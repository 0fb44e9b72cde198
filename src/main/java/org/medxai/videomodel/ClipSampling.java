package org.medxai.videomodel;

import java.util.ArrayList;
import java.util.List;

import org.medxai.image.PixelPlanes;

/**
 * Which of a video's frames a video model sees: all of them when there are no more than it takes, else that many evenly
 * spaced (the centre of each of equal time segments). The model card records the rule.
 */
public final class ClipSampling {

	public static final String RULE = "all frames when the clip has no more than the model's frames, else that many " +
		"evenly spaced (the centre frame of each of equal segments)";

	private ClipSampling() {}

	/** The frames a model with a limit of {@code frames} sees of a clip. */
	public static List<PixelPlanes> frames(final List<PixelPlanes> clip, final int frames) {
		final List<PixelPlanes> out = new ArrayList<>();
		for (final int i : evenly(clip.size(), frames)) out.add(clip.get(i));
		return out;
	}

	/** Indices into {@code available} frames, increasing. */
	public static int[] evenly(final int available, final int frames) {
		final int k = Math.min(available, frames);
		final int[] out = new int[k];
		for (int i = 0; i < k; i++) out[i] = (int) Math.floor((i + 0.5) * available / k);
		return out;
	}
}
