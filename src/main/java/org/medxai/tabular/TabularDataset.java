package org.medxai.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.medxai.MedXaiException;

/**
 * A table turned into numbers for learning. Stated rules (docs/SHAP.md):
 * <ul>
 * <li>Cells that are empty or read {@code ?}, {@code NA}, {@code N/A}, {@code NaN}, {@code null} or {@code .} are
 * missing; so are infinite values ({@code Inf}, {@code -Infinity}, any case, or a number beyond the double range),
 * which are also counted apart.</li>
 * <li>A column is numeric when every present cell is a number, or when nearly every one is (at most
 * {@value #STRAY_PERCENT} % of the present cells, and at least {@value #MIN_CELLS_FOR_STRAYS} present cells; one stray
 * cell is always tolerated then): the stray cells are read as missing and reported. Otherwise it is categorical.</li>
 * <li>Missing numeric features take the column's median; missing categorical features are their own level
 * {@code (missing)}. Categorical features are coded 0..L-1 in sorted level order.</li>
 * <li>A text column with a distinct value in at least {@value #ID_LIKE_PERCENT} % of at least
 * {@value #MIN_ROWS_FOR_ID_LIKE} present cells names rows rather than describing them: it is left out of the features
 * chosen automatically (and only warned about when chosen by name).</li>
 * <li>Rows whose target is missing (or a stray text cell of a numeric target) are left out and counted.</li>
 * <li>The task is classification for a text target or one with at most {@value #MAX_CLASSES_AUTO} distinct whole
 * numbers, regression otherwise, unless chosen.</li>
 * <li>Duplicate and missing IDs are reported.</li>
 * </ul>
 * Every such finding is a {@link TableNote} in {@link #reading()}.
 *
 * @param levels per feature, its categorical levels, or null for a numeric feature
 * @param y regression value, or class index into {@code classes}
 * @param tableRows 1-based data-row number in the source table of each kept row
 * @param missingFeatureCells feature cells read as missing (infinite and stray cells included)
 */
public record TabularDataset(String source, String targetName, Task task, List<String> classes,
	List<String> featureNames, List<List<String>> levels, double[][] x, double[] y, String[] ids, int[] tableRows,
	int rowsWithoutTarget, int missingFeatureCells, Reading reading)
{

	public static final int MAX_CLASSES_AUTO = 10;
	public static final int STRAY_PERCENT = 5;
	public static final int MIN_CELLS_FOR_STRAYS = 10;
	public static final int ID_LIKE_PERCENT = 95;
	public static final int MIN_ROWS_FOR_ID_LIKE = 20;
	public static final String MISSING_LEVEL = "(missing)";
	private static final Set<String> MISSING = Set.of("", "?", "na", "n/a", "nan", "null", ".");
	private static final Set<String> INFINITE = Set.of("inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");

	/**
	 * How the table was read: its format, how the task was chosen, the cells read as missing beyond the plain missing
	 * markers, the columns left out, and every finding as a note.
	 *
	 * @param format e.g. "semicolon-separated, decimal comma"
	 * @param taskRule e.g. "auto: 3 distinct whole numbers (at most 10)"
	 * @param infiniteCells infinite target and feature cells (read as missing)
	 * @param strayCells non-numeric cells of numeric target and feature columns (read as missing)
	 * @param idLikeColumns text columns left out of the features as row names
	 * @param duplicateIds IDs that occur on more than one kept row
	 */
	public record Reading(String format, String taskRule, int infiniteCells, int strayCells, List<String> idLikeColumns,
		int duplicateIds, List<TableNote> notes)
	{

		public long warnings() {
			return notes.stream().filter(n -> n.kind().warning).count();
		}
	}

	public static boolean isMissing(final String cell) {
		return cell == null || MISSING.contains(cell.trim().toLowerCase(Locale.ROOT)) || isInfiniteWord(cell);
	}

	private static boolean isInfiniteWord(final String cell) {
		return INFINITE.contains(cell.trim().toLowerCase(Locale.ROOT));
	}

	/** What one cell holds under the stated rules. */
	private enum Cell {
		MISSING, INFINITE, NUMBER, TEXT
	}

	private static Cell kind(final DelimitedTable table, final String cell) {
		if (cell == null || MISSING.contains(cell.trim().toLowerCase(Locale.ROOT))) return Cell.MISSING;
		if (isInfiniteWord(cell)) return Cell.INFINITE;
		final double v = table.number(cell);
		if (Double.isNaN(v)) return Cell.TEXT;
		return Double.isInfinite(v) ? Cell.INFINITE : Cell.NUMBER;
	}

	/** The cells of one column sorted by what they hold. */
	private record Census(Cell[] kinds, int numbers, int texts, int infinite, List<Integer> textRows,
		List<String> textExamples, List<Integer> infiniteRows)
	{

		static Census of(final DelimitedTable table, final String[] cells, final int[] rowNumbers) {
			final Cell[] kinds = new Cell[cells.length];
			int numbers = 0, texts = 0, infinite = 0;
			final List<Integer> textRows = new ArrayList<>();
			final List<String> textExamples = new ArrayList<>();
			final List<Integer> infiniteRows = new ArrayList<>();
			for (int i = 0; i < cells.length; i++) {
				kinds[i] = kind(table, cells[i]);
				switch (kinds[i]) {
					case NUMBER -> numbers++;
					case TEXT -> {
						if (texts++ < TableNote.ROWS_LISTED) {
							textRows.add(rowNumbers[i]);
							textExamples.add(cells[i].trim());
						}
					}
					case INFINITE -> {
						if (infinite++ < TableNote.ROWS_LISTED) infiniteRows.add(rowNumbers[i]);
					}
					case MISSING -> {
					}
				}
			}
			return new Census(kinds, numbers, texts, infinite, textRows, textExamples, infiniteRows);
		}

		int present() {
			return numbers + texts;
		}

		/** Numbers throughout, or but for a few stray cells. */
		boolean numeric() {
			if (texts == 0) return numbers > 0;
			final int present = present();
			return present >= MIN_CELLS_FOR_STRAYS && texts <= Math.max(1, present * STRAY_PERCENT / 100);
		}

		String strayExamples() {
			final StringBuilder sb = new StringBuilder();
			for (int i = 0; i < textRows.size(); i++)
				sb.append(i == 0 ? "" : ", ").append('\'').append(textExamples.get(i)).append("' on row ")
					.append(textRows.get(i));
			return sb.append(texts > textRows.size() ? ", …" : "").toString();
		}
	}

	/**
	 * @param features feature columns; empty means every column but the target, the ID column and text columns that
	 *     name rows
	 * @param idColumn column linking rows to images, or null/empty for row numbers
	 * @param task null to detect it
	 */
	public static TabularDataset of(final DelimitedTable table, final String target, final List<String> features,
		final String idColumn, final Task task)
	{
		if (target == null || target.isBlank())
			throw new MedXaiException("Choose the target column of " + table.source() + " (one of: " +
				String.join(", ", table.columns()) + ").");
		final int targetIndex = table.columnIndex(target.trim());
		final String targetName = table.columns().get(targetIndex);
		final boolean hasId = idColumn != null && !idColumn.isBlank();
		final int idIndex = hasId ? table.columnIndex(idColumn.trim()) : -1;
		if (idIndex == targetIndex)
			throw new MedXaiException(
				"The ID column and the target column are both '" + target + "'; choose different columns.");
		final boolean automaticFeatures = features == null || features.isEmpty();
		final List<Integer> featureIndices = new ArrayList<>();
		if (automaticFeatures) {
			for (int c = 0; c < table.columns().size(); c++)
				if (c != targetIndex && c != idIndex) featureIndices.add(c);
		}
		else for (final String name : features) {
			final int c = table.columnIndex(name.trim());
			if (c == targetIndex)
				throw new MedXaiException("The target column '" + target + "' cannot also be a feature.");
			if (c == idIndex) throw new MedXaiException("The ID column '" + idColumn + "' cannot also be a feature.");
			if (!featureIndices.contains(c)) featureIndices.add(c);
		}
		if (featureIndices.isEmpty())
			throw new MedXaiException("The table " + table.source() + " has no feature columns besides the target" +
				(hasId ? " and the ID." : "."));
		final List<TableNote> notes = new ArrayList<>();
		if (table.decimalComma())
			notes.add(TableNote.of(TableNote.Kind.FORMAT,
				"The table " + table.source() + " is read as " + table.format() + " (e.g. 1,5 is one and a half)."));

		// the target: which cells hold a value, and whether those values are numbers
		final int allRows = table.rows().size();
		final String[] allTargets = new String[allRows];
		final int[] allRowNumbers = new int[allRows];
		for (int r = 0; r < allRows; r++) {
			allTargets[r] = table.rows().get(r)[targetIndex];
			allRowNumbers[r] = r + 1;
		}
		final Census targetCensus = Census.of(table, allTargets, allRowNumbers);
		// a chosen classification takes stray text as labels; otherwise a few of them are read as missing
		final boolean numericTarget = targetCensus.texts() == 0 ||
			task != Task.CLASSIFICATION && targetCensus.numeric();
		if (targetCensus.infinite() > 0)
			notes.add(new TableNote(TableNote.Kind.INFINITE_VALUES, targetName, targetCensus.infinite(),
				targetCensus.infiniteRows(),
				"Target '" + targetName + "': " + count(targetCensus.infinite(), "infinite value") +
					" read as missing; " + (targetCensus.infinite() == 1 ? "its row is" : "their rows are") +
					" left out (" + TableNote.rowList(targetCensus.infiniteRows(), targetCensus.infinite()) + ")."));
		if (numericTarget && targetCensus.texts() > 0)
			notes.add(
				new TableNote(TableNote.Kind.NOT_NUMBERS, targetName, targetCensus.texts(), targetCensus.textRows(),
					"Target '" + targetName + "' holds numbers but " + count(targetCensus.texts(), "cell") + " that " +
						(targetCensus.texts() == 1 ? "is" : "are") + " not (" + targetCensus.strayExamples() +
						"): read as missing, " + (targetCensus.texts() == 1 ? "its row is" : "their rows are") +
						" left out."));
		final List<String[]> kept = new ArrayList<>();
		final List<Integer> keptRows = new ArrayList<>();
		for (int r = 0; r < allRows; r++) {
			final Cell k = targetCensus.kinds()[r];
			if (k == Cell.NUMBER || k == Cell.TEXT && !numericTarget) {
				kept.add(table.rows().get(r));
				keptRows.add(r + 1);
			}
		}
		if (kept.size() < 2)
			throw new MedXaiException("The target column '" + target + "' of " + table.source() +
				" has fewer than two values present; nothing to learn from.");
		final int[] rowNumbers = keptRows.stream().mapToInt(Integer::intValue).toArray();

		final String[] targetCells = kept.stream().map(row -> row[targetIndex].trim()).toArray(String[]::new);
		final String taskRule;
		final Task chosen;
		if (task != null) {
			chosen = task;
			taskRule = "chosen";
		}
		else if (!numericTarget) {
			chosen = Task.CLASSIFICATION;
			taskRule = "auto: the target holds text labels";
		}
		else {
			final double[] values = Arrays.stream(targetCells).mapToDouble(table::number).toArray();
			final String nonWhole = Arrays.stream(targetCells)
				.filter(c -> table.number(c) != Math.rint(table.number(c))).findFirst().orElse(null);
			final long distinct = Arrays.stream(values).distinct().count();
			if (nonWhole != null) {
				chosen = Task.REGRESSION;
				taskRule = "auto: numbers with a fraction, e.g. " + nonWhole;
			}
			else if (distinct > MAX_CLASSES_AUTO) {
				chosen = Task.REGRESSION;
				taskRule = "auto: " + distinct + " distinct whole numbers (classification needs at most " +
					MAX_CLASSES_AUTO + ")";
			}
			else {
				chosen = Task.CLASSIFICATION;
				taskRule = "auto: " + distinct + " distinct whole numbers (at most " + MAX_CLASSES_AUTO + ")";
			}
		}
		final double[] y = new double[kept.size()];
		List<String> classes = List.of();
		if (chosen == Task.REGRESSION) {
			if (!numericTarget)
				throw new MedXaiException("The target column '" + target +
					"' holds text, so it cannot be a regression target; choose classification.");
			for (int i = 0; i < y.length; i++) y[i] = table.number(targetCells[i]);
		}
		else {
			classes = sortedLevels(table, targetCells, numericTarget);
			if (classes.size() < 2)
				throw new MedXaiException("The target column '" + target + "' has a single class ('" + classes.get(0) +
					"'); a classifier needs at least two.");
			final Map<String, Integer> index = new LinkedHashMap<>();
			for (final String c : classes) index.put(c, index.size());
			final int[] sizes = new int[classes.size()];
			for (int i = 0; i < y.length; i++) {
				y[i] = index.get(canonical(table, targetCells[i], numericTarget));
				sizes[(int) y[i]]++;
			}
			if (classes.size() > MAX_CLASSES_AUTO)
				notes.add(new TableNote(TableNote.Kind.MANY_CLASSES, targetName, classes.size(), List.of(),
					"Target '" + targetName + "': classification with " + classes.size() +
						" classes (the smallest has " + Arrays.stream(sizes).min().orElse(0) +
						" rows); if it is a measurement, " + "choose the regression task."));
		}
		notes.add(new TableNote(TableNote.Kind.TASK, targetName, classes.size(), List.of(),
			"Task: " + chosen.name().toLowerCase(Locale.ROOT) +
				(chosen == Task.CLASSIFICATION ? " (" + classes.size() + " classes)" : "") + " of '" + targetName +
				"' (" + taskRule + ")."));

		final int n = kept.size();
		final List<double[]> columns = new ArrayList<>();
		final List<String> names = new ArrayList<>();
		final List<List<String>> levels = new ArrayList<>();
		final List<String> idLike = new ArrayList<>();
		int missingCells = 0;
		int infiniteCells = targetCensus.infinite();
		int strayCells = numericTarget ? targetCensus.texts() : 0;
		for (final int c : featureIndices) {
			final String name = table.columns().get(c);
			final String[] cells = kept.stream().map(row -> row[c]).toArray(String[]::new);
			final Census census = Census.of(table, cells, rowNumbers);
			if (census.present() == 0)
				throw new MedXaiException("The feature column '" + name + "' of " + table.source() + " has no values" +
					(census.infinite() > 0 ? " (only infinite or missing cells)" : "") +
					"; leave it out of the features.");
			final double[] column = new double[n];
			if (census.numeric()) {
				final double median = median(IntStream.range(0, n).filter(i -> census.kinds()[i] == Cell.NUMBER)
					.mapToDouble(i -> table.number(cells[i])).toArray());
				for (int i = 0; i < n; i++) {
					if (census.kinds()[i] == Cell.NUMBER) column[i] = table.number(cells[i]);
					else {
						column[i] = median;
						missingCells++;
					}
				}
				if (census.texts() > 0) {
					strayCells += census.texts();
					notes.add(new TableNote(TableNote.Kind.NOT_NUMBERS, name, census.texts(), census.textRows(),
						"Column '" + name + "' holds numbers but " + count(census.texts(), "cell") + " that " +
							(census.texts() == 1 ? "is" : "are") + " not (" + census.strayExamples() +
							"): read as missing."));
				}
				levels.add(null);
			}
			else {
				final String[] present = IntStream.range(0, n)
					.filter(i -> census.kinds()[i] == Cell.NUMBER || census.kinds()[i] == Cell.TEXT)
					.mapToObj(i -> cells[i].trim()).toArray(String[]::new);
				final List<String> columnLevels = new ArrayList<>(sortedLevels(table, present, false));
				final boolean rowNames = present.length >= MIN_ROWS_FOR_ID_LIKE &&
					columnLevels.size() * 100L >= (long) ID_LIKE_PERCENT * present.length;
				if (rowNames) {
					final String share = String.format(Locale.ROOT, "%d distinct values in %d rows",
						columnLevels.size(), present.length);
					if (automaticFeatures) {
						idLike.add(name);
						notes.add(new TableNote(TableNote.Kind.ID_LIKE_COLUMN, name, columnLevels.size(), List.of(),
							"Column '" + name + "' is text with a distinct value in nearly every row (" + share +
								"): treated as an ID, " + "not a feature."));
						continue;
					}
					notes.add(new TableNote(TableNote.Kind.ID_LIKE_COLUMN, name, columnLevels.size(), List.of(),
						"Column '" + name + "' is text with a distinct value in nearly every row (" + share +
							"); chosen as a feature, " + "it names rows rather than describing them."));
				}
				if (census.present() < n) columnLevels.add(MISSING_LEVEL);
				final Map<String, Integer> code = new HashMap<>();
				for (final String level : columnLevels) code.put(level, code.size());
				for (int i = 0; i < n; i++) {
					final boolean missing = census.kinds()[i] == Cell.MISSING || census.kinds()[i] == Cell.INFINITE;
					if (missing) missingCells++;
					column[i] = code.get(missing ? MISSING_LEVEL : cells[i].trim());
				}
				levels.add(List.copyOf(columnLevels));
			}
			if (census.infinite() > 0) {
				infiniteCells += census.infinite();
				notes.add(new TableNote(TableNote.Kind.INFINITE_VALUES, name, census.infinite(), census.infiniteRows(),
					"Column '" + name + "': " + count(census.infinite(), "infinite value") + " read as missing (" +
						TableNote.rowList(census.infiniteRows(), census.infinite()) + ")."));
			}
			names.add(name);
			columns.add(column);
		}
		if (names.isEmpty())
			throw new MedXaiException(
				"The table " + table.source() + " has no feature columns left: " + String.join(", ", idLike) +
					" name rows (a distinct text in nearly every row). Choose the features by name.");
		final double[][] x = new double[n][names.size()];
		for (int f = 0; f < names.size(); f++) for (int i = 0; i < n; i++) x[i][f] = columns.get(f)[i];

		final String[] ids = new String[n];
		for (int i = 0; i < n; i++) ids[i] = hasId ? kept.get(i)[idIndex].trim() : String.valueOf(rowNumbers[i]);
		final int duplicates = hasId ? noteIdProblems(table.columns().get(idIndex), ids, rowNumbers, notes) : 0;
		final Reading reading = new Reading(table.format(), taskRule, infiniteCells, strayCells, List.copyOf(idLike),
			duplicates, List.copyOf(notes));
		return new TabularDataset(table.source(), targetName, chosen, classes, List.copyOf(names),
			Collections.unmodifiableList(levels), x, y, ids, rowNumbers, allRows - n, missingCells, reading);
	}

	/** Notes IDs that occur on several rows and rows without an ID; returns how many IDs repeat. */
	private static int noteIdProblems(final String idName, final String[] ids, final int[] rowNumbers,
		final List<TableNote> notes)
	{
		final Map<String, List<Integer>> rowsById = new LinkedHashMap<>();
		final List<Integer> withoutId = new ArrayList<>();
		for (int i = 0; i < ids.length; i++) {
			if (isMissing(ids[i])) withoutId.add(rowNumbers[i]);
			else rowsById.computeIfAbsent(ids[i], k -> new ArrayList<>()).add(rowNumbers[i]);
		}
		final List<String> examples = new ArrayList<>();
		final List<Integer> firstRows = new ArrayList<>();
		int duplicates = 0;
		for (final Map.Entry<String, List<Integer>> e : rowsById.entrySet()) {
			if (e.getValue().size() < 2) continue;
			if (duplicates++ < 3) examples.add("'" + e.getKey() + "' on " + TableNote.rowList(e.getValue(), 0));
			if (firstRows.size() < TableNote.ROWS_LISTED) firstRows.add(e.getValue().get(0));
		}
		if (duplicates > 0)
			notes.add(new TableNote(TableNote.Kind.DUPLICATE_IDS, idName, duplicates, firstRows,
				"ID column '" + idName + "': " + count(duplicates, "ID") + " on more than one row (" +
					String.join("; ", examples) + (duplicates > examples.size() ? "; …" : "") +
					"); each row is explained, but they link to the same images."));
		if (!withoutId.isEmpty())
			notes.add(new TableNote(TableNote.Kind.MISSING_IDS, idName, withoutId.size(), withoutId,
				"ID column '" + idName + "': " + count(withoutId.size(), "row") + " without an ID (" +
					TableNote.rowList(withoutId, withoutId.size()) + "); they link to no image."));
		return duplicates;
	}

	private static String count(final int n, final String noun) {
		return n + " " + noun + (n == 1 ? "" : "s");
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
		return value == Math.rint(value) && Math.abs(value) < 1e15
			? String.valueOf((long) value)
			: String.format(Locale.ROOT, "%.4g", value);
	}

	public int rowOfId(final String id) {
		for (int i = 0; i < ids.length; i++) if (ids[i].equals(id)) return i;
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
		return new TabularDataset(source, targetName, task, classes, featureNames, levels, sx, sy, sids, srows, 0, 0,
			reading);
	}

	/** Class index of each row (classification only). */
	public int[] classIndices() {
		return Arrays.stream(y).mapToInt(v -> (int) v).toArray();
	}

	private static String canonical(final DelimitedTable table, final String cell, final boolean numeric) {
		if (!numeric) return cell.trim();
		final double v = table.number(cell);
		return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
	}

	private static List<String> sortedLevels(final DelimitedTable table, final String[] cells, final boolean numeric) {
		final Set<String> set = new TreeSet<>(
			numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
		for (final String cell : cells) set.add(canonical(table, cell, numeric));
		return List.copyOf(set);
	}

	private static double median(final double[] values) {
		final double[] sorted = values.clone();
		Arrays.sort(sorted);
		final int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
	}
}
