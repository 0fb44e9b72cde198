package org.medxai.videomodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;

/** Labelled videos from class folders or a CSV; splits and folds never cut a group. */
class VideoSetTest {

	@TempDir
	Path temp;

	private Path csvWithGroups() throws IOException {
		final StringBuilder csv = new StringBuilder("file,label,group\n");
		for (int patient = 1; patient <= 12; patient++) for (int v = 1; v <= 3; v++) {
			final String name = "p" + patient + "_" + v + ".mp4";
			Files.createFile(temp.resolve(name));
			csv.append(name).append(',').append((patient + v) % 2 == 0 ? "yes" : "no").append(",p").append(patient)
				.append('\n');
		}
		return Files.writeString(temp.resolve("labels.csv"), csv);
	}

	@Test
	void splitsAndFoldsKeepEveryGroupWhole() throws IOException {
		final VideoSet set = VideoSet.fromCsv(temp, csvWithGroups());
		assertEquals(List.of("no", "yes"), set.classes());
		assertEquals(36, set.videos().size());
		final VideoSet.Split split = set.split(0.25, 7, "validation");
		assertTrue(disjointGroups(split.kept(), split.taken()));
		assertEquals(36, split.kept().videos().size() + split.taken().videos().size());
		assertEquals(12, split.taken().videos().size(),
			"per majority class, a quarter of 18 videos up to whole groups");
		final List<VideoSet> folds = set.folds(4, 7);
		int total = 0;
		for (int i = 0; i < folds.size(); i++) {
			total += folds.get(i).videos().size();
			for (int j = i + 1; j < folds.size(); j++) assertTrue(disjointGroups(folds.get(i), folds.get(j)));
		}
		assertEquals(36, total);
		// the same seed gives the same split whatever the order of the rows
		assertEquals(split.taken().groups(), set.split(0.25, 7, "validation").taken().groups());
		assertTrue(disjointGroups(set.minus(folds.get(0)), folds.get(0)));
	}

	private static boolean disjointGroups(final VideoSet a, final VideoSet b) {
		final Set<String> groups = new HashSet<>(a.groups());
		return b.groups().stream().noneMatch(groups::contains);
	}

	@Test
	void classFoldersTakeVideosStacksAndFrameFolders() throws IOException {
		Files.createDirectories(temp.resolve("normal"));
		Files.createDirectories(temp.resolve("abnormal/clip3"));
		Files.createFile(temp.resolve("normal/clip1.mp4"));
		Files.createFile(temp.resolve("normal/notes.txt"));
		Files.createFile(temp.resolve("abnormal/clip2.tif"));
		Files.createFile(temp.resolve("abnormal/clip3/frame1.png"));
		final VideoSet set = VideoSet.fromClassFolders(temp);
		assertEquals(List.of("abnormal", "normal"), set.classes());
		assertEquals(3, set.videos().size());
	}

	@Test
	void missingFilesAndOneClassGetOneMessage() throws IOException {
		Files.createFile(temp.resolve("a.mp4"));
		final Path missing = Files.writeString(temp.resolve("missing.csv"), "file,label\na.mp4,yes\nb.mp4,no\n");
		final MedXaiException e = assertThrows(MedXaiException.class, () -> VideoSet.fromCsv(temp, missing));
		assertTrue(e.getMessage().contains("1 file(s) not found") && e.getMessage().contains("b.mp4"), e.getMessage());
		final Path one = Files.writeString(temp.resolve("one.csv"), "file,label\na.mp4,yes\n");
		final MedXaiException single = assertThrows(MedXaiException.class, () -> VideoSet.fromCsv(temp, one));
		assertTrue(single.getMessage().contains("one class only (yes)"), single.getMessage());
		final Path noHeader = Files.writeString(temp.resolve("bad.csv"), "name,class\na.mp4,yes\n");
		assertTrue(assertThrows(MedXaiException.class, () -> VideoSet.fromCsv(temp, noHeader)).getMessage()
			.contains("'file' and 'label'"));
	}
}
