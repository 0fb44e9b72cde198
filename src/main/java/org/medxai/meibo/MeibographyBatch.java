package org.medxai.meibo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.batch.FolderBatch;
import org.medxai.image.ImageFileCheck;
import org.medxai.image.ImageFileReader;
import org.medxai.image.ImageWriting;
import org.medxai.image.PixelPlanes;

/**
 * The meibography folder task: per image NAME the 0/255 masks {@code NAME_eyelid.png} and {@code NAME_glands.png}, a
 * row in {@code meibography.csv} and one row per gland in {@code glands.csv}.
 */
public final class MeibographyBatch implements FolderBatch.Task {

	public static final FolderBatch.Table IMAGES = new FolderBatch.Table("meibography.csv",
		MeibographyReport.IMAGE_COLUMNS);
	public static final FolderBatch.Table GLANDS = new FolderBatch.Table("glands.csv", MeibographyReport.GLAND_COLUMNS);
	public static final String EYELID_SUFFIX = "_eyelid.png";
	public static final String GLANDS_SUFFIX = "_glands.png";
	/** Smallest side analysed: below it the eyelid and glands are a few pixels wide. */
	public static final int MINIMUM_SIDE = 64;

	private final MeibographyAnalyzer analyzer;
	private final ImageFileReader reader;
	private final String lid;
	private final MeiboGrading grading;
	private final int filesPerGroup;

	/** {@code lid}: {@code auto}, {@code upper} or {@code lower} (auto reads the side from the file name). */
	public MeibographyBatch(final MeibographyAnalyzer analyzer, final ImageFileReader reader, final String lid,
		final MeiboGrading grading)
	{
		this(analyzer, reader, lid, grading, GROUP);
	}

	MeibographyBatch(final MeibographyAnalyzer analyzer, final ImageFileReader reader, final String lid,
		final MeiboGrading grading, final int filesPerGroup)
	{
		this.analyzer = analyzer;
		this.reader = reader;
		this.lid = lid;
		this.grading = grading;
		this.filesPerGroup = filesPerGroup;
		LidSide.parse(lid, "");
	}

	/**
	 * Files handled together: read and converted on every core, one network pass for the group, then masks, measures
	 * and files on every core again.
	 */
	static final int GROUP = 4;

	@Override
	public FolderBatch.Layout layout() {
		return new FolderBatch.Layout(List.of(IMAGES, GLANDS), List.of(EYELID_SUFFIX, GLANDS_SUFFIX), List.of(),
			filesPerGroup);
	}

	/** One file on its way: read and converted, then through the network, then measured and written; or why not. */
	private static final class Work {

		final FolderBatch.Item item;
		final FolderBatch.Result result = new FolderBatch.Result();
		int width;
		int height;
		float[] input;
		float[][] networkMaps;
		String error;

		Work(final FolderBatch.Item item) {
			this.item = item;
		}
	}

	@Override
	public List<FolderBatch.Result> process(final List<FolderBatch.Item> items, final ProgressListener progress) {
		final List<Work> work = items.stream().map(Work::new).toList();
		parallel(work, this::prepare);
		final List<Work> ready = work.stream().filter(w -> w.error == null).toList();
		if (!ready.isEmpty()) {
			try {
				final List<float[][]> maps = analyzer.networkMaps(ready.stream().map(w -> w.input).toList());
				for (int i = 0; i < ready.size(); i++) {
					ready.get(i).networkMaps = maps.get(i);
					ready.get(i).input = null;
				}
			}
			catch (final MedXaiException e) {
				ready.forEach(w -> w.error = e.getMessage());
			}
		}
		parallel(work, this::finish);
		final List<FolderBatch.Result> results = new ArrayList<>();
		for (final Work w : work) {
			if (w.error != null)
				w.result.add(IMAGES, Map.of(FolderBatch.STATUS, FolderBatch.ERROR, FolderBatch.MESSAGE, w.error));
			results.add(w.result);
		}
		return results;
	}

	private static void parallel(final List<Work> work, final Consumer<Work> step) {
		final List<Work> todo = work.stream().filter(w -> w.error == null).toList();
		if (todo.size() == 1) step.accept(todo.get(0));
		else todo.parallelStream().forEach(step);
	}

	private void prepare(final Work w) {
		try {
			final List<PixelPlanes> planes = reader.read(w.item.source());
			if (planes.isEmpty()) throw new MedXaiException("the file holds no image");
			final PixelPlanes image = planes.get(0);
			if (Math.min(image.width(), image.height()) < MINIMUM_SIDE) {
				throw new MedXaiException("the image is " + image.width() + " x " + image.height() +
					" pixels; meibography " + "needs at least " + MINIMUM_SIDE + " pixels on each side");
			}
			// only the size is needed later: the pixels are not kept through the network pass
			w.width = image.width();
			w.height = image.height();
			w.input = analyzer.input(image);
		}
		catch (final MedXaiException e) {
			w.error = e.getMessage();
		}
	}

	private void finish(final Work w) {
		try {
			final MeibographyAnalyzer.Result r = analyzer.analyze(
				analyzer.atImageSize(w.networkMaps, w.width, w.height), w.width, w.height,
				LidSide.parse(lid, w.item.name()), grading);
			w.networkMaps = null;
			try {
				ImageWriting.maskPng(BinaryMasks.toBytes(r.eyelid()), r.width(), r.height(),
					w.item.output(EYELID_SUFFIX));
				ImageWriting.maskPng(BinaryMasks.toBytes(r.glands()), r.width(), r.height(),
					w.item.output(GLANDS_SUFFIX));
			}
			catch (final IOException e) {
				throw new MedXaiException("cannot write the masks (" + e.getMessage() + ")", e);
			}
			final Map<String, String> row = MeibographyReport.imageValues(r);
			final String truncated = ImageFileCheck.truncation(w.item.source());
			if (truncated != null) {
				row.put(FolderBatch.STATUS, FolderBatch.WARNING);
				row.put(FolderBatch.MESSAGE, truncated);
			}
			w.result.add(IMAGES, row);
			for (final GlandMorphometry.Gland g : r.morphometry())
				w.result.add(GLANDS, MeibographyReport.glandValues(g));
		}
		catch (final MedXaiException e) {
			w.error = e.getMessage();
		}
	}
}
