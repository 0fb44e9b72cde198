package org.medxai.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;

import org.medxai.MedXaiException;
import org.medxai.ij1.ImageDisplay;
import org.medxai.ij1.VideoStacks;
import org.medxai.video.FrameSampling;
import org.medxai.video.ImageSequence;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Video>Open Video with MedXAI: a video file (MP4, MOV, AVI, … through FFmpeg) or a folder of frames (in
 * natural name order) as a stack along time, with frame sampling and a time range; frame rate, frame numbers and times
 * are kept.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Video>Open Video with MedXAI")
public class OpenVideoCommand extends MedXaiCommand {

	@Parameter(label = "Video or frame", style = FileWidget.OPEN_STYLE,
		description = "A video file (MP4, MOV, AVI, MKV, …), or one image of a folder of frames (the whole folder " +
			"opens, in natural name order: RUN2 before RUN10). A folder may also be given in a macro.")
	private File video;

	@Parameter(label = "Frames", choices = { "all", "every", "per_second" },
		description = "all: every frame; every: every N-th frame; per_second: N frames per second.")
	private String sampling = "all";

	@Parameter(label = "N (every N-th frame, or frames per second)", min = "0.001")
	private double sampling_value = 1;

	@Parameter(label = "Start (s)", min = "0", description = "First time taken, seconds from the first frame.")
	private double start_seconds = 0;

	@Parameter(label = "End (s, 0 = to the end)", min = "0", description = "Last time taken; 0: to the end.")
	private double end_seconds = 0;

	@Parameter(label = "Frame rate of an image sequence (fps)", min = "0.000001",
		description = "Frames per second of a folder of frames (videos carry their own).")
	private double sequence_fps = 1;

	@Parameter(label = "Virtual stack", choices = { "auto", "yes", "no" },
		description = "Virtual: frames are read when shown (for videos larger than memory); auto: when the frames " +
			"would take more than a quarter of the memory.")
	private String virtual = "auto";

	private VideoStacks.Opened opened;

	@Override
	protected void execute() {
		if (video == null || video.getPath().isBlank()) throw new MedXaiException("Choose a video file or a folder.");
		final Path path = video.toPath();
		if (!Files.exists(path)) throw new MedXaiException("Not found: " + path + ".");
		final FrameSampling frames = FrameSampling.of(sampling, sampling_value, start_seconds, end_seconds);
		final CommandProgress progress = progress();
		try {
			if (Files.isDirectory(path))
				opened = VideoStacks.openSequence(path, frames, sequence_fps, virtual, progress);
			else
				if (isImage(path))
					opened = VideoStacks.openSequence(path.toAbsolutePath().getParent(), frames, sequence_fps, virtual,
						progress);
				else
					opened = VideoStacks.openVideo(path, frames, virtual, progress);
		}
		finally {
			progress.clear();
		}
		final ImagePlus image = opened.image();
		if (opened.note() != null) log.warn("MedXAI: " + opened.note());
		ImageDisplay.show(image);
		final String done = progress.isCancelled()
			? cancelled(image.getStackSize(), opened.requested(), "frames")
			: String.format(Locale.ROOT, "Opened %d frame(s) of %s (%s)%s.", image.getStackSize(),
				opened.info().describe(), frames.describe(), image.getStack().isVirtual() ? " as a virtual stack" : "");
		finish(opened.note() == null ? done : done + " " + opened.note());
	}

	private static boolean isImage(final Path file) {
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		final int dot = name.lastIndexOf('.');
		return dot > 0 && ImageSequence.EXTENSIONS.contains(name.substring(dot + 1));
	}

	/** The stack opened, or null. */
	public ImagePlus image() {
		return opened == null ? null : opened.image();
	}
}
