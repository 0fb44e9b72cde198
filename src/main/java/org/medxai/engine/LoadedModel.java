package org.medxai.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A classification network ready to run, with its card. Inputs are batches N x C x H x W as the card describes; outputs
 * are raw scores N x K. Native memory: create one {@link #newManager()} per unit of work and close it.
 */
public interface LoadedModel extends AutoCloseable {

	ModelCard card();

	Device device();

	/** A fresh child manager on the model's device; close it after each batch. */
	NDManager newManager();

	/** Raw network output (logits) for a batch. */
	NDArray forward(NDArray batch);

	/** Feature maps at the target layer (backbone output), N x C' x h x w. */
	NDArray backbone(NDArray batch);

	/** Raw output from target-layer features. */
	NDArray head(NDArray features);

	/**
	 * The head's output recorded for differentiation: call inside a GradientCollector with features that require
	 * gradients.
	 */
	NDArray headWithGradients(NDArray features);

	/** True when backbone and head can be run separately (needed for CAMs). */
	boolean hasBackboneHeadSplit();

	@Override
	void close();
}
