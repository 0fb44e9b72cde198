package org.medxai.videomodel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.image.ImageFileReader;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;
import org.medxai.video.FfmpegVideo;
import org.medxai.video.FrameSampling;
import org.medxai.video.ImageSequence;

/**
 * Reads a video for a video model: a video file (FFmpeg), a folder of frame images, or a stack file (TIFF), sampled in
 * time ({@link FrameSampling}, then at most {@code keep} frames evenly spaced) and each frame shrunk to a working size
 * so that hundreds of videos fit in memory. Grey frames are kept as one plane.
 */
public final class VideoClips {

	/** Files read as a stack of frames by the host's reader rather than as a video. */
	public static final Set<String> STACK_EXTENSIONS = Set.of("tif", "tiff");

	/**
	 * One video's frames as read.
	 *
	 * @param frameIndices each frame's index in the whole video
	 * @param fps frames per second (1 for frame folders and stacks, whose frames have no time)
	 */
	public record Clip(String name, List<PixelPlanes> frames, int[] frameIndices, double fps) {

		public double time(final int frame) {
			return frameIndices[frame] / fps;
		}

		/** Each frame's number in the whole video, from 1. */
		public int[] frameNumbers() {
			final int[] numbers = new int[frameIndices.length];
			for (int i = 0; i < numbers.length; i++) numbers[i] = frameIndices[i] + 1;
			return numbers;
		}
	}

	private VideoClips() {}

	/**
	 * Reads {@code path}; frames larger than {@code workingSize} (longer side) are shrunk, 0 keeps their size. One
	 * message when it holds no frame.
	 *
	 * @param stacks reads frame images and stack files (the host's opener, or a plain decoder)
	 */
	public static Clip read(final Path path, final FrameSampling sampling, final int keep, final int workingSize,
		final ImageFileReader stacks, final ProgressListener progress)
	{
		final String name = path.getFileName().toString();
		if (Files.isDirectory(path)) {
			final List<Path> files = ImageSequence.frames(path);
			final int[] chosen = choose(sampling.frames(files.size(), 1), keep, name);
			final List<PixelPlanes> frames = new ArrayList<>();
			for (final int index : chosen) {
				final List<PixelPlanes> image = stacks.read(files.get(index));
				if (image.isEmpty())
					throw new MedXaiException(
						"The frame " + files.get(index).getFileName() + " of " + name + " holds no image.");
				frames.add(shrink(image.get(0), workingSize));
				progress.progress(frames.size(), chosen.length, "Reading " + name);
			}
			return new Clip(name, frames, chosen, 1);
		}
		if (!Files.isRegularFile(path)) throw new MedXaiException("Video not found: " + path + ".");
		if (STACK_EXTENSIONS.contains(extension(name))) {
			final List<PixelPlanes> slices = stacks.read(path);
			final int[] chosen = choose(sampling.frames(slices.size(), 1), keep, name);
			final List<PixelPlanes> frames = new ArrayList<>();
			for (final int index : chosen) frames.add(shrink(slices.get(index), workingSize));
			return new Clip(name, frames, chosen, 1);
		}
		try (FfmpegVideo video = FfmpegVideo.open(path)) {
			final int width = video.info().width(), height = video.info().height();
			final int[] chosen = choose(sampling.frames(video.info().frameCount(), video.info().fps()), keep, name);
			final List<PixelPlanes> frames = new ArrayList<>();
			final int delivered = video.read(Arrays.stream(chosen).boxed().toList(), (index, rgb) -> {
				frames.add(shrink(PixelPlanes.rgb(rgb, width, height), workingSize));
				progress.progress(frames.size(), chosen.length, "Reading " + name);
			}, progress);
			if (delivered == 0) throw new MedXaiException("The video " + name + " holds no readable frame.");
			return new Clip(name, frames, Arrays.copyOf(chosen, delivered), video.info().fps());
		}
	}

	private static int[] choose(final List<Integer> sampled, final int keep, final String name) {
		if (sampled.isEmpty())
			throw new MedXaiException("The video " + name + " has no frame in the chosen time range: it is shorter " +
				"than one frame there.");
		final int[] positions = ClipSampling.evenly(sampled.size(), keep);
		final int[] chosen = new int[positions.length];
		for (int i = 0; i < positions.length; i++) chosen[i] = sampled.get(positions[i]);
		return chosen;
	}

	/**
	 * A frame whose longer side is at most {@code size} (aspect kept; unchanged when smaller or for size 0); one plane
	 * when its three are equal.
	 */
	public static PixelPlanes shrink(final PixelPlanes frame, final int size) {
		final int channels = grey(frame) ? 1 : frame.channels();
		final int longer = Math.max(frame.width(), frame.height());
		if ((size <= 0 || longer <= size) && channels == frame.channels()) return frame;
		final double scale = size <= 0 || longer <= size ? 1 : size / (double) longer;
		final int w = Math.max(1, (int) Math.round(frame.width() * scale)),
			h = Math.max(1, (int) Math.round(frame.height() * scale));
		final float[][] planes = new float[channels][];
		for (int c = 0; c < channels; c++)
			planes[c] = TensorConverter.resize(frame.plane(c), frame.width(), frame.height(), w, h);
		return PixelPlanes.planes(w, h, planes);
	}

	private static boolean grey(final PixelPlanes frame) {
		if (frame.channels() != 3) return false;
		final float[] r = frame.plane(0), g = frame.plane(1), b = frame.plane(2);
		for (int i = 0; i < r.length; i++) if (r[i] != g[i] || r[i] != b[i]) return false;
		return true;
	}

	private static String extension(final String name) {
		final int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}
}
