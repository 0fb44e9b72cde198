package org.medxai.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes RFC 4180 CSV: comma-separated, fields quoted when they hold a comma, quote or line break. */
public final class CsvWriter implements Closeable {

	private final Writer out;

	public CsvWriter(final Path file) throws IOException {
		final Path parent = file.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
	}

	public void row(final List<String> fields) throws IOException {
		for (int i = 0; i < fields.size(); i++) {
			if (i > 0) out.write(',');
			out.write(escape(fields.get(i)));
		}
		out.write('\n');
	}

	public static String escape(final String field) {
		if (field == null) return "";
		if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 &&
			field.indexOf('\r') < 0) return field;
		return '"' + field.replace("\"", "\"\"") + '"';
	}

	@Override
	public void close() throws IOException {
		out.close();
	}
}
