package org.medxai.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what {@link CsvWriter} writes (RFC 4180), keeping only complete records. */
public final class CsvReader {

	private CsvReader() {}

	/**
	 * Every record of the file that ends with a line break: a last line cut short (a run killed while writing) is left
	 * out, so what remains is exactly the rows that were completely written.
	 */
	public static List<List<String>> completeRecords(final Path file) throws IOException {
		return parse(Files.readString(file, StandardCharsets.UTF_8));
	}

	static List<List<String>> parse(final String text) {
		final List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		final StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			final char c = text.charAt(i);
			if (quoted) {
				if (c != '"') field.append(c);
				else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else quoted = false;
			}
			else if (c == '"') quoted = true;
			else if (c == ',') {
				record.add(field.toString());
				field.setLength(0);
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
				record.add(field.toString());
				field.setLength(0);
				records.add(record);
				record = new ArrayList<>();
			}
			else field.append(c);
		}
		return records;
	}
}
