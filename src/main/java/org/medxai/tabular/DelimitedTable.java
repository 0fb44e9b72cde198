package org.medxai.tabular;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.medxai.MedXaiException;

/**
 * A CSV or TSV file as text cells: a header row of column names, then one row per record. The delimiter (comma, tab or
 * semicolon) is the one the header line uses; when it uses several, the one that splits every line into the header's
 * number of fields (several such: refused with both readings). Fields may be quoted with double quotes (a doubled quote
 * inside is one quote, and quoted fields may hold delimiters and line breaks). A tab- or semicolon-separated table
 * whose numbers use decimal commas ({@code 1,5}) is read with decimal commas; one that mixes decimal commas and decimal
 * points is refused.
 *
 * @param delimiter the field separator detected
 * @param decimalComma true when numbers are written with a decimal comma
 */
public record DelimitedTable(String source, List<String> columns, List<String[]> rows, char delimiter,
	boolean decimalComma)
{

	/** A comma-separated table with decimal points (tables built in memory, e.g. a join). */
	public DelimitedTable(final String source, final List<String> columns, final List<String[]> rows) {
		this(source, columns, rows, ',', false);
	}

	public static DelimitedTable read(final Path file) {
		final String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read the table " + file + ": " + e.getMessage(), e);
		}
		return parse(file.getFileName().toString(), text);
	}

	public static DelimitedTable parse(final String source, final String text) {
		String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
		final int firstBreak = body.indexOf('\n');
		final String headerLine = firstBreak < 0 ? body : body.substring(0, firstBreak);
		if (headerLine.isBlank())
			throw new MedXaiException("The table " + source + " is empty: the first line must name the columns.");
		final Map<Character, List<List<String>>> readings = new LinkedHashMap<>();
		final char delimiter = delimiterOf(source, body, headerLine, readings);
		final List<List<String>> records = readings.containsKey(delimiter)
			? readings.get(delimiter)
			: split(source, body, delimiter);
		final List<String> header = records.get(0).stream().map(String::trim).toList();
		final Set<String> seen = new HashSet<>();
		for (int c = 0; c < header.size(); c++) {
			final String name = header.get(c);
			if (name.isEmpty())
				throw new MedXaiException("The table " + source + " has a column without a name (column " + (c + 1) +
					" of the header line).");
			if (!seen.add(name))
				throw new MedXaiException(
					"The table " + source + " names the column '" + name + "' twice; column names must be unique.");
		}
		final List<String[]> rows = new ArrayList<>();
		for (int r = 1; r < records.size(); r++) {
			final List<String> record = records.get(r);
			if (record.size() == 1 && record.get(0).isBlank()) continue; // blank line
			if (record.size() != header.size())
				throw new MedXaiException("The table " + source + " has " + record.size() + " fields on data row " + r +
					" but " + header.size() + " column names in the header (read as " + delimiterName(delimiter) +
					"-separated).");
			rows.add(record.stream().map(String::trim).toArray(String[]::new));
		}
		if (rows.isEmpty()) throw new MedXaiException("The table " + source + " has a header but no data rows.");
		return new DelimitedTable(source, header, List.copyOf(rows), delimiter,
			delimiter != ',' && usesDecimalCommas(source, header, rows));
	}

	/**
	 * The number a cell holds, written with this table's decimal mark ({@code 12}, {@code -1.5e3}, or {@code 1,5} with
	 * decimal commas); NaN when the cell is not a number. Values beyond the double range come back infinite.
	 */
	public double number(final String cell) {
		final String text = cell.trim();
		final char shape = numberShape(text);
		if (shape == 0 || shape == (decimalComma ? '.' : ',')) return Double.NaN;
		return Double.parseDouble(shape == ',' ? text.replace(',', '.') : text);
	}

	/** This table with its numbers written with decimal points, as a comma-separated file writes them. */
	public DelimitedTable withDecimalPoints() {
		if (!decimalComma) return this;
		final List<String[]> converted = new ArrayList<>(rows.size());
		for (final String[] row : rows) {
			final String[] out = row.clone();
			for (int c = 0; c < out.length; c++) if (numberShape(out[c]) == ',') out[c] = out[c].replace(',', '.');
			converted.add(out);
		}
		return new DelimitedTable(source, columns, List.copyOf(converted), delimiter, false);
	}

	/** "comma-separated, decimal point", "semicolon-separated, decimal comma", … */
	public String format() {
		return delimiterName(delimiter) + "-separated, decimal " + (decimalComma ? "comma" : "point");
	}

	static String delimiterName(final char delimiter) {
		return switch (delimiter) {
			case '\t' -> "tab";
			case ';' -> "semicolon";
			default -> "comma";
		};
	}

	public int columnIndex(final String name) {
		final int i = columns.indexOf(name);
		if (i < 0)
			throw new MedXaiException("The table " + source + " has no column '" + name + "'. Its columns are: " +
				String.join(", ", columns) + ".");
		return i;
	}

	/**
	 * The delimiter the header line uses; when it uses several, the one that gives every line the header's number of
	 * fields (the readings tried are left in {@code readings}).
	 */
	static char delimiterOf(final String source, final String body, final String headerLine,
		final Map<Character, List<List<String>>> readings)
	{
		final List<Character> used = new ArrayList<>();
		for (final char candidate : new char[] { '\t', ';', ',' })
			if (countOutsideQuotes(headerLine, candidate) > 0) used.add(candidate);
		if (used.isEmpty()) return ',';
		if (used.size() == 1) return used.get(0);
		final List<Character> consistent = new ArrayList<>();
		for (final char candidate : used) {
			try {
				final List<List<String>> records = split(source, body, candidate);
				readings.put(candidate, records);
				final int fields = records.get(0).size();
				boolean same = true;
				for (final List<String> record : records)
					same &= record.size() == fields || record.size() == 1 && record.get(0).isBlank();
				if (same) consistent.add(candidate);
			}
			catch (final MedXaiException e) {
				// this delimiter does not read the file; another may
			}
		}
		if (consistent.size() == 1) return consistent.get(0);
		if (consistent.size() > 1) {
			final StringBuilder readingsText = new StringBuilder();
			for (final char c : consistent)
				readingsText.append(readingsText.isEmpty() ? "" : " or ").append(delimiterName(c))
					.append("-separated (").append(readings.get(c).get(0).size()).append(" columns)");
			throw new MedXaiException("The table " + source + " reads consistently as " + readingsText +
				"; its delimiter is ambiguous. Save it with one delimiter, or quote the fields that contain the other.");
		}
		// no reading fits every line: the header's most frequent delimiter, so the ragged row is reported
		char best = used.get(0);
		for (final char c : used)
			if (countOutsideQuotes(headerLine, c) > countOutsideQuotes(headerLine, best)) best = c;
		return best;
	}

	private static int countOutsideQuotes(final String line, final char wanted) {
		int count = 0;
		boolean quoted = false;
		for (final char ch : line.toCharArray()) {
			if (ch == '"') quoted = !quoted;
			else if (!quoted && ch == wanted) count++;
		}
		return count;
	}

	/**
	 * True when numbers are written with decimal commas: some cell is a number with a comma and none is a number with a
	 * decimal point. Both kinds: refused, as "1.234" could then be a thousand or 1.234.
	 */
	private static boolean usesDecimalCommas(final String source, final List<String> header,
		final List<String[]> rows)
	{
		String comma = null, point = null;
		for (int r = 0; r < rows.size() && (comma == null || point == null); r++) {
			final String[] row = rows.get(r);
			for (int c = 0; c < row.length; c++) {
				final char shape = numberShape(row[c]);
				if (shape == ',' && comma == null) comma = where(row[c], header.get(c), r + 1);
				else if (shape == '.' && point == null) point = where(row[c], header.get(c), r + 1);
			}
		}
		if (comma != null && point != null)
			throw new MedXaiException("The table " + source + " writes numbers both with decimal commas (" + comma +
				") and with decimal points (" + point +
				"), so neither reading is safe. Save it with one decimal mark.");
		return comma != null;
	}

	private static String where(final String cell, final String column, final int row) {
		return "'" + cell + "' in column '" + column + "', row " + row;
	}

	/**
	 * '.' or ',' for a number written with that decimal mark, 'i' for a whole number without one, 0 for anything that
	 * is not a plain number (hex, "1f", "Infinity" and the like included).
	 */
	static char numberShape(final String text) {
		final int n = text.length();
		int i = 0;
		if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) i++;
		int digits = 0;
		while (i < n && isDigit(text.charAt(i))) {
			i++;
			digits++;
		}
		char mark = 'i';
		if (i < n && (text.charAt(i) == '.' || text.charAt(i) == ',')) {
			mark = text.charAt(i++);
			while (i < n && isDigit(text.charAt(i))) {
				i++;
				digits++;
			}
		}
		if (digits == 0) return 0;
		if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
			i++;
			if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) i++;
			final int start = i;
			while (i < n && isDigit(text.charAt(i))) i++;
			if (i == start) return 0;
		}
		return i == n ? mark : 0;
	}

	private static boolean isDigit(final char ch) {
		return ch >= '0' && ch <= '9';
	}

	private static List<List<String>> split(final String source, final String text, final char delimiter) {
		final List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		final StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean fieldWasQuoted = false;
		int line = 1;
		for (int i = 0; i < text.length(); i++) {
			final char ch = text.charAt(i);
			if (quoted) {
				if (ch == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else quoted = false;
				}
				else {
					if (ch == '\n') line++;
					field.append(ch);
				}
			}
			else if (ch == '"' && field.toString().isBlank() && !fieldWasQuoted) {
				quoted = true;
				fieldWasQuoted = true;
				field.setLength(0);
			}
			else if (ch == delimiter) {
				record.add(field.toString());
				field.setLength(0);
				fieldWasQuoted = false;
			}
			else if (ch == '\n' || ch == '\r') {
				if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
				record.add(field.toString());
				records.add(record);
				record = new ArrayList<>();
				field.setLength(0);
				fieldWasQuoted = false;
				line++;
			}
			else if (fieldWasQuoted && !Character.isWhitespace(ch)) {
				throw new MedXaiException("The table " + source + " has text after a closing quote on line " + line +
					"; a quote inside a quoted field must be doubled (\"\").");
			}
			else field.append(ch);
		}
		if (quoted)
			throw new MedXaiException("The table " + source +
				" has a quoted field that is never closed (opened by line " + line + " at the latest).");
		if (field.length() > 0 || !record.isEmpty() || fieldWasQuoted) {
			record.add(field.toString());
			records.add(record);
		}
		return records;
	}
}
