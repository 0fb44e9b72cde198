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
 * report, so the SHAP explorer's missing-value rule applies. A row whose ID matches several files (a patient's videos,
 * one per probe position) takes the first by name or, under {@link Several}, their mean and/or maximum, with their
 * count. IDs that occur on several rows are reported (each of those rows takes the same image's values). Numbers
 * written with decimal commas are written with decimal points, as the joined file is comma-separated.
 */
public final class ImageFeatureJoin {

	/** Bookkeeping columns of MedXAI's per-image CSVs, not features. */
	public static final Set<String> NOT_FEATURES = Set.of("file", "status", "message", "method", "rule", "name",
		"slice");
	public static final String PREFIX = "image_";

	/**
	 * What a row whose ID matches several files takes: numbers are aggregated, a text column takes its most frequent
	 * value (ties: first by file name), and all but {@link #FIRST} add {@code image_count}, the number of files.
	 */
	public enum Several {

		FIRST("first", "the first file by name"), MEAN("mean", "the mean over the files"), MAX("max",
			"the maximum over the files"), MEAN_AND_MAX("mean_and_max",
				"the mean (_mean) and the maximum (_max) over the files");

		public final String key;
		public final String description;

		Several(final String key, final String description) {
			this.key = key;
			this.description = description;
		}

		public static Several of(final String key) {
			for (final Several s : values()) if (s.key.equalsIgnoreCase(key.trim())) return s;
			throw new MedXaiException("Several matches '" + key + "' is not one of " +
				String.join(", ", Arrays.stream(values()).map(s -> s.key).toList()) + ".");
		}
	}

	/**
	 * @param ambiguous rows whose ID matched several files
	 * @param duplicateIds IDs that occur on more than one row of the table, in table order
	 */
	public record Report(DelimitedTable joined, List<String> addedColumns, int matched, int unmatched, int ambiguous,
		List<String> unmatchedIds, List<String> duplicateIds)
	{}

	private ImageFeatureJoin() {}

	public static Report join(final DelimitedTable clinical, final String idColumn, final DelimitedTable images,
		final ImageLinkPattern pattern)
	{
		return join(clinical, idColumn, images, pattern, Several.FIRST);
	}

	public static Report join(final DelimitedTable clinical, final String idColumn, final DelimitedTable images,
		final ImageLinkPattern pattern, final Several several)
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
		for (int c = 0; c < images.columns().size(); c++)
			if (!NOT_FEATURES.contains(images.columns().get(c))) featureColumns.add(c);
		if (featureColumns.isEmpty())
			throw new MedXaiException(
				"The image feature table " + images.source() + " has no feature columns besides " + NOT_FEATURES + ".");
		final List<String[]> usable = images.rows().stream()
			.filter(image -> status < 0 || "ok".equalsIgnoreCase(image[status].trim())).toList();
		final List<Feature> features = new ArrayList<>();
		for (final int c : featureColumns) {
			final String name = PREFIX + images.columns().get(c);
			final boolean numeric = usable.stream().map(image -> image[c]).filter(v -> !TabularDataset.isMissing(v))
				.allMatch(v -> !Double.isNaN(images.number(v)));
			if (several == Several.FIRST) features.add(new Feature(c, name, Take.FIRST));
			else if (!numeric) features.add(new Feature(c, name, Take.MOST_FREQUENT));
			else {
				if (several != Several.MAX)
					features.add(new Feature(c, several == Several.MEAN ? name : name + "_mean", Take.MEAN));
				if (several != Several.MEAN)
					features.add(new Feature(c, several == Several.MAX ? name : name + "_max", Take.MAX));
			}
		}
		final List<String> added = new ArrayList<>(features.stream().map(Feature::name).toList());
		if (several != Several.FIRST) added.add(PREFIX + "count");
		for (final String joinedName : added)
			if (table.columns().contains(joinedName))
				throw new MedXaiException(
					"The table already has a column '" + joinedName + "'; join into a copy without it.");
		final List<String> columns = new ArrayList<>(table.columns());
		columns.addAll(added);
		final List<String[]> rows = new ArrayList<>();
		int matched = 0, unmatched = 0, ambiguous = 0;
		final List<String> missing = new ArrayList<>();
		for (final String[] row : table.rows()) {
			final String key = row[id].trim();
			final List<String[]> hits = new ArrayList<>();
			if (!TabularDataset.isMissing(key))
				for (final String[] image : usable)
					if (pattern.matches(Path.of(image[file].trim()).getFileName().toString(), key)) hits.add(image);
			hits.sort((a, b) -> a[file].compareTo(b[file]));
			final String[] out = Arrays.copyOf(row, columns.size());
			if (hits.isEmpty()) {
				unmatched++;
				missing.add(key);
				for (int k = 0; k < features.size(); k++) out[row.length + k] = "";
				if (several != Several.FIRST) out[row.length + features.size()] = "0";
			}
			else {
				matched++;
				if (hits.size() > 1) ambiguous++;
				for (int k = 0; k < features.size(); k++) out[row.length + k] = features.get(k).value(hits, images);
				if (several != Several.FIRST) out[row.length + features.size()] = Integer.toString(hits.size());
			}
			rows.add(out);
		}
		return new Report(new DelimitedTable(table.source(), List.copyOf(columns), List.copyOf(rows)),
			List.copyOf(added), matched, unmatched, ambiguous, List.copyOf(missing), duplicates);
	}

	private enum Take {
		FIRST, MEAN, MAX, MOST_FREQUENT
	}

	/** One joined column: column {@code column} of the image table, taken from the matched files (sorted by name). */
	private record Feature(int column, String name, Take take) {

		String value(final List<String[]> hits, final DelimitedTable images) {
			if (take == Take.FIRST) return hits.get(0)[column];
			if (take == Take.MOST_FREQUENT) return mostFrequent(hits);
			double sum = 0, max = Double.NEGATIVE_INFINITY;
			int n = 0;
			for (final String[] hit : hits) {
				if (TabularDataset.isMissing(hit[column])) continue;
				final double v = images.number(hit[column]);
				sum += v;
				max = Math.max(max, v);
				n++;
			}
			if (n == 0) return "";
			return Double.toString(take == Take.MEAN ? sum / n : max);
		}

		/** The most frequent non-missing value (ties: the first by file name). */
		private String mostFrequent(final List<String[]> hits) {
			final Map<String, Integer> counts = new LinkedHashMap<>();
			for (final String[] hit : hits)
				if (!TabularDataset.isMissing(hit[column])) counts.merge(hit[column], 1, Integer::sum);
			return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
		}
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
