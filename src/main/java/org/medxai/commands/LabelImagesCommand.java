package org.medxai.commands;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.plugin.MontageMaker;
import ij.process.ColorProcessor;

import org.medxai.MedXaiException;
import org.medxai.image.ImageDecoding;
import org.medxai.image.TensorConverter;
import org.medxai.labelling.ImageLabelling;
import org.medxai.training.ModelEvaluation;
import org.medxai.training.TrainingSet;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Polyp>Label Unlabelled Images with MedXAI: proposes labels for a folder of unlabelled images from a
 * few labelled examples per class.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Polyp>Label Unlabelled Images with MedXAI")
public class LabelImagesCommand extends MedXaiCommand {

	/** Label-spreading clamping; 0.7 gave the best-calibrated confidences on the shared data. */
	private static final double SPREADING_ALPHA = 0.7;

	/** Thumbnails per montage. */
	private static final int MONTAGE_MAX = 48;

	@Parameter(label = "Labelled examples", style = FileWidget.DIRECTORY_STYLE,
		description = "One sub-folder per class with a few example images each.")
	private File labelled_folder;

	@Parameter(label = "Unlabelled images", style = FileWidget.DIRECTORY_STYLE,
		description = "Images to label (sub-folders are searched too).")
	private File unlabelled_folder;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "proposed-labels.csv, montages and accepted/CLASS/ folders go here.")
	private File output_folder;

	@Parameter(label = "Method", choices = { "both", "cluster_purity", "label_spreading" },
		description = "Cluster purity: the seed's k-means loop. Label spreading: kNN graph. " +
			"Both: accept only where they agree.")
	private String method = "both";

	@Parameter(label = "Clusters (k)", min = "2", max = "1000")
	private int clusters = 50;

	@Parameter(label = "Target labelled count", min = "1",
		description = "The cluster loop stops once this many images are labelled.")
	private int target_count = 1000;

	@Parameter(label = "Neighbours", min = "2", max = "100", description = "Graph neighbours for label spreading.")
	private int neighbours = 10;

	@Parameter(label = "Minimum confidence", min = "0", max = "1",
		description = "Proposals at or above it are accepted and exported (with both methods: " +
			"they must agree and label spreading must reach it).")
	private double min_confidence = 0.7;

	@Parameter(label = "Random seed")
	private long seed = 1;

	@Parameter(label = "Mask lower-left corner",
		description = "Ignore the corner where endoscopes overlay a thumbnail.")
	private boolean mask_corner = true;

	@Parameter(label = "Export accepted labels",
		description = "Copy examples and accepted images into accepted/CLASS/ folders for training.")
	private boolean export_accepted = true;

	private ImageLabelling.Result result;

	@Override
	protected void execute() {
		if (output_folder == null) throw new MedXaiException("Choose an output folder.");
		if (unlabelled_folder == null || !unlabelled_folder.isDirectory()) {
			throw new MedXaiException("Unlabelled folder not found: " + unlabelled_folder + ".");
		}
		final TrainingSet labelled = TrainingSet
			.fromClassFolders(labelled_folder == null ? null : labelled_folder.toPath());
		final List<Path> unlabelled = TrainingSet.imagesIn(unlabelled_folder.toPath());
		final ImageLabelling.Options options = new ImageLabelling.Options(ImageLabelling.Method.parse(method), clusters,
			seed, target_count, neighbours, SPREADING_ALPHA, min_confidence,
			mask_corner ? new double[][] { ModelEvaluation.LOWER_LEFT_BOX } : new double[0][]);
		final CommandProgress progress = new CommandProgress(status);
		try {
			result = ImageLabelling.run(labelled, unlabelled, options, output_folder.toPath(), export_accepted,
				progress);
		}
		finally {
			progress.clear();
		}
		final ResultsTable table = new ResultsTable();
		for (final ImageLabelling.Row row : result.rows()) {
			table.incrementCounter();
			table.addValue("file", row.file().getFileName().toString());
			table.addValue("proposed_label", row.label());
			table.addValue("confidence", row.confidence());
			table.addValue("method", row.method());
			table.addValue("accepted", row.accepted() ? "yes" : "no");
			if (row.error() != null) log.warn("MedXAI: skipped " + row.file().getFileName() + ": " + row.error());
		}
		Tables.show(table, "MedXAI Proposed Labels");
		for (final String label : result.classes()) montage(label);
		final long accepted = result.rows().stream().filter(ImageLabelling.Row::accepted).map(ImageLabelling.Row::file)
			.distinct().count();
		summary = "Proposed labels for " + unlabelled.size() + " images; " + accepted + " accepted" +
			(export_accepted
				? " and exported with the examples to " + output_folder.toPath().resolve("accepted") + " " +
					result.exported()
				: "") +
			". Table: " + result.csv();
		log.info("MedXAI: " + summary);
	}

	/** Thumbnails of the most confident proposals of one class, for review. */
	private void montage(final String label) {
		final Set<Path> seen = new HashSet<>();
		final List<ImageLabelling.Row> rows = result.rows().stream().filter(r -> label.equals(r.label()))
			.sorted(Comparator.comparingDouble(ImageLabelling.Row::confidence).reversed())
			.filter(r -> seen.add(r.file())).limit(MONTAGE_MAX).toList();
		if (rows.isEmpty()) return;
		final int size = 96;
		final ImageStack stack = new ImageStack(size, size);
		for (final ImageLabelling.Row row : rows) {
			try {
				final ImageDecoding.Rgb rgb = ImageDecoding.read(row.file());
				final float[][] planes = new float[3][];
				for (int c = 0; c < 3; c++) {
					planes[c] = TensorConverter.resize(rgb.planes().plane(c), rgb.width(), rgb.height(), size, size);
				}
				final int[] packed = new int[size * size];
				for (int i = 0; i < packed.length; i++) {
					packed[i] = Math.round(planes[0][i]) << 16 | Math.round(planes[1][i]) << 8 |
						Math.round(planes[2][i]);
				}
				stack.addSlice(String.format(Locale.ROOT, "%.2f %s", row.confidence(),
					row.method().startsWith("cluster") ? "C" : "S"), new ColorProcessor(size, size, packed));
			}
			catch (final MedXaiException e) {
				// already reported in the table
			}
		}
		if (stack.getSize() == 0) return;
		final int columns = Math.min(8, stack.getSize());
		final int rowsCount = (stack.getSize() + columns - 1) / columns;
		final ImagePlus montage = new MontageMaker().makeMontage2(new ImagePlus(label, stack), columns, rowsCount, 1.0,
			1, stack.getSize(), 1, 1, true);
		montage.setTitle("MedXAI proposed: " + label);
		new FileSaver(montage).saveAsPng(
			output_folder.toPath().resolve("montage_" + label.replaceAll("[^A-Za-z0-9._-]", "_") + ".png").toString());
		if (!GraphicsEnvironment.isHeadless()) montage.show();
	}

	public ImageLabelling.Result result() {
		return result;
	}
}
