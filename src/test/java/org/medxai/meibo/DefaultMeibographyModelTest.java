package org.medxai.meibo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.medxai.TestPaths;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;
import org.medxai.metrics.SegmentationMetrics;

/** The shipped meibography segmenter: small, trained on both MGD-1K folders, and as good as its card says. */
class DefaultMeibographyModelTest {

	private static JsonObject heldOut() {
		final ModelCard card = ModelCard.read(BundledModels.card(BundledModels.MEIBOGRAPHY_DEFAULT));
		return card.metrics.getAsJsonObject().getAsJsonObject("held_out");
	}

	@Test
	void cardRecordsTheDataTheSplitAndTheHeldOutFigures() throws Exception {
		final Path card = BundledModels.card(BundledModels.MEIBOGRAPHY_DEFAULT);
		assertTrue(Files.size(card.resolveSibling("meibography-default-0000.params")) <= 20L << 20);
		final ModelCard read = ModelCard.read(card);
		final String data = read.training.getAsJsonObject().get("data").getAsString();
		assertTrue(data.contains("mgd1k (150)") && data.contains("mgd1k-extra (700)"), data);
		assertTrue(data.contains("stratified by meiboscore and side"), data);
		final JsonObject held = heldOut();
		assertEquals(170, held.get("images").getAsInt(), held.toString());
		for (final String figure : List.of("eyelid_iou", "gland_dice", "gland_area_ratio_rmsd_points",
			"meiboscore_accuracy")) assertTrue(held.has(figure), figure + " missing: " + held);
		assertEquals(Files.readAllLines(card.resolveSibling("heldout.csv")).size() - 1, held.get("images").getAsInt());
	}

	/** Re-measures the held-out eyelid IoU and gland Dice from the shared data; skipped when it is absent. */
	@Test
	void heldOutMasksReproduceOnTheSharedData() throws Exception {
		final Path data = TestPaths.project().resolve("../shared/data").normalize();
		assumeTrue(Files.isDirectory(data.resolve("mgd1k/images")) && Files.isDirectory(data.resolve("mgd1k-extra")),
			"shared MGD-1K data not found beside the project: held-out check skipped");
		final Path card = BundledModels.card(BundledModels.MEIBOGRAPHY_DEFAULT);
		final List<String> lines = Files.readAllLines(card.resolveSibling("heldout.csv"));
		final Map<String, MeibographySet.Item> items = new HashMap<>();
		for (final String folder : List.of("mgd1k", "mgd1k-extra"))
			for (final MeibographySet.Item item : MeibographySet.read(data.resolve(folder)).items())
				items.put(folder + "/" + item.name(), item);
		double iou = 0, dice = 0;
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, GradingFile.glandThreshold(card));
			final MeiboGrading grading = GradingFile.besideModel(card);
			for (final String line : lines.subList(1, lines.size())) {
				final String[] f = line.split(",");
				final MeibographySet.Item item = items.get(f[1] + "/" + f[0]);
				assumeTrue(item != null, "held-out lid missing: " + f[1] + "/" + f[0]);
				final MeibographyAnalyzer.Result r = analyzer.analyze(ImageDecoding.read(item.image()).planes(),
					LidSide.of(item.name()), grading);
				iou += SegmentationMetrics.of(r.eyelid(), MeibographySet.readMask(item.eyelidMask())).iou();
				dice += SegmentationMetrics.of(r.glands(), MeibographySet.readMask(item.glandMask())).dice();
			}
		}
		final int n = lines.size() - 1;
		assertEquals(heldOut().get("eyelid_iou").getAsDouble(), iou / n, 1e-6);
		assertEquals(heldOut().get("gland_dice").getAsDouble(), dice / n, 1e-6);
	}
}
