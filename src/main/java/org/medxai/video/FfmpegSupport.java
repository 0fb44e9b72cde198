package org.medxai.video;

import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;
import org.medxai.MedXaiException;

/**
 * Whether FFmpeg's natives for this platform are present. They come as separate jars; where they are missing the plugin
 * still starts, image sequences and open stacks still work, and opening a video says why it cannot.
 */
public final class FfmpegSupport {

	private static volatile String unavailable;
	private static volatile boolean checked;

	private FfmpegSupport() {}

	/** Null when FFmpeg can decode here, else why not. */
	public static synchronized String unavailableReason() {
		if (!checked) {
			try {
				// what decoding needs; not avdevice (capture devices), which wants sound-server libraries
				for (final Class<?> library : new Class<?>[] { avutil.class, swresample.class, avcodec.class,
					avformat.class, swscale.class }) Loader.load(library);
				FfmpegVideo.quietLogs();
				unavailable = null;
			}
			catch (final Throwable e) { // missing classes or natives: LinkageError, ClassNotFoundException, …
				Throwable root = e;
				while (root.getCause() != null && root.getCause() != root) root = root.getCause();
				unavailable = "FFmpeg's native libraries for " + System.getProperty("os.name") + " " +
					System.getProperty("os.arch") + " could not be loaded (" + root.getClass().getSimpleName() +
					(root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
			}
			checked = true;
		}
		return unavailable;
	}

	static void require(final Path file) {
		final String reason = unavailableReason();
		if (reason != null)
			throw new MedXaiException("Cannot open the video " + file.getFileName() + ": " + reason +
				". Image sequences (a folder of frames) and stacks already open still work.");
	}
}
