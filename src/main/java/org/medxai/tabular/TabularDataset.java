package org.medxai.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.medxai.MedXaiException;

/**
 * A table turned into numbers for learning. Stated rules: cells that are empty or read {@code ?},
 * {@code NA}, {@code N/A}, {@code NaN}, {@code null} or {@code .} are missing. A column is numeric when
 * every present cell is a number, else categorical. Missing numeric features take the column's median;
 * missing categorical features are their own level {@code (missing)}. Categorical features are coded
 * 0..L-1 in sorted level order. Rows whose target is missing are left out (and counted). The task is
 * classification for a categorical target or one with at most {@value #MAX_CLASSES_AUTO} distinct whole
 * numbers, regression otherwise, unless chosen.
 *
 * @param levels per feature, its categorical levels, or null for a numeric feature
 * @param y regression value, or class index into {@code classes}
 * @param tableRows 1-based data-row number in the source table of each kept row
 */
public record TabularDataset(String source, String targetName, Task task, List<String> classes,
	List<String> featureNames, List<List<String>> levels, double[][] x, double[] y, String[] ids,
	int[] tableRows, int rowsWithoutTarget, int missingFeatureCells) {

	public static final int MAX_CLASSES_AUTO = 10;
	public static final String MISSING_LEVEL = "(missing)";
	private static final Set<String> MISSING = Set.of("", "?", "na", "n/a", "nan", "null", ".");

	public static boolean isMissing(final String cell) {
		return cell == null || MISSING.contains(cell.trim().toLowerCase(Locale.ROOT));
	}

	/**
	 * @param features feature columns; empty means every column but the target and the ID column
	 * @param idColumn column linking rows to images, or null/empty for row numbers
	 * @param task null to detect it
	 */
	public static TabularDataset of(final DelimitedTable table, final String target, final List<String> features,
		final String idColumn, final Task task)
	{
		if (target == null || target.isBlank()) throw new MedXaiException("Choose the target column of " + table.source() +
			" (one of: " + String.join(", ", table.columns()) + ").");
		final int targetIndex = table.columnIndex(target.trim());
		final boolean hasId = idColumn != null && !idColumn.isBlank();
		final int idIndex = hasId ? table.columnIndex(idColumn.trim()) : -1;
		if (idIndex == targetIndex) throw new MedXaiException("The ID column and the target column are both '" + target +
			"'; choose different columns.");
		final List<Integer> featureIndices = new ArrayList<>();
		if (features == null || features.isEmpty()) {
			for (int c = 0; c < table.columns().size(); c++)
				if (c != targetIndex && c != idIndex) featureIndices.add(c);
		}
		else for (final String name : features) {
			final int c = table.columnIndex(name.trim());
			if (c == targetIndex) throw new MedXaiException("The target column '" + target + "' cannot also be a feature.");
			if (c == idIndex) throw new MedXaiException("The ID column '" + idColumn + "' cannot also be a feature.");
			if (!featureIndices.contains(c)) featureIndices.add(c);
		}
		if (featureIndices.isEmpty()) throw new MedXaiException("The table " + table.source() +
			" has no feature columns besides the target" + (hasId ? " and the ID." : "."));

		final List<String[]> kept = new ArrayList<>();
		final List<Integer> keptRows = new ArrayList<>();
		for (int r = 0; r < table.rows().size(); r++) {
			if (!isMissing(table.rows().get(r)[targetIndex])) {
				kept.add(table.rows().get(r));
				keptRows.add(r + 1);
			}
		}
		if (kept.size() < 2) throw new MedXaiException("The target column '" + target + "' of " + table.source() +
			" has fewer than two values present; nothing to learn from.");

		final String[] targetCells = kept.stream().map(row -> row[targetIndex].trim()).toArray(String[]::new);
		final boolean numericTarget = allNumeric(targetCells);
		final Task chosen = task != null ? task : detectTask(targetCells, numericTarget);
		final double[] y = new double[kept.size()];
		List<String> classes = List.of();
		if (chosen == Task.REGRESSION) {
			if (!numericTarget) throw new MedXaiException("The target column '" + target +
				"' holds text, so it cannot be a regression target; choose classification.");
			for (int i = 0; i < y.length; i++) y[i] = Double.parseDouble(targetCells[i]);
		}
		else {
			classes = sortedLevels(targetCells, numericTarget);
			if (classes.size() < 2) throw new MedXaiException("The target column '" + target +
				"' has a single class ('" + classes.get(0) + "'); a classifier needs at least two.");
			final Map<String, Integer> index = new LinkedHashMap<>();
			for (final String c : classes) index.put(c, index.size());
			for (int i = 0; i < y.length; i++) y[i] = index.get(canonical(targetCells[i], numericTarget));
		}

		final int m = featureIndices.size();
		final double[][] x = new double[kept.size()][m];
		final List<String> names = new ArrayList<>();
		final List<List<String>> levels = new ArrayList<>();
		int missingCells = 0;
		for (int f = 0; f < m; f++) {
			final int c = featureIndices.get(f);
			names.add(table.columns().get(c));
			final String[] cells = kept.stream().map(row -> row[c]).toArray(String[]::new);
			final String[] present = Arrays.stream(cells).filter(s -> !isMissing(s)).toArray(String[]::new);
			if (present.length == 0) throw new MedXaiException("The feature column '" + table.columns().get(c) +
				"' of " + table.source() + " has no values; leave it out of the features.");
			if (allNumeric(present)) {
				levels.add(null);
				final double median = median(Arrays.stream(present).mapToDouble(Double::parseDouble).toArray());
				for (int i = 0; i < cells.length; i++) {
					if (isMissing(cells[i])) {
						x[i][f] = median;
						missingCells++;
					}
					else x[i][f] = Double.parseDouble(cells[i].trim());
				}
			}
			else {
				final List<String> columnLevels = new ArrayList<>(sortedLevels(present, false));
				boolean anyMissing = false;
				for (final String cell : cells) anyMissing |= isMissing(cell);
				if (anyMissing) columnLevels.add(MISSING_LEVEL);
				levels.add(List.copyOf(columnLevels));
				for (int i = 0; i < cells.length; i++) {
					if (isMissing(cells[i])) missingCells++;
					x[i][f] = columnLevels.indexOf(isMissing(cells[i]) ? MISSING_LEVEL : cells[i].trim());
				}
			}
		}
		final String[] ids = new String[kept.size()];
		for (int i = 0; i < ids.length; i++)
			ids[i] = hasId ? kept.get(i)[idIndex].trim() : String.valueOf(keptRows.get(i));
		return new TabularDataset(table.source(), target.trim(), chosen, classes, List.copyOf(names),
			java.util.Collections.unmodifiableList(levels), x, y, ids,
			keptRows.stream().mapToInt(Integer::intValue).toArray(), table.rows().size() - kept.size(), missingCells);
	}

	public int rows() {
		return x.length;
	}

	public int features() {
		return featureNames.size();
	}

	public boolean isCategorical(final int feature) {
		return levels.get(feature) != null;
	}

	/** A feature value as the user wrote it: the level name for categorical features. */
	public String display(final int feature, final double value) {
		if (feature >= 0 && isCategorical(feature)) {
			final int code = (int) Math.round(value);
			final List<String> l = levels.get(feature);
			return code >= 0 && code < l.size() ? l.get(code) : String.valueOf(value);
		}
		return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
			: String.format(Locale.ROOT, "%.4g", value);
	}

	public int rowOfId(final String id) {
		for (int i = 0; i < ids.length; i++)
			if (ids[i].equals(id)) return i;
		return -1;
	}

	/** The rows with the given indices, as a new data set (for cross-validation folds). */
	public TabularDataset subset(final int[] indices) {
		final double[][] sx = new double[indices.length][];
		final double[] sy = new double[indices.length];
		final String[] sids = new String[indices.length];
		final int[] srows = new int[indices.length];
		for (int i = 0; i < indices.length; i++) {
			sx[i] = x[indices[i]];
			sy[i] = y[indices[i]];
			sids[i] = ids[indices[i]];
			srows[i] = tableRows[indices[i]];
		}
		return new TabularDataset(source, targetName, task, classes, featureNames, levels, sx, sy, sids, srows, 0, 0);
	}

	/** Class index of each row (classification only). */
	public int[] classIndices() {
		return Arrays.stream(y).mapToInt(v -> (int) v).toArray();
	}

	static Task detectTask(final String[] targetCells, final boolean numeric) {
		if (!numeric) return Task.CLASSIFICATION;
		final Set<Double> distinct = new TreeSet<>();
		for (final String cell : targetCells) {
			final double v = Double.parseDouble(cell);
			if (v != Math.rint(v)) return Task.REGRESSION;
			distinct.add(v);
			if (distinct.size() > MAX_CLASSES_AUTO) return Task.REGRESSION;
		}
		return Task.CLASSIFICATION;
	}

	private static boolean allNumeric(final String[] cells) {
		for (final String cell : cells) {
			if (isMissing(cell)) continue;
			try {
				final double v = Double.parseDouble(cell.trim());
				if (!Double.isFinite(v)) return false;
			}
			catch (final NumberFormatException e) {
				return false;
			}
		}
		return true;
	}

	private static String canonical(final String cell, final boolean numeric) {
		if (!numeric) return cell.trim();
		final double v = Double.parseDouble(cell.trim());
		return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
	}

	private static List<String> sortedLevels(final String[] cells, final boolean numeric) {
		final Set<String> set = new TreeSet<>(numeric ? Comparator.comparingDouble(Double::parseDouble)
			: Comparator.naturalOrder());
		for (final String cell : cells) set.add(canonical(cell, numeric));
		return List.copyOf(set);
	}

	private static double median(final double[] values) {
		final double[] sorted = values.clone();
		Arrays.sort(sorted);
		final int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
	}
}
