package org.medxai.training;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.djl.Model;

import com.google.gson.Gson;

import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;
import org.medxai.image.InputSpec;

/**
 * A trained model on disk: {@code NAME-0000.params} and {@value ModelLoader#CARD_NAME}. Both are written under a
 * temporary name and then moved into place, so a reader (or a cancel, or a crash) never finds a half-written file. The
 * card's common fields are filled here, for every task.
 */
final class Checkpoint {

	private Checkpoint() {}

	static Path paramsFile(final Path folder, final String name) {
		return folder.resolve(name + "-0000.params");
	}

	/** Saves the model's weights as {@code NAME-0000.params} in {@code folder}. */
	static void saveWeights(final Model model, final Path folder, final String name) throws IOException {
		final Path temporary = Files.createTempDirectory(folder, ".saving-");
		try {
			model.setProperty("Epoch", "0");
			model.save(temporary, name);
			moveIntoPlace(paramsFile(temporary, name), paramsFile(folder, name));
		}
		finally {
			deleteAll(temporary);
		}
	}

	/**
	 * Writes the card of the weights saved in {@code folder}: the task's model-specific part, then the fields every
	 * trained model carries (weights with SHA-256, input, normalisation, training, metrics).
	 */
	static <V extends ValidationRecord> Path writeCard(final Path folder, final TrainingTask<V> task,
		final TrainingLoop.Settings settings, final List<EpochResult<V>> history, final int bestEpoch, final V best,
		final String stopReason) throws IOException
	{
		final Path params = paramsFile(folder, settings.name());
		final ModelCard card = task.cardBase();
		card.name = settings.name();
		card.engine = ModelCard.ENGINE_DJL;
		card.files.put(ModelCard.FILE_PARAMS,
			new ModelCard.WeightFile(params.getFileName().toString(), WeightFiles.sha256(params)));
		final InputSpec spec = task.input();
		card.input.width = spec.width();
		card.input.height = spec.height();
		card.input.channels = spec.channels();
		card.input.maskRegions = spec.maskRegions().length == 0 ? null : spec.maskRegions();
		card.normalisation.scale = spec.scale();
		card.normalisation.mean = spec.mean();
		card.normalisation.std = spec.std();
		final Map<String, Object> training = new LinkedHashMap<>(task.cardTraining());
		training.put("augmentation", task.augmentation());
		training.put("loss", task.lossDescription());
		training.put("optimizer", settings.schedule().describe());
		training.put("seed", settings.seed());
		training.put("epochs_run", history.size());
		training.put("best_epoch", bestEpoch);
		training.put("stopped", stopReason);
		final Gson gson = new Gson();
		card.training = gson.toJsonTree(training);
		card.metrics = gson.toJsonTree(best.cardMetrics());
		final Path file = folder.resolve(ModelLoader.CARD_NAME);
		final Path temporary = Files.createTempFile(folder, ".card-", ".json");
		try {
			card.write(temporary);
			moveIntoPlace(temporary, file);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
		return file;
	}

	private static void moveIntoPlace(final Path from, final Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Deletes a folder and everything in it; nothing to do when it is not there. */
	static void deleteAll(final Path folder) throws IOException {
		if (!Files.exists(folder)) return;
		try (Stream<Path> paths = Files.walk(folder)) {
			for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
		}
	}
}
