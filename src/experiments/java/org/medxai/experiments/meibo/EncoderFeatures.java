package org.medxai.experiments.meibo;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import org.medxai.engine.Architectures;
import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.image.InputSpec;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/**
 * What a meibography segmenter's encoder sees in a whole image: the channel means of its two deepest levels (the
 * bottleneck and the level above it), for a grade read from the image rather than from the masks.
 */
final class EncoderFeatures implements AutoCloseable {

	private final Model model;
	private final SequentialBlock network;
	private final InputSpec spec;

	EncoderFeatures(final ModelCard card) {
		network = Architectures.build(card.architecture, card.architectureOptions, card.numClasses());
		model = Model.newInstance("encoder", Device.cpu(), EngineEnvironment.ENGINE_NAME);
		model.setBlock(network);
		ModelLoader.loadDjlWeights(model, card);
		spec = card.inputSpec();
	}

	/** Channel means of the deepest two encoder levels, deepest last. */
	double[] of(final PixelPlanes image) {
		final float[] input = TensorConverter.convert(image, spec);
		final List<float[]> levels = new ArrayList<>();
		try (NDManager m = model.getNDManager().newSubManager()) {
			final ParameterStore store = new ParameterStore(m, false);
			NDArray a = m.create(input, new Shape(1, spec.channels(), spec.height(), spec.width()));
			Block step = network.getChildren().valueAt(0);
			while (step instanceof SequentialBlock level && level.getChildren().size() == 3 &&
				level.getChildren().valueAt(1) instanceof ParallelBlock parallel)
			{
				a = run(level.getChildren().valueAt(0), a, store); // the level's double convolution
				levels.add(a.mean(new int[] { 3 }).mean(new int[] { 2 }).toFloatArray());
				final SequentialBlock inner = (SequentialBlock) parallel.getChildren().valueAt(1);
				a = run(inner.getChildren().valueAt(0), a, store); // max pooling
				step = inner.getChildren().valueAt(1);
			}
			levels.add(run(step, a, store).mean(new int[] { 3 }).mean(new int[] { 2 }).toFloatArray()); // the bottleneck
		}
		final float[] above = levels.get(levels.size() - 2), deepest = levels.get(levels.size() - 1);
		final double[] features = new double[above.length + deepest.length];
		for (int i = 0; i < above.length; i++) features[i] = above[i];
		for (int i = 0; i < deepest.length; i++) features[above.length + i] = deepest[i];
		return features;
	}

	private static NDArray run(final Block block, final NDArray x, final ParameterStore store) {
		return block.forward(store, new NDList(x), false).singletonOrThrow();
	}

	@Override
	public void close() {
		model.close();
	}
}
