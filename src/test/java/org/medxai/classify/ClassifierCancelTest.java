package org.medxai.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.TestPaths;
import org.medxai.batch.ExistingResults;
import org.medxai.batch.FolderBatch;
import org.medxai.batch.Shard;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.fixtures.SyntheticPolyps;
import org.medxai.image.PixelPlanes;

/** Progress is reported per batch and cancelling stops between batches, keeping what was done. */
class ClassifierCancelTest {

	/** Cancels once {@code limit} units were reported done. */
	private static final class CancelAfter implements ProgressListener {

		final int limit;
		final List<Integer> reported = new ArrayList<>();

		CancelAfter(final int limit) {
			this.limit = limit;
		}

		@Override
		public void progress(final int done, final int total, final String status) {
			reported.add(done);
		}

		@Override
		public boolean isCancelled() {
			return !reported.isEmpty() && reported.get(reported.size() - 1) >= limit;
		}
	}

	private static PixelPlanes image(final int i) {
		final SyntheticPolyps.Sample s = SyntheticPolyps.generate(128, i % 2 == 1, 500 + i);
		return PixelPlanes.rgb(s.rgb(), 128, 128);
	}

	@Test
	void imageCancelKeepsFinishedBatches() {
		try (LoadedModel model = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU)) {
			final ImageClassifier classifier = new ImageClassifier(model);
			final CancelAfter progress = new CancelAfter(4);
			final List<Integer> done = new ArrayList<>();
			final CancelledException e = assertThrows(CancelledException.class,
				() -> classifier.classifyAll(10, ClassifierCancelTest::image, 2, progress, (i, p) -> done.add(i)));
			assertEquals("Cancelled after 4 of 10 images.", e.getMessage());
			assertEquals(List.of(0, 1, 2, 3), done);
			assertEquals(List.of(2, 4), progress.reported);
		}
	}

	@Test
	void folderCancelStopsBetweenGroupsOfFiles(@TempDir final Path temp) throws IOException {
		final Path input = Files.createDirectories(temp.resolve("in"));
		for (final String name : List.of("a.tif", "bb.tif", "ccc.tif")) Files.writeString(input.resolve(name), name);
		try (LoadedModel model = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU)) {
			final ClassificationBatch task = new ClassificationBatch(new ImageClassifier(model),
				file -> List.of(image(file.getFileName().toString().length())), 2);
			final FolderBatch.Report report = FolderBatch.run(
				new FolderBatch.Settings(input, temp.resolve("out"), ExistingResults.REFUSE, Shard.WHOLE, null), task,
				new CancelAfter(1));
			assertTrue(report.cancelled());
			assertEquals(2, report.ok());
			assertEquals(3, Files.readAllLines(temp.resolve("out/classification.csv")).size());
		}
	}

	@Test
	void unreadableFileIsReportedAndTheRestCompletes(@TempDir final Path temp) throws IOException {
		final Path input = Files.createDirectories(temp.resolve("in"));
		Files.writeString(input.resolve("bad.tif"), "x");
		Files.writeString(input.resolve("good.tif"), "x");
		try (LoadedModel model = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU)) {
			final ClassificationBatch task = new ClassificationBatch(new ImageClassifier(model), file -> {
				if (file.getFileName().toString().startsWith("bad")) throw new MedXaiException("corrupt");
				return List.of(image(1), image(2));
			}, 3);
			FolderBatch.run(
				new FolderBatch.Settings(input, temp.resolve("out"), ExistingResults.REFUSE, Shard.WHOLE, null), task,
				ProgressListener.NONE);
			final List<String> rows = Files.readAllLines(temp.resolve("out/classification.csv"));
			assertEquals(4, rows.size());
			assertEquals("bad.tif,,error,,,,corrupt", rows.get(1));
			assertTrue(rows.get(2).startsWith("good.tif,1,ok,polyp,"), rows.get(2));
			assertTrue(rows.get(3).startsWith("good.tif,2,ok,non-polyp,"), rows.get(3));
		}
	}
}
