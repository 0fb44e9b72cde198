package org.medxai.ij1;

import java.util.Locale;
import javax.swing.SwingUtilities;

import ij.ImageListener;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.MontageMaker;
import ij.process.ImageProcessor;

import org.medxai.ui.StageExplorer;
import org.medxai.video.StageClustering;

/**
 * The stage explorer tied to its stack: a click on the map or the timeline shows that frame in the stack, a selection
 * becomes a new substack, and moving through the stack moves the explorer's marker. Also makes a montage per stage.
 */
public final class VideoStageWindow {

	/** Frames shown per stage montage at most (evenly spaced through the stage). */
	public static final int MONTAGE_FRAMES = 36;
	/** Image property of a stage montage: the stage it shows. */
	public static final String STAGE_PROPERTY = "MedXAI.stage";

	private VideoStageWindow() {}

	/** Builds the explorer wired to {@code image} (not yet shown). */
	public static StageExplorer explorer(final ImagePlus image, final StageClustering.Result result) {
		final StageExplorer explorer = new StageExplorer(image.getTitle(), result, VideoStacks.frameNumbers(image),
			VideoStacks.times(image));
		explorer.onFrame(index -> image.setSlice(index + 1));
		explorer.onSelection(indices -> {
			final ImagePlus substack = substack(image, indices);
			if (substack != null) ImageDisplay.show(substack);
		});
		final ImageListener follow = new ImageListener() {

			@Override
			public void imageUpdated(final ImagePlus updated) {
				if (updated == image) {
					final int slice = image.getCurrentSlice() - 1;
					if (slice != explorer.current()) SwingUtilities.invokeLater(() -> explorer.setCurrent(slice));
				}
			}

			@Override
			public void imageOpened(final ImagePlus opened) {}

			@Override
			public void imageClosed(final ImagePlus closed) {
				if (closed == image) {
					ImagePlus.removeImageListener(this);
					SwingUtilities.invokeLater(() -> explorer.window().dispose());
				}
			}
		};
		ImagePlus.addImageListener(follow);
		return explorer;
	}

	/** A new stack of the given slices (0-based), in order, with their labels; null when none. */
	public static ImagePlus substack(final ImagePlus image, final int[] indices) {
		if (indices.length == 0) return null;
		final ImageStack source = image.getStack();
		final ImageStack stack = new ImageStack(image.getWidth(), image.getHeight());
		final StringBuilder frames = new StringBuilder(), times = new StringBuilder();
		final int[] numbers = VideoStacks.frameNumbers(image);
		final double[] seconds = VideoStacks.times(image);
		for (final int i : indices) {
			stack.addSlice(source.getSliceLabel(i + 1), source.getProcessor(i + 1).duplicate());
			if (frames.length() > 0) {
				frames.append(',');
				times.append(',');
			}
			frames.append(numbers[i]);
			times.append(String.format(Locale.ROOT, "%.6f", seconds[i]));
		}
		final ImagePlus substack = new ImagePlus("Selection of " + image.getTitle(), stack);
		substack.setCalibration(image.getCalibration().copy());
		substack.setProperty(VideoStacks.FRAMES_PROPERTY, frames.toString());
		substack.setProperty(VideoStacks.TIMES_PROPERTY, times.toString());
		if (image.getProperty(VideoStacks.FRAME_COUNT_PROPERTY) != null)
			substack.setProperty(VideoStacks.FRAME_COUNT_PROPERTY, image.getProperty(VideoStacks.FRAME_COUNT_PROPERTY));
		return substack;
	}

	/** A montage of stage {@code stage}'s frames (at most {@link #MONTAGE_FRAMES}, evenly spaced), labelled. */
	public static ImagePlus montage(final ImagePlus image, final StageClustering.Result result, final int stage) {
		int members = 0;
		for (final int s : result.stage()) if (s == stage) members++;
		if (members == 0) return null;
		final int take = Math.min(MONTAGE_FRAMES, members);
		final int[] indices = new int[take];
		int seen = 0, k = 0;
		for (int i = 0; i < result.stage().length && k < take; i++) {
			if (result.stage()[i] != stage) continue;
			if ((long) seen * take / members == k) indices[k++] = i;
			seen++;
		}
		final ImagePlus frames = substack(image, indices);
		final int columns = (int) Math.ceil(Math.sqrt(take)), rows = (int) Math.ceil(take / (double) columns);
		final double scale = Math.min(1, 160.0 / Math.max(image.getWidth(), image.getHeight()));
		final ImagePlus montage = new MontageMaker().makeMontage2(frames, columns, rows, scale, 1, take, 1, 2, true);
		montage.setTitle(
			String.format(Locale.ROOT, "Stage %d of %s (%d of %d frames)", stage, image.getTitle(), take, members));
		montage.setProperty(STAGE_PROPERTY, Integer.toString(stage));
		final ImageProcessor ip = montage.getProcessor();
		ip.resetMinAndMax();
		return montage;
	}
}
