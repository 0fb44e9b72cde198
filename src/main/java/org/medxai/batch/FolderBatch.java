package org.medxai.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.io.AtomicFiles;
import org.medxai.io.CsvReader;
import org.medxai.io.CsvWriter;
import org.medxai.io.FileNames;

/**
 * The folder loop every batch command plugs a {@link Task} into: files in natural order → a result or an error row per
 * file → a summary. Promises kept here once: rows are written as files finish, each file's outputs are written under a
 * temporary name and moved into place before its row, so an interrupted run (cancel, Ctrl+C, a scheduler's SIGTERM)
 * leaves tables whose rows match the files on disk; earlier results are never overwritten unless asked
 * ({@link ExistingResults}); output names never collide; two runs cannot write the same table at once; a bad file is
 * one error row; a folder can be split into shards for a cluster job array.
 */
public final class FolderBatch {

	public static final String FILE = "file";
	public static final String STATUS = "status";
	public static final String MESSAGE = "message";
	public static final String OK = "ok";
	/** Processed, but with a problem the row's message names (e.g. a truncated file): not a clean result. */
	public static final String WARNING = "warning";
	public static final String ERROR = "error";
	/** Columns added to every table: the model card that produced the rows. */
	public static final List<String> PROVENANCE_COLUMNS = List.of("model", "model_sha256");

	/** How long a stop signal waits for the file in progress to be written. */
	private static final long STOP_GRACE_SECONDS = 60;

	/** A CSV table the batch writes; the first of a task's tables has the file's status. */
	public record Table(String name, List<String> columns) {

		public Table {
			if (!columns.contains(FILE)) throw new IllegalArgumentException(name + " needs a " + FILE + " column");
			columns = List.copyOf(columns);
		}
	}

	/** The model card behind the rows (name and SHA-256 of the card file), recorded in every table. */
	public record Provenance(String model, String sha256) {}

	/** Where to read and write, and what to do with earlier results. */
	public record Settings(Path input, Path output, ExistingResults existing, Shard shard, Provenance provenance,
		Collection<String> extensions)
	{

		public Settings(final Path input, final Path output, final ExistingResults existing, final Shard shard,
			final Provenance provenance)
		{
			this(input, output, existing, shard, provenance, ImageFolder.IMAGE_EXTENSIONS);
		}
	}

	/** One input file: its name, the stem its outputs are named by, and where its outputs are written first. */
	public record Item(Path source, String name, String stem, Path staging) {

		/** Where to write the output {@code stem + suffix}; the batch moves it into place with the row. */
		public Path output(final String suffix) {
			return staging.resolve(stem + suffix);
		}
	}

	/** A file's rows, by table name; each row by column name (missing columns stay empty). */
	public static final class Result {

		private final Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();

		public Result add(final Table table, final Map<String, String> row) {
			rows.computeIfAbsent(table.name(), k -> new ArrayList<>()).add(row);
			return this;
		}

		List<Map<String, String>> rows(final Table table) {
			return rows.getOrDefault(table.name(), List.of());
		}
	}

	/**
	 * What a task writes: its tables (the first has one or more rows per file with {@code status} and {@code message}),
	 * the endings of the files written per input ({@code _mask.png}), the files written once per run after the batch
	 * ({@code evaluation.csv}; checked for earlier results like the rest), and how many files {@link Task#process}
	 * takes at once (network batches across files).
	 */
	public record Layout(List<Table> tables, List<String> outputSuffixes, List<String> runOutputs, int filesPerGroup) {

		public Layout {
			if (tables.isEmpty()) throw new IllegalArgumentException("a batch writes at least one table");
			tables = List.copyOf(tables);
			outputSuffixes = List.copyOf(outputSuffixes);
			runOutputs = List.copyOf(runOutputs);
			filesPerGroup = Math.max(1, filesPerGroup);
		}
	}

	/** What a batch command does with each file. */
	public interface Task {

		Layout layout();

		/**
		 * One result per item, in order. Throw {@link MedXaiException} for a problem that spoils the whole group (each
		 * file then gets an error row); return an error row for a problem of one file.
		 */
		List<Result> process(List<Item> items, ProgressListener progress);
	}

	/** How the run ended. */
	public record Report(Path output, Path table, int files, int resumed, int ok, int warnings, int errors,
		boolean cancelled, String stopReason, List<Item> done, Map<String, String> problems)
	{

		/** One sentence for the status bar, the log and the macro. */
		public String summary(final String verb) {
			final StringBuilder s = new StringBuilder();
			final int processed = ok + warnings + errors;
			if (cancelled) {
				s.append(stopReason).append(" after ").append(resumed + processed).append(" of ").append(files)
					.append(" files; the rows done are kept in ").append(table)
					.append(" (existing_results=resume " + "finishes the run).");
			}
			else
				s.append(verb).append(' ').append(ok + warnings + resumed).append(" of ").append(files)
					.append(" files into ").append(output).append('.');
			if (resumed > 0) s.append(' ').append(resumed).append(" were done before and kept.");
			if (warnings > 0) s.append(' ').append(warnings).append(" flagged (status=warning).");
			if (errors > 0) s.append(' ').append(errors).append(" skipped (status=error).");
			return s.toString();
		}
	}

	private FolderBatch() {}

	/** Runs the task over the folder; see the class comment for what it promises. */
	public static Report run(final Settings settings, final Task task, final ProgressListener progress) {
		final Path output = checkedOutput(settings);
		final List<Path> files = ImageFolder.files(settings.input(), settings.extensions());
		final Map<Path, String> stems = stems(files);
		final Shard shard = settings.shard();
		final Path staging = output.resolve(".medxai-staging-" + shard.tableName(task.layout().tables().get(0).name()));
		final List<Item> items = files.stream().filter(f -> shard.includes(f.getFileName().toString()))
			.map(f -> new Item(f, f.getFileName().toString(), stems.get(f), staging)).toList();
		try (OutputFolderLock lock = OutputFolderLock.acquire(output,
			shard.tableName(task.layout().tables().get(0).name())))
		{
			return new Run(settings, task, output, staging, items).execute(progress);
		}
	}

	private static Path checkedOutput(final Settings settings) {
		if (settings.output() == null || settings.output().toString().isBlank()) {
			throw new MedXaiException("Choose an output folder.");
		}
		final Path output = settings.output().toAbsolutePath().normalize();
		try {
			Files.createDirectories(output);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot create the output folder " + output + ": " + e.getMessage(), e);
		}
		if (settings.input() != null && Files.isDirectory(settings.input())) {
			try {
				if (Files.isSameFile(settings.input(), output)) {
					throw new MedXaiException("The output folder is the input folder " + output +
						": a later run would read " +
						"the results as images. Choose another output folder (a subfolder of the input is fine: only files " +
						"directly in the input folder are read).");
				}
			}
			catch (final IOException e) {
				throw new MedXaiException(
					"Cannot compare " + settings.input() + " and " + output + ": " + e.getMessage(), e);
			}
		}
		if (!Files.isWritable(output)) throw new MedXaiException("Cannot write to the output folder " + output + ".");
		return output;
	}

	/**
	 * Output stems: the base name, unless two inputs share it ({@code x.jpg}, {@code x.png}); those keep their
	 * extension ({@code x_jpg}, {@code x_png}), and a stem still taken gets a number.
	 */
	static Map<Path, String> stems(final List<Path> files) {
		final Map<String, Integer> baseCounts = new HashMap<>();
		for (final Path f : files) baseCounts.merge(FileNames.baseName(f), 1, Integer::sum);
		final Map<Path, String> stems = new LinkedHashMap<>();
		final Set<String> taken = new HashSet<>();
		for (final Path f : files) {
			final String name = f.getFileName().toString();
			final String base = FileNames.baseName(name);
			String stem = baseCounts.get(base) > 1 ? name.replace('.', '_') : base;
			if (!taken.add(stem)) {
				int n = 2;
				while (!taken.add(stem + "_" + n)) n++;
				stem = stem + "_" + n;
			}
			stems.put(f, stem);
		}
		return stems;
	}

	/** One run's state: writers, the stop signal and the counts. */
	private static final class Run {

		private final Settings settings;
		private final Task task;
		private final Path output;
		private final Path staging;
		private final List<Item> items;
		private final List<Table> tables;
		private final Map<String, CsvWriter> writers = new LinkedHashMap<>();
		private final AtomicBoolean stopSignal = new AtomicBoolean();
		private final List<Item> done = new ArrayList<>();
		private final Map<String, String> problems = new LinkedHashMap<>();
		private int ok, warnings, errors;

		Run(final Settings settings, final Task task, final Path output, final Path staging, final List<Item> items) {
			this.settings = settings;
			this.task = task;
			this.output = output;
			this.staging = staging;
			this.items = items;
			this.tables = task.layout().tables();
		}

		Report execute(final ProgressListener progress) {
			final Set<String> finished = prepare();
			final List<Item> todo = new ArrayList<>();
			for (final Item item : items) {
				if (finished.contains(item.name())) done.add(item);
				else todo.add(item);
			}
			final int resumed = done.size();
			final CountDownLatch closed = new CountDownLatch(1);
			final Thread onSignal = new Thread(() -> {
				stopSignal.set(true);
				try {
					closed.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}, "MedXAI batch: finish the file in progress");
			Runtime.getRuntime().addShutdownHook(onSignal);
			final ProgressListener watched = new ProgressListener() {

				@Override
				public void progress(final int step, final int total, final String message) {
					progress.progress(step, total, message);
				}

				@Override
				public boolean isCancelled() {
					return stopSignal.get() || progress.isCancelled();
				}
			};
			String stopReason = null;
			try {
				openWriters(!finished.isEmpty() || settings.existing() == ExistingResults.RESUME);
				final int group = task.layout().filesPerGroup();
				for (int start = 0; start < todo.size(); start += group) {
					if (watched.isCancelled()) {
						stopReason = stopSignal.get() ? "Stopped by a signal" : "Cancelled";
						break;
					}
					final List<Item> part = todo.subList(start, Math.min(todo.size(), start + group));
					final List<Result> results;
					try {
						results = processGroup(part, watched);
					}
					catch (final CancelledException e) {
						stopReason = stopSignal.get() ? "Stopped by a signal" : "Cancelled";
						break;
					}
					for (int i = 0; i < part.size(); i++) commit(part.get(i), results.get(i));
					progress.progress(resumed + start + part.size(), items.size(),
						"MedXAI: " + part.get(part.size() - 1).name() + " (" + (resumed + start + part.size()) + "/" +
							items.size() + ")");
				}
			}
			catch (final IOException e) {
				throw new MedXaiException("Cannot write the results in " + output + ": " + e.getMessage(), e);
			}
			finally {
				closeWriters();
				deleteStaging();
				closed.countDown();
				try {
					Runtime.getRuntime().removeShutdownHook(onSignal);
				}
				catch (final IllegalStateException e) {
					// the JVM is already stopping: the hook is running and has just been released
				}
			}
			return new Report(output, output.resolve(settings.shard().tableName(tables.get(0).name())), items.size(),
				resumed, ok, warnings, errors, stopReason != null, stopReason, List.copyOf(done), problems);
		}

		private List<Result> processGroup(final List<Item> part, final ProgressListener watched) {
			try {
				final List<Result> results = task.process(part, watched);
				if (results.size() != part.size()) {
					throw new IllegalStateException(
						"the task returned " + results.size() + " results for " + part.size() + " files");
				}
				return results;
			}
			catch (final CancelledException e) {
				throw e;
			}
			catch (final MedXaiException e) {
				return part.stream().map(item -> errorResult(e.getMessage())).toList();
			}
			catch (final OutOfMemoryError e) {
				return part.stream().map(item -> errorResult("not enough memory for this file")).toList();
			}
			catch (final RuntimeException e) {
				return part.stream().map(item -> errorResult("unexpected error: " + e)).toList();
			}
		}

		private Result errorResult(final String message) {
			return new Result().add(tables.get(0), Map.of(STATUS, ERROR, MESSAGE, message == null ? "" : message));
		}

		/** Checks earlier results against the user's choice; returns the files a resumed run keeps. */
		private Set<String> prepare() {
			try {
				clearStaging();
				Files.createDirectories(staging);
				final List<String> earlier = earlierResults();
				if (earlier.isEmpty()) return Set.of();
				switch (settings.existing()) {
					case REFUSE -> throw new MedXaiException(output + " already holds results of an earlier run (" +
						String.join(", ", earlier.subList(0, Math.min(4, earlier.size()))) +
						(earlier.size() > 4 ? " and " + (earlier.size() - 4) + " more" : "") +
						"). Choose an empty output folder, or set existing_results=resume " +
						"(keep the files done, do the rest) or existing_results=overwrite (replace them).");
					case OVERWRITE -> {
						for (final String name : earlier) Files.deleteIfExists(output.resolve(name));
						return Set.of();
					}
					default -> {
						return resumable();
					}
				}
			}
			catch (final IOException e) {
				throw new MedXaiException("Cannot prepare " + output + ": " + e.getMessage(), e);
			}
		}

		private List<String> earlierResults() {
			final List<String> names = new ArrayList<>();
			for (final Table table : tables) names.add(settings.shard().tableName(table.name()));
			names.addAll(task.layout().runOutputs());
			for (final Item item : items) {
				for (final String suffix : task.layout().outputSuffixes()) names.add(item.stem() + suffix);
			}
			return names.stream().filter(n -> Files.exists(output.resolve(n))).toList();
		}

		/** Files whose earlier rows are complete and clean and whose outputs are all on disk. */
		private Set<String> resumable() throws IOException {
			final Path primary = output.resolve(settings.shard().tableName(tables.get(0).name()));
			if (!Files.exists(primary)) {
				for (final Table table : tables)
					Files.deleteIfExists(output.resolve(settings.shard().tableName(table.name())));
				return Set.of();
			}
			final List<List<String>> records = CsvReader.completeRecords(primary);
			final List<String> header = header(tables.get(0));
			if (records.isEmpty() || !records.get(0).equals(header)) {
				throw new MedXaiException("Cannot resume: " + primary.getFileName() +
					" has other columns than this run " +
					"writes (another command, model or options). Use existing_results=overwrite or another output folder.");
			}
			final int fileColumn = header.indexOf(FILE), statusColumn = header.indexOf(STATUS);
			final int shaColumn = settings.provenance() == null ? -1 : header.indexOf(PROVENANCE_COLUMNS.get(1));
			final Map<String, Boolean> clean = new HashMap<>();
			for (final List<String> row : records.subList(1, records.size())) {
				if (row.size() != header.size()) continue;
				if (shaColumn >= 0 && !row.get(shaColumn).equals(settings.provenance().sha256())) {
					throw new MedXaiException(
						"Cannot resume: the results in " + output + " were made by another model (" +
							row.get(shaColumn - 1) + "). Use existing_results=overwrite or another output folder.");
				}
				final String status = row.get(statusColumn);
				clean.merge(row.get(fileColumn), status.equals(OK) || status.equals(WARNING), Boolean::logicalAnd);
			}
			final Set<String> keep = new HashSet<>();
			for (final Item item : items) {
				if (!clean.getOrDefault(item.name(), false)) continue;
				if (task.layout().outputSuffixes().stream()
					.allMatch(s -> Files.exists(output.resolve(item.stem() + s))))
				{
					keep.add(item.name());
				}
			}
			for (final Table table : tables) keepRows(table, keep);
			return keep;
		}

		/** Rewrites a table with only the rows of {@code keep} (a cut last line and failed files go). */
		private void keepRows(final Table table, final Set<String> keep) throws IOException {
			final Path file = output.resolve(settings.shard().tableName(table.name()));
			if (!Files.exists(file)) return;
			final List<List<String>> records = CsvReader.completeRecords(file);
			final List<String> header = header(table);
			if (records.isEmpty() || !records.get(0).equals(header)) {
				throw new MedXaiException("Cannot resume: " + file.getFileName() + " has other columns than this run " +
					"writes. Use existing_results=overwrite or another output folder.");
			}
			final int fileColumn = header.indexOf(FILE);
			AtomicFiles.write(file, temporary -> {
				try (CsvWriter out = new CsvWriter(temporary)) {
					out.row(header);
					for (final List<String> row : records.subList(1, records.size())) {
						if (row.size() == header.size() && keep.contains(row.get(fileColumn))) out.row(row);
					}
				}
			});
		}

		private List<String> header(final Table table) {
			final List<String> header = new ArrayList<>(table.columns());
			if (settings.provenance() != null) header.addAll(PROVENANCE_COLUMNS);
			return header;
		}

		private void openWriters(final boolean append) throws IOException {
			for (final Table table : tables) {
				final Path file = output.resolve(settings.shard().tableName(table.name()));
				final boolean continuing = append && Files.exists(file);
				final CsvWriter writer = new CsvWriter(file, continuing);
				writers.put(table.name(), writer);
				if (!continuing) writer.rowNow(header(table));
			}
		}

		/** Outputs into place first, then the rows (the first table's last), so a row always has its files. */
		private void commit(final Item item, final Result result) throws IOException {
			final List<Map<String, String>> primary = result.rows(tables.get(0));
			final String status = primary.isEmpty()
				? ERROR
				: primary.stream().map(r -> r.getOrDefault(STATUS, OK)).reduce(OK, FolderBatch::worse);
			if (status.equals(ERROR)) {
				for (final String suffix : task.layout().outputSuffixes()) Files.deleteIfExists(item.output(suffix));
				final List<Map<String, String>> rows = primary.isEmpty()
					? List.of(Map.of(STATUS, ERROR, MESSAGE, "no result"))
					: primary;
				for (final Map<String, String> values : rows) {
					writers.get(tables.get(0).name()).rowNow(row(tables.get(0), item, values));
				}
				problems.put(item.name(), rows.stream().map(r -> r.getOrDefault(MESSAGE, "")).filter(m -> !m.isEmpty())
					.findFirst().orElse("failed"));
				errors++;
				return;
			}
			for (final String suffix : task.layout().outputSuffixes()) {
				final Path staged = item.output(suffix);
				if (Files.exists(staged)) AtomicFiles.moveIntoPlace(staged, output.resolve(item.stem() + suffix));
			}
			for (final Table table : tables.subList(1, tables.size())) {
				for (final Map<String, String> values : result.rows(table))
					writers.get(table.name()).row(row(table, item, values));
				writers.get(table.name()).flush();
			}
			for (final Map<String, String> values : primary) {
				writers.get(tables.get(0).name()).rowNow(row(tables.get(0), item, values));
			}
			done.add(item);
			if (status.equals(WARNING)) {
				warnings++;
				problems.put(item.name(), primary.get(0).getOrDefault(MESSAGE, ""));
			}
			else ok++;
		}

		private List<String> row(final Table table, final Item item, final Map<String, String> values) {
			final List<String> row = new ArrayList<>();
			for (final String column : table.columns()) {
				if (column.equals(FILE)) row.add(item.name());
				else if (column.equals(STATUS)) row.add(values.getOrDefault(STATUS, OK));
				else row.add(values.getOrDefault(column, ""));
			}
			if (settings.provenance() != null) {
				row.add(settings.provenance().model());
				row.add(settings.provenance().sha256());
			}
			return row;
		}

		private void closeWriters() {
			for (final CsvWriter writer : writers.values()) {
				try {
					writer.close();
				}
				catch (final IOException e) {
					// each row was already flushed when its file finished
				}
			}
		}

		private void clearStaging() throws IOException {
			if (!Files.exists(staging)) return;
			try (Stream<Path> walk = Files.walk(staging)) {
				for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
			}
		}

		private void deleteStaging() {
			try {
				clearStaging();
			}
			catch (final IOException e) {
				// a leftover hidden folder is cleared by the next run
			}
		}
	}

	private static String worse(final String a, final String b) {
		if (a.equals(ERROR) || b.equals(ERROR)) return ERROR;
		if (a.equals(WARNING) || b.equals(WARNING)) return WARNING;
		return OK;
	}
}
