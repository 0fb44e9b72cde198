package org.medxai.training;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;

import org.medxai.ProgressListener;
import org.medxai.engine.ModelCard;
import org.medxai.image.InputSpec;

/**
 * What one kind of network brings to the {@link TrainingLoop}: its block, its batches and loss, its validation and the
 * model-specific part of its card. The loop owns the rest (engine, seed, optimiser, schedule, steps, checkpoints,
 * history, patience, cancel).
 *
 * @param <V> what this task's validation reports
 */
public interface TrainingTask<V extends ValidationRecord> {

	/** The network to train, not yet initialised. */
	Block network();

	/** One example as the network sees it: size, channels and normalisation (the card's input part). */
	InputSpec input();

	/**
	 * The shapes the network is initialised with for a batch of {@code batchSize}: by default one image batch as
	 * {@link #input()} describes; networks with more inputs (a video clip and its mask) say theirs.
	 */
	default Shape[] inputShapes(final int batchSize) {
		final InputSpec spec = input();
		return new Shape[] { new Shape(batchSize, spec.channels(), spec.height(), spec.width()) };
	}

	/** Told once the trainer is made and initialised, before the first step (e.g. to freeze part of the network). */
	default void trainerReady(final Trainer trainer) {}

	/** Number of training examples; each epoch takes them in a new order, in whole batches. */
	int trainingSize();

	/** The trained model whose weights training starts from ({@link StartModel#check}), or null: a random start. */
	default ModelCard startModel() {
		return null;
	}

	/**
	 * The loss of one training batch made of the examples at these indices, created in {@code manager} while the loop's
	 * gradient collector records. {@code random} is the loop's seeded generator, the one that orders the epochs, for
	 * tasks that draw their augmentation from it.
	 */
	NDArray loss(Trainer trainer, NDManager manager, int[] examples, Random random);

	/** Validates the network as it is after an epoch. */
	V validate(Trainer trainer);

	/**
	 * After the last epoch (never after cancel), a last change to the saved best weights in {@code folder} (e.g. a
	 * calibration); returns the validation that now describes them.
	 */
	default V finish(final Path folder, final String name, final V best, final ProgressListener progress) {
		return best;
	}

	/**
	 * A card holding the model-specific part: description, architecture and options, classes, output activation, target
	 * layer.
	 */
	ModelCard cardBase();

	/** The card's task-specific training facts, in order: data, counts, options, anything else. */
	Map<String, Object> cardTraining();

	/** The augmentation in words, as the augmenter describes itself. */
	String augmentation();

	/** The loss in words. */
	String lossDescription();
}
