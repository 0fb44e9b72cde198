package org.medxai.training;

import java.util.Map;

import ai.djl.ndarray.types.Shape;

import org.medxai.engine.ModelCard;
import org.medxai.image.InputSpec;
import org.medxai.metrics.ClassificationMetrics;

/**
 * A training task on vectors of 4 numbers for tests of the loop itself: the card and description parts filled in, the
 * network, the examples and the loss left to the test.
 */
abstract class VectorTask implements TrainingTask<ClassifierTrainer.Validation> {

	private final String architecture;
	private final Map<String, Object> training;

	VectorTask(final String architecture, final Map<String, Object> training) {
		this.architecture = architecture;
		this.training = training;
	}

	/** A validation whose metrics never change, so its loss alone decides the best epoch. */
	static ClassifierTrainer.Validation validation(final double loss) {
		return new ClassifierTrainer.Validation(loss,
			ClassificationMetrics.of(new int[] { 0, 1 }, new double[][] { { 0.6, 0.4 }, { 0.3, 0.7 } }));
	}

	@Override
	public InputSpec input() {
		return new InputSpec(4, 1, 1, 1, new double[] { 0 }, new double[] { 1 }, new double[0][]);
	}

	@Override
	public Shape[] inputShapes(final int batchSize) {
		return new Shape[] { new Shape(batchSize, 4) };
	}

	@Override
	public ModelCard cardBase() {
		final ModelCard card = new ModelCard();
		card.architecture = architecture;
		return card;
	}

	@Override
	public Map<String, Object> cardTraining() {
		return training;
	}

	@Override
	public String augmentation() {
		return "none";
	}

	@Override
	public String lossDescription() {
		return "a test's own";
	}
}
