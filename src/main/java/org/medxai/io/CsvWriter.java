package org.medxai.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes RFC 4180 CSV: comma-separated, fields quoted when they hold a comma, quote or line break. Each row goes out in
 * one write, so a reader (or a run killed between rows) never sees half a row.
 */
public final class CsvWriter implements Closeable {

	private final Writer out;

	public CsvWriter(final Path file) throws IOException {
		this(file, false);
	}

	/** Opens {@code file}, appending to what it holds when {@code append} is set. */
	public CsvWriter(final Path file, final boolean append) throws IOException {
		final Path parent = file.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		out = append
			? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND)
			: Files.newBufferedWriter(file, StandardCharsets.UTF_8);
	}

	public void row(final List<String> fields) throws IOException {
		out.write(line(fields));
	}

	/** Writes the row and hands it to the file system at once (rows written as work finishes). */
	public void rowNow(final List<String> fields) throws IOException {
		row(fields);
		out.flush();
	}

	public void flush() throws IOException {
		out.flush();
	}

	public static String line(final List<String> fields) {
		final StringBuilder line = new StringBuilder();
		for (int i = 0; i < fields.size(); i++) {
			if (i > 0) line.append(',');
			line.append(escape(fields.get(i)));
		}
		return line.append('\n').toString();
	}

	public static String escape(final String field) {
		if (field == null) return "";
		if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0)
			return field;
		return '"' + field.replace("\"", "\"\"") + '"';
	}

	@Override
	public void close() throws IOException {
		out.close();
	}
}
