package org.medxai.video;

import java.util.Locale;

/**
 * What a video holds: frame size, number of frames, frame rate and the container and codec names.
 *
 * @param frameCount frames the video holds (as far as it could be read)
 * @param fps frames per second
 */
public record VideoInfo(String name, int width, int height, int frameCount, double fps, String container,
	String codec)
{

	public double durationSeconds() {
		return frameCount / fps;
	}

	/** Seconds from the first frame to frame {@code index}. */
	public double time(final int index) {
		return index / fps;
	}

	public String describe() {
		return String.format(Locale.ROOT, "%s: %d x %d, %d frames at %.3g fps (%.1f s), %s%s", name, width, height,
			frameCount, fps, durationSeconds(), container, codec == null || codec.isBlank() ? "" : " / " + codec);
	}
}
