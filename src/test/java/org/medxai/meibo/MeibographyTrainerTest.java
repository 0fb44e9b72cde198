package org.medxai.meibo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.fixtures.MeibographyDemoTrainer;
import org.medxai.training.TrainingLoop;

/** The segmenter's training in the shared loop: cancel keeps the best checkpoint; the same seed, the same run. */
class MeibographyTrainerTest {

	@TempDir
	static Path temp;

	static MeibographySet training, validation;

	@BeforeAll
	static void data() throws Exception {
		MeibographyDemoTrainer.writeSet(temp.resolve("data"), 10, 5);
		final MeibographySet all = MeibographySet.read(temp.resolve("data"));
		training = new MeibographySet("tiny training", all.items().subList(0, 8));
		validation = new MeibographySet("tiny validation", all.items().subList(8, 10));
	}

	private static MeibographyTrainer.Options options(final String name, final int epochs) {
		return new MeibographyTrainer.Options(name, 64, 32, 4, 4, epochs, 2, 2e-3, 50, 3, DevicePreference.CPU);
	}

	/** Cancels at the first check once {@code epochs} epochs have been reported to the listener. */
	private static ProgressListener cancelAfter(final int[] epochsSeen, final int epochs) {
		return new ProgressListener() {

			@Override
			public void progress(final int done, final int total, final String status) {}

			@Override
			public boolean isCancelled() {
				return epochsSeen[0] >= epochs;
			}
		};
	}

	@Test
	void cancelKeepsTheBestCheckpointAndSaysWhere() throws Exception {
		final Path out = temp.resolve("cancelled");
		final int[] seen = { 0 };
		final MeibographyTrainer.Result result = MeibographyTrainer.train(training, validation, options("stopped", 10),
			out, cancelAfter(seen, 2), epoch -> seen[0] = epoch.epoch());
		assertTrue(result.cancelled());
		assertEquals(2, result.history().size());
		assertTrue(result.status().startsWith(
			"Cancelled after epoch 2; best checkpoint from epoch " + result.bestEpoch() + " kept at " + result.card()),
			result.status());
		assertEquals(1 + 2, Files.readAllLines(out.resolve(TrainingLoop.HISTORY_NAME)).size());
		try (LoadedModel model = ModelLoader.load(result.card(), DevicePreference.CPU)) {
			assertEquals("stopped", model.card().name);
			assertEquals(2, model.card().training.getAsJsonObject().get("epochs_run").getAsInt());
		}
		// checkpoints are written under temporary names and moved into place: none is left behind; the state a
		// resumed run continues from stays
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(List.of(ModelLoader.CARD_NAME, TrainingLoop.RESUME_FOLDER, "stopped-0000.params",
				TrainingLoop.HISTORY_NAME), files.map(f -> f.getFileName().toString()).sorted().toList());
		}
		assertTrue(TrainingLoop.canResume(out));
	}

	@Test
	void cancelInTheFirstEpochSavesNothingAndSaysSo() {
		final int[] steps = { 0 };
		final ProgressListener cancel = new ProgressListener() {

			@Override
			public void progress(final int done, final int total, final String status) {
				if (status.startsWith("Epoch 1/")) steps[0]++;
			}

			@Override
			public boolean isCancelled() {
				return steps[0] > 0;
			}
		};
		final MeibographyTrainer.Result result = MeibographyTrainer.train(training, validation, options("early", 3),
			temp.resolve("early"), cancel, null);
		assertTrue(result.cancelled());
		assertNull(result.card());
		assertEquals("Cancelled before the first epoch ended; no model was saved.", result.status());
	}

	/** The same data, options and seed give the same history and the same weights, to the bit. */
	@Test
	void sameSeedGivesTheSameHistoryAndWeights() throws Exception {
		final MeibographyTrainer.Result first = MeibographyTrainer.train(training, validation, options("again", 3),
			temp.resolve("again-1"), ProgressListener.NONE);
		final MeibographyTrainer.Result second = MeibographyTrainer.train(training, validation, options("again", 3),
			temp.resolve("again-2"), ProgressListener.NONE);
		for (int e = 0; e < 3; e++) {
			assertEquals(first.history().get(e).trainLoss(), second.history().get(e).trainLoss());
			assertEquals(first.history().get(e).validation(), second.history().get(e).validation());
		}
		assertArrayEquals(Files.readAllBytes(first.card().resolveSibling("again-0000.params")),
			Files.readAllBytes(second.card().resolveSibling("again-0000.params")));
	}

	/**
	 * A stopped run continues from its checkpoint: at a learning rate too small to move the weights, the first epoch
	 * from the saved model trains at the saved model's loss, far from a random start's; the card names its start, and a
	 * start of another width is refused before any image is read.
	 */
	@Test
	void trainingContinuesFromASavedModelAndRefusesAnotherWidth() throws Exception {
		final MeibographyTrainer.Result base = MeibographyTrainer.train(training, validation, options("base", 4),
			temp.resolve("base"), ProgressListener.NONE);
		final MeibographyTrainer.Options still = new MeibographyTrainer.Options("continued", 64, 32, 4, 4, 1, 2, 1e-9,
			50, 3, DevicePreference.CPU, 0, base.card().toString());
		final MeibographyTrainer.Result continued = MeibographyTrainer.train(training, validation, still,
			temp.resolve("continued"), ProgressListener.NONE);
		final MeibographyTrainer.Result fresh = MeibographyTrainer.train(training, validation,
			new MeibographyTrainer.Options("fresh", 64, 32, 4, 4, 1, 2, 1e-9, 50, 3, DevicePreference.CPU),
			temp.resolve("fresh"), ProgressListener.NONE);
		// training loss, not validation: four epochs on ten tiny lids barely move the validation scores
		final double saved = base.history().get(base.history().size() - 1).trainLoss();
		final double resumed = continued.history().get(0).trainLoss();
		final double random = fresh.history().get(0).trainLoss();
		assertTrue(Math.abs(resumed - saved) < 0.3 * Math.abs(random - saved), "first epoch's loss continued " +
			resumed + ", from a random start " + random + ", the saved model's last " + saved);
		final String cardText = Files.readString(continued.card());
		assertTrue(cardText.contains("initial_model") &&
			cardText.contains(ModelCard.read(base.card()).files.get(ModelCard.FILE_PARAMS).sha256), cardText);
		final MedXaiException wider = assertThrows(MedXaiException.class,
			() -> MeibographyTrainer
				.train(
					training, validation, new MeibographyTrainer.Options("wider", 64, 32, 8, 4, 1, 2, 1e-3, 50, 3,
						DevicePreference.CPU, 0, base.card().toString()),
					temp.resolve("wider"), ProgressListener.NONE));
		assertTrue(wider.getMessage().contains("has network width 4"), wider.getMessage());
	}
}
