package org.medxai.engine;

import org.medxai.MedXaiException;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;

import com.google.gson.JsonObject;

/**
 * DJL network architectures the project can rebuild from a model card. Every
 * one is a {@link SequentialBlock} of exactly two children, backbone then
 * head, so class activation maps can be taken at the backbone output.
 */
public final class Architectures {

	/** Convolution blocks (conv-BN-ReLU-maxpool) then global average pooling and a linear layer. */
	public static final String SMALL_CNN = "medxai-small-cnn";

	private Architectures() {}

	/** Builds an uninitialised network for a card's architecture id and options. */
	public static SequentialBlock build(final String id, final JsonObject options,
		final int numOutputs)
	{
		if (SMALL_CNN.equals(id)) {
			final int width = intOption(options, "width", 16);
			final int depth = intOption(options, "depth", 4);
			return smallCnn(width, depth, numOutputs);
		}
		throw new MedXaiException("Unknown model architecture '" + id +
			"' in the model card. This MedXAI version knows: " + SMALL_CNN + ".");
	}

	/** A compact CNN: {@code depth} blocks, channels doubling from {@code width}. */
	public static SequentialBlock smallCnn(final int width, final int depth,
		final int numOutputs)
	{
		final SequentialBlock backbone = new SequentialBlock();
		int channels = width;
		for (int i = 0; i < depth; i++) {
			backbone.add(Conv2d.builder().setKernelShape(new Shape(3, 3))
				.optPadding(new Shape(1, 1)).setFilters(channels).build());
			backbone.add(BatchNorm.builder().build());
			backbone.add(Activation::relu);
			if (i < depth - 1) backbone.add(Pool.maxPool2dBlock(new Shape(2, 2)));
			channels *= 2;
		}
		final SequentialBlock head = new SequentialBlock();
		head.add(Pool.globalAvgPool2dBlock());
		head.add(Blocks.batchFlattenBlock());
		head.add(Linear.builder().setUnits(numOutputs).build());
		final SequentialBlock net = new SequentialBlock();
		net.add(backbone);
		net.add(head);
		return net;
	}

	/** The backbone (first child) of a project network. */
	public static Block backbone(final SequentialBlock net) {
		return net.getChildren().get(0).getValue();
	}

	/** The head (second child) of a project network. */
	public static Block head(final SequentialBlock net) {
		return net.getChildren().get(1).getValue();
	}

	private static int intOption(final JsonObject options, final String key,
		final int fallback)
	{
		if (options == null || !options.has(key)) return fallback;
		return options.get(key).getAsInt();
	}
}
