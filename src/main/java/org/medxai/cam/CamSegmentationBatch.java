package org.medxai.cam;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.batch.FolderBatch;
import org.medxai.engine.LoadedModel;
import org.medxai.image.ImageFileCheck;
import org.medxai.image.ImageFileReader;
import org.medxai.image.ImageWriting;
import org.medxai.image.MaskCleanup;
import org.medxai.image.PixelPlanes;
import org.medxai.math.Scores;

/**
 * The CAM segmentation folder task: per image NAME a 0/255 mask {@code NAME_mask.png} and the 32-bit map
 * {@code NAME_cam.tif} at the image's size, and a row in {@code segmentation.csv} (optionally with faithfulness).
 */
public final class CamSegmentationBatch implements FolderBatch.Task {

	public static final String TABLE = "segmentation.csv";
	public static final String MASK_SUFFIX = "_mask.png";
	public static final String CAM_SUFFIX = "_cam.tif";
	public static final List<String> FAITHFULNESS_COLUMNS = List.of("deletion_auc", "insertion_auc", "road_morf_auc",
		"road_lerf_auc");

	/** What to segment and how. */
	public record Options(CamMethod method, String targetClass, MaskRule rule, MaskCleanup.Options cleanup,
		boolean faithfulness)
	{}

	private final LoadedModel model;
	private final ImageFileReader reader;
	private final Options options;
	private final CamSegmenter segmenter;
	private final int target;
	private final FolderBatch.Table table;
	private final List<String> runOutputs;

	public CamSegmentationBatch(final LoadedModel model, final ImageFileReader reader, final Options options,
		final List<String> runOutputs)
	{
		this.model = model;
		this.reader = reader;
		this.options = options;
		this.segmenter = new CamSegmenter(model, 32);
		this.target = CamSegmenter.classIndex(model, options.targetClass());
		this.runOutputs = List.copyOf(runOutputs);
		final List<String> columns = new ArrayList<>(List.of(FolderBatch.FILE, FolderBatch.STATUS, "label"));
		for (final String c : model.card().classes) columns.add("p_" + c);
		columns.addAll(List.of("explained_class", "mask_area_fraction", "method", "rule", FolderBatch.MESSAGE));
		if (options.faithfulness()) columns.addAll(FAITHFULNESS_COLUMNS);
		this.table = new FolderBatch.Table(TABLE, columns);
	}

	@Override
	public FolderBatch.Layout layout() {
		return new FolderBatch.Layout(List.of(table), List.of(MASK_SUFFIX, CAM_SUFFIX), runOutputs, 1);
	}

	@Override
	public List<FolderBatch.Result> process(final List<FolderBatch.Item> items, final ProgressListener progress) {
		final List<FolderBatch.Result> results = new ArrayList<>();
		for (final FolderBatch.Item item : items) {
			final Map<String, String> row = new LinkedHashMap<>();
			row.put("method", options.method().key());
			row.put("rule", options.rule().key());
			try {
				segment(item, row);
			}
			catch (final MedXaiException e) {
				row.put(FolderBatch.STATUS, FolderBatch.ERROR);
				row.put(FolderBatch.MESSAGE, e.getMessage());
			}
			results.add(new FolderBatch.Result().add(table, row));
		}
		return results;
	}

	private void segment(final FolderBatch.Item item, final Map<String, String> row) {
		final List<PixelPlanes> planes = reader.read(item.source());
		if (planes.isEmpty()) throw new MedXaiException("the file holds no image");
		final PixelPlanes image = planes.get(0);
		final String tooSmall = ImageFileCheck.tooSmall(image.width(), image.height(), segmenter.inputSpec());
		if (tooSmall != null) throw new MedXaiException(tooSmall);
		final CamSegmenter.Segmentation s = segmenter.segment(image, options.method(), target, options.rule(),
			options.cleanup());
		try {
			ImageWriting.maskPng(s.mask(), s.width(), s.height(), item.output(MASK_SUFFIX));
			ImageWriting.floatTiff(s.cam(), s.width(), s.height(), item.output(CAM_SUFFIX));
		}
		catch (final IOException e) {
			throw new MedXaiException("cannot write the mask or map (" + e.getMessage() + ")", e);
		}
		final double[] p = s.result().probabilities();
		row.put("label", model.card().classes.get(Scores.argmax(p)));
		for (int k = 0; k < p.length; k++) row.put("p_" + model.card().classes.get(k), format(p[k]));
		row.put("explained_class", model.card().classes.get(s.result().targetClass()));
		row.put("mask_area_fraction", format(s.maskFraction()));
		final String truncated = ImageFileCheck.truncation(item.source());
		if (truncated != null) {
			row.put(FolderBatch.STATUS, FolderBatch.WARNING);
			row.put(FolderBatch.MESSAGE, truncated);
		}
		else if (planes.size() > 1) row.put(FolderBatch.MESSAGE, "stack: first image segmented");
		if (options.faithfulness()) {
			final int explained = s.result().targetClass();
			final Faithfulness.Curves curves = Faithfulness.measure(model, s.input(), s.result().map(), explained, 20);
			final Faithfulness.Road road = Faithfulness.road(model, s.input(), s.result().map(), explained, 2026);
			row.put("deletion_auc", format(curves.deletionAuc()));
			row.put("insertion_auc", format(curves.insertionAuc()));
			row.put("road_morf_auc", format(road.morfAuc()));
			row.put("road_lerf_auc", format(road.lerfAuc()));
		}
	}

	private static String format(final double v) {
		return String.format(Locale.ROOT, "%.6f", v);
	}
}
