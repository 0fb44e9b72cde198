package org.medxai.tabular;

import java.util.List;
import java.util.Locale;

/**
 * One finding about how a table was read that changes or may change its meaning: the format detected, the task chosen,
 * cells read as missing, columns left out, duplicate IDs, rows sampled for SHAP. The commands log these once, write
 * them to {@code table_notes.csv}, and the explorer lists them.
 *
 * @param column the column concerned, or "" for the whole table
 * @param count how many cells, rows or IDs the note is about (0 when it is not a count)
 * @param rows the first few data-row numbers concerned (1-based, as in {@code shap_values.csv})
 */
public record TableNote(Kind kind, String column, int count, List<Integer> rows, String message) {

	/** How many row numbers a note lists. */
	public static final int ROWS_LISTED = 5;

	public enum Kind {

		FORMAT(false), TASK(false), INFINITE_VALUES(true), NOT_NUMBERS(true), ID_LIKE_COLUMN(true), DUPLICATE_IDS(
			true), MISSING_IDS(true), MANY_CLASSES(true), SAMPLED_ROWS(false);

		public final boolean warning;

		Kind(final boolean warning) {
			this.warning = warning;
		}

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public TableNote {
		rows = List.copyOf(rows.subList(0, Math.min(ROWS_LISTED, rows.size())));
	}

	public static TableNote of(final Kind kind, final String message) {
		return new TableNote(kind, "", 0, List.of(), message);
	}

	public String severity() {
		return kind.warning ? "warning" : "info";
	}

	/** The note as one log line, e.g. "warning: column 'age': ...". */
	public String line() {
		return severity() + ": " + message;
	}

	/** "rows 3, 8, 12, …" for the rows listed (the ellipsis when there are more). */
	static String rowList(final List<Integer> rows, final int count) {
		final StringBuilder sb = new StringBuilder(rows.size() == 1 ? "row " : "rows ");
		for (int i = 0; i < rows.size(); i++) sb.append(i == 0 ? "" : ", ").append(rows.get(i));
		if (count > rows.size()) sb.append(", …");
		return sb.toString();
	}
}
