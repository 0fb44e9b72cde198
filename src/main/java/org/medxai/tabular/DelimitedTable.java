package org.medxai.tabular;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.medxai.MedXaiException;

/**
 * A CSV or TSV file as text cells: a header row of column names, then one row per record. The
 * delimiter (comma, tab or semicolon) is taken from the header line; fields may be quoted with double
 * quotes (a doubled quote inside is one quote, and quoted fields may hold delimiters and line breaks).
 */
public record DelimitedTable(String source, List<String> columns, List<String[]> rows) {

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
		if (headerLine.isBlank()) throw new MedXaiException("The table " + source +
			" is empty: the first line must name the columns.");
		final char delimiter = delimiterOf(headerLine);
		final List<List<String>> records = split(source, body, delimiter);
		final List<String> header = records.get(0).stream().map(String::trim).toList();
		final Set<String> seen = new HashSet<>();
		for (int c = 0; c < header.size(); c++) {
			final String name = header.get(c);
			if (name.isEmpty()) throw new MedXaiException("The table " + source + " has a column without a name (column " +
				(c + 1) + " of the header line).");
			if (!seen.add(name)) throw new MedXaiException("The table " + source + " names the column '" + name +
				"' twice; column names must be unique.");
		}
		final List<String[]> rows = new ArrayList<>();
		for (int r = 1; r < records.size(); r++) {
			final List<String> record = records.get(r);
			if (record.size() == 1 && record.get(0).isBlank()) continue; // blank line
			if (record.size() != header.size()) throw new MedXaiException("The table " + source + " has " + record.size() +
				" fields on data row " + r + " but " + header.size() + " column names in the header (delimiter '" +
				printable(delimiter) + "').");
			rows.add(record.stream().map(String::trim).toArray(String[]::new));
		}
		if (rows.isEmpty()) throw new MedXaiException("The table " + source + " has a header but no data rows.");
		return new DelimitedTable(source, header, List.copyOf(rows));
	}

	public int columnIndex(final String name) {
		final int i = columns.indexOf(name);
		if (i < 0) throw new MedXaiException("The table " + source + " has no column '" + name + "'. Its columns are: " +
			String.join(", ", columns) + ".");
		return i;
	}

	static char delimiterOf(final String headerLine) {
		int tabs = 0, commas = 0, semicolons = 0;
		boolean quoted = false;
		for (final char ch : headerLine.toCharArray()) {
			if (ch == '"') quoted = !quoted;
			else if (!quoted && ch == '\t') tabs++;
			else if (!quoted && ch == ',') commas++;
			else if (!quoted && ch == ';') semicolons++;
		}
		if (tabs >= commas && tabs >= semicolons && tabs > 0) return '\t';
		if (semicolons > commas) return ';';
		return ',';
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
		if (quoted) throw new MedXaiException("The table " + source + " has a quoted field that is never closed (opened by line " +
			line + " at the latest).");
		if (field.length() > 0 || !record.isEmpty() || fieldWasQuoted) {
			record.add(field.toString());
			records.add(record);
		}
		return records;
	}

	private static String printable(final char delimiter) {
		return delimiter == '\t' ? "tab" : String.valueOf(delimiter);
	}
}
