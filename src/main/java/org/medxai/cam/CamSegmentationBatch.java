package org.medxai.cam;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

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
	private final int group;

	public CamSegmentationBatch(final LoadedModel model, final ImageFileReader reader, final Options options,
		final List<String> runOutputs)
	{
		this(model, reader, options, runOutputs, GROUP);
	}

	/** As above, with at most {@code group} files handled together (1: one by one, the serial path). */
	CamSegmentationBatch(final LoadedModel model, final ImageFileReader reader, final Options options,
		final List<String> runOutputs, final int group)
	{
		this.group = group;
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

	/**
	 * Files handled together: the gradient methods explain a group in one batch while files are read and written on
	 * both cores; faithfulness (many network passes per image) and the other methods go one file at a time.
	 */
	static final int GROUP = 8;

	@Override
	public FolderBatch.Layout layout() {
		final boolean grouped = ClassActivationMapper.batches(options.method()) && !options.faithfulness();
		return new FolderBatch.Layout(List.of(table), List.of(MASK_SUFFIX, CAM_SUFFIX), runOutputs,
			grouped ? GROUP : 1);
	}

	/** One file on its way: read and converted, then explained, then written; or the reason it failed. */
	private static final class Work {

		final FolderBatch.Item item;
		final Map<String, String> row = new LinkedHashMap<>();
		int width;
		int height;
		boolean stack;
		float[] input;
		CamResult result;

		Work(final FolderBatch.Item item, final Options options) {
			this.item = item;
			row.put("method", options.method().key());
			row.put("rule", options.rule().key());
		}

		boolean failed() {
			return FolderBatch.ERROR.equals(row.get(FolderBatch.STATUS));
		}

		void fail(final MedXaiException e) {
			row.put(FolderBatch.STATUS, FolderBatch.ERROR);
			row.put(FolderBatch.MESSAGE, e.getMessage());
		}
	}

	@Override
	public List<FolderBatch.Result> process(final List<FolderBatch.Item> items, final ProgressListener progress) {
		final List<Work> work = items.stream().map(item -> new Work(item, options)).toList();
		// reading and converting, then writing, spread over the cores; the network passes in one batch between them
		parallel(work, this::prepare);
		final List<Work> ready = work.stream().filter(w -> !w.failed()).toList();
		if (!ready.isEmpty()) {
			try {
				final List<CamResult> results = segmenter.explain(ready.stream().map(w -> w.input).toList(),
					options.method(), target);
				for (int i = 0; i < ready.size(); i++) ready.get(i).result = results.get(i);
			}
			catch (final MedXaiException e) {
				ready.forEach(w -> w.fail(e));
			}
		}
		parallel(work, this::finish);
		final List<FolderBatch.Result> results = new ArrayList<>();
		for (final Work w : work) results.add(new FolderBatch.Result().add(table, w.row));
		return results;
	}

	private static void parallel(final List<Work> work, final Consumer<Work> step) {
		final List<Work> todo = work.stream().filter(w -> !w.failed()).toList();
		if (todo.size() == 1) step.accept(todo.get(0));
		else todo.parallelStream().forEach(step);
	}

	private void prepare(final Work w) {
		try {
			final List<PixelPlanes> planes = reader.read(w.item.source());
			if (planes.isEmpty()) throw new MedXaiException("the file holds no image");
			final PixelPlanes image = planes.get(0);
			final String tooSmall = ImageFileCheck.tooSmall(image.width(), image.height(), segmenter.inputSpec());
			if (tooSmall != null) throw new MedXaiException(tooSmall);
			// only the size is needed later: the pixels are not kept through the network pass
			w.width = image.width();
			w.height = image.height();
			w.stack = planes.size() > 1;
			w.input = segmenter.tensor(image);
		}
		catch (final MedXaiException e) {
			w.fail(e);
		}
	}

	private void finish(final Work w) {
		try {
			final CamSegmenter.Segmentation s = segmenter.finish(w.width, w.height, w.input, w.result, options.rule(),
				options.cleanup());
			w.result = null;
			write(w.item, s, w.row);
			if (options.faithfulness()) faithfulness(s, w.row);
			final String truncated = ImageFileCheck.truncation(w.item.source());
			if (truncated != null) {
				w.row.put(FolderBatch.STATUS, FolderBatch.WARNING);
				w.row.put(FolderBatch.MESSAGE, truncated);
			}
			else if (w.stack) w.row.put(FolderBatch.MESSAGE, "stack: first image segmented");
		}
		catch (final MedXaiException e) {
			w.fail(e);
		}
	}

	private void write(final FolderBatch.Item item, final CamSegmenter.Segmentation s, final Map<String, String> row) {
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
	}

	private void faithfulness(final CamSegmenter.Segmentation s, final Map<String, String> row) {
		final int explained = s.result().targetClass();
		final Faithfulness.Curves curves = Faithfulness.measure(model, s.input(), s.result().map(), explained, 20);
		final Faithfulness.Road road = Faithfulness.road(model, s.input(), s.result().map(), explained, 2026);
		row.put("deletion_auc", format(curves.deletionAuc()));
		row.put("insertion_auc", format(curves.insertionAuc()));
		row.put("road_morf_auc", format(road.morfAuc()));
		row.put("road_lerf_auc", format(road.lerfAuc()));
	}

	private static String format(final double v) {
		return String.format(Locale.ROOT, "%.6f", v);
	}
}
