package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;
import org.medxai.engine.ModelCard;
import org.medxai.fixtures.SyntheticVideos;
import org.medxai.io.CsvReader;
import org.medxai.videomodel.VideoExplainer;
import org.medxai.videomodel.VideoFolderExplainer;

/**
 * The video model commands through a headless SciJava context: training from class folders (and the messages for
 * missing files and one class), explaining a stack without touching it, and a folder with a bad video reported and
 * skipped.
 */
class VideoModelCommandsTest extends CommandTestBase {

	@TempDir
	Path temp;

	/** A stack of the TorchScript fixture's size: 7 frames of 12 x 12 (more than the model's 5: sampled evenly). */
	private static ImagePlus stack() {
		final ImageStack stack = new ImageStack(12, 12);
		final Random random = new Random(5);
		for (int f = 0; f < 7; f++) {
			final int[] rgb = new int[144];
			for (int i = 0; i < rgb.length; i++) rgb[i] = random.nextInt(0xffffff);
			stack.addSlice("f" + f, new ColorProcessor(12, 12, rgb));
		}
		return new ImagePlus("clip", stack);
	}

	@Test
	void explainingAStackGivesTheTableAndPicturesAndLeavesTheStackAlone() throws Exception {
		final ImagePlus source = stack();
		final int[] before = (int[]) source.getStack().getProcessor(3).getPixelsCopy();
		final ExplainVideoCommand command = run(ExplainVideoCommand.class,
			inputs("imp", source, "model_file", TestPaths.videoTorchScriptFixture().resolve("model-card.json").toFile(),
				"output_folder", temp.toFile(), "method", VideoExplainer.ROLLOUT));
		assertNull(command.failure(), command.failure());
		assertEquals(5, command.table().size(), "the model's 5 frames, evenly spaced over 7");
		assertEquals(3.0, command.table().getValue("frame", 1), 1e-9, "frames 1, 3, 4, 5, 7 of 7");
		assertTrue(command.table().columnExists(VideoExplainer.GRAD_ATTENTION));
		assertTrue(command.summary().contains("Deleting frames by rollout"), command.summary());
		assertTrue(Files.isRegularFile(temp.resolve("clip_timeline.png")));
		assertEquals(5, new ImagePlus(temp.resolve("clip_cam.tif").toString()).getStackSize());
		assertEquals(6, CsvReader.completeRecords(temp.resolve("clip_attention.csv")).size());
		assertTrue(java.util.Arrays.equals(before, (int[]) source.getStack().getProcessor(3).getPixels()));
		assertNull(source.getOverlay(), "nothing drawn on the source");
		// the same output again: refused, nothing overwritten
		final ExplainVideoCommand again = run(ExplainVideoCommand.class, inputs("imp", source, "model_file",
			TestPaths.videoTorchScriptFixture().resolve("model-card.json").toFile(), "output_folder", temp.toFile()));
		assertTrue(again.failure() != null && again.failure().contains("nothing is overwritten"), again.failure());
	}

	@Test
	void withoutAModelTheBundledBLinesModelExplains() throws Exception {
		// model_file given as empty (else the context would take the one the last test chose, as Fiji's dialog does)
		final ExplainVideoCommand command = run(ExplainVideoCommand.class, inputs("imp", stack(), "model_file", null));
		assertNull(command.failure(), command.failure());
		assertEquals(7, command.table().size(), "all 7 frames: the bundled model takes 16");
		assertEquals(2, command.explanation().probabilities().length, "B-lines no / yes");
	}

	@Test
	void aFolderIsExplainedAndABadVideoIsReportedAndSkipped() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("in"));
		SyntheticVideos.write(input.resolve("a.avi"), 8, 24, 24, 5, "mjpeg");
		final Path frames = Files.createDirectories(input.resolve("b"));
		for (int f = 0; f < 3; f++) {
			final java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(12, 12,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
			image.setRGB(f, f, 0xffffff);
			ImageIO.write(image, "png", frames.resolve("f" + f + ".png").toFile());
		}
		Files.writeString(input.resolve("c.mp4"), "not a video");
		final Path output = temp.resolve("out");
		final ExplainVideoFolderCommand command = run(ExplainVideoFolderCommand.class,
			inputs("input_folder", input.toFile(), "output_folder", output.toFile(), "model_file",
				TestPaths.videoTorchScriptFixture().resolve("model-card.json").toFile()));
		assertNull(command.failure(), command.failure());
		assertEquals(2, command.report().explained());
		assertEquals(1, command.report().skipped().size());
		assertTrue(command.report().skipped().get(0).startsWith("c.mp4"), command.report().skipped().get(0));
		final List<List<String>> predictions = CsvReader
			.completeRecords(output.resolve(VideoFolderExplainer.PREDICTIONS));
		assertEquals(List.of("file", "label", "p_absent", "p_present"), predictions.get(0));
		assertEquals(3, predictions.size());
		// a.avi: 5 of its 8 frames; b: its 3 frames
		assertEquals(1 + 5 + 3, CsvReader.completeRecords(output.resolve(VideoFolderExplainer.ATTENTION)).size());
		for (final String stem : List.of("a", "b")) {
			assertTrue(Files.isRegularFile(output.resolve(stem + "_timeline.png")));
			assertTrue(Files.isRegularFile(output.resolve(stem + "_cam.tif")));
		}
	}

	@Test
	void trainingFromClassFoldersWritesAModelAndBadLabelsGetOneMessage() throws Exception {
		final Path videos = temp.resolve("videos");
		final Random random = new Random(9);
		for (int v = 0; v < 12; v++) {
			final boolean event = v % 2 == 0;
			final SyntheticVideos.EventClip clip = SyntheticVideos.eventClip(event, 6, 16, random);
			final Path folder = Files.createDirectories(videos.resolve(event ? "event" : "quiet").resolve("v" + v));
			for (int f = 0; f < clip.frames().size(); f++) {
				final java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(16, 16,
					java.awt.image.BufferedImage.TYPE_INT_RGB);
				image.setRGB(0, 0, 16, 16, clip.frames().get(f), 0, 16);
				ImageIO.write(image, "png", folder.resolve("f" + f + ".png").toFile());
			}
		}
		final File output = temp.resolve("model").toFile();
		final TrainVideoClassifierCommand command = run(TrainVideoClassifierCommand.class,
			inputs("video_folder", videos.toFile(), "output_folder", output, "clip_frames", 6, "frame_size", 16,
				"backbone_width", 4, "token_width", 8, "layers", 1, "heads", 2, "frame_epochs", 1, "temporal_epochs", 2,
				"holdout_fraction", 0.2, "validation_fraction", 0.2));
		assertNull(command.failure(), command.failure());
		final ModelCard card = ModelCard.read(command.result().card());
		assertEquals(List.of("event", "quiet"), card.classes);
		assertEquals(6, card.video.frames);
		assertNotNull(command.heldOut());
		assertTrue(command.summary().contains("Held out:"), command.summary());
		assertTrue(Files.isRegularFile(output.toPath().resolve("training-curves.png")));
		// two members: each in its folder, one ensemble card with the ensemble's own validation figures
		final File ensemble = temp.resolve("ensemble").toFile();
		final TrainVideoClassifierCommand two = run(TrainVideoClassifierCommand.class,
			inputs("video_folder", videos.toFile(), "output_folder", ensemble, "clip_frames", 6, "frame_size", 16,
				"backbone_width", 4, "token_width", 8, "layers", 1, "heads", 2, "frame_epochs", 1, "temporal_epochs", 2,
				"holdout_fraction", 0.2, "validation_fraction", 0.2, "ensemble_members", 2));
		assertNull(two.failure(), two.failure());
		final ModelCard joined = ModelCard.read(two.modelCard());
		assertEquals(List.of("params", "params_2"), joined.paramsRoles());
		assertEquals(2, joined.training.getAsJsonArray().size());
		assertTrue(joined.metrics.getAsJsonObject().has("validation"), joined.metrics.toString());
		for (final String member : List.of("member1", "member2"))
			assertTrue(Files.isRegularFile(ensemble.toPath().resolve(member).resolve("model-card.json")), member);
		assertTrue(two.summary().contains("Ensemble of 2") && two.summary().contains("Held out:"), two.summary());
		// a CSV naming missing files, and one class only: one message each
		Files.writeString(temp.resolve("missing.csv"), "file,label\nevent/v0,event\nnowhere.mp4,quiet\n");
		final TrainVideoClassifierCommand missing = run(TrainVideoClassifierCommand.class,
			inputs("video_folder", videos.toFile(), "labels_csv", temp.resolve("missing.csv").toFile(), "output_folder",
				temp.resolve("m").toFile()));
		assertTrue(missing.failure().contains("nowhere.mp4"), missing.failure());
		Files.writeString(temp.resolve("one.csv"), "file,label\nevent/v0,event\nevent/v2,event\n");
		final TrainVideoClassifierCommand one = run(TrainVideoClassifierCommand.class,
			inputs("video_folder", videos.toFile(), "labels_csv", temp.resolve("one.csv").toFile(), "output_folder",
				temp.resolve("o").toFile()));
		assertTrue(one.failure().contains("one class only"), one.failure());
	}
}
