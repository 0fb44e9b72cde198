package org.medxai.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.io.CsvReader;

/** The folder loop's promises, with a task that needs no model: text files in, upper-cased copies out. */
class FolderBatchTest {

	@TempDir
	Path temp;

	/** Upper-cases each file into NAME_out.txt; a file saying "bad" is an error, "odd" a warning. */
	static class UpperCase implements FolderBatch.Task {

		static final FolderBatch.Table TABLE = new FolderBatch.Table("result.csv",
			List.of("file", "status", "length", "message"));
		final List<String> seen = new ArrayList<>();
		int groupSize = 1;

		@Override
		public FolderBatch.Layout layout() {
			return new FolderBatch.Layout(List.of(TABLE), List.of("_out.txt"), List.of(), groupSize);
		}

		@Override
		public List<FolderBatch.Result> process(final List<FolderBatch.Item> items, final ProgressListener progress) {
			final List<FolderBatch.Result> results = new ArrayList<>();
			for (final FolderBatch.Item item : items) {
				seen.add(item.name());
				try {
					final String text = Files.readString(item.source()).trim();
					if (text.equals("bad")) {
						results.add(
							new FolderBatch.Result().add(TABLE, Map.of("status", "error", "message", "unreadable")));
						continue;
					}
					Files.writeString(item.output("_out.txt"), text.toUpperCase());
					results.add(new FolderBatch.Result().add(TABLE,
						text.equals("odd")
							? Map.of("length", "" + text.length(), "status", "warning", "message", "odd file")
							: Map.of("length", "" + text.length())));
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			}
			return results;
		}
	}

	/** Cancels once {@code n} files have been asked about. */
	static ProgressListener cancelAfter(final int n) {
		return new ProgressListener() {

			int reports;

			@Override
			public void progress(final int done, final int total, final String status) {
				reports++;
			}

			@Override
			public boolean isCancelled() {
				return reports >= n;
			}
		};
	}

	Path input(final String... namesAndTexts) throws IOException {
		final Path in = Files.createDirectories(temp.resolve("in"));
		for (int i = 0; i < namesAndTexts.length; i += 2)
			Files.writeString(in.resolve(namesAndTexts[i]), namesAndTexts[i + 1]);
		return in;
	}

	FolderBatch.Settings settings(final Path in, final Path out, final ExistingResults existing, final Shard shard) {
		return new FolderBatch.Settings(in, out, existing, shard, new FolderBatch.Provenance("test-model", "abc123"),
			Set.of("txt"));
	}

	static List<List<String>> rows(final Path csv) throws IOException {
		return CsvReader.completeRecords(csv);
	}

	static List<String> outputs(final Path out) throws IOException {
		try (Stream<Path> files = Files.list(out)) {
			return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
		}
	}

	@Test
	void filesRunInNaturalOrderWithOneRowEachAndTheModelRecorded() throws IOException {
		final Path in = input("img10.txt", "ten", "img2.txt", "two", "IMG1.txt", "one", "notes.md", "ignored", "x.txt",
			"bad", "y.txt", "odd");
		final UpperCase task = new UpperCase();
		final FolderBatch.Report report = FolderBatch
			.run(settings(in, temp.resolve("out"), ExistingResults.REFUSE, Shard.WHOLE), task, ProgressListener.NONE);
		assertEquals(List.of("IMG1.txt", "img2.txt", "img10.txt", "x.txt", "y.txt"), task.seen);
		final List<List<String>> rows = rows(temp.resolve("out/result.csv"));
		assertEquals(List.of("file", "status", "length", "message", "model", "model_sha256"), rows.get(0));
		assertEquals(List.of("IMG1.txt", "ok", "3", "", "test-model", "abc123"), rows.get(1));
		assertEquals(List.of("x.txt", "error", "", "unreadable", "test-model", "abc123"), rows.get(4));
		assertEquals(List.of("y.txt", "warning", "3", "odd file", "test-model", "abc123"), rows.get(5));
		assertEquals(List.of("IMG1_out.txt", "img10_out.txt", "img2_out.txt", "result.csv", "y_out.txt"),
			outputs(temp.resolve("out")));
		assertEquals(3, report.ok());
		assertEquals(1, report.warnings());
		assertEquals(1, report.errors());
		assertTrue(report.summary("Upper-cased").contains("1 skipped (status=error)"), report.summary("x"));
		try (Stream<Path> hidden = Files.list(temp.resolve("out"))) {
			assertEquals(List.of(), hidden.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
				"no staging folder or lock left behind");
		}
	}

	@Test
	void rowsAreOnDiskAsEachFileFinishes() throws IOException {
		final Path in = input("a.txt", "a", "b.txt", "b", "c.txt", "c");
		final Path csv = temp.resolve("out/result.csv");
		final List<Integer> rowsSeen = new ArrayList<>();
		final UpperCase task = new UpperCase() {

			@Override
			public List<FolderBatch.Result> process(final List<FolderBatch.Item> items, final ProgressListener p) {
				try {
					rowsSeen.add(rows(csv).size() - 1);
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
				return super.process(items, p);
			}
		};
		FolderBatch.run(settings(in, temp.resolve("out"), ExistingResults.REFUSE, Shard.WHOLE), task,
			ProgressListener.NONE);
		assertEquals(List.of(0, 1, 2), rowsSeen);
	}

	@Test
	void cancelKeepsTheRowsDoneAndTheirFilesOnlyAndResumeFinishesLikeOneRun() throws IOException {
		final Path in = input("a.txt", "a", "b.txt", "bb", "c.txt", "bad", "d.txt", "dddd");
		final Path out = temp.resolve("out");
		final FolderBatch.Report first = FolderBatch.run(settings(in, out, ExistingResults.REFUSE, Shard.WHOLE),
			new UpperCase(), cancelAfter(2));
		assertTrue(first.cancelled());
		assertTrue(first.summary("x").startsWith("Cancelled after 2 of 4 files; the rows done are kept in "),
			first.summary("x"));
		assertEquals(3, rows(out.resolve("result.csv")).size());
		assertEquals(List.of("a_out.txt", "b_out.txt", "result.csv"), outputs(out));

		final MedXaiException refused = assertThrows(MedXaiException.class, () -> FolderBatch
			.run(settings(in, out, ExistingResults.REFUSE, Shard.WHOLE), new UpperCase(), ProgressListener.NONE));
		assertTrue(
			refused.getMessage().contains("existing_results=resume") && refused.getMessage().contains("result.csv"),
			refused.getMessage());

		final UpperCase resumed = new UpperCase();
		final FolderBatch.Report second = FolderBatch.run(settings(in, out, ExistingResults.RESUME, Shard.WHOLE),
			resumed, ProgressListener.NONE);
		assertEquals(List.of("c.txt", "d.txt"), resumed.seen);
		assertEquals(2, second.resumed());

		final Path once = temp.resolve("once");
		FolderBatch.run(settings(in, once, ExistingResults.REFUSE, Shard.WHOLE), new UpperCase(),
			ProgressListener.NONE);
		assertEquals(Files.readString(once.resolve("result.csv")), Files.readString(out.resolve("result.csv")));
		assertEquals(outputs(once), outputs(out));
	}

	@Test
	void resumeRetriesFailedFilesDropsACutLastLineAndRedoesFilesWhoseOutputsAreGone() throws IOException {
		final Path in = input("a.txt", "a", "b.txt", "bb", "c.txt", "ccc");
		final Path out = temp.resolve("out");
		FolderBatch.run(settings(in, out, ExistingResults.REFUSE, Shard.WHOLE), new UpperCase(), ProgressListener.NONE);
		final Path csv = out.resolve("result.csv");
		final String whole = Files.readString(csv);
		Files.writeString(csv, whole.substring(0, whole.length() - 8)); // killed in the middle of c's row
		Files.delete(out.resolve("a_out.txt"));
		final UpperCase resumed = new UpperCase();
		FolderBatch.run(settings(in, out, ExistingResults.RESUME, Shard.WHOLE), resumed, ProgressListener.NONE);
		assertEquals(List.of("a.txt", "c.txt"), resumed.seen);
		assertEquals(4, rows(csv).size());
		assertEquals(Set.of("a.txt", "b.txt", "c.txt"),
			Set.copyOf(rows(csv).subList(1, 4).stream().map(r -> r.get(0)).toList()));
	}

	@Test
	void resumeRefusesResultsOfAnotherModel() throws IOException {
		final Path in = input("a.txt", "a");
		final Path out = temp.resolve("out");
		FolderBatch.run(settings(in, out, ExistingResults.REFUSE, Shard.WHOLE), new UpperCase(), ProgressListener.NONE);
		final MedXaiException e = assertThrows(MedXaiException.class,
			() -> FolderBatch.run(
				new FolderBatch.Settings(in, out, ExistingResults.RESUME, Shard.WHOLE,
					new FolderBatch.Provenance("other", "fff"), Set.of("txt")),
				new UpperCase(), ProgressListener.NONE));
		assertTrue(e.getMessage().contains("another model"), e.getMessage());
	}

	@Test
	void overwriteReplacesEarlierResultsAndAHandMadeFileIsNeverOverwrittenSilently() throws IOException {
		final Path in = input("a.txt", "a", "b.txt", "b");
		final Path out = Files.createDirectories(temp.resolve("out"));
		Files.writeString(out.resolve("a_out.txt"), "my own notes");
		final MedXaiException e = assertThrows(MedXaiException.class, () -> FolderBatch
			.run(settings(in, out, ExistingResults.REFUSE, Shard.WHOLE), new UpperCase(), ProgressListener.NONE));
		assertTrue(e.getMessage().contains("a_out.txt"), e.getMessage());
		assertEquals("my own notes", Files.readString(out.resolve("a_out.txt")));
		FolderBatch.run(settings(in, out, ExistingResults.OVERWRITE, Shard.WHOLE), new UpperCase(),
			ProgressListener.NONE);
		assertEquals("A", Files.readString(out.resolve("a_out.txt")));
	}

	@Test
	void namesThatShareABaseGetDistinctOutputs() throws IOException {
		final Path in = input("x.txt", "from txt", "x.TXT", "from TXT", "x_txt.txt", "third");
		final Path out = temp.resolve("out");
		FolderBatch.run(new FolderBatch.Settings(in, out, ExistingResults.REFUSE, Shard.WHOLE, null, Set.of("txt")),
			new UpperCase(), ProgressListener.NONE);
		assertEquals(List.of("result.csv", "x_TXT_out.txt", "x_txt_2_out.txt", "x_txt_out.txt"), outputs(out));
		assertEquals("FROM TXT", Files.readString(out.resolve("x_TXT_out.txt")));
		assertEquals("FROM TXT", Files.readString(out.resolve("x_txt_out.txt")));
		assertEquals("THIRD", Files.readString(out.resolve("x_txt_2_out.txt")));
	}

	@Test
	void theInputFolderIsNeverTheOutputFolder() throws IOException {
		final Path in = input("a.txt", "a");
		final MedXaiException e = assertThrows(MedXaiException.class, () -> FolderBatch
			.run(settings(in, in, ExistingResults.OVERWRITE, Shard.WHOLE), new UpperCase(), ProgressListener.NONE));
		assertTrue(e.getMessage().contains("input folder"), e.getMessage());
		final Path inside = in.resolve("results");
		FolderBatch.run(settings(in, inside, ExistingResults.REFUSE, Shard.WHOLE), new UpperCase(),
			ProgressListener.NONE);
		final UpperCase again = new UpperCase();
		FolderBatch.run(settings(in, inside, ExistingResults.OVERWRITE, Shard.WHOLE), again, ProgressListener.NONE);
		assertEquals(List.of("a.txt"), again.seen, "outputs in a subfolder are never read as inputs");
	}

	@Test
	void twoRunsCannotWriteOneTableAtOnce() throws Exception {
		final Path in = input("a.txt", "a", "b.txt", "b");
		final Path out = temp.resolve("out");
		final CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
		final UpperCase slow = new UpperCase() {

			@Override
			public List<FolderBatch.Result> process(final List<FolderBatch.Item> items, final ProgressListener p) {
				inside.countDown();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return super.process(items, p);
			}
		};
		final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
		final Thread first = new Thread(() -> {
			try {
				FolderBatch.run(settings(in, out, ExistingResults.REFUSE, Shard.WHOLE), slow, ProgressListener.NONE);
			}
			catch (final Throwable t) {
				firstFailure.set(t);
			}
		});
		first.start();
		assertTrue(inside.await(30, TimeUnit.SECONDS));
		final MedXaiException e = assertThrows(MedXaiException.class, () -> FolderBatch
			.run(settings(in, out, ExistingResults.RESUME, Shard.WHOLE), new UpperCase(), ProgressListener.NONE));
		assertTrue(e.getMessage().startsWith("Another MedXAI run is writing result.csv"), e.getMessage());
		release.countDown();
		first.join(30_000);
		assertEquals(null, firstFailure.get());
		assertEquals(3, rows(out.resolve("result.csv")).size());
	}

	@Test
	void shardsSplitTheFolderAndTheirMergeEqualsOneRun() throws IOException {
		final List<String> files = new ArrayList<>();
		for (int i = 1; i <= 23; i++) {
			files.add("frame" + i + ".txt");
			files.add(i == 7 ? "bad" : "x".repeat(i));
		}
		final Path in = input(files.toArray(String[]::new));
		final Path whole = temp.resolve("whole"), parts = temp.resolve("parts");
		FolderBatch.run(settings(in, whole, ExistingResults.REFUSE, Shard.WHOLE), new UpperCase(),
			ProgressListener.NONE);
		int total = 0;
		for (int k = 1; k <= 3; k++) {
			final UpperCase task = new UpperCase();
			task.groupSize = 4;
			final FolderBatch.Report r = FolderBatch.run(settings(in, parts, ExistingResults.REFUSE, new Shard(k, 3)),
				task, ProgressListener.NONE);
			assertEquals("result.shard-" + k + "-of-3.csv", r.table().getFileName().toString());
			assertFalse(task.seen.isEmpty(), "shard " + k + " is empty");
			total += task.seen.size();
		}
		assertEquals(23, total, "each file in exactly one shard");
		final MedXaiException early = assertThrows(MedXaiException.class,
			() -> ShardMerge.mergeAll(temp.resolve("whole"), ExistingResults.REFUSE));
		assertTrue(early.getMessage().startsWith("No shard tables"), early.getMessage());
		final List<ShardMerge.Merged> merged = ShardMerge.mergeAll(parts, ExistingResults.REFUSE);
		assertEquals(1, merged.size());
		assertEquals(Files.readString(whole.resolve("result.csv")), Files.readString(parts.resolve("result.csv")));
		assertEquals(outputs(whole), outputs(parts).stream().filter(n -> !n.contains(".shard-")).toList());
		Files.delete(parts.resolve("result.shard-2-of-3.csv"));
		final MedXaiException missing = assertThrows(MedXaiException.class,
			() -> ShardMerge.mergeAll(parts, ExistingResults.OVERWRITE));
		assertTrue(missing.getMessage().contains("shard(s) [2] of 3 are missing"), missing.getMessage());
	}

	@Test
	void shardsAreStableAndBadShardTextIsRefused() {
		assertEquals(new Shard(2, 5), Shard.parse(" 2 / 5 "));
		assertEquals(Shard.WHOLE, Shard.parse(""));
		for (final String bad : List.of("0/3", "4/3", "a/b", "3", "1/0")) {
			assertThrows(MedXaiException.class, () -> Shard.parse(bad), bad);
		}
		final Shard s = new Shard(1, 4);
		assertEquals(s.includes("RUN12.tif"), new Shard(1, 4).includes("RUN12.tif"));
		assertEquals("classification.shard-1-of-4.csv", s.tableName("classification.csv"));
	}
}
