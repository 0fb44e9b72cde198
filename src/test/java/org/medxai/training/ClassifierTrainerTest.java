package org.medxai.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.medxai.classify.ImageClassifier;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;

/** Training really learns, writes a loadable model with a valid card, and cancel keeps the best. */
class ClassifierTrainerTest {

	@TempDir
	static Path temp;

	static TrainingSet.Split split;

	@BeforeAll
	static void data() throws Exception {
		final TrainingSet all = TrainingSet.fromClassFolders(TinyDataset.write(temp.resolve("data"), 40, 96, 7));
		split = all.split(0.2, 1, "validation");
	}

	private static ClassifierTrainer.Options options(final String name, final int epochs) {
		return new ClassifierTrainer.Options(name, 64, 72, 8, epochs, 8, 3e-3, 50, 5,
			new double[][] { ModelEvaluation.LOWER_LEFT_BOX }, DevicePreference.CPU);
	}

	@Test
	void trainingLowersTheLossAndSavesALoadableModel() throws Exception {
		final Path out = temp.resolve("model");
		final ClassifierTrainer.Result result = ClassifierTrainer.train(split.kept(), split.taken(), options("tiny", 6),
			out, ProgressListener.NONE, null);
		final List<EpochResult<ClassifierTrainer.Validation>> h = result.history();
		assertEquals(6, h.size());
		assertTrue(h.get(h.size() - 1).trainLoss() < 0.8 * h.get(0).trainLoss(), "loss did not fall: " + h);
		assertTrue(result.best().rocAuc() > 0.9, "validation AUC " + result.best().rocAuc());
		assertTrue(Files.exists(out.resolve("training-history.csv")));
		final ModelCard card = ModelCard.read(result.card());
		assertEquals(List.of("non-polyp", "polyp"), card.classes);
		assertEquals(64, card.input.width);
		assertEquals(1, card.input.maskRegions.length);
		assertNotNull(card.metrics.getAsJsonObject().get("validation"));
		assertEquals(result.bestEpoch(), card.training.getAsJsonObject().get("best_epoch").getAsInt());
		final com.google.gson.JsonObject settings = card.training.getAsJsonObject().getAsJsonObject("options");
		assertEquals(6, settings.get("epochs").getAsInt());
		assertEquals(64, settings.get("imageSize").getAsInt());
		assertEquals("tiny", settings.get("name").getAsString());
		try (LoadedModel model = ModelLoader.load(result.card(), DevicePreference.CPU)) {
			final ImageClassifier classifier = new ImageClassifier(model);
			int correct = 0;
			for (final LabelledImage image : split.taken().images()) {
				final int predicted = classifier.classify(List.of(ImageDecoding.read(image.file()).planes())).get(0)
					.classIndex();
				if (predicted == image.label()) correct++;
			}
			assertTrue(correct >= 0.8 * split.taken().size(), correct + " of " + split.taken().size());
		}
	}

	/**
	 * With the polyps' masks, the localisation loss moves the class activation map onto the polyps: on the validation
	 * polyps, the share of the Grad-CAM inside the mask is higher than the same training gives without masks (same
	 * data, seed and epochs).
	 */
	@Test
	void localisationMasksMoveTheMapOntoTheObject() throws Exception {
		final Path masks = temp.resolve("with-masks-masks");
		final TrainingSet.Split s = splitWithMasks("with-masks", masks, 40, 96, 7, 0.2);
		final ClassifierTrainer.Result plain = ClassifierTrainer.train(s.kept(), s.taken(), options("plain", 6),
			temp.resolve("plain"), ProgressListener.NONE, null);
		final ClassifierTrainer.Result located = ClassifierTrainer.train(s.kept(), s.taken(),
			options("located", 6).withLocalisation(masks, 1.0), temp.resolve("located"), ProgressListener.NONE, null);
		assertTrue(ModelCard.read(located.card()).training.getAsJsonObject().has("localisation"));
		final double plainShare = camShareInsideMasks(plain.card(), s.taken(), masks);
		final double locatedShare = camShareInsideMasks(located.card(), s.taken(), masks);
		assertTrue(locatedShare > plainShare + 0.05,
			"CAM share inside the polyp masks: with masks " + locatedShare + ", without " + plainShare);
	}

	/** A tiny data set with its polyps' masks written to {@code masks}, split for validation. */
	private static TrainingSet.Split splitWithMasks(final String name, final Path masks, final int perClass,
		final int size, final long seed, final double validation) throws Exception
	{
		return TrainingSet.fromClassFolders(TinyDataset.write(temp.resolve(name), perClass, size, seed, masks))
			.split(validation, 1, "validation");
	}

	private static double camShareInsideMasks(final Path card, final TrainingSet set, final Path masks) {
		double inside = 0, total = 0;
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final org.medxai.cam.ClassActivationMapper mapper = new org.medxai.cam.ClassActivationMapper(model, 16);
			final org.medxai.image.InputSpec spec = model.card().inputSpec();
			for (final LabelledImage image : set.images()) {
				if (image.label() != 1) continue;
				final float[] map = mapper
					.compute(org.medxai.image.TensorConverter.convert(ImageDecoding.read(image.file()).planes(), spec),
						org.medxai.cam.CamMethod.GRAD_CAM, 1)
					.map();
				final ImageDecoding.Rgb mask = ImageDecoding.read(masks.resolve(image.file().getFileName()));
				final float[] small = org.medxai.image.TensorConverter.resize(mask.planes().plane(1), mask.width(),
					mask.height(), spec.width(), spec.height());
				for (int i = 0; i < map.length; i++) {
					total += map[i];
					if (small[i] >= 128) inside += map[i];
				}
			}
		}
		return inside / total;
	}

	@Test
	void badLocalisationMasksGetOneClearMessage() throws Exception {
		final Path masks = temp.resolve("bad-masks-masks");
		final TrainingSet.Split s = splitWithMasks("bad-masks", masks, 6, 64, 3, 0.3);
		final Path none = Files.createDirectories(temp.resolve("unrelated-masks"));
		Files.copy(masks.resolve("polyp_000.png"), none.resolve("other_name.png"));
		final org.medxai.MedXaiException unmatched = org.junit.jupiter.api.Assertions
			.assertThrows(org.medxai.MedXaiException.class, () -> ClassifierTrainer.train(s.kept(), s.taken(),
				options("x", 1).withLocalisation(none, 1), temp.resolve("x"), ProgressListener.NONE, null));
		assertTrue(unmatched.getMessage().contains("No training image has a mask"), unmatched.getMessage());
		Files.copy(masks.resolve("polyp_000.png"), masks.resolve("non-polyp_000.png"));
		Files.copy(masks.resolve("polyp_000.png"), masks.resolve("non-polyp_001.png"));
		Files.copy(masks.resolve("polyp_000.png"), masks.resolve("non-polyp_002.png"));
		final org.medxai.MedXaiException twoClasses = org.junit.jupiter.api.Assertions
			.assertThrows(org.medxai.MedXaiException.class, () -> ClassifierTrainer.train(s.kept(), s.taken(),
				options("y", 1).withLocalisation(masks, 1), temp.resolve("y"), ProgressListener.NONE, null));
		assertTrue(twoClasses.getMessage().contains("one class"), twoClasses.getMessage());
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
		assertTrue(result.status().startsWith(
			"Cancelled after epoch 2; best checkpoint from epoch " + result.bestEpoch() + " kept at " + result.card()),
			result.status());
		try (LoadedModel model = ModelLoader.load(result.card(), DevicePreference.CPU)) {
			assertEquals("stopped", model.card().name);
			assertEquals("cancelled in epoch 3", model.card().training.getAsJsonObject().get("stopped").getAsString());
		}
	}

	/** The same data, options and seed give the same history and the same weights, to the bit. */
	@Test
	void sameSeedGivesTheSameHistoryAndWeights() throws Exception {
		final ClassifierTrainer.Result first = ClassifierTrainer.train(split.kept(), split.taken(), options("again", 2),
			temp.resolve("again-1"), ProgressListener.NONE, null);
		final ClassifierTrainer.Result second = ClassifierTrainer.train(split.kept(), split.taken(),
			options("again", 2), temp.resolve("again-2"), ProgressListener.NONE, null);
		for (int e = 0; e < 2; e++) {
			assertEquals(first.history().get(e).trainLoss(), second.history().get(e).trainLoss());
			assertEquals(first.history().get(e).validation().columns(), second.history().get(e).validation().columns());
		}
		assertArrayEquals(Files.readAllBytes(first.card().resolveSibling("again-0000.params")),
			Files.readAllBytes(second.card().resolveSibling("again-0000.params")));
	}

	/**
	 * Training can continue from a trained model: at an almost zero learning rate the first epoch validates like the
	 * starting model, not like a random start, also at a larger input size; the card names the start; a model of
	 * another width or with damaged weights is refused with one message before any image is read.
	 */
	@Test
	void trainingContinuesFromAnInitialModel() throws Exception {
		final ClassifierTrainer.Result start = ClassifierTrainer.train(split.kept(), split.taken(), options("start", 6),
			temp.resolve("start"), ProgressListener.NONE, null);
		final ClassifierTrainer.Options slow = new ClassifierTrainer.Options("continued", 64, 72, 8, 1, 8, 1e-7, 50, 5,
			new double[][] { ModelEvaluation.LOWER_LEFT_BOX }, DevicePreference.CPU);
		final ClassifierTrainer.Result continued = ClassifierTrainer.train(split.kept(), split.taken(),
			slow.withInitialModel(start.card()), temp.resolve("continued"), ProgressListener.NONE, null);
		final ClassifierTrainer.Result fresh = ClassifierTrainer.train(split.kept(), split.taken(), slow,
			temp.resolve("fresh"), ProgressListener.NONE, null);
		final double startLoss = start.history().get(start.bestEpoch() - 1).validation().loss();
		final double continuedLoss = continued.history().get(0).validation().loss();
		final double freshLoss = fresh.history().get(0).validation().loss();
		assertTrue(Math.abs(continuedLoss - startLoss) < 0.25 * Math.abs(freshLoss - startLoss),
			"validation loss: start " + startLoss + ", continued " + continuedLoss + ", fresh " + freshLoss);
		assertTrue(continued.best().rocAuc() >= start.best().rocAuc() - 0.05, continued.best() + " vs " + start.best());
		final com.google.gson.JsonObject initial = ModelCard.read(continued.card()).training.getAsJsonObject()
			.getAsJsonObject("initial_model");
		assertEquals("start", initial.get("name").getAsString());
		assertEquals(ModelCard.read(start.card()).files.get(ModelCard.FILE_PARAMS).sha256,
			initial.get("params_sha256").getAsString());
		assertEquals("64 x 64", initial.get("input_size").getAsString());
		// the same weights take a larger input: continuing at 80 x 80 still starts near the start model
		final ClassifierTrainer.Options larger = new ClassifierTrainer.Options("larger", 80, 90, 8, 1, 8, 1e-7, 50, 5,
			new double[][] { ModelEvaluation.LOWER_LEFT_BOX }, DevicePreference.CPU);
		final double largerLoss = ClassifierTrainer.train(split.kept(), split.taken(),
			larger.withInitialModel(start.card()), temp.resolve("larger"), ProgressListener.NONE, null).history().get(0)
			.validation().loss();
		final double largerFreshLoss = ClassifierTrainer
			.train(split.kept(), split.taken(), larger, temp.resolve("larger-fresh"), ProgressListener.NONE, null)
			.history().get(0).validation().loss();
		assertTrue(Math.abs(largerLoss - startLoss) < 0.5 * Math.abs(largerFreshLoss - startLoss),
			"validation loss at 80 x 80: start " + startLoss + ", continued " + largerLoss + ", fresh " +
				largerFreshLoss);
		final ClassifierTrainer.Options wider = new ClassifierTrainer.Options("wider", 64, 72, 16, 1, 8, 1e-3, 50, 5,
			new double[0][], DevicePreference.CPU).withInitialModel(start.card());
		final org.medxai.MedXaiException refused = org.junit.jupiter.api.Assertions
			.assertThrows(org.medxai.MedXaiException.class, () -> ClassifierTrainer.train(split.kept(), split.taken(),
				wider, temp.resolve("wider"), ProgressListener.NONE, null));
		assertTrue(refused.getMessage().contains("set the network width to 8"), refused.getMessage());
		final Path damaged = start.card().resolveSibling("start-0000.params");
		final byte[] bytes = Files.readAllBytes(damaged);
		bytes[bytes.length / 2] ^= 1;
		Files.write(damaged, bytes);
		final org.medxai.MedXaiException corrupt = org.junit.jupiter.api.Assertions
			.assertThrows(org.medxai.MedXaiException.class, () -> ClassifierTrainer.train(split.kept(), split.taken(),
				slow.withInitialModel(start.card()), temp.resolve("corrupt"), ProgressListener.NONE, null));
		assertTrue(corrupt.getMessage().contains("does not match its model card"), corrupt.getMessage());
	}
}
