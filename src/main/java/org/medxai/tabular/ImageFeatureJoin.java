package org.medxai.tabular;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.medxai.MedXaiException;
import org.medxai.io.CsvWriter;

/**
 * Joins image-derived features that MedXAI wrote per image (segmentation.csv: polyp probability, mask area;
 * meibography.csv: gland ratio, meiboscore; classification CSVs) to a clinical table by ID: a table row takes the
 * values of the image row whose file name matches the row's ID under an {@link ImageLinkPattern}. Joined columns are
 * prefixed {@code image_}; rows without a matching image (or whose image failed) get missing cells, counted in the
 * report, so the SHAP explorer's missing-value rule applies. IDs that occur on several rows are reported (each of those
 * rows takes the same image's values). Numbers written with decimal commas are written with decimal points, as the
 * joined file is comma-separated.
 */
public final class ImageFeatureJoin {

	/** Bookkeeping columns of MedXAI's per-image CSVs, not features. */
	public static final Set<String> NOT_FEATURES = Set.of("file", "status", "message", "method", "rule", "name",
		"slice");
	public static final String PREFIX = "image_";

	/** @param duplicateIds IDs that occur on more than one row of the table, in table order */
	public record Report(DelimitedTable joined, List<String> addedColumns, int matched, int unmatched, int ambiguous,
		List<String> unmatchedIds, List<String> duplicateIds)
	{}

	private ImageFeatureJoin() {}

	public static Report join(final DelimitedTable clinical, final String idColumn, final DelimitedTable images,
		final ImageLinkPattern pattern)
	{
		final DelimitedTable table = clinical.withDecimalPoints();
		final int id = table.columnIndex(idColumn);
		final Map<String, Integer> occurrences = new LinkedHashMap<>();
		for (final String[] row : table.rows())
			if (!TabularDataset.isMissing(row[id])) occurrences.merge(row[id].trim(), 1, Integer::sum);
		final List<String> duplicates = occurrences.entrySet().stream().filter(e -> e.getValue() > 1)
			.map(Map.Entry::getKey).toList();
		if (!images.columns().contains("file"))
			throw new MedXaiException("The image feature table " + images.source() +
				" has no 'file' column; use a CSV written by a MedXAI batch command (e.g. segmentation.csv).");
		final int file = images.columnIndex("file");
		final int status = images.columns().indexOf("status");
		final List<Integer> featureColumns = new ArrayList<>();
		final List<String> added = new ArrayList<>();
		for (int c = 0; c < images.columns().size(); c++) {
			final String name = images.columns().get(c);
			if (NOT_FEATURES.contains(name)) continue;
			final String joinedName = PREFIX + name;
			if (table.columns().contains(joinedName))
				throw new MedXaiException(
					"The table already has a column '" + joinedName + "'; join into a copy without it.");
			featureColumns.add(c);
			added.add(joinedName);
		}
		if (added.isEmpty())
			throw new MedXaiException(
				"The image feature table " + images.source() + " has no feature columns besides " + NOT_FEATURES + ".");
		final List<String> columns = new ArrayList<>(table.columns());
		columns.addAll(added);
		final List<String[]> rows = new ArrayList<>();
		int matched = 0, unmatched = 0, ambiguous = 0;
		final List<String> missing = new ArrayList<>();
		for (final String[] row : table.rows()) {
			final String key = row[id].trim();
			final List<String[]> hits = new ArrayList<>();
			if (!TabularDataset.isMissing(key)) for (final String[] image : images.rows()) {
				final String name = Path.of(image[file].trim()).getFileName().toString();
				final boolean ok = status < 0 || "ok".equalsIgnoreCase(image[status].trim());
				if (ok && pattern.matches(name, key)) hits.add(image);
			}
			hits.sort((a, b) -> a[file].compareTo(b[file]));
			final String[] out = Arrays.copyOf(row, columns.size());
			if (hits.isEmpty()) {
				unmatched++;
				missing.add(key);
				for (int k = 0; k < added.size(); k++) out[row.length + k] = "";
			}
			else {
				matched++;
				if (hits.size() > 1) ambiguous++;
				for (int k = 0; k < added.size(); k++) out[row.length + k] = hits.get(0)[featureColumns.get(k)];
			}
			rows.add(out);
		}
		return new Report(new DelimitedTable(table.source(), List.copyOf(columns), List.copyOf(rows)),
			List.copyOf(added), matched, unmatched, ambiguous, List.copyOf(missing), duplicates);
	}

	public static void write(final DelimitedTable table, final Path file) {
		try (CsvWriter csv = new CsvWriter(file)) {
			csv.row(table.columns());
			for (final String[] row : table.rows()) csv.row(List.of(row));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write " + file + ": " + e.getMessage(), e);
		}
	}
}
