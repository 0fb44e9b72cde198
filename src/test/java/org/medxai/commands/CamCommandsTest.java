package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;

/** Explain, segment and evaluate commands through a headless SciJava context (demo model). */
class CamCommandsTest extends CommandTestBase {

	@TempDir
	Path temp;

	@Test
	void explainAddsAnOverlayPerSliceAndLeavesPixelsAlone() throws Exception {
		final ImagePlus stack = IJ.openImage(TestPaths.testImages().resolve("stack_rgb_3frames.tif").toString());
		final int[] before = ((int[]) stack.getStack().getPixels(2)).clone();
		final ExplainImageCommand command = run(ExplainImageCommand.class,
			inputs("imp", stack, "model_file", TestPaths.demoModel().toFile(), "method", "gradcam++", "target_class",
				"polyp", "display", "overlay and new image", "lut", "fire", "opacity", 40, "faithfulness", true, "road",
				true, "device", "cpu"));
		assertNull(command.failure());
		assertArrayEquals(before, (int[]) stack.getStack().getPixels(2));
		assertNotNull(stack.getOverlay());
		long images = java.util.Arrays.stream(stack.getOverlay().toArray()).filter(r -> r instanceof ImageRoi).count();
		assertEquals(3, images);
		assertEquals(3, command.table().size());
		assertEquals("polyp", command.table().getStringValue("explained_class", 0));
		final double deletion = command.table().getValue("deletion_auc", 1);
		final double insertion = command.table().getValue("insertion_auc", 1);
		assertTrue(deletion >= 0 && deletion <= 1 && insertion >= 0 && insertion <= 1);
		final double morf = command.table().getValue("road_morf_auc", 1);
		final double lerf = command.table().getValue("road_lerf_auc", 1);
		assertTrue(morf >= 0 && morf <= 1 && lerf >= 0 && lerf <= 1);
		assertEquals(lerf - morf, command.table().getValue("road_score", 1), 1e-9);
		final ImagePlus cam = command.camImage();
		assertEquals(32, cam.getBitDepth());
		assertEquals(3, cam.getStackSize());
		assertEquals(stack.getWidth(), cam.getWidth());
		final ImageProcessor ip = cam.getStack().getProcessor(2);
		assertTrue(ip.getStatistics().max <= 1 && ip.getStatistics().min >= 0);
	}

	@Test
	void segmentGivesA0And255MaskOfTheImageSize() throws Exception {
		final ImagePlus image = IJ.openImage(TestPaths.testImages().resolve("polyp_02.png").toString());
		final SegmentPolypsCommand command = run(SegmentPolypsCommand.class,
			inputs("imp", image, "model_file", TestPaths.demoModel().toFile(), "method", "gradcam", "target_class",
				"polyp", "rule", "otsu", "min_area_percent", 1.0, "fill_holes", true, "largest_only", true, "device",
				"cpu"));
		assertNull(command.failure());
		final ImagePlus mask = command.mask();
		assertEquals(8, mask.getBitDepth());
		assertEquals(image.getWidth(), mask.getWidth());
		assertEquals(image.getHeight(), mask.getHeight());
		final int[] histogram = mask.getProcessor().getHistogram();
		assertEquals(image.getWidth() * image.getHeight(), histogram[0] + histogram[255]);
		assertTrue(histogram[255] > 0, "something was segmented");
		assertNotNull(image.getOverlay(), "outline drawn over the source");
	}

	@Test
	void badMaskRuleAndUnknownClassGiveOneMessage() throws Exception {
		final ImagePlus image = IJ.openImage(TestPaths.testImages().resolve("polyp_02.png").toString());
		final SegmentPolypsCommand rule = run(SegmentPolypsCommand.class,
			inputs("imp", image, "model_file", TestPaths.demoModel().toFile(), "method", "gradcam", "target_class",
				"polyp", "rule", "halfway", "min_area_percent", 1.0, "fill_holes", true, "largest_only", true, "device",
				"cpu"));
		assertTrue(rule.failure().startsWith("Unknown mask rule 'halfway'"), rule.failure());
		final ExplainImageCommand klass = run(ExplainImageCommand.class,
			inputs("imp", image, "model_file", TestPaths.demoModel().toFile(), "method", "gradcam", "target_class",
				"tumour", "display", "overlay", "lut", "fire", "opacity", 50, "faithfulness", false, "device", "cpu"));
		assertTrue(klass.failure().startsWith("The model has no class 'tumour'"), klass.failure());
	}

	@Test
	void evaluationScoresMatchedMasksAndReportsTheRest() throws Exception {
		final Path predicted = Files.createDirectories(temp.resolve("pred"));
		final Path truth = Files.createDirectories(temp.resolve("truth"));
		// a: perfect; b: half; c: no truth; d: truth not binary; e: wrong shape
		final ByteProcessor square = new ByteProcessor(20, 20);
		square.setValue(255);
		square.fillRect(5, 5, 10, 10);
		save(square, truth.resolve("a.png"));
		save(square, predicted.resolve("a_mask.png"));
		final ByteProcessor half = new ByteProcessor(40, 40);
		half.setValue(255);
		half.fillRect(10, 10, 10, 20);
		save(square, truth.resolve("b.png"));
		save(half, predicted.resolve("b_mask.png"));
		save(square, predicted.resolve("c_mask.png"));
		final ByteProcessor grey = new ByteProcessor(20, 20);
		grey.setValue(128);
		grey.fill();
		save(grey, truth.resolve("d.png"));
		save(square, predicted.resolve("d_mask.png"));
		save(square, truth.resolve("e.png"));
		save(new ByteProcessor(40, 10), predicted.resolve("e_mask.png"));
		final Path out = temp.resolve("out");
		final EvaluateSegmentationCommand command = run(EvaluateSegmentationCommand.class, inputs("predicted_folder",
			predicted.toFile(), "truth_folder", truth.toFile(), "output_folder", out.toFile()));
		assertNull(command.failure());
		final List<String> csv = Files.readAllLines(out.resolve("evaluation.csv"));
		assertEquals("name,status,dice,iou,precision,recall,accuracy,message", csv.get(0));
		assertTrue(csv.get(1).startsWith("a,ok,1.000000,1.000000,"), csv.get(1));
		assertTrue(csv.get(2).startsWith("b,ok,0.666667,0.500000,1.000000,0.500000,"), csv.get(2));
		assertTrue(csv.get(3).startsWith("c,error,") && csv.get(3).contains("no truth mask named c"), csv.get(3));
		assertTrue(csv.get(4).contains("is not a binary mask"), csv.get(4));
		assertTrue(csv.get(5).contains("size mismatch"), csv.get(5));
		assertTrue(csv.get(6).startsWith("mean,ok,0.833333,0.750000,"), csv.get(6));
		assertTrue(Files.exists(out.resolve("dice-histogram.png")));
	}

	private static void save(final ImageProcessor ip, final Path file) {
		assertTrue(new FileSaver(new ImagePlus("m", ip)).saveAsPng(file.toString()));
	}

	@Test
	void segmentFolderAddsFaithfulnessAndRoadColumnsInBatch(
		@org.junit.jupiter.api.io.TempDir final java.nio.file.Path temp) throws Exception
	{
		final java.nio.file.Path input = java.nio.file.Files.createDirectories(temp.resolve("in"));
		java.nio.file.Files.copy(TestPaths.testImages().resolve("polyp_01.png"), input.resolve("polyp_01.png"));
		java.nio.file.Files.write(input.resolve("broken.png"), new byte[] { 1, 2, 3 });
		final SegmentFolderCommand command = run(SegmentFolderCommand.class,
			inputs("input_folder", input.toFile(), "output_folder", temp.resolve("out").toFile(), "truth_folder", null,
				"model_file", TestPaths.demoModel().toFile(), "method", "gradcam", "target_class", "polyp", "rule",
				"otsu", "min_area_percent", 1.0, "fill_holes", true, "largest_only", true, "faithfulness", true,
				"device", "cpu"));
		assertNull(command.failure(), command.failure());
		final java.util.List<String> csv = java.nio.file.Files.readAllLines(temp.resolve("out/segmentation.csv"));
		assertTrue(csv.get(0).endsWith(
			",message,deletion_auc,insertion_auc,road_morf_auc,road_lerf_auc,model," + "model_sha256"), csv.get(0));
		final String[] ok = csv.stream().filter(l -> l.startsWith("polyp_01.png,ok,")).findFirst().orElseThrow()
			.split(",", -1);
		for (int k = ok.length - 6; k < ok.length - 2; k++) {
			final double v = Double.parseDouble(ok[k]);
			assertTrue(v >= 0 && v <= 1, csv.get(0) + " / " + String.join(",", ok));
		}
		final String[] bad = csv.stream().filter(l -> l.startsWith("broken.png,error,")).findFirst().orElseThrow()
			.split(",", -1);
		assertEquals(csv.get(0).split(",").length, bad.length, "error rows keep the columns");
	}
}
