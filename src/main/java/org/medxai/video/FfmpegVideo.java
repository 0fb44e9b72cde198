package org.medxai.video;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;

/**
 * A video file decoded by FFmpeg (JavaCV): MP4, MOV, AVI, MKV, … with H.264, H.265, MPEG-4, MJPEG and the other codecs
 * FFmpeg reads. Frames are counted from the first one; a frame's time is its index / the frame rate. Frames far ahead
 * are reached by seeking, near ones by decoding on.
 */
public final class FfmpegVideo implements VideoSource {

	private final FFmpegFrameGrabber grabber;
	private final VideoInfo info;
	/** Index of the frame the next grab returns. */
	private int position;

	private FfmpegVideo(final FFmpegFrameGrabber grabber, final VideoInfo info) {
		this.grabber = grabber;
		this.info = info;
	}

	/** Opens a video; one clear message when it cannot be read. */
	public static FfmpegVideo open(final Path file) {
		FfmpegSupport.require(file);
		if (!Files.isRegularFile(file)) throw new MedXaiException("Video not found: " + file + ".");
		final FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
		grabber.setImageMode(FrameGrabber.ImageMode.COLOR); // BGR24
		try {
			grabber.start();
		}
		catch (final FrameGrabber.Exception | RuntimeException e) {
			release(grabber);
			throw new MedXaiException("Cannot read the video " + file.getFileName() + ": " + reason(e) +
				". Is it a complete video file (MP4, MOV, AVI, …)?", e);
		}
		final int width = grabber.getImageWidth(), height = grabber.getImageHeight();
		final double fps = grabber.getFrameRate();
		final int frames = grabber.getLengthInVideoFrames();
		if (width <= 0 || height <= 0 || frames <= 0 || !(fps > 0)) {
			release(grabber);
			throw new MedXaiException("The file " + file.getFileName() + " holds no readable video stream" +
				(frames <= 0 && width > 0 ? " (no frames)" : "") + ".");
		}
		return new FfmpegVideo(grabber, new VideoInfo(file.getFileName().toString(), width, height, frames, fps,
			grabber.getFormat(), grabber.getVideoCodecName()));
	}

	@Override
	public VideoInfo info() {
		return info;
	}

	@Override
	public int read(final List<Integer> frames, final FrameConsumer consumer, final ProgressListener progress) {
		int delivered = 0;
		for (final int index : frames) {
			if (progress.isCancelled()) break;
			final int[] rgb = frameOrNull(index);
			if (rgb == null) break; // the video ends early (truncated, or the header counted more)
			consumer.accept(index, rgb);
			progress.progress(++delivered, frames.size(), "Decoding frame " + (index + 1));
		}
		return delivered;
	}

	@Override
	public int[] frame(final int index) {
		final int[] rgb = frameOrNull(index);
		if (rgb == null)
			throw new MedXaiException(
				"Frame " + (index + 1) + " of " + info.name() + " cannot be decoded (the video " + "ends before it).");
		return rgb;
	}

	private int[] frameOrNull(final int index) {
		try {
			if (index < position || index - position > Math.max(8, 2 * info.fps())) {
				grabber.setVideoFrameNumber(index);
				position = index;
			}
			while (position < index) {
				if (grabber.grabFrame(false, true, false, false, false) == null) return null;
				position++;
			}
			final Frame frame = grabber.grabImage();
			if (frame == null || frame.image == null) return null;
			position++;
			return rgb(frame);
		}
		catch (final FrameGrabber.Exception | RuntimeException e) {
			throw new MedXaiException(
				"Decoding frame " + (index + 1) + " of " + info.name() + " failed: " + reason(e) + ".", e);
		}
	}

	private int[] rgb(final Frame frame) {
		final int w = frame.imageWidth, h = frame.imageHeight, stride = frame.imageStride;
		final ByteBuffer bgr = (ByteBuffer) frame.image[0];
		final int[] rgb = new int[w * h];
		final byte[] row = new byte[w * 3];
		for (int y = 0; y < h; y++) {
			bgr.position(y * stride);
			bgr.get(row, 0, row.length);
			for (int x = 0, o = 0; x < w; x++, o += 3)
				rgb[y * w + x] = (row[o + 2] & 0xff) << 16 | (row[o + 1] & 0xff) << 8 | row[o] & 0xff;
		}
		return rgb;
	}

	private static String reason(final Throwable e) {
		final String m = e.getMessage();
		if (m == null || m.isBlank()) return e.getClass().getSimpleName();
		// JavaCV's hints to programmers ("Has setFormat() been called?", "make sure FFmpegLogCallback…") mean
		// nothing to a user
		return m.replaceAll("\\s*\\(Has setFormat\\(\\) been called\\?\\)", "")
			.replaceAll("\\s*\\(For more details.*?has been called\\.\\)", "").replaceAll("\\s+", " ").trim()
			.replaceAll("[.]+$", "");
	}

	private static void release(final FFmpegFrameGrabber grabber) {
		try {
			grabber.release();
		}
		catch (final FrameGrabber.Exception | RuntimeException ignored) {
			// nothing more to free
		}
	}

	@Override
	public void close() {
		try {
			grabber.stop();
		}
		catch (final FrameGrabber.Exception | RuntimeException ignored) {
			// closing anyway
		}
		release(grabber);
	}

	static void quietLogs() {
		avutil.av_log_set_level(avutil.AV_LOG_QUIET);
	}
}
