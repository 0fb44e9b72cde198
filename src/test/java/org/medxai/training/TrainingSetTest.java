package org.medxai.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;

class TrainingSetTest {

	@TempDir
	Path temp;

	@Test
	void classFoldersAreSortedAndSearchedRecursively() throws Exception {
		final Path root = TinyDataset.write(temp.resolve("d"), 3, 32, 1);
		Files.createDirectories(root.resolve("polyp/nested"));
		Files.copy(root.resolve("polyp/polyp_000.png"), root.resolve("polyp/nested/extra.png"));
		Files.writeString(root.resolve("polyp/notes.txt"), "ignored");
		final TrainingSet set = TrainingSet.fromClassFolders(root);
		assertEquals(List.of("non-polyp", "polyp"), set.classes());
		assertEquals(3, set.counts()[0]);
		assertEquals(4, set.counts()[1]);
	}

	@Test
	void splitIsStratifiedDeterministicAndDisjoint() throws Exception {
		final TrainingSet set = TrainingSet.fromClassFolders(TinyDataset.write(temp.resolve("d"), 10, 32, 1));
		final TrainingSet.Split a = set.split(0.2, 2026, "held out");
		final TrainingSet.Split b = set.split(0.2, 2026, "held out");
		assertEquals(a.taken().images(), b.taken().images());
		assertEquals(2, a.taken().counts()[0]);
		assertEquals(2, a.taken().counts()[1]);
		final Set<Path> kept = new HashSet<>();
		a.kept().images().forEach(i -> kept.add(i.file()));
		a.taken().images().forEach(i -> assertTrue(!kept.contains(i.file())));
		assertTrue(!set.split(0.2, 7, "x").taken().images().equals(a.taken().images()),
			"another seed should pick other images");
	}

	@Test
	void foldsPartitionEveryClassAndTheFirstOfFourIsTheQuarterSplit() throws Exception {
		final TrainingSet set = TrainingSet.fromClassFolders(TinyDataset.write(temp.resolve("d"), 11, 32, 1));
		final List<Path> all = set.images().stream().map(LabelledImage::file).sorted().toList();
		final List<Path> union = new ArrayList<>();
		for (int k = 1; k <= 4; k++) {
			final TrainingSet.Split fold = set.fold(k, 4, 2027, "validation");
			// 11 per class: folds of 3, 3, 3, 2 (positions ceil((k-1)n/4) to ceil(kn/4))
			assertEquals(k == 4 ? 2 : 3, fold.taken().counts()[0]);
			assertEquals(k == 4 ? 2 : 3, fold.taken().counts()[1]);
			assertEquals(set.size(), fold.kept().size() + fold.taken().size());
			final Set<Path> kept = new HashSet<>();
			fold.kept().images().forEach(i -> kept.add(i.file()));
			fold.taken().images().forEach(i -> assertTrue(!kept.contains(i.file())));
			fold.taken().images().forEach(i -> union.add(i.file()));
			assertTrue(fold.taken().description().startsWith("validation: fold " + k + " of 4 per class, seed 2027"));
		}
		assertEquals(all, union.stream().sorted().toList(), "the folds together are every image, once");
		assertEquals(set.split(0.25, 2027, "validation").taken().images(),
			set.fold(1, 4, 2027, "validation").taken().images());
		assertEquals(set.split(0.25, 2027, "validation").kept().images(),
			set.fold(1, 4, 2027, "validation").kept().images());
		assertTrue(
			assertThrows(MedXaiException.class, () -> set.fold(5, 4, 1, "v")).getMessage().contains("between 1 and 4"));
		assertTrue(assertThrows(MedXaiException.class, () -> set.fold(1, 1, 1, "v")).getMessage()
			.contains("at least 2 folds"));
		assertTrue(assertThrows(MedXaiException.class, () -> set.fold(1, 12, 1, "v")).getMessage()
			.contains("too few images (11) to make 12 folds"));
	}

	@Test
	void badInputsGiveClearMessages() throws Exception {
		final Path empty = Files.createDirectories(temp.resolve("empty"));
		assertTrue(assertThrows(MedXaiException.class, () -> TrainingSet.fromClassFolders(empty)).getMessage()
			.startsWith("No training images in"));

		final Path one = TinyDataset.write(temp.resolve("one"), 2, 32, 1);
		org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> TrainingSet.fromClassFolders(one));
		for (final Path p : Files.list(one.resolve("non-polyp")).toList()) Files.delete(p);
		final String m = assertThrows(MedXaiException.class, () -> TrainingSet.fromClassFolders(one)).getMessage();
		assertTrue(m.startsWith("Only one class found in"), m);

		final Path images = TinyDataset.write(temp.resolve("csv"), 2, 32, 1).resolve("polyp");
		final Path csv = temp.resolve("labels.csv");
		Files.writeString(csv, "file,label\npolyp_000.png,polyp\nmissing.png,non-polyp\n");
		final String mismatch = assertThrows(MedXaiException.class, () -> TrainingSet.fromCsv(images, csv))
			.getMessage();
		assertEquals("The label CSV labels.csv lists 1 file(s) not found in " + images + ", e.g. missing.png.",
			mismatch);
		Files.writeString(csv, "name,class\n");
		assertTrue(assertThrows(MedXaiException.class, () -> TrainingSet.fromCsv(images, csv)).getMessage()
			.contains("needs a header with columns 'file' and 'label'"));
		Files.writeString(csv, "file,label\npolyp_000.png,polyp\npolyp_001.png,polyp\n");
		assertTrue(assertThrows(MedXaiException.class, () -> TrainingSet.fromCsv(images, csv)).getMessage()
			.contains("only one class (polyp)"));
	}

	@Test
	void unreadableTrainingImagesAreSkippedAndReported() throws Exception {
		final Path root = TinyDataset.write(temp.resolve("bad"), 6, 48, 3);
		Files.write(root.resolve("polyp/broken.png"), new byte[] { 1, 2, 3 });
		final TrainingSet.Split split = TrainingSet.fromClassFolders(root).split(0.34, 1, "v");
		final ClassifierTrainer.Result result = ClassifierTrainer.train(split.kept(), split.taken(),
			new ClassifierTrainer.Options("t", 32, 36, 4, 1, 4, 1e-3, 5, 1, new double[0][], DevicePreference.CPU),
			temp.resolve("out"), ProgressListener.NONE, null);
		assertEquals(1, result.skipped().size());
		assertTrue(result.skipped().get(0).startsWith("broken.png:"), result.skipped().get(0));
	}
}
