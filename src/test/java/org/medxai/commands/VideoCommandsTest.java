package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.fixtures.SyntheticVideos;
import org.medxai.ij1.VideoStacks;

/** Open Video with MedXAI through a headless SciJava context: videos and frame folders as stacks along time. */
class VideoCommandsTest extends CommandTestBase {

	@TempDir
	Path temp;

	private OpenVideoCommand open(final File video, final String sampling, final double n, final double start,
		final double end, final String virtual) throws Exception
	{
		return run(OpenVideoCommand.class, inputs("video", video, "sampling", sampling, "sampling_value", n,
			"start_seconds", start, "end_seconds", end, "sequence_fps", 2.0, "virtual", virtual));
	}

	@Test
	void aVideoOpensAsAStackWithItsFrameTimes() throws Exception {
		final Path file = temp.resolve("clip.mp4");
		SyntheticVideos.write(file, 50, 80, 48, 25, "h264");
		// every 5th frame from 0.4 s (frame 10) to 1.6 s (frame 40)
		final OpenVideoCommand command = open(file.toFile(), "every", 5, 0.4, 1.6, "no");
		assertNull(command.failure(), command.failure());
		final ImagePlus image = command.image();
		assertEquals(7, image.getStackSize());
		assertEquals(7, image.getNFrames(), "frames along time");
		assertEquals(25, image.getCalibration().fps, 1e-9);
		assertEquals(0.2, image.getCalibration().frameInterval, 1e-9);
		assertArrayEquals(new int[] { 11, 16, 21, 26, 31, 36, 41 }, VideoStacks.frameNumbers(image));
		assertEquals(1.6, VideoStacks.times(image)[6], 1e-9);
		assertEquals("frame 11 (0.400 s)", image.getStack().getSliceLabel(1));
		final int[] pixels = (int[]) image.getStack().getProcessor(3).getPixels();
		assertTrue(SyntheticVideos.meanAbsoluteDifference(SyntheticVideos.frame(20, 80, 48), pixels) < 6);

		final OpenVideoCommand virtual = open(file.toFile(), "per_second", 2, 0, 0, "yes");
		assertNull(virtual.failure(), virtual.failure());
		assertTrue(virtual.image().getStack().isVirtual());
		assertArrayEquals(new int[] { 1, 14, 26, 39 }, VideoStacks.frameNumbers(virtual.image()));
		assertTrue(SyntheticVideos.meanAbsoluteDifference(SyntheticVideos.frame(25, 80, 48),
			(int[]) virtual.image().getStack().getProcessor(3).getPixels()) < 6);
	}

	@Test
	void aFolderOfFramesOpensInNaturalOrderAndSkipsABadFrame() throws Exception {
		final Path folder = Files.createDirectory(temp.resolve("run"));
		for (final int i : new int[] { 1, 2, 10, 3 }) {
			final ByteProcessor frame = new ByteProcessor(20, 10);
			frame.setValue(i * 20);
			frame.fill();
			new FileSaver(new ImagePlus("f", frame)).saveAsPng(folder.resolve("RUN" + i + ".png").toString());
		}
		new FileSaver(new ImagePlus("wrong size", new ByteProcessor(30, 10)))
			.saveAsPng(folder.resolve("RUN4.png").toString());
		// choosing one frame file opens its whole folder
		final OpenVideoCommand command = open(folder.resolve("RUN2.png").toFile(), "all", 1, 0, 0, "no");
		assertNull(command.failure(), command.failure());
		final ImagePlus image = command.image();
		assertEquals(4, image.getStackSize());
		final int[] values = new int[4];
		for (int s = 0; s < 4; s++) values[s] = image.getStack().getProcessor(s + 1).get(0, 0);
		assertArrayEquals(new int[] { 20, 40, 60, 200 }, values, "RUN1, RUN2, RUN3, RUN10");
		assertEquals(0.5, image.getCalibration().frameInterval, 1e-9, "2 fps as chosen");
		assertTrue(command.summary().contains("RUN4.png"), command.summary());
	}

	@Test
	void badInputsGetOneMessage() throws Exception {
		final Path text = temp.resolve("broken.mp4");
		Files.writeString(text, "not a video");
		final OpenVideoCommand broken = open(text.toFile(), "all", 1, 0, 0, "auto");
		assertNotNull(broken.failure());
		assertTrue(broken.failure().contains("broken.mp4"), broken.failure());

		final Path file = temp.resolve("short.mp4");
		SyntheticVideos.write(file, 10, 32, 32, 10, "mpeg4");
		final OpenVideoCommand late = open(file.toFile(), "all", 1, 5, 0, "no");
		assertTrue(late.failure().contains("No frames"), late.failure());
		final OpenVideoCommand badN = open(file.toFile(), "every", 1.5, 0, 0, "no");
		assertTrue(badN.failure().contains("whole number"), badN.failure());
		final OpenVideoCommand empty = open(Files.createDirectory(temp.resolve("empty")).toFile(), "all", 1, 0, 0,
			"no");
		assertTrue(empty.failure().contains("no image files"), empty.failure());
	}
}
