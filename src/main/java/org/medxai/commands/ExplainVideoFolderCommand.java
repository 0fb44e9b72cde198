package org.medxai.commands;

import java.io.File;

import org.medxai.MedXaiException;
import org.medxai.attention.FrameImportance;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.VideoModel;
import org.medxai.ij1.ImageFiles;
import org.medxai.video.FrameSampling;
import org.medxai.videomodel.VideoExplainer;
import org.medxai.videomodel.VideoFolderExplainer;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Video>Explain Video Folder with MedXAI: every video of a folder classified and explained:
 * predictions.csv, attention.csv, faithfulness.csv, and per video NAME_timeline.png and NAME_cam.tif. A video that
 * cannot be read is reported and skipped.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Video>Explain Video Folder with MedXAI")
public class ExplainVideoFolderCommand extends ModelCommand {

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Videos (MP4, AVI, …), TIFF stacks, or sub-folders of frames.")
	private File input_folder;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Tables and pictures are written here; existing tables are never overwritten.")
	private File output_folder;

	@Parameter(label = "Importance on the timeline",
		choices = { VideoExplainer.ATTENTION, VideoExplainer.ROLLOUT, VideoExplainer.GRAD_ATTENTION })
	private String method = VideoExplainer.GRAD_ATTENTION;

	@Parameter(label = "Heads combined by", choices = { "mean", "max" })
	private String fusion = "mean";

	@Parameter(label = "Discard lowest share", min = "0", max = "0.9")
	private double discard = 0;

	@Parameter(label = "Top frames", min = "1", max = "50")
	private int top_k = 6;

	@Parameter(label = "Faithfulness check")
	private boolean faithfulness = true;

	private VideoFolderExplainer.Report report;

	@Override
	protected String bundledModel() {
		return BundledModels.VIDEO_DEFAULT;
	}

	@Override
	protected void execute() {
		if (input_folder == null || output_folder == null)
			throw new MedXaiException("Choose an input folder and an output folder.");
		VideoFolderExplainer.checkMethod(method);
		final CommandProgress progress = progress();
		try (VideoModel model = ModelLoader.loadVideo(modelCard(), DevicePreference.parse(device))) {
			final int steps = faithfulness ? Math.max(1, model.maxFrames() / 2) : 0;
			final VideoFolderExplainer.Options options = new VideoFolderExplainer.Options(
				new VideoExplainer.Options(FrameImportance.HeadFusion.parse(fusion), discard, -1, -1, steps, 20, 1),
				FrameSampling.ALL_FRAMES, method, top_k);
			report = VideoFolderExplainer.run(input_folder.toPath(), output_folder.toPath(), model, options,
				ImageFiles::readPlanes, progress);
		}
		finally {
			progress.clear();
		}
		for (final String skip : report.skipped()) log.warn("MedXAI: skipped " + skip);
		if (report.explained() == 0)
			throw new MedXaiException("No video of " + input_folder + " could be explained: " + report.summary());
		finish(report.summary());
	}

	public VideoFolderExplainer.Report report() {
		return report;
	}
}
