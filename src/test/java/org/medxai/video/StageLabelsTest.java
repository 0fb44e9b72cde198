package org.medxai.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;

/** Reference stages from ranges or rows, matched to the frames a stack holds. */
class StageLabelsTest {

	@TempDir
	Path temp;

	private StageLabels read(final String text) throws Exception {
		final Path file = temp.resolve("labels-" + System.nanoTime() + ".csv");
		Files.writeString(file, text);
		return StageLabels.read(file);
	}

	@Test
	void rangesAndRowsGiveEachFrameItsStage() throws Exception {
		final StageLabels ranges = read("tPB2,3,4\ntPNa,5,7\nt2,8,12\n");
		assertEquals(List.of("tPB2", "tPNa", "t2"), ranges.names());
		// frames 1, 3, 5, 7, 9, 11 of a 11-frame video: the last range runs past the end and is cut there
		assertArrayEquals(new int[] { -1, 0, 1, 1, 2, 2 }, ranges.forFrames(new int[] { 1, 3, 5, 7, 9, 11 }, 11));
		final StageLabels rows = read("frame,stage\n1,a\n2,a\n3,b\n");
		assertArrayEquals(new int[] { 0, 0, 1, -1 }, rows.forFrames(new int[] { 1, 2, 3, 4 }, 4));
	}

	@Test
	void labelsOfAnotherVideoOrMalformedLinesAreRefused() throws Exception {
		final StageLabels beyond = read("a,1,5\nb,30,40\n");
		final MedXaiException e = assertThrows(MedXaiException.class, () -> beyond.forFrames(new int[] { 1, 2 }, 20));
		assertTrue(e.getMessage().contains("frame 30") && e.getMessage().contains("20 frames"), e.getMessage());
		assertThrows(MedXaiException.class, () -> read("a,1,5\nb,six,9\n"));
		assertThrows(MedXaiException.class, () -> read("a,5,2\n"));
		assertThrows(MedXaiException.class, () -> read("a,1,5\nb,4,8\n")); // frames 4 and 5 in two stages
		assertThrows(MedXaiException.class, () -> read("\n\n"));
	}
}
