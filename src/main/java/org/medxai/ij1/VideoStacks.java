package org.medxai.ij1;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.video.FfmpegVideo;
import org.medxai.video.FrameSampling;
import org.medxai.video.ImageSequence;
import org.medxai.video.VideoInfo;
import org.medxai.video.VideoSource;

/**
 * Videos and image sequences as ImageJ stacks: frames along time (T), the frame rate and interval in the calibration,
 * each slice labelled with its frame number and time, and the frame numbers and times as image properties (
 * {@value #FRAMES_PROPERTY}, {@value #TIMES_PROPERTY}) for the video commands. In memory or, for videos that do not
 * fit, as a virtual stack that decodes frames when shown.
 */
public final class VideoStacks {

	/** Image property: the source frame number (1-based) of each slice, comma-separated. */
	public static final String FRAMES_PROPERTY = "MedXAI.frames";
	/** Image property: each slice's time in seconds from the first frame, comma-separated. */
	public static final String TIMES_PROPERTY = "MedXAI.times";
	/** Image property: how many frames the whole video or sequence has (before sampling). */
	public static final String FRAME_COUNT_PROPERTY = "MedXAI.frameCount";

	/** A stack made from a video, and what the reading found. */
	public record Opened(ImagePlus image, VideoInfo info, int requested, String note) {}

	private VideoStacks() {}

	/**
	 * Opens a video file. {@code virtual}: "yes", "no" or "auto" (virtual when the frames would take more than a
	 * quarter of the memory Java may use).
	 */
	public static Opened openVideo(final Path file, final FrameSampling sampling, final String virtual,
		final ProgressListener progress)
	{
		final FfmpegVideo video = FfmpegVideo.open(file);
		boolean keepOpen = false;
		try {
			final VideoInfo info = video.info();
			final List<Integer> frames = sampling.frames(info.frameCount(), info.fps());
			if (frames.isEmpty())
				throw new MedXaiException(
					String.format(Locale.ROOT, "No frames of %s fall in the chosen range (%s; the video lasts %.2f s).",
						info.name(), sampling.describe(), info.durationSeconds()));
			final long bytes = 4L * info.width() * info.height() * frames.size();
			final boolean asVirtual = virtual(virtual, bytes);
			final ImageStack stack;
			final List<Integer> read;
			if (asVirtual) {
				stack = new VideoVirtualStack(video, frames);
				read = frames;
				keepOpen = true;
			}
			else {
				stack = new ImageStack(info.width(), info.height());
				read = new ArrayList<>();
				video.read(frames, (index, rgb) -> {
					stack.addSlice(label(index, info.fps()), new ColorProcessor(info.width(), info.height(), rgb));
					read.add(index);
				}, progress);
				if (read.isEmpty())
					throw new MedXaiException(
						"No frame of " + info.name() + " could be decoded: the file is " + "damaged or truncated.");
			}
			final ImagePlus image = stackImage(stripExtension(info.name()), stack, read, info.fps(),
				sampling.interval(info.fps()));
			image.setProperty(FRAME_COUNT_PROPERTY, Integer.toString(info.frameCount()));
			String note = null;
			if (!asVirtual && read.size() < frames.size() && !progress.isCancelled())
				note = String.format(Locale.ROOT,
					"The video ends after frame %d: %d of the %d frames asked for were read (the file may be " +
						"truncated).",
					read.get(read.size() - 1) + 1, read.size(), frames.size());
			return new Opened(image, info, frames.size(), note);
		}
		finally {
			if (!keepOpen) video.close();
		}
	}

	/**
	 * Opens a folder of frames in natural name order at {@code fps} frames per second; a file that does not open, or
	 * differs from the first frame in size or type, is skipped and named in the note.
	 */
	public static Opened openSequence(final Path folder, final FrameSampling sampling, final double fps,
		final String virtual, final ProgressListener progress)
	{
		if (!(fps > 0)) throw new MedXaiException("The frame rate of an image sequence must be positive.");
		final List<Path> files = ImageSequence.frames(folder);
		final List<Integer> frames = sampling.frames(files.size(), fps);
		final VideoInfo info = new VideoInfo(folder.getFileName().toString(), 0, 0, files.size(), fps, "folder", "");
		if (frames.isEmpty())
			throw new MedXaiException(String.format(Locale.ROOT,
				"No frames of the sequence fall in the chosen range (%s; %d frames at %.3g fps last %.2f s).",
				sampling.describe(), files.size(), fps, info.durationSeconds()));
		final ImagePlus first = ImageFiles.open(files.get(frames.get(0)));
		final long bytes = (long) first.getWidth() * first.getHeight() * first.getBytesPerPixel() * frames.size();
		final List<String> skipped = new ArrayList<>();
		final List<Integer> read = new ArrayList<>();
		final ImageStack stack;
		if (virtual(virtual, bytes)) {
			final VirtualStack fileStack = new VirtualStack(first.getWidth(), first.getHeight(), null,
				folder.toAbsolutePath().toString() + "/");
			for (final int index : frames) {
				fileStack.addSlice(files.get(index).getFileName().toString());
				read.add(index);
			}
			stack = fileStack;
		}
		else {
			stack = new ImageStack(first.getWidth(), first.getHeight());
			for (final int index : frames) {
				if (progress.isCancelled()) break;
				final Path file = files.get(index);
				try {
					final ImagePlus frame = index == frames.get(0) ? first : ImageFiles.open(file);
					if (frame.getWidth() != first.getWidth() || frame.getHeight() != first.getHeight() ||
						frame.getBitDepth() != first.getBitDepth())
						throw new MedXaiException(String.format(Locale.ROOT, "%d x %d, %d-bit, not %d x %d, %d-bit",
							frame.getWidth(), frame.getHeight(), frame.getBitDepth(), first.getWidth(),
							first.getHeight(), first.getBitDepth()));
					stack.addSlice(label(index, fps) + " " + file.getFileName(), frame.getProcessor());
					read.add(index);
				}
				catch (final MedXaiException e) {
					skipped.add(file.getFileName() + " (" + e.getMessage() + ")");
				}
				progress.progress(read.size() + skipped.size(), frames.size(), "Reading frame " + (index + 1));
			}
		}
		final ImagePlus image = stackImage(folder.getFileName().toString(), stack, read, fps, sampling.interval(fps));
		image.setProperty(FRAME_COUNT_PROPERTY, Integer.toString(files.size()));
		final String note = skipped.isEmpty()
			? null
			: "Skipped " + skipped.size() + " frame file(s): " + String.join("; ", skipped);
		return new Opened(image,
			new VideoInfo(info.name(), first.getWidth(), first.getHeight(), files.size(), fps, "folder", ""),
			frames.size(), note);
	}

	private static boolean virtual(final String choice, final long bytes) {
		return switch (choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT)) {
			case "yes", "true" -> true;
			case "no", "false" -> false;
			case "auto" -> bytes > Runtime.getRuntime().maxMemory() / 4;
			default -> throw new MedXaiException("Virtual stack must be auto, yes or no, not '" + choice + "'.");
		};
	}

	private static ImagePlus stackImage(final String title, final ImageStack stack, final List<Integer> frames,
		final double fps, final double interval)
	{
		final ImagePlus image = new ImagePlus(title, stack);
		image.setDimensions(1, 1, stack.getSize());
		final Calibration cal = image.getCalibration();
		cal.fps = fps;
		cal.setTimeUnit("s");
		if (Double.isFinite(interval)) cal.frameInterval = interval;
		final StringBuilder numbers = new StringBuilder(), times = new StringBuilder();
		for (final int index : frames) {
			if (numbers.length() > 0) {
				numbers.append(',');
				times.append(',');
			}
			numbers.append(index + 1);
			times.append(String.format(Locale.ROOT, "%.6f", index / fps));
		}
		image.setProperty(FRAMES_PROPERTY, numbers.toString());
		image.setProperty(TIMES_PROPERTY, times.toString());
		return image;
	}

	/** The source frame numbers (1-based) of a stack's slices: from the property, else 1, 2, … */
	public static int[] frameNumbers(final ImagePlus image) {
		final Object property = image.getProperty(FRAMES_PROPERTY);
		final int n = image.getStackSize();
		final int[] frames = new int[n];
		if (property instanceof String s && !s.isBlank()) {
			final String[] parts = s.split(",");
			if (parts.length == n) {
				for (int i = 0; i < n; i++) frames[i] = Integer.parseInt(parts[i].trim());
				return frames;
			}
		}
		for (int i = 0; i < n; i++) frames[i] = i + 1;
		return frames;
	}

	/** Frames in the whole video the stack came from: the property, else the last frame number. */
	public static int frameCount(final ImagePlus image) {
		if (image.getProperty(FRAME_COUNT_PROPERTY) instanceof String s && s.matches("\\d+"))
			return Integer.parseInt(s);
		final int[] frames = frameNumbers(image);
		return frames.length == 0 ? 0 : frames[frames.length - 1];
	}

	/**
	 * Each slice's time in seconds: from the property, else from the calibration's frame interval or frame rate, else
	 * NaN.
	 */
	public static double[] times(final ImagePlus image) {
		final Object property = image.getProperty(TIMES_PROPERTY);
		final int n = image.getStackSize();
		final double[] times = new double[n];
		if (property instanceof String s && !s.isBlank()) {
			final String[] parts = s.split(",");
			if (parts.length == n) {
				for (int i = 0; i < n; i++) times[i] = Double.parseDouble(parts[i].trim());
				return times;
			}
		}
		final Calibration cal = image.getCalibration();
		final double step = cal.frameInterval > 0 ? cal.frameInterval : cal.fps > 0 ? 1 / cal.fps : Double.NaN;
		for (int i = 0; i < n; i++) times[i] = i * step;
		return times;
	}

	private static String label(final int index, final double fps) {
		return String.format(Locale.ROOT, "frame %d (%.3f s)", index + 1, index / fps);
	}

	private static String stripExtension(final String name) {
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/** Frames decoded when ImageJ asks for a slice; the video stays open while the stack lives. */
	private static final class VideoVirtualStack extends VirtualStack {

		private final VideoSource video;
		private final List<Integer> frames;

		VideoVirtualStack(final VideoSource video, final List<Integer> frames) {
			super(video.info().width(), video.info().height(), null, null);
			this.video = video;
			this.frames = frames;
		}

		@Override
		public synchronized ImageProcessor getProcessor(final int n) {
			final VideoInfo info = video.info();
			return new ColorProcessor(info.width(), info.height(), video.frame(frames.get(n - 1)));
		}

		@Override
		public int getSize() {
			return frames.size();
		}

		@Override
		public String getSliceLabel(final int n) {
			return label(frames.get(n - 1), video.info().fps());
		}

		@Override
		public int getBitDepth() {
			return 24;
		}
	}
}
