package org.medxai.batch;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import org.medxai.MedXaiException;

/**
 * One part of a folder split for several machines ({@code shard=K/N}, K from 1): a file belongs to the shard its name
 * hashes to, so every job of a cluster array picks the same split without talking to the others, and a file keeps its
 * shard when other files are added.
 */
public record Shard(int index, int count) {

	public static final Shard WHOLE = new Shard(1, 1);

	public Shard {
		if (count < 1 || index < 1 || index > count) {
			throw new MedXaiException("Shard " + index + "/" + count + " does not exist: use K/N with 1 <= K <= N.");
		}
	}

	/** Reads {@code K/N}; empty or {@code all} is the whole folder. */
	public static Shard parse(final String text) {
		if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("all")) return WHOLE;
		final String[] parts = text.trim().split("\\s*/\\s*");
		try {
			if (parts.length == 2) return new Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
		}
		catch (final NumberFormatException e) {
			// the message below
		}
		throw new MedXaiException(
			"Shard '" + text + "' is not K/N (e.g. 3/10 for the third of ten parts; empty for " + "the whole folder).");
	}

	public boolean isWhole() {
		return count == 1;
	}

	public boolean includes(final String fileName) {
		if (isWhole()) return true;
		final CRC32 crc = new CRC32();
		crc.update(fileName.getBytes(StandardCharsets.UTF_8));
		return crc.getValue() % count == index - 1;
	}

	/** The table name this shard writes: {@code classification.csv} → {@code classification.shard-3-of-10.csv}. */
	public String tableName(final String table) {
		if (isWhole()) return table;
		final int dot = table.lastIndexOf('.');
		final String suffix = ".shard-" + index + "-of-" + count;
		return dot < 0 ? table + suffix : table.substring(0, dot) + suffix + table.substring(dot);
	}

	@Override
	public String toString() {
		return index + "/" + count;
	}
}
