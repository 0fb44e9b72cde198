package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

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

	/** A stack of generated stage frames (stage lengths as given), frames numbered 1 … */
	private static ImagePlus stageStack(final int... lengths) {
		final Random random = new Random(4);
		final ImageStack stack = new ImageStack(96, 96);
		for (int s = 0; s < lengths.length; s++)
			for (int f = 0; f < lengths[s]; f++)
				stack.addSlice(new ColorProcessor(96, 96, SyntheticVideos.stageFrame(s, random)));
		final ImagePlus image = new ImagePlus("stages", stack);
		image.getCalibration().fps = 2;
		return image;
	}

	private ClusterVideoFramesCommand cluster(final ImagePlus image, final int stages, final File labels,
		final File output) throws Exception
	{
		return run(ClusterVideoFramesCommand.class,
			inputs("imp", image, "stages", stages, "clustering", "time_ordered", "embedding", "texture", "model_file",
				null, "reduction", "slow", "map", "umap", "perplexity", 20.0, "components", 0, "labels_csv", labels,
				"output_folder", output, "seed", 1L, "device", "cpu"));
	}

	@Test
	void clusteringFindsTheStagesAndWritesItsFiles() throws Exception {
		final ImagePlus image = stageStack(20, 12, 25, 15);
		final Path labels = temp.resolve("phases.csv");
		Files.writeString(labels, "one,1,20\ntwo,21,32\nthree,33,57\nfour,58,72\n");
		final Path output = temp.resolve("out");
		final ClusterVideoFramesCommand command = cluster(image, 0, labels.toFile(), output.toFile());
		assertNull(command.failure(), command.failure());
		assertEquals(4, command.result().stages(), "the number of stages found");
		assertTrue(command.metrics().get("ari") >= 0.95, command.metrics().toString());
		assertEquals(1.0, command.metrics().get("frame_accuracy"), 0.05);
		assertEquals(72, command.table().size());
		assertEquals("three", command.table().getStringValue("reference", 40));
		for (final String file : List.of("clusters.csv", "metrics.csv", "scatter.png", "timeline.png",
			"gallery/index.html", "montages/stage_1.png", "montages/stage_4.png"))
			assertTrue(Files.size(output.resolve(file)) > 0, file);
		final List<String> rows = Files.readAllLines(output.resolve("clusters.csv"));
		assertEquals("frame,time,cluster,x,y,distance", rows.get(0));
		assertEquals(73, rows.size());
		assertTrue(rows.get(1).startsWith("1,0,1,"), rows.get(1)); // frame 1 at 0 s, stage 1
		final String html = Files.readString(output.resolve("gallery/index.html"));
		assertEquals(72, html.split("<figure>", -1).length - 1, "one thumbnail per frame");
		assertTrue(Files.exists(output.resolve("gallery/frames/frame_000033.jpg")));
		assertTrue(html.contains("frame 33 · 16.00 s"), "frame numbers and times under the thumbnails");
		assertTrue(html.contains("frame 72 · 35.50 s"));
		// never overwritten
		final ClusterVideoFramesCommand again = cluster(image, 4, null, output.toFile());
		assertTrue(again.failure().contains("already holds"), again.failure());
	}

	@Test
	void clusteringRefusesBadInputsWithOneMessage() throws Exception {
		final ClusterVideoFramesCommand single = cluster(new ImagePlus("one", new ByteProcessor(8, 8)), 0, null, null);
		assertTrue(single.failure().contains("at least two frames"), single.failure());
		final Path beyond = temp.resolve("beyond.csv");
		Files.writeString(beyond, "a,1,10\nb,300,500\n");
		final ClusterVideoFramesCommand wrong = cluster(stageStack(10, 10), 2, beyond.toFile(), null);
		assertTrue(wrong.failure().contains("frame 300"), wrong.failure());
		final Path malformed = temp.resolve("malformed.csv");
		Files.writeString(malformed, "a,1,10\nb,eleven,20\n");
		final ClusterVideoFramesCommand bad = cluster(stageStack(10, 10), 2, malformed.toFile(), null);
		assertTrue(bad.failure().contains("line 2"), bad.failure());
		final ClusterVideoFramesCommand tooMany = cluster(stageStack(3, 3), 9, null, null);
		assertTrue(tooMany.failure().contains("9 stages"), tooMany.failure());
		final ClusterVideoFramesCommand mistyped = run(ClusterVideoFramesCommand.class,
			inputs("imp", stageStack(10, 10), "stages", 2, "reduction", "slowest", "output_folder", null));
		assertTrue(mistyped.failure().contains("slow or pca, not 'slowest'"), mistyped.failure());
	}
}
