package org.medxai.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;
import org.medxai.classify.ImageClassifier;

/** Training really learns, writes a loadable model with a valid card, and cancel keeps the best. */
class ClassifierTrainerTest {

	@TempDir
	static Path temp;

	static TrainingSet.Split split;

	@BeforeAll
	static void data() throws Exception {
		final TrainingSet all = TrainingSet.fromClassFolders(TinyDataset.write(temp.resolve(
			"data"), 40, 96, 7));
		split = all.split(0.2, 1, "validation");
	}

	private static ClassifierTrainer.Options options(final String name, final int epochs) {
		return new ClassifierTrainer.Options(name, 64, 72, 8, epochs, 8, 3e-3, 50, 5,
			new double[][] { ModelEvaluation.LOWER_LEFT_BOX }, DevicePreference.CPU);
	}

	@Test
	void trainingLowersTheLossAndSavesALoadableModel() throws Exception {
		final Path out = temp.resolve("model");
		final ClassifierTrainer.Result result = ClassifierTrainer.train(split.kept(), split.taken(),
			options("tiny", 6), out, ProgressListener.NONE, null);
		final List<ClassifierTrainer.EpochStats> h = result.history();
		assertEquals(6, h.size());
		assertTrue(h.get(h.size() - 1).trainLoss() < 0.8 * h.get(0).trainLoss(),
			"loss did not fall: " + h);
		assertTrue(result.best().rocAuc() > 0.9, "validation AUC " + result.best().rocAuc());
		assertTrue(Files.exists(out.resolve("training-history.csv")));
		final ModelCard card = ModelCard.read(result.card());
		assertEquals(List.of("non-polyp", "polyp"), card.classes);
		assertEquals(64, card.input.width);
		assertEquals(1, card.input.maskRegions.length);
		assertNotNull(card.metrics.getAsJsonObject().get("validation"));
		assertEquals(result.bestEpoch(), card.training.getAsJsonObject().get("best_epoch")
			.getAsInt());
		try (LoadedModel model = ModelLoader.load(result.card(), DevicePreference.CPU)) {
			final ImageClassifier classifier = new ImageClassifier(model);
			int correct = 0;
			for (final LabelledImage image : split.taken().images()) {
				final int predicted = classifier.classify(List.of(ImageDecoding.read(image.file())
					.planes())).get(0).classIndex();
				if (predicted == image.label()) correct++;
			}
			assertTrue(correct >= 0.8 * split.taken().size(), correct + " of " + split.taken()
				.size());
		}
	}

	@Test
	void cancelKeepsTheBestCheckpoint() {
		final Path out = temp.resolve("cancelled");
		final int[] epochsSeen = { 0 };
		final ProgressListener cancelAfterTwoEpochs = new ProgressListener() {

			@Override
			public void progress(final int done, final int total, final String status) {}

			@Override
			public boolean isCancelled() {
				return epochsSeen[0] >= 2;
			}
		};
		final ClassifierTrainer.Result result = ClassifierTrainer.train(split.kept(), split.taken(),
			options("stopped", 10), out, cancelAfterTwoEpochs, stats -> epochsSeen[0] = stats.epoch());
		assertTrue(result.cancelled());
		assertEquals(2, result.history().size());
		assertTrue(result.bestEpoch() >= 1 && result.bestEpoch() <= 2);
		try (LoadedModel model = ModelLoader.load(result.card(), DevicePreference.CPU)) {
			assertEquals("stopped", model.card().name);
		}
	}
}
