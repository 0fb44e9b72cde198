package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;
import org.medxai.fixtures.BundledPolypHeldOut;

/**
 * The bundled polyp model's CAM masks on its held-out polyps, made by the segment command with its defaults: the mean
 * Dice its cam-segmentation.txt records (docs/CAM.md), which meets the target (≥ 0.70). Skipped when the shared data is
 * absent.
 */
class DefaultPolypSegmentationTest extends CommandTestBase {

	@TempDir
	Path temp;

	@Test
	void heldOutMaskDiceOfTheDefaultsReproducesOnTheSharedData() throws Exception {
		final Path data = TestPaths.project().resolve("../shared/data").normalize();
		assumeTrue(Files.isDirectory(data.resolve("kvasir-seg/masks")),
			"shared data not found beside the project: CAM segmentation check skipped");
		final Path input = Files.createDirectory(temp.resolve("held-out-polyps"));
		for (final BundledPolypHeldOut.Image image : BundledPolypHeldOut.images()) {
			if (image.label().equals("polyp"))
				Files.createSymbolicLink(input.resolve(image.name()),
					data.resolve("kvasir-seg/images/" + image.name()).toAbsolutePath());
		}
		final SegmentFolderCommand command = run(SegmentFolderCommand.class,
			inputs("input_folder", input.toFile(), "output_folder", temp.resolve("out").toFile(), "truth_folder",
				data.resolve("kvasir-seg/masks").toFile(), "model_file", null, "method", SegmentationDefaults.METHOD,
				"target_class", "polyp", "rule", SegmentationDefaults.RULE, "min_area_percent",
				SegmentationDefaults.MIN_AREA_PERCENT, "fill_holes", SegmentationDefaults.FILL_HOLES, "largest_only",
				SegmentationDefaults.LARGEST_ONLY, "faithfulness", false, "device", "cpu"));
		assertNull(command.failure(), command.failure());
		// the evaluation grid's two clean-ups: none, or fill holes + largest part + parts under 1 % removed
		final boolean cleanedUp = SegmentationDefaults.FILL_HOLES && SegmentationDefaults.LARGEST_ONLY &&
			SegmentationDefaults.MIN_AREA_PERCENT == 1;
		assertTrue(
			cleanedUp || !SegmentationDefaults.FILL_HOLES && !SegmentationDefaults.LARGEST_ONLY &&
				SegmentationDefaults.MIN_AREA_PERCENT == 0,
			"the defaults' clean-up is not one the evaluation measures");
		final String key = SegmentationDefaults.METHOD + "," + SegmentationDefaults.RULE + "," +
			(cleanedUp ? "fill+largest+1%" : "none") + ",";
		final String recorded;
		try (var in = getClass().getResourceAsStream("/org/medxai/models/polyp-default/cam-segmentation.txt")) {
			recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(key))
				.findFirst().orElseThrow();
		}
		final String[] f = recorded.split(",");
		assertEquals(Integer.parseInt(f[5]), command.evaluation().scored(), recorded);
		assertEquals(Double.parseDouble(f[3]), command.evaluation().meanDice(), 5e-4, recorded);
		assertTrue(command.evaluation().meanDice() >= 0.70, recorded);
	}
}
