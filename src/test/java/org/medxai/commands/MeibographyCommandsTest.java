package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;
import org.medxai.engine.ModelCard;
import org.medxai.fixtures.MeibographyDemoTrainer;
import org.medxai.fixtures.SyntheticMeibography;
import org.medxai.meibo.BinaryMasks;
import org.medxai.meibo.LidSide;

/** The meibography analysis and training commands through a headless SciJava context. */
class MeibographyCommandsTest extends CommandTestBase {

	@TempDir
	Path temp;

	private Map<String, Object> trainingInputs(final Path data, final Path out, final int width) {
		return inputs("data_folder", data.toFile(), "holdout_fraction", 0.2, "validation_fraction", 0.2, "split_seed",
			3L, "output_folder", out.toFile(), "model_name", "tiny-meibo", "input_width", width, "input_height", 32,
			"network_width", 4, "epochs", 1, "batch_size", 2, "learning_rate", 0.002, "patience", 5, "seed", 1L,
			"gland_ratio_weight", 1.0, "initial_model", null, "device", "cpu");
	}

	@Test
	void trainCommandWritesAModelWhoseCardRecordsTheLoss() throws Exception {
		final Path data = temp.resolve("data");
		MeibographyDemoTrainer.writeSet(data, 10, 5);
		final Path out = temp.resolve("model");
		final TrainMeibographyCommand command = run(TrainMeibographyCommand.class, trainingInputs(data, out, 64));
		assertNull(command.failure());
		assertTrue(Files.exists(out.resolve("tiny-meibo-0000.params")));
		assertTrue(Files.exists(out.resolve("training-history.csv")));
		assertTrue(Files.exists(out.resolve("training-curves.png")));
		final ModelCard card = ModelCard.read(out.resolve("model-card.json"));
		assertEquals(64, card.input.width);
		final var training = card.training.getAsJsonObject();
		assertEquals(1.0, training.getAsJsonObject("options").get("glandRatioWeight").getAsDouble());
		assertTrue(training.get("loss").getAsString().contains("gland-ratio loss"), training.get("loss").toString());
	}

	@Test
	void trainingReadsSeveralFoldersAndSplitsThemByGradeAndSide() throws Exception {
		final Path full = temp.resolve("full"), half = temp.resolve("half");
		MeibographyDemoTrainer.writeSet(full, 8, 5);
		MeibographyDemoTrainer.writeSet(half, 8, 50);
		for (final String sub : List.of("images", "eyelid_masks", "gland_masks")) {
			try (var files = Files.list(half.resolve(sub))) {
				for (final Path file : files.toList())
					Files.move(file, file.resolveSibling("half_" + file.getFileName()));
			}
		}
		Files.writeString(half.resolve("meiboscores.csv"),
			Files.readString(half.resolve("meiboscores.csv")).replace("synthetic_", "half_synthetic_"));
		final Path out = temp.resolve("model");
		final Map<String, Object> inputs = trainingInputs(full, out, 64);
		inputs.put("more_data_folders", half.toString());
		inputs.put("split", "stratified");
		final TrainMeibographyCommand command = run(TrainMeibographyCommand.class, inputs);
		assertNull(command.failure(), command.failure());
		assertTrue(command.summary().contains("full (8) + half (8), 16 images") &&
			command.summary().contains("stratified split"), command.summary());
		final var training = ModelCard.read(out.resolve("model-card.json")).training.getAsJsonObject();
		assertTrue(training.get("data").getAsString().contains("stratified by meiboscore and side"),
			training.toString());
		inputs.put("split", "random");
		inputs.put("output_folder", temp.resolve("other").toFile());
		assertTrue(run(TrainMeibographyCommand.class, inputs).failure().contains("choose hash or stratified"));
	}

	@Test
	void inputSizeThatTheNetworkCannotHalveIsRefused() throws Exception {
		final Path data = temp.resolve("data");
		MeibographyDemoTrainer.writeSet(data, 4, 5);
		final TrainMeibographyCommand command = run(TrainMeibographyCommand.class,
			trainingInputs(data, temp.resolve("model"), 72));
		assertNotNull(command.failure());
		assertTrue(command.failure().contains("multiples of 16"), command.failure());
		assertTrue(!Files.exists(temp.resolve("model/model-card.json")));
	}

	private static final Path DEMO = TestPaths.project().resolve("test-images/meibography-demo-model");

	private static Map<String, Object> analyzeInputs(final ImagePlus imp, final String cutoffs) {
		return inputs("imp", imp, "model_file", DEMO.toFile(), "lid", "auto", "cutoffs", cutoffs, "show_overlay", true,
			"device", "cpu");
	}

	/** Generated lids the demo segmenter never saw, as a two-slice 8-bit stack, and their truth. */
	private static SyntheticMeibography.Sample[] lids() {
		final int w = MeibographyDemoTrainer.WIDTH, h = MeibographyDemoTrainer.HEIGHT;
		return new SyntheticMeibography.Sample[] { SyntheticMeibography.generate(w, h, 10, 1, 9301),
			SyntheticMeibography.generate(w, h, 10, 6, 9302) };
	}

	private static ImagePlus stack(final String title, final SyntheticMeibography.Sample... lids) {
		final ImageStack stack = new ImageStack(lids[0].width(), lids[0].height());
		for (final SyntheticMeibography.Sample lid : lids) {
			final byte[] grey = new byte[lid.rgb().length];
			for (int i = 0; i < grey.length; i++) grey[i] = (byte) (lid.rgb()[i] & 0xff);
			stack.addSlice(new ByteProcessor(lid.width(), lid.height(), grey));
		}
		return new ImagePlus(title, stack);
	}

	/**
	 * Per slice: one table row (side from the title, gland count as constructed, gland area ratio within 1.5 points of
	 * the truth masks'), one row per gland in the second table, an overlay layer and an eyelid outline; the source
	 * pixels stay as they were.
	 */
	@Test
	void analyzeCommandMeasuresEachSliceAndDrawsOverTheSourceWithoutChangingIt() throws Exception {
		final SyntheticMeibography.Sample[] lids = lids();
		final ImagePlus imp = stack("synthetic_UPPER_lids", lids);
		final byte[][] before = { ((byte[]) imp.getStack().getPixels(1)).clone(),
			((byte[]) imp.getStack().getPixels(2)).clone() };
		final AnalyzeMeibographyCommand command = run(AnalyzeMeibographyCommand.class, analyzeInputs(imp, ""));
		assertNull(command.failure());
		for (int s = 0; s < 2; s++)
			assertArrayEquals(before[s], (byte[]) imp.getStack().getPixels(s + 1), "slice " + (s + 1));
		final var images = command.imagesTable();
		assertEquals(2, images.size());
		int glandRows = 0;
		for (int s = 0; s < 2; s++) {
			final SyntheticMeibography.Sample lid = lids[s];
			assertEquals(s + 1, (int) images.getValue("slice", s));
			assertEquals(LidSide.UPPER.name().toLowerCase(), images.getStringValue("side", s).toLowerCase());
			assertEquals(lid.glandCount(), (int) images.getValue("gland_count", s), "gland count, slice " + (s + 1));
			final double truthRatio = BinaryMasks.count(mask(lid.glands())) /
				(double) BinaryMasks.count(mask(lid.eyelid()));
			assertEquals(truthRatio, images.getValue("gland_area_ratio", s), 0.015,
				"gland area ratio, slice " + (s + 1));
			glandRows += lid.glandCount();
		}
		assertTrue(images.getValue("dropout_percent", 1) > images.getValue("dropout_percent", 0),
			"the lid with six glands missing shows more dropout");
		final var glands = command.glandsTable();
		assertEquals(glandRows, glands.size());
		for (int r = 0; r < glands.size(); r++) {
			final int length = lids[(int) glands.getValue("slice", r) - 1].glandLength();
			assertEquals(length, glands.getValue("length", r), 0.15 * length, "gland " + r);
			assertTrue(glands.getValue("width", r) > 0 && glands.getValue("tortuosity", r) >= 1, "gland " + r);
		}
		assertNotNull(imp.getOverlay(), "results drawn over the source");
		final Roi[] overlay = imp.getOverlay().toArray();
		assertEquals(2, java.util.Arrays.stream(overlay).filter(r -> r instanceof ImageRoi).count(),
			"one layer per slice");
		assertEquals(2, java.util.Arrays.stream(overlay).filter(r -> !(r instanceof ImageRoi)).map(Roi::getPosition)
			.distinct().count(), "an eyelid outline on each slice");
	}

	@Test
	void userCutoffsGradeTheDropoutAndBadInputsGetOneMessage() throws Exception {
		final SyntheticMeibography.Sample lid = lids()[1];
		final AnalyzeMeibographyCommand graded = run(AnalyzeMeibographyCommand.class,
			analyzeInputs(stack("lid_LOWER", lid), "5,33,67"));
		assertNull(graded.failure());
		final double dropout = graded.result().dropoutPercent();
		assertEquals(dropout >= 67 ? 3 : dropout >= 33 ? 2 : dropout >= 5 ? 1 : 0, graded.result().meiboscore());
		assertEquals(LidSide.LOWER, graded.result().side());
		assertTrue(graded.result().rule().contains("chosen by the user"), graded.result().rule());

		final ImagePlus deep = new ImagePlus("lid_16bit", new ShortProcessor(lid.width(), lid.height()));
		final AnalyzeMeibographyCommand refused = run(AnalyzeMeibographyCommand.class, analyzeInputs(deep, ""));
		assertTrue(refused.failure().contains("8-bit or RGB"), refused.failure());
		assertNull(deep.getOverlay());

		final AnalyzeMeibographyCommand badCutoffs = run(AnalyzeMeibographyCommand.class,
			analyzeInputs(stack("lid", lid), "5,x"));
		assertTrue(badCutoffs.failure().contains("three increasing dropout percentages"), badCutoffs.failure());

		final ImagePlus blank = new ImagePlus("blank", new ByteProcessor(lid.width(), lid.height()));
		final AnalyzeMeibographyCommand empty = run(AnalyzeMeibographyCommand.class, analyzeInputs(blank, ""));
		assertTrue(empty.failure().contains("blank"), empty.failure());
	}

	private static boolean[] mask(final byte[] m) {
		final boolean[] b = new boolean[m.length];
		for (int i = 0; i < m.length; i++) b[i] = m[i] != 0;
		return b;
	}
}
