package org.medxai.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A CNN-Transformer video classifier ready to run, with its card: a frame backbone and a temporal half that returns
 * logits and each layer's attention. Native memory: create one {@link #newManager()} per clip and close it.
 */
public interface VideoModel extends AutoCloseable {

	ModelCard card();

	Device device();

	/** A fresh child manager on the model's device; close it after each clip. */
	NDManager newManager();

	/** Frames {@code (n, channels, height, width)} as the card describes → feature maps {@code (n, features, h, w)}. */
	NDArray frameMaps(NDArray frames);

	/**
	 * Embeddings {@code (batch, frames, features)} and mask {@code (batch, frames)} → logits {@code (batch, classes)}
	 * then one attention {@code (batch, heads, 1 + frames, 1 + frames)} per layer. {@code probes} (zeros
	 * {@code (layers, batch, heads, 1 + frames, 1 + frames)} that require gradients) or null; with probes the call
	 * records for differentiation (inside a GradientCollector), and a probe's gradient is its layer's attention
	 * gradient.
	 */
	NDList temporal(NDArray embeddings, NDArray mask, NDArray probes);

	/** Attention layers N. */
	int layers();

	/** Heads per layer H. */
	int heads();

	/** Most frames one clip may have. */
	int maxFrames();

	@Override
	void close();
}
