package org.medxai.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.medxai.MedXaiException;
import org.medxai.io.AtomicFiles;
import org.medxai.io.CsvReader;
import org.medxai.io.CsvWriter;

/**
 * Joins the tables the shards of a folder batch wrote ({@code NAME.shard-K-of-N.csv}) into the table one run over the
 * whole folder writes: the same header, rows in natural file order, each file's rows in the order written.
 */
public final class ShardMerge {

	private static final Pattern SHARD_TABLE = Pattern.compile("(.+)\\.shard-(\\d+)-of-(\\d+)(\\.[^.]+)");

	/** A merged table: where it was written and from how many rows. */
	public record Merged(Path table, int shards, int rows) {}

	private ShardMerge() {}

	/** Merges every sharded table family in {@code folder}; refuses incomplete families and overwriting. */
	public static List<Merged> mergeAll(final Path folder, final ExistingResults existing) {
		final Map<String, Map<Integer, Path>> families = new TreeMap<>();
		final Map<String, Integer> counts = new TreeMap<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (final Path file : files.toList()) {
				final Matcher m = SHARD_TABLE.matcher(file.getFileName().toString());
				if (!m.matches()) continue;
				final String table = m.group(1) + m.group(4);
				final int count = Integer.parseInt(m.group(3));
				if (counts.containsKey(table) && counts.get(table) != count) {
					throw new MedXaiException("The shards of " + table + " in " + folder + " come from splits into " +
						counts.get(table) + " and " + count + " parts: keep one split's tables only.");
				}
				counts.put(table, count);
				families.computeIfAbsent(table, k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), file);
			}
		}
		catch (final IOException | RuntimeException e) {
			if (e instanceof MedXaiException medxai) throw medxai;
			throw new MedXaiException("Cannot list " + folder + ": " + e.getMessage(), e);
		}
		if (families.isEmpty()) {
			throw new MedXaiException("No shard tables (NAME.shard-K-of-N.csv) in " + folder + ".");
		}
		final List<Merged> merged = new ArrayList<>();
		for (final Map.Entry<String, Map<Integer, Path>> family : families.entrySet()) {
			merged
				.add(merge(folder.resolve(family.getKey()), counts.get(family.getKey()), family.getValue(), existing));
		}
		return merged;
	}

	private static Merged merge(final Path target, final int count, final Map<Integer, Path> shards,
		final ExistingResults existing)
	{
		final List<Integer> missing = new ArrayList<>();
		for (int k = 1; k <= count; k++) if (!shards.containsKey(k)) missing.add(k);
		if (!missing.isEmpty()) {
			throw new MedXaiException("Cannot merge " + target.getFileName() + ": shard(s) " + missing + " of " +
				count + " are missing. Run them (shard=K/" + count + ") first.");
		}
		if (Files.exists(target) && existing != ExistingResults.OVERWRITE) {
			throw new MedXaiException(target + " already exists: set existing_results=overwrite to replace it.");
		}
		try {
			List<String> header = null;
			final List<List<String>> rows = new ArrayList<>();
			for (final Path shard : shards.values()) {
				final List<List<String>> records = CsvReader.completeRecords(shard);
				if (records.isEmpty()) throw new MedXaiException(shard.getFileName() + " is empty.");
				if (header == null) header = records.get(0);
				else if (!header.equals(records.get(0))) {
					throw new MedXaiException(
						shard.getFileName() + " has other columns than the first shard: were the shards " +
							"run with the same command, model and options?");
				}
				rows.addAll(records.subList(1, records.size()));
			}
			final int file = header.indexOf(FolderBatch.FILE);
			if (file < 0) throw new MedXaiException(target.getFileName() + " has no 'file' column.");
			rows.sort(Comparator.comparing((List<String> r) -> r.get(file), NaturalOrder.INSTANCE));
			final List<String> columns = header;
			AtomicFiles.write(target, temporary -> {
				try (CsvWriter out = new CsvWriter(temporary)) {
					out.row(columns);
					for (final List<String> row : rows) out.row(row);
				}
			});
			return new Merged(target, count, rows.size());
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot merge into " + target + ": " + e.getMessage(), e);
		}
	}
}
