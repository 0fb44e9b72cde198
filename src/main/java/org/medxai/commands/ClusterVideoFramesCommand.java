package org.medxai.commands;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.swing.SwingUtilities;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;

import org.medxai.MedXaiException;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.ij1.ImagePlusPlanes;
import org.medxai.ij1.VideoStacks;
import org.medxai.ij1.VideoStageWindow;
import org.medxai.ui.StageExplorer;
import org.medxai.video.FrameEmbeddings;
import org.medxai.video.FrameMap;
import org.medxai.video.StageClustering;
import org.medxai.video.StageLabels;
import org.medxai.video.StageReport;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Video>Cluster Video Frames with MedXAI: the frames of the active stack grouped into the stages of a
 * procedure (one vector per frame → slow features or PCA → stages in time order or k-means → a 2-D map), as a table;
 * with an output folder also clusters.csv, metrics.csv, scatter.png, timeline.png and an HTML gallery; with reference
 * stages, ARI, NMI and frame accuracy.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Video>Cluster Video Frames with MedXAI")
public class ClusterVideoFramesCommand extends MedXaiCommand {

	public static final String TABLE_TITLE = "MedXAI Video Stages";

	@Parameter
	private ImagePlus imp;

	@Parameter(label = "Stages (0 = find)", min = "0", max = "100",
		description = "Number of stages; 0 finds it (see below).")
	private int stages = 0;

	@Parameter(label = "Find the number of stages by", choices = { "elbow", "silhouette" },
		description = "With stages 0: elbow: where more stages stop fitting much better; silhouette: the best mean " +
			"silhouette (tends to find two or three).")
	private String number = "elbow";

	@Parameter(label = "Clustering", choices = { "time_ordered", "kmeans", "hdbscan", "gmeans" },
		description = "time_ordered: stages are contiguous in time; kmeans: frames grouped by look alone; hdbscan: " +
			"dense groups on the map, their number found, the rest noise (0); gmeans: k-means split until Gaussian.")
	private String clustering = "time_ordered";

	@Parameter(label = "Frame features", choices = { "texture", "global", "model" },
		description = "texture: how fine the structure in the frame's centre is (gradient histograms); global: " +
			"colour, edge, texture and layout features; model: the backbone of a model.")
	private String embedding = "texture";

	@Parameter(label = "Model (for model features)", style = FileWidget.OPEN_STYLE, required = false,
		description = "Card of a MedXAI or TorchScript model with a backbone (e.g. a ResNet-50 exported to " +
			"TorchScript).")
	private File model_file;

	@Parameter(label = "Map", choices = { "umap", "tsne", "pca" },
		description = "The 2-D picture: UMAP (fast), Barnes-Hut t-SNE (as the reference, slower) or PCA.")
	private String map = "umap";

	@Parameter(label = "t-SNE perplexity", min = "2", max = "200")
	private double perplexity = 20;

	@Parameter(label = "Reduction", choices = { "slow", "pca" },
		description = "slow: the features that change least from frame to frame (what lasts, as stages do); pca: " +
			"the principal components.")
	private String reduction = "slow";

	@Parameter(label = "Components (0 = default)", min = "0", max = "100",
		description = "Dimensions kept before clustering and mapping; 0: the 2 slowest features or 8 principal components.")
	private int components = 0;

	@Parameter(label = "Reference stages (optional)", style = FileWidget.OPEN_STYLE, required = false,
		description = "CSV of stage,first_frame,last_frame lines, or frame,stage rows: ARI, NMI, frame accuracy.")
	private File labels_csv;

	@Parameter(label = "Output folder (optional)", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "clusters.csv, metrics.csv, scatter.png, timeline.png and gallery/index.html are written here.")
	private File output_folder;

	@Parameter(label = "Show the stage explorer and montages",
		description = "With a display: the map linked to the stack, a timeline, and a montage per stage.")
	private boolean show_window = true;

	@Parameter(label = "Seed")
	private long seed = 2026;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	private StageClustering.Result result;
	private ResultsTable table;
	private Map<String, Double> metrics;

	@Override
	protected void execute() {
		if (imp == null) throw new MedXaiException("Open a video or stack first (Open Video with MedXAI).");
		final ImagePlusPlanes planes = new ImagePlusPlanes(imp);
		final int n = planes.count();
		if (n < 2)
			throw new MedXaiException("The image '" + imp.getTitle() + "' has " + n + " frame: clustering " +
				"needs a stack of at least two frames.");
		if (stages > n) throw new MedXaiException("Cannot find " + stages + " stages in " + n + " frames.");
		final int[] frames = VideoStacks.frameNumbers(imp);
		final double[] times = VideoStacks.times(imp);
		// read the labels first: a wrong file fails before the long part
		final StageLabels labels = labels_csv == null || labels_csv.getPath().isBlank()
			? null
			: StageLabels.read(labels_csv.toPath());
		final int[] truth = labels == null ? null : labels.forFrames(frames, VideoStacks.frameCount(imp));
		final Path output = output_folder == null || output_folder.getPath().isBlank() ? null : output_folder.toPath();
		if (output != null && Files.exists(output.resolve("clusters.csv")))
			throw new MedXaiException("The output folder " + output + " already holds clusters.csv; choose another " +
				"folder or remove it.");
		final CommandProgress progress = progress();
		final double[][] embeddings;
		try {
			embeddings = switch (FrameEmbeddings.Kind.parse(embedding)) {
				case TEXTURE -> FrameEmbeddings.texture(n, planes::planes, progress);
				case GLOBAL -> FrameEmbeddings.global(n, planes::planes, progress);
				case MODEL -> {
					if (model_file == null || model_file.getPath().isBlank())
						throw new MedXaiException("Model features need a model (model_file).");
					try (LoadedModel model = ModelLoader.load(model_file.toPath(), DevicePreference.parse(device))) {
						yield FrameEmbeddings.backbone(model, n, planes::planes, progress);
					}
				}
			};
			if (embeddings == null) {
				finish("Cancelled while reading the frames; nothing was clustered.");
				return;
			}
			result = StageClustering.run(embeddings,
				new StageClustering.Options(stages, StageClustering.Method.parse(clustering),
					StageClustering.Reduction.parse(reduction), components, FrameMap.Kind.parse(map), perplexity, seed,
					StageClustering.NumberRule.parse(number)),
				progress);
		}
		finally {
			progress.clear();
		}
		metrics = StageReport.metrics(result, truth);
		table = new ResultsTable();
		for (int i = 0; i < n; i++) {
			table.incrementCounter();
			table.addValue("frame", frames[i]);
			table.addValue("time", times[i]);
			table.addValue("cluster", result.stage()[i]);
			table.addValue("x", result.map()[i][0]);
			table.addValue("y", result.map()[i][1]);
			table.addValue("distance", result.distance()[i]);
			if (truth != null) table.addValue("reference", truth[i] < 0 ? "" : labels.names().get(truth[i]));
		}
		Tables.show(table, TABLE_TITLE);
		final boolean show = show_window && !GraphicsEnvironment.isHeadless();
		final List<ImagePlus> montages = new ArrayList<>();
		if (output != null || show) for (int s = 1; s <= result.stages(); s++) {
			final ImagePlus montage = VideoStageWindow.montage(imp, result, s);
			if (montage != null) montages.add(montage);
		}
		if (output != null) {
			try {
				StageReport.write(output, imp.getTitle(), frames, times, result, truth,
					labels == null ? null : labels.names(), i -> thumbnail(planes.slice(i)));
				Files.createDirectories(output.resolve("montages"));
				for (final ImagePlus montage : montages)
					new FileSaver(montage).saveAsPng(output.resolve("montages")
						.resolve("stage_" + montage.getProperty(VideoStageWindow.STAGE_PROPERTY) + ".png").toString());
			}
			catch (final IOException e) {
				throw new MedXaiException("Cannot write the results to " + output + ": " + e.getMessage(), e);
			}
		}
		if (show) {
			final StageExplorer explorer = VideoStageWindow.explorer(imp, result);
			SwingUtilities.invokeLater(explorer::show);
			for (final ImagePlus montage : montages) montage.show();
		}
		final StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
			"Clustered %d frames of '%s' into %d stages (%s, %s features, %s reduction, %s map; silhouette %.3f).", n,
			imp.getTitle(), result.stages(), clustering, embedding, reduction, map, result.silhouette()));
		if (truth != null)
			text.append(String.format(Locale.ROOT, " Against the reference: ARI %.3f, NMI %.3f, frame accuracy %.3f.",
				metrics.get("ari"), metrics.get("nmi"), metrics.get("frame_accuracy")));
		if (output != null) text.append(" Files in ").append(output).append('.');
		finish(text.toString());
	}

	/** A picture of slice {@code slice} (1-based), 160 pixels wide, for the gallery. */
	private BufferedImage thumbnail(final int slice) {
		final ImageProcessor ip = imp.getStack().getProcessor(slice);
		final BufferedImage small = ip.resize(160, Math.max(1, ip.getHeight() * 160 / ip.getWidth()), true)
			.getBufferedImage();
		final BufferedImage picture = new BufferedImage(small.getWidth(), small.getHeight(),
			BufferedImage.TYPE_INT_RGB);
		picture.getGraphics().drawImage(small, 0, 0, null);
		return picture;
	}

	public StageClustering.Result result() {
		return result;
	}

	public ResultsTable table() {
		return table;
	}

	public Map<String, Double> metrics() {
		return metrics;
	}
}
