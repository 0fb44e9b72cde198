package org.medxai.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.classify.ImageClassifier;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;

/**
 * Averaged weights are the parameter-wise (weighted) mean, batch-norm statistics included, and load as a working model.
 */
class WeightAveragingTest {

	@TempDir
	static Path temp;

	static ModelCard a;
	static ModelCard b;
	static TrainingSet validation;

	@BeforeAll
	static void twoNetworks() throws Exception {
		final TrainingSet.Split split = TrainingSet.fromClassFolders(TinyDataset.write(temp.resolve("data"), 24, 80, 5))
			.split(0.25, 1, "validation");
		validation = split.taken();
		a = ModelCard.read(ClassifierTrainer
			.train(split.kept(), split.taken(), options("a", 11), temp.resolve("a"), ProgressListener.NONE, null)
			.card());
		b = ModelCard.read(ClassifierTrainer
			.train(split.kept(), split.taken(), options("b", 12), temp.resolve("b"), ProgressListener.NONE, null)
			.card());
	}

	private static ClassifierTrainer.Options options(final String name, final long seed) {
		return new ClassifierTrainer.Options(name, 48, 56, 8, 2, 8, 3e-3, 50, seed, new double[0][],
			DevicePreference.CPU);
	}

	@Test
	void everyParameterIsTheWeightedMeanOfTheNetworks() throws Exception {
		final ModelCard mean = ModelCard
			.read(WeightAveraging.average(List.of(a, b), new double[] { 0.25, 0.75 }, temp.resolve("mean"), "mean"));
		assertEquals(1, mean.paramsRoles().size());
		assertEquals(2, mean.training.getAsJsonObject().getAsJsonArray("weight_average_of").size());
		try (Model ma = WeightAveraging.open(a);
			Model mb = WeightAveraging.open(b);
			Model mm = WeightAveraging.open(mean))
		{
			final PairList<String, Parameter> pa = ma.getBlock().getParameters();
			final PairList<String, Parameter> pb = mb.getBlock().getParameters();
			final PairList<String, Parameter> pm = mm.getBlock().getParameters();
			assertEquals(pa.size(), pm.size());
			boolean runningStatistics = false, differed = false;
			for (int i = 0; i < pa.size(); i++) {
				final float[] x = pa.valueAt(i).getArray().toFloatArray();
				final float[] y = pb.valueAt(i).getArray().toFloatArray();
				final float[] m = pm.valueAt(i).getArray().toFloatArray();
				final float[] expected = new float[x.length];
				for (int j = 0; j < x.length; j++) {
					expected[j] = 0.25f * x[j] + 0.75f * y[j];
					if (x[j] != y[j]) differed = true;
				}
				assertArrayEquals(expected, m, 1e-6f, pa.keyAt(i));
				if (pa.valueAt(i).getType() == Parameter.Type.RUNNING_MEAN) runningStatistics = true;
			}
			assertTrue(runningStatistics, "no batch-norm running statistics among the parameters");
			assertTrue(differed, "the two networks were equal, so the test shows nothing");
		}
	}

	@Test
	void theMeanOfANetworkWithItselfClassifiesAsItDoes() throws Exception {
		final Path self = WeightAveraging.average(List.of(a, a), temp.resolve("self"), "self");
		try (LoadedModel original = ModelLoader.load(a.cardFile(), DevicePreference.CPU);
			LoadedModel averaged = ModelLoader.load(self, DevicePreference.CPU))
		{
			final ImageClassifier x = new ImageClassifier(original), y = new ImageClassifier(averaged);
			for (final LabelledImage image : validation.images()) {
				final var planes = List.of(ImageDecoding.read(image.file()).planes());
				assertArrayEquals(x.classify(planes).get(0).probabilities(), y.classify(planes).get(0).probabilities(),
					1e-5);
			}
		}
	}

	@Test
	void networksThatDoNotMatchAreRefusedWithTheirDifference() throws Exception {
		final ModelCard other = ModelCard.read(a.cardFile());
		other.classes = List.of("x", "y");
		final Path folder = Files.createDirectories(temp.resolve("other"));
		Files.copy(a.file(ModelCard.FILE_PARAMS), folder.resolve(a.files.get(ModelCard.FILE_PARAMS).path));
		other.write(folder.resolve(ModelLoader.CARD_NAME));
		final MedXaiException e = assertThrows(MedXaiException.class, () -> WeightAveraging
			.average(List.of(a, ModelCard.read(folder.resolve(ModelLoader.CARD_NAME))), temp.resolve("no"), "no"));
		assertTrue(e.getMessage().contains("classes [x, y]"), e.getMessage());
		assertThrows(MedXaiException.class, () -> WeightAveraging.average(List.of(a), temp.resolve("one"), "one"));
		assertThrows(MedXaiException.class,
			() -> WeightAveraging.average(List.of(a, b), new double[] { 0.5, 0.6 }, temp.resolve("sum"), "sum"));
	}

	/** An ensemble card (two networks) is refused as one network, both as a training start and for averaging. */
	@Test
	void anEnsembleIsRefusedAsAStartAndForAveraging() throws Exception {
		final Path folder = Files.createDirectories(temp.resolve("ensemble"));
		final ModelCard ensemble = ModelCard.read(a.cardFile());
		for (final ModelCard member : List.of(a, b)) {
			final Path weights = member.file(ModelCard.FILE_PARAMS);
			Files.copy(weights, folder.resolve(member.name + "-" + weights.getFileName()));
		}
		ensemble.files.clear();
		ensemble.files.put(ModelCard.FILE_PARAMS,
			new ModelCard.WeightFile("a-" + a.files.get("params").path, a.files.get(ModelCard.FILE_PARAMS).sha256));
		ensemble.files.put("params_2",
			new ModelCard.WeightFile("b-" + b.files.get("params").path, b.files.get(ModelCard.FILE_PARAMS).sha256));
		final Path card = folder.resolve(ModelLoader.CARD_NAME);
		ensemble.write(card);
		final MedXaiException start = assertThrows(MedXaiException.class,
			() -> StartModel.check(card, a.architecture, List.of(Map.entry("width", 8)), a.classes));
		assertTrue(start.getMessage().contains("ensemble of 2 networks"), start.getMessage());
		final MedXaiException average = assertThrows(MedXaiException.class,
			() -> WeightAveraging.average(List.of(a, ModelCard.read(card)), temp.resolve("mixed"), "mixed"));
		assertTrue(average.getMessage().contains("ensemble of 2 networks"), average.getMessage());
	}
}
