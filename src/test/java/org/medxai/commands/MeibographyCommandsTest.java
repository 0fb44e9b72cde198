package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.engine.ModelCard;
import org.medxai.fixtures.MeibographyDemoTrainer;

/** The meibography training command through a headless SciJava context. */
class MeibographyCommandsTest extends CommandTestBase {

	@TempDir
	Path temp;

	private Map<String, Object> trainingInputs(final Path data, final Path out, final int width) {
		return inputs("data_folder", data.toFile(), "holdout_fraction", 0.2, "validation_fraction", 0.2, "split_seed",
			3L, "output_folder", out.toFile(), "model_name", "tiny-meibo", "input_width", width, "input_height", 32,
			"network_width", 4, "epochs", 1, "batch_size", 2, "learning_rate", 0.002, "patience", 5, "seed", 1L,
			"gland_ratio_weight", 1.0, "device", "cpu");
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
		final ModelCard card = ModelCard.read(out.resolve("model-card.json"));
		assertEquals(64, card.input.width);
		final var training = card.training.getAsJsonObject();
		assertEquals(1.0, training.getAsJsonObject("options").get("glandRatioWeight").getAsDouble());
		assertTrue(training.get("loss").getAsString().contains("gland-ratio loss"), training.get("loss").toString());
	}

	@Test
	void inputSizeThatTheNetworkCannotHalveIsRefused() throws Exception {
		final Path data = temp.resolve("data");
		MeibographyDemoTrainer.writeSet(data, 4, 5);
		final TrainMeibographyCommand command = run(TrainMeibographyCommand.class, trainingInputs(data, temp.resolve(
			"model"), 72));
		assertNotNull(command.failure());
		assertTrue(command.failure().contains("multiples of 16"), command.failure());
		assertTrue(!Files.exists(temp.resolve("model/model-card.json")));
	}
}
