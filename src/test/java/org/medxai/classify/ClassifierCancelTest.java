package org.medxai.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.TestPaths;
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
			final CancelledException e = assertThrows(CancelledException.class, () -> classifier
				.classifyAll(10, ClassifierCancelTest::image, 2, progress, (i, p) -> done.add(i)));
			assertEquals("Cancelled after 4 of 10 images.", e.getMessage());
			assertEquals(List.of(0, 1, 2, 3), done);
			assertEquals(List.of(2, 4), progress.reported);
		}
	}

	@Test
	void folderCancelStopsBetweenFiles() {
		try (LoadedModel model = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU)) {
			final FolderClassifier folder = new FolderClassifier(new ImageClassifier(model),
				file -> List.of(image(file.getFileName().toString().length())));
			final List<Path> files = List.of(Path.of("a.png"), Path.of("bb.png"), Path.of(
				"ccc.png"));
			final FolderClassifier.Outcome outcome = folder.classify(files, 8, new CancelAfter(2));
			assertTrue(outcome.cancelled());
			assertEquals(2, outcome.rows().size());
			assertTrue(outcome.rows().stream().allMatch(FolderClassifier.Row::ok));
			assertEquals("Cancelled after 2 of 3 files.", outcome.status());
		}
	}

	@Test
	void unreadableFileIsReportedAndTheRestCompletes() {
		try (LoadedModel model = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU)) {
			final FolderClassifier folder = new FolderClassifier(new ImageClassifier(model),
				file -> {
					if (file.toString().startsWith("bad")) throw new MedXaiException("corrupt");
					return List.of(image(1), image(2));
				});
			final FolderClassifier.Outcome outcome = folder.classify(List.of(Path.of("bad.tif"),
				Path.of("good.tif")), 3, ProgressListener.NONE);
			assertEquals(3, outcome.rows().size());
			assertEquals("corrupt", outcome.rows().get(0).error());
			assertEquals(2, outcome.rows().get(2).slice());
			assertEquals("polyp", outcome.rows().get(1).prediction().label());
			assertEquals("non-polyp", outcome.rows().get(2).prediction().label());
		}
	}
}
