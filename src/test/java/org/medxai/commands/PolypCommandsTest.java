package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.engine.ModelCard;
import org.medxai.fixtures.SyntheticPolyps;

/** Training and labelling commands through a headless SciJava context. */
class PolypCommandsTest extends CommandTestBase {

	@TempDir
	Path temp;

	static void writeImages(final Path folder, final boolean polyp, final int count, final long seed) throws Exception {
		Files.createDirectories(folder);
		for (int i = 0; i < count; i++) {
			final SyntheticPolyps.Sample s = SyntheticPolyps.generate(96, polyp, seed + i);
			new FileSaver(new ImagePlus("x", new ColorProcessor(96, 96, s.rgb())))
				.saveAsPng(folder.resolve((polyp ? "p" : "n") + seed + "_" + i + ".png").toString());
		}
	}

	@Test
	void trainCommandWritesModelCurvesAndHeldOutReport() throws Exception {
		final Path data = twoClassData();
		final Path out = temp.resolve("model");
		final TrainClassifierCommand command = run(TrainClassifierCommand.class, trainingInputs(data, out, true));
		assertNull(command.failure());
		for (final String name : List.of("model-card.json", "tiny-0000.params", "training-history.csv",
			"training-curves.png", "heldout.csv", "heldout-predictions.csv"))
		{
			assertTrue(Files.exists(out.resolve(name)), name);
		}
		final ModelCard card = ModelCard.read(out.resolve("model-card.json"));
		final var held = card.metrics.getAsJsonObject().getAsJsonObject("held_out");
		assertEquals(8, held.getAsJsonObject("images_per_class").get("polyp").getAsInt() +
			held.getAsJsonObject("images_per_class").get("non-polyp").getAsInt());
		for (final String variant : List.of("plain", "jpeg_75", "jpeg_95", "lower_left_masked")) {
			assertTrue(held.has(variant), variant);
		}
		assertEquals(9, Files.readAllLines(out.resolve("heldout.csv")).size());

		// with the report off the same images stay set aside, and nothing about them is written
		final Path quiet = temp.resolve("model-no-report");
		final TrainClassifierCommand setAside = run(TrainClassifierCommand.class, trainingInputs(data, quiet, false));
		assertNull(setAside.failure());
		assertNull(setAside.heldOut());
		assertTrue(Files.exists(quiet.resolve("model-card.json")));
		assertFalse(Files.exists(quiet.resolve("heldout.csv")));
		assertFalse(Files.exists(quiet.resolve("heldout-predictions.csv")));
		final ModelCard quietCard = ModelCard.read(quiet.resolve("model-card.json"));
		assertFalse(quietCard.metrics.getAsJsonObject().has("held_out"));
		assertEquals(card.training.getAsJsonObject().get("training_images_per_class"),
			quietCard.training.getAsJsonObject().get("training_images_per_class"));
		assertTrue(setAside.summary().contains("8 images set aside, not reported"), setAside.summary());
	}

	@Test
	void trainCommandValidatesOnAFoldForCrossValidation() throws Exception {
		final Path data = twoClassData();
		final Path out = temp.resolve("fold2");
		final Map<String, Object> in = trainingInputs(data, out, false);
		in.put("validation_fold", 2);
		in.put("folds", 4);
		in.put("epochs", 1);
		final TrainClassifierCommand command = run(TrainClassifierCommand.class, in);
		assertNull(command.failure());
		final var training = ModelCard.read(out.resolve("model-card.json")).training.getAsJsonObject();
		// 16 per class are not held out: fold 2 of 4 takes 4 of each, the other 12 train
		assertEquals(4, training.getAsJsonObject("validation_images_per_class").get("polyp").getAsInt());
		assertEquals(4, training.getAsJsonObject("validation_images_per_class").get("non-polyp").getAsInt());
		assertEquals(12, training.getAsJsonObject("training_images_per_class").get("polyp").getAsInt());
		assertTrue(training.get("validation").getAsString().startsWith("validation: fold 2 of 4 per class, seed 4"),
			training.get("validation").getAsString());

		// a validation folder and a fold together are refused, before anything is written
		final Path both = temp.resolve("both");
		in.put("output_folder", both.toFile());
		in.put("validation_folder", data.toFile());
		final TrainClassifierCommand refused = run(TrainClassifierCommand.class, in);
		assertEquals("Give either validation images or a validation fold, not both.", refused.failure());
		assertFalse(Files.exists(both.resolve("model-card.json")));
	}

	/** 20 synthetic polyp and 20 non-polyp images in class folders. */
	private Path twoClassData() throws Exception {
		final Path data = temp.resolve("data");
		writeImages(data.resolve("polyp"), true, 20, 100);
		writeImages(data.resolve("non-polyp"), false, 20, 200);
		return data;
	}

	private static Map<String, Object> trainingInputs(final Path data, final Path out, final boolean heldOutReport) {
		final Map<String, Object> in = new HashMap<>();
		in.put("training_folder", data.toFile());
		in.put("labels_csv", null);
		in.put("validation_folder", null);
		in.put("validation_fraction", 0.2);
		in.put("validation_fold", 0);
		in.put("folds", 5);
		in.put("holdout_fraction", 0.2);
		in.put("split_seed", 3L);
		in.put("output_folder", out.toFile());
		in.put("model_name", "tiny");
		in.put("image_size", 64);
		in.put("network_width", 8);
		in.put("epochs", 2);
		in.put("batch_size", 8);
		in.put("learning_rate", 0.003);
		in.put("patience", 5);
		in.put("seed", 1L);
		in.put("mask_corner", true);
		in.put("device", "cpu");
		in.put("held_out_report", heldOutReport);
		return in;
	}

	@Test
	void labelCommandProposesMontagesAndExports() throws Exception {
		final Path labelled = temp.resolve("labelled");
		writeImages(labelled.resolve("polyp"), true, 4, 300);
		writeImages(labelled.resolve("non-polyp"), false, 4, 400);
		final Path unlabelled = temp.resolve("unlabelled");
		writeImages(unlabelled, true, 8, 500);
		writeImages(unlabelled, false, 8, 600);
		Files.write(unlabelled.resolve("broken.png"), new byte[] { 1, 2 });
		final Path out = temp.resolve("out");
		final Map<String, Object> in = new HashMap<>();
		in.put("labelled_folder", labelled.toFile());
		in.put("unlabelled_folder", unlabelled.toFile());
		in.put("output_folder", out.toFile());
		in.put("method", "both");
		in.put("clusters", 4);
		in.put("target_count", 1000);
		in.put("neighbours", 5);
		in.put("min_confidence", 0.0);
		in.put("seed", 1L);
		in.put("mask_corner", true);
		in.put("export_accepted", true);
		final LabelImagesCommand command = run(LabelImagesCommand.class, in);
		assertNull(command.failure());
		final List<String> csv = Files.readAllLines(out.resolve("proposed-labels.csv"));
		assertEquals("file,method,proposed_label,confidence,accepted,message", csv.get(0));
		assertEquals(1 + 16 * 2 + 1, csv.size());
		assertTrue(csv.stream().anyMatch(l -> l.startsWith("broken.png,,,0.0000,no,")), String.join("\n", csv));
		assertTrue(csv.stream().filter(l -> l.contains(",label_spreading,"))
			.allMatch(l -> l.contains(",polyp,") || l.contains(",non-polyp,")));
		// the examples are always exported; accepted proposals join them
		final long exported = Files.list(out.resolve("accepted/polyp")).count() +
			Files.list(out.resolve("accepted/non-polyp")).count();
		final long accepted = command.result().rows().stream().filter(r -> r.accepted()).map(r -> r.file()).distinct()
			.count();
		assertEquals(8 + accepted, exported);
		assertTrue(
			Files.exists(out.resolve("montage_polyp.png")) || Files.exists(out.resolve("montage_non-polyp.png")));
	}
}
