package org.medxai.commands;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.attention.FrameImportance;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.VideoModel;
import org.medxai.ij1.ImageDisplay;
import org.medxai.ij1.ImageFiles;
import org.medxai.ij1.ImagePlusPlanes;
import org.medxai.ij1.VideoExplanationDisplay;
import org.medxai.ij1.VideoStacks;
import org.medxai.image.PixelPlanes;
import org.medxai.io.FileNames;
import org.medxai.video.FrameSampling;
import org.medxai.videomodel.ClipSampling;
import org.medxai.videomodel.VideoClips;
import org.medxai.videomodel.VideoExplainer;
import org.medxai.videomodel.VideoExplanation;
import org.medxai.videomodel.VideoFolderExplainer;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Video>Explain Video with MedXAI: a CNN-Transformer's prediction for the active stack or a video file,
 * and where it looked: per frame the CLS attention, attention rollout and gradient-weighted attention, Grad-CAM in each
 * frame, and how faithful each importance is (deleting the top frames against deleting random ones). Shown as a new
 * stack with CAM overlays and importance borders, a timeline (click: that frame), a montage of the top frames and a
 * table {@code frame, time, attention, rollout, grad_attention, cam_max}. The source is never modified.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Video>Explain Video with MedXAI")
public class ExplainVideoCommand extends ModelCommand {

	public static final String TABLE_TITLE = "MedXAI Video Explanation";

	@Parameter(required = false)
	private ImagePlus imp;

	@Parameter(label = "Video file (empty: the active stack)", style = FileWidget.OPEN_STYLE, required = false,
		persist = false,
		description = "A video (MP4, AVI, …), a TIFF stack, or a folder of frames; empty: the active stack.")
	private File video_file;

	@Parameter(label = "Importance shown",
		choices = { VideoExplainer.ATTENTION, VideoExplainer.ROLLOUT, VideoExplainer.GRAD_ATTENTION },
		description = "Which importance ranks the frames (borders, top frames); all three are in the table.")
	private String method = VideoExplainer.GRAD_ATTENTION;

	@Parameter(label = "Heads combined by", choices = { "mean", "max" })
	private String fusion = "mean";

	@Parameter(label = "Discard lowest share", min = "0", max = "0.9",
		description = "Share of the frames with the least attention set to 0 (the paper: 0.3).")
	private double discard = 0;

	@Parameter(label = "Attention layer (0 = all)", min = "0", max = "64",
		description = "The layer whose CLS attention is the attention column; 0 averages all layers.")
	private int layer = 0;

	@Parameter(label = "Class (empty: predicted)", required = false, persist = false,
		description = "The class the gradients explain; empty: the predicted class.")
	private String target_class = "";

	@Parameter(label = "Top frames", min = "1", max = "50")
	private int top_k = 6;

	@Parameter(label = "Faithfulness check",
		description = "Delete the most important frames (as padding) and compare the class score with deleting " +
			"random frames, per importance.")
	private boolean faithfulness = true;

	@Parameter(label = "Output folder (optional)", style = FileWidget.DIRECTORY_STYLE, required = false,
		persist = false, description = "NAME_timeline.png, NAME_cam.tif and NAME_attention.csv are written here.")
	private File output_folder;

	private VideoExplanation explanation;
	private ResultsTable table;

	@Override
	protected String bundledModel() {
		return BundledModels.VIDEO_DEFAULT;
	}

	@Override
	protected void execute() {
		VideoFolderExplainer.checkMethod(method);
		final Path output = output_folder == null || output_folder.getPath().isBlank() ? null : output_folder.toPath();
		final CommandProgress progress = progress();
		try (VideoModel model = ModelLoader.loadVideo(modelCard(), DevicePreference.parse(device))) {
			final VideoClips.Clip clip = clip(model, progress);
			final List<String> classes = model.card().classes;
			final int target = target_class == null || target_class.isBlank() ? -1 : classes.indexOf(target_class);
			if (target < 0 && target_class != null && !target_class.isBlank())
				throw new MedXaiException(
					"The model has no class '" + target_class + "'; its classes: " + classes + ".");
			final int steps = faithfulness && clip.frames().size() > 1 ? Math.max(1, clip.frames().size() / 2) : 0;
			final VideoExplainer.Options options = new VideoExplainer.Options(FrameImportance.HeadFusion.parse(fusion),
				discard, layer - 1, target, steps, 20, 1);
			explanation = VideoExplainer.explain(model, clip.frames(), options, progress);
			if (output != null) write(output, clip);
			show(clip, classes);
			finish(describe(clip, classes));
		}
		finally {
			progress.clear();
		}
	}

	/** The frames explained: of the video file, or of the active stack, evenly down to the model's limit. */
	private VideoClips.Clip clip(final VideoModel model, final ProgressListener progress) {
		if (video_file != null && !video_file.getPath().isBlank())
			return VideoClips.read(video_file.toPath(), FrameSampling.ALL_FRAMES, model.maxFrames(),
				VideoFolderExplainer.WORKING_SIZE, ImageFiles::readPlanes, progress);
		if (imp == null) throw new MedXaiException("Open a video or stack first, or choose a video file.");
		final ImagePlusPlanes planes = new ImagePlusPlanes(imp);
		if (planes.count() < 1) throw new MedXaiException("The image '" + imp.getTitle() + "' holds no frame.");
		final int[] chosen = ClipSampling.evenly(planes.count(), model.maxFrames());
		final int[] numbers = VideoStacks.frameNumbers(imp);
		final double[] times = VideoStacks.times(imp);
		final List<PixelPlanes> frames = new ArrayList<>();
		final int[] indices = new int[chosen.length];
		for (int i = 0; i < chosen.length; i++) {
			frames.add(VideoClips.shrink(planes.planes(chosen[i]), VideoFolderExplainer.WORKING_SIZE));
			indices[i] = numbers[chosen[i]] - 1;
		}
		// the stack's own times: fps from its first two slices, else 1
		final double fps = times.length > 1 && times[1] > times[0]
			? (numbers[1] - numbers[0]) / (times[1] - times[0])
			: 1;
		return new VideoClips.Clip(imp.getTitle(), frames, indices, fps);
	}

	private void write(final Path output, final VideoClips.Clip clip) {
		final String stem = FileNames.baseName(clip.name());
		final Path csv = output.resolve(stem + "_attention.csv");
		if (Files.exists(csv))
			throw new MedXaiException("The output folder already holds " + csv.getFileName() + ": choose another " +
				"folder or remove it (nothing is overwritten).");
		try {
			VideoFolderExplainer.writePictures(output, stem, clip, explanation, method, top_k);
			VideoFolderExplainer.writeAttention(csv, clip, explanation);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write the results to " + output + ": " + e.getMessage(), e);
		}
	}

	private void show(final VideoClips.Clip clip, final List<String> classes) {
		final int[] numbers = clip.frameNumbers();
		final double[] camMax = explanation.camMax();
		table = new ResultsTable();
		for (int f = 0; f < explanation.frames(); f++) {
			table.incrementCounter();
			table.addValue("frame", numbers[f]);
			table.addValue("time", clip.time(f));
			table.addValue(VideoExplainer.ATTENTION, explanation.importance().get(VideoExplainer.ATTENTION)[f]);
			table.addValue(VideoExplainer.ROLLOUT, explanation.importance().get(VideoExplainer.ROLLOUT)[f]);
			table.addValue(VideoExplainer.GRAD_ATTENTION,
				explanation.importance().get(VideoExplainer.GRAD_ATTENTION)[f]);
			table.addValue("cam_max", camMax[f]);
		}
		Tables.show(table, TABLE_TITLE);
		final String stem = FileNames.baseName(clip.name());
		final ImagePlus explained = VideoExplanationDisplay.explainedStack(stem + " explained", clip.frames(), numbers,
			explanation, method);
		final ImagePlus timeline = VideoExplanationDisplay.timeline(stem + " attention timeline", explanation, numbers,
			method, top_k);
		final ImagePlus montage = VideoExplanationDisplay.montage(stem + " top frames", clip.frames(), numbers,
			explanation, method, top_k);
		ImageDisplay.show(montage);
		ImageDisplay.show(timeline);
		ImageDisplay.show(explained);
		if (!GraphicsEnvironment.isHeadless()) VideoExplanationDisplay.link(timeline, explained, explanation.frames());
	}

	private String describe(final VideoClips.Clip clip, final List<String> classes) {
		final StringBuilder text = new StringBuilder(
			String.format(Locale.ROOT, "%s: %s (p %.3f) from %d frames; " + "top frames by %s: ", clip.name(),
				classes.get(explanation.predicted()), explanation.probabilities()[explanation.predicted()],
				explanation.frames(), method));
		final List<String> top = new ArrayList<>();
		for (final int f : explanation.topFrames(method, Math.min(3, top_k)))
			top.add(Integer.toString(clip.frameIndices()[f] + 1));
		text.append(String.join(", ", top)).append('.');
		for (final Map.Entry<String, VideoExplainer.Faithfulness> f : explanation.faithfulness().entrySet())
			text.append(String.format(Locale.ROOT, " Deleting frames by %s: score area %.3f vs %.3f at random%s.",
				f.getKey(), f.getValue().byImportance().area(), f.getValue().random().area(),
				f.getValue().gain() > 0 ? " (faithful)" : " (no better than random)"));
		return text.toString();
	}

	public VideoExplanation explanation() {
		return explanation;
	}

	public ResultsTable table() {
		return table;
	}
}
