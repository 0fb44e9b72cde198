package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;
import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.WeightFiles;

/** The classify commands run through a headless SciJava context, as Fiji runs them. */
class ClassifyCommandsTest extends CommandTestBase {

	@TempDir
	Path temp;

	private static File demoModel() {
		return TestPaths.demoModel().resolve("model-card.json").toFile();
	}

	@Test
	void classifiesEverySliceOfAStackWithoutTouchingIt() throws Exception {
		final ImagePlus stack = IJ.openImage(TestPaths.testImages().resolve("stack_rgb_3frames.tif").toString());
		final int[] before = ((int[]) stack.getStack().getPixels(2)).clone();
		final ClassifyImageCommand command = run(ClassifyImageCommand.class,
			inputs("imp", stack, "model_file", demoModel(), "device", "cpu", "batch_size", 2));
		assertNull(command.failure());
		final ResultsTable table = command.table();
		assertEquals(3, table.size());
		assertEquals(List.of("image", "slice", "label", "p_non-polyp", "p_polyp"), List.of(table.getHeadings()));
		for (int row = 0; row < 3; row++) {
			assertEquals(row + 1, (int) table.getValue("slice", row));
			final double sum = table.getValue("p_non-polyp", row) + table.getValue("p_polyp", row);
			assertEquals(1, sum, 1e-6);
		}
		// The generator put the polyp in frame 2 only.
		assertEquals("non-polyp", table.getStringValue("label", 0));
		assertEquals("polyp", table.getStringValue("label", 1));
		assertEquals("non-polyp", table.getStringValue("label", 2));
		assertArrayEquals(before, (int[]) stack.getStack().getPixels(2));
	}

	@Test
	void batchSizeDoesNotChangeTheAnswer() throws Exception {
		final ImagePlus stack = IJ.openImage(TestPaths.testImages().resolve("stack_rgb_3frames.tif").toString());
		final ResultsTable one = run(ClassifyImageCommand.class,
			inputs("imp", stack, "model_file", demoModel(), "device", "auto", "batch_size", 1)).table();
		final ResultsTable three = run(ClassifyImageCommand.class,
			inputs("imp", stack, "model_file", demoModel(), "device", "auto", "batch_size", 3)).table();
		for (int row = 0; row < 3; row++) {
			assertEquals(one.getValue("p_polyp", row), three.getValue("p_polyp", row), 1e-5);
		}
	}

	@Test
	void badInputsEndWithOneClearMessage() throws Exception {
		final ImagePlus image = new ImagePlus("grey", new ByteProcessor(8, 8));

		if (EngineEnvironment.gpuCount() == 0) {
			final ClassifyImageCommand gpu = run(ClassifyImageCommand.class,
				inputs("imp", image, "model_file", demoModel(), "device", "gpu", "batch_size", 1));
			assertTrue(gpu.failure().startsWith("A GPU was requested"), gpu.failure());
		}

		final ImageStack stack = new ImageStack(8, 8);
		for (int i = 0; i < 4; i++) stack.addSlice(new ByteProcessor(8, 8));
		final ImagePlus fourChannels = new ImagePlus("four", stack);
		fourChannels.setDimensions(4, 1, 1);
		final ClassifyImageCommand channels = run(ClassifyImageCommand.class,
			inputs("imp", fourChannels, "model_file", demoModel(), "device", "cpu", "batch_size", 1));
		assertTrue(channels.failure().contains("has 4 channels"), channels.failure());

		final Path corrupt = temp.resolve("model-card.json");
		Files.writeString(corrupt, "not json");
		final ClassifyImageCommand badCard = run(ClassifyImageCommand.class,
			inputs("imp", image, "model_file", corrupt.toFile(), "device", "cpu", "batch_size", 1));
		assertTrue(badCard.failure().contains("is not valid JSON"), badCard.failure());
	}

	@Test
	void folderCommandReportsAndSkipsBadFiles() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("in"));
		Files.copy(TestPaths.testImages().resolve("polyp_01.png"), input.resolve("a_polyp.png"));
		Files.copy(TestPaths.testImages().resolve("nonpolyp_01.png"), input.resolve("b_clean.png"));
		Files.write(input.resolve("c_broken.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2 });
		Files.writeString(input.resolve("notes.txt"), "not an image, not listed");
		final Path output = temp.resolve("out");
		final ClassifyFolderCommand command = run(ClassifyFolderCommand.class, inputs("input_folder", input.toFile(),
			"output_folder", output.toFile(), "model_file", demoModel(), "device", "cpu", "batch_size", 4));
		assertNull(command.failure());
		final List<String> lines = Files.readAllLines(output.resolve("classification.csv"));
		assertEquals("file,slice,status,label,p_non-polyp,p_polyp,message,model,model_sha256", lines.get(0));
		assertEquals(4, lines.size());
		assertTrue(lines.get(1).endsWith(",medxai-demo-synthetic," + WeightFiles.sha256(demoModel().toPath())),
			lines.get(1));
		assertTrue(lines.get(1).startsWith("a_polyp.png,1,ok,polyp,"), lines.get(1));
		assertTrue(lines.get(2).startsWith("b_clean.png,1,ok,non-polyp,"), lines.get(2));
		assertTrue(lines.get(3).startsWith("c_broken.png,,error,,,,not a readable image"), lines.get(3));
		assertNotNull(command.report());
		assertTrue(command.summary().contains("1 skipped"), command.summary());
	}

	@Test
	void bundledDefaultModelIsUsedWhenNoModelIsChosen() throws Exception {
		final ImagePlus image = IJ.openImage(TestPaths.testImages().resolve("polyp_03.png").toString());
		final ClassifyImageCommand command = run(ClassifyImageCommand.class,
			inputs("imp", image, "model_file", null, "device", "cpu", "batch_size", 1));
		assertNull(command.failure());
		assertEquals(1, command.table().size());
		assertEquals(1, command.table().getValue("p_polyp", 0) + command.table().getValue("p_non-polyp", 0), 1e-6);
	}

	@Test
	void folderCommandNeedsImages() throws Exception {
		final Path empty = Files.createDirectories(temp.resolve("empty"));
		final ClassifyFolderCommand command = run(ClassifyFolderCommand.class, inputs("input_folder", empty.toFile(),
			"output_folder", temp.resolve("o").toFile(), "model_file", demoModel(), "device", "cpu", "batch_size", 4));
		assertTrue(command.failure().startsWith("No image files in"), command.failure());
	}

	@Test
	void engineInfoCommandListsEngineAndCache() throws Exception {
		final EngineInfoCommand command = run(EngineInfoCommand.class, inputs());
		assertNull(command.failure());
		final ResultsTable table = command.table();
		final Map<String, String> rows = new HashMap<>();
		for (int i = 0; i < table.size(); i++) {
			rows.put(table.getStringValue("property", i), table.getStringValue("value", i));
		}
		assertEquals("PyTorch", rows.get("engine"));
		assertTrue(rows.containsKey("cache_folder") && !rows.get("cache_folder").isBlank());
		assertTrue(Integer.parseInt(rows.get("threads")) >= 1);
	}

	@Test
	void shardsOfAFolderMergeIntoTheTableOfOneRunAndAReRunIsRefused() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("in"));
		for (int i = 1; i <= 9; i++) {
			Files.copy(TestPaths.testImages().resolve((i % 2 == 0 ? "polyp_0" : "nonpolyp_0") + (1 + i % 4) + ".png"),
				input.resolve("img" + i + ".png"));
		}
		final Path whole = temp.resolve("whole"), parts = temp.resolve("parts");
		assertNull(
			run(ClassifyFolderCommand.class, inputs("input_folder", input.toFile(), "output_folder", whole.toFile(),
				"model_file", demoModel(), "device", "cpu", "batch_size", 4, "existing_results", "refuse", "shard", ""))
				.failure());
		for (final String shard : List.of("1/2", "2/2")) {
			final ClassifyFolderCommand part = run(ClassifyFolderCommand.class,
				inputs("input_folder", input.toFile(), "output_folder", parts.toFile(), "model_file", demoModel(),
					"device", "cpu", "batch_size", 4, "existing_results", "refuse", "shard", shard));
			assertNull(part.failure(), part.failure());
		}
		final MergeShardsCommand merge = run(MergeShardsCommand.class,
			inputs("output_folder", parts.toFile(), "existing_results", "refuse"));
		assertNull(merge.failure(), merge.failure());
		assertEquals(Files.readString(whole.resolve("classification.csv")),
			Files.readString(parts.resolve("classification.csv")));
		final ClassifyFolderCommand again = run(ClassifyFolderCommand.class,
			inputs("input_folder", input.toFile(), "output_folder", whole.toFile(), "model_file", demoModel(), "device",
				"cpu", "batch_size", 4, "existing_results", "refuse", "shard", ""));
		assertTrue(again.failure().contains("existing_results=resume"), again.failure());
	}
}
