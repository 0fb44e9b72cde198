package org.medxai.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.batch.FolderBatch;
import org.medxai.image.ImageFileCheck;
import org.medxai.image.ImageFileReader;
import org.medxai.image.PixelPlanes;

/**
 * The classification folder task: one row per image (every slice of a stack) in {@code classification.csv}; slices of
 * several files share network calls of {@code batchSize}.
 */
public final class ClassificationBatch implements FolderBatch.Task {

	public static final String TABLE = "classification.csv";

	private final ImageClassifier classifier;
	private final ImageFileReader reader;
	private final int batchSize;
	private final FolderBatch.Table table;

	public ClassificationBatch(final ImageClassifier classifier, final ImageFileReader reader, final int batchSize) {
		this.classifier = classifier;
		this.reader = reader;
		this.batchSize = Math.max(1, batchSize);
		final List<String> columns = new ArrayList<>(List.of(FolderBatch.FILE, "slice", FolderBatch.STATUS, "label"));
		for (final String c : classifier.classes()) columns.add("p_" + c);
		columns.add(FolderBatch.MESSAGE);
		this.table = new FolderBatch.Table(TABLE, columns);
	}

	@Override
	public FolderBatch.Layout layout() {
		return new FolderBatch.Layout(List.of(table), List.of(), List.of(), batchSize);
	}

	@Override
	public List<FolderBatch.Result> process(final List<FolderBatch.Item> items, final ProgressListener progress) {
		final List<FolderBatch.Result> results = new ArrayList<>();
		final List<PixelPlanes> pending = new ArrayList<>();
		final List<Map<String, String>> pendingRows = new ArrayList<>();
		// the group's files read on every core, each to its slices or the reason it cannot be read
		final List<Read> read = items.parallelStream().map(item -> {
			try {
				return new Read(read(item.source()), null);
			}
			catch (final MedXaiException e) {
				return new Read(null, e.getMessage());
			}
		}).toList();
		for (int k = 0; k < items.size(); k++) {
			final FolderBatch.Item item = items.get(k);
			final FolderBatch.Result result = new FolderBatch.Result();
			results.add(result);
			if (read.get(k).error() != null) {
				result.add(table,
					Map.of(FolderBatch.STATUS, FolderBatch.ERROR, FolderBatch.MESSAGE, read.get(k).error()));
				continue;
			}
			final List<PixelPlanes> slices = read.get(k).slices();
			final String truncated = ImageFileCheck.truncation(item.source());
			for (int s = 0; s < slices.size(); s++) {
				final Map<String, String> row = new LinkedHashMap<>();
				row.put("slice", Integer.toString(s + 1));
				final PixelPlanes slice = slices.get(s);
				final String tooSmall = ImageFileCheck.tooSmall(slice.width(), slice.height(), classifier.inputSpec());
				if (tooSmall != null) {
					row.put(FolderBatch.STATUS, FolderBatch.ERROR);
					row.put(FolderBatch.MESSAGE, tooSmall);
				}
				else {
					if (truncated != null) {
						row.put(FolderBatch.STATUS, FolderBatch.WARNING);
						row.put(FolderBatch.MESSAGE, truncated);
					}
					pending.add(slice);
					pendingRows.add(row);
				}
				result.add(table, row);
			}
		}
		for (int start = 0; start < pending.size(); start += batchSize) {
			final int end = Math.min(pending.size(), start + batchSize);
			final List<Prediction> predictions = classifier.classify(pending.subList(start, end));
			for (int i = start; i < end; i++) fill(pendingRows.get(i), predictions.get(i - start));
		}
		return results;
	}

	/** A file's slices, or why it could not be read. */
	private record Read(List<PixelPlanes> slices, String error) {}

	private List<PixelPlanes> read(final Path file) {
		final List<PixelPlanes> slices;
		try {
			slices = reader.read(file);
		}
		catch (final OutOfMemoryError e) {
			throw new MedXaiException("not enough memory to read this file");
		}
		if (slices.isEmpty()) throw new MedXaiException("the file holds no image");
		return slices;
	}

	private static void fill(final Map<String, String> row, final Prediction prediction) {
		row.put("label", prediction.label());
		for (int k = 0; k < prediction.classes().size(); k++) {
			row.put("p_" + prediction.classes().get(k), String.format(Locale.ROOT, "%.6f", prediction.probability(k)));
		}
	}
}
