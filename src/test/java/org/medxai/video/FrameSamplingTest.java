package org.medxai.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;

/** Which frames a sampling takes, the interval it implies, and frame files in natural order. */
class FrameSamplingTest {

	@Test
	void everyNthFrameWithinATimeRange() {
		assertEquals(List.of(0, 1, 2, 3, 4), FrameSampling.ALL_FRAMES.frames(5, 25));
		assertEquals(List.of(0, 3, 6, 9), FrameSampling.of("every", 3, 0, 0).frames(11, 25));
		// 25 fps, 1 s to 2 s: frames 25 … 50, every 10th from the first in range
		assertEquals(List.of(25, 35, 45), FrameSampling.of("every", 10, 1, 2).frames(100, 25));
		assertEquals(List.of(), FrameSampling.of("all", 1, 10, 0).frames(100, 25), "range after the end");
		assertEquals(0.4, FrameSampling.of("every", 10, 0, 0).interval(25), 1e-12);
	}

	@Test
	void framesPerSecondTakeTheFrameNearestEachTime() {
		// 30 fps, 1 per second: times 0, 1, 2, 3 → frames 0, 30, 60, 90 (frame 90 exists in 100)
		assertEquals(List.of(0, 30, 60, 90), FrameSampling.of("per_second", 1, 0, 0).frames(100, 30));
		// 3 per second of 25 fps: times k/3 → rounded frames 0, 8, 17, 25, 33
		assertEquals(List.of(0, 8, 17, 25, 33), FrameSampling.of("per_second", 3, 0, 1.4).frames(100, 25));
		// more per second than the video has: each frame once
		assertEquals(List.of(0, 1, 2, 3), FrameSampling.of("per_second", 50, 0, 0).frames(4, 10));
		assertEquals(1.0, FrameSampling.of("per_second", 1, 0, 0).interval(30), 1e-12);
		assertTrue(Double.isNaN(FrameSampling.of("per_second", 3, 0, 0).interval(25)), "uneven spacing");
	}

	@Test
	void badChoicesGetOneMessageEach() {
		assertThrows(MedXaiException.class, () -> FrameSampling.of("every", 2.5, 0, 0));
		assertThrows(MedXaiException.class, () -> FrameSampling.of("every", 0, 0, 0));
		assertThrows(MedXaiException.class, () -> FrameSampling.of("per_second", -1, 0, 0));
		assertThrows(MedXaiException.class, () -> FrameSampling.of("all", 1, 5, 2));
		final MedXaiException mode = assertThrows(MedXaiException.class, () -> FrameSampling.of("evry", 2, 0, 0));
		assertTrue(mode.getMessage().contains("evry"), mode.getMessage());
		assertEquals("every 3rd frame from 1 s to 2.5 s", FrameSampling.of("every", 3, 1, 2.5).describe());
	}

	@Test
	void frameFilesComeInNaturalOrder(@TempDir final Path folder) throws Exception {
		for (final String name : List.of("RUN10.png", "RUN2.png", "RUN1.png", "notes.txt", "RUN100.tif"))
			Files.writeString(folder.resolve(name), "x");
		assertEquals(List.of("RUN1.png", "RUN2.png", "RUN10.png", "RUN100.tif"),
			ImageSequence.frames(folder).stream().map(p -> p.getFileName().toString()).toList());
		final Path empty = Files.createDirectory(folder.resolve("empty"));
		assertThrows(MedXaiException.class, () -> ImageSequence.frames(empty));
	}
}
