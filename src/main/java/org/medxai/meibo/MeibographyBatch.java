package org.medxai.meibo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

	/** {@code lid}: {@code auto}, {@code upper} or {@code lower} (auto reads the side from the file name). */
	public MeibographyBatch(final MeibographyAnalyzer analyzer, final ImageFileReader reader, final String lid,
		final MeiboGrading grading)
	{
		this.analyzer = analyzer;
		this.reader = reader;
		this.lid = lid;
		this.grading = grading;
		LidSide.parse(lid, "");
	}

	@Override
	public FolderBatch.Layout layout() {
		return new FolderBatch.Layout(List.of(IMAGES, GLANDS), List.of(EYELID_SUFFIX, GLANDS_SUFFIX), List.of(), 1);
	}

	@Override
	public List<FolderBatch.Result> process(final List<FolderBatch.Item> items, final ProgressListener progress) {
		final List<FolderBatch.Result> results = new ArrayList<>();
		for (final FolderBatch.Item item : items) {
			final FolderBatch.Result result = new FolderBatch.Result();
			try {
				analyze(item, result);
			}
			catch (final MedXaiException e) {
				result.add(IMAGES, Map.of(FolderBatch.STATUS, FolderBatch.ERROR, FolderBatch.MESSAGE, e.getMessage()));
			}
			results.add(result);
		}
		return results;
	}

	private void analyze(final FolderBatch.Item item, final FolderBatch.Result result) {
		final List<PixelPlanes> planes = reader.read(item.source());
		if (planes.isEmpty()) throw new MedXaiException("the file holds no image");
		final PixelPlanes image = planes.get(0);
		if (Math.min(image.width(), image.height()) < MINIMUM_SIDE) {
			throw new MedXaiException("the image is " + image.width() + " x " + image.height() +
				" pixels; meibography " + "needs at least " + MINIMUM_SIDE + " pixels on each side");
		}
		final MeibographyAnalyzer.Result r = analyzer.analyze(image, LidSide.parse(lid, item.name()), grading);
		try {
			ImageWriting.maskPng(BinaryMasks.toBytes(r.eyelid()), r.width(), r.height(), item.output(EYELID_SUFFIX));
			ImageWriting.maskPng(BinaryMasks.toBytes(r.glands()), r.width(), r.height(), item.output(GLANDS_SUFFIX));
		}
		catch (final IOException e) {
			throw new MedXaiException("cannot write the masks (" + e.getMessage() + ")", e);
		}
		final Map<String, String> row = MeibographyReport.imageValues(r);
		final String truncated = ImageFileCheck.truncation(item.source());
		if (truncated != null) {
			row.put(FolderBatch.STATUS, FolderBatch.WARNING);
			row.put(FolderBatch.MESSAGE, truncated);
		}
		result.add(IMAGES, row);
		for (final GlandMorphometry.Gland g : r.morphometry()) result.add(GLANDS, MeibographyReport.glandValues(g));
	}
}
