package org.medxai.engine;

import java.util.List;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

import com.google.gson.JsonObject;

import org.medxai.MedXaiException;

/**
 * DJL network architectures the project can rebuild from a model card. Every one is a {@link SequentialBlock} of
 * exactly two children, backbone then head, so class activation maps can be taken at the backbone output.
 */
public final class Architectures {

	/** Convolution blocks (conv-BN-ReLU-maxpool) then global average pooling and a linear layer. */
	public static final String SMALL_CNN = "medxai-small-cnn";

	/**
	 * A small residual network for 3 x 224 x 224-class inputs: a stride-2 stem, four residual stages (the first three
	 * halve the size), so the target layer (backbone output) is 1/16 of the input (14 x 14 at 224).
	 */
	public static final String RESNET_SMALL = "medxai-resnet-small";

	/**
	 * A small U-Net for segmentation: {@code depth} down steps (conv-BN-ReLU twice, then 2x2 max pool), a bottleneck,
	 * and as many up steps (2x2 transposed convolution, concatenation with the skip, two convs); then a 1x1 convolution
	 * to one logit map per class. Input sides must divide by 2^depth. As a sequence of two children: the body (features
	 * at full size) and the 1x1 head.
	 */
	public static final String UNET_SMALL = "medxai-unet-small";

	private Architectures() {}

	/** Builds an uninitialised network for a card's architecture id and options. */
	public static SequentialBlock build(final String id, final JsonObject options, final int numOutputs) {
		if (SMALL_CNN.equals(id)) {
			final int width = intOption(options, "width", 16);
			final int depth = intOption(options, "depth", 4);
			return smallCnn(width, depth, numOutputs);
		}
		if (RESNET_SMALL.equals(id)) {
			return resnetSmall(intOption(options, "width", 32), numOutputs);
		}
		if (UNET_SMALL.equals(id)) {
			return unetSmall(intOption(options, "width", 16), intOption(options, "depth", 4), numOutputs);
		}
		throw new MedXaiException(
			"Unknown model architecture '" + id + "' in the model card. This MedXAI version knows: " + SMALL_CNN +
				", " + RESNET_SMALL + ", " + UNET_SMALL + ".");
	}

	/** A compact CNN: {@code depth} blocks, channels doubling from {@code width}. */
	public static SequentialBlock smallCnn(final int width, final int depth, final int numOutputs) {
		final SequentialBlock backbone = new SequentialBlock();
		int channels = width;
		for (int i = 0; i < depth; i++) {
			backbone.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
				.setFilters(channels).build());
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

	/** Stem (stride 2) then residual stages of width w, 2w, 4w, 8w; strides 2, 2, 2, 1. */
	public static SequentialBlock resnetSmall(final int width, final int numOutputs) {
		final SequentialBlock backbone = new SequentialBlock();
		backbone.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2))
			.optPadding(new Shape(1, 1)).setFilters(width).optBias(false).build());
		backbone.add(BatchNorm.builder().build());
		backbone.add(Activation::relu);
		backbone.add(residual(width, 2, true));
		backbone.add(residual(2 * width, 2, true));
		backbone.add(residual(4 * width, 2, true));
		backbone.add(residual(8 * width, 1, true));
		final SequentialBlock head = new SequentialBlock();
		head.add(Pool.globalAvgPool2dBlock());
		head.add(Blocks.batchFlattenBlock());
		head.add(Dropout.builder().optRate(0.2f).build());
		head.add(Linear.builder().setUnits(numOutputs).build());
		final SequentialBlock net = new SequentialBlock();
		net.add(backbone);
		net.add(head);
		return net;
	}

	public static SequentialBlock unetSmall(final int width, final int depth, final int numOutputs) {
		final SequentialBlock net = new SequentialBlock();
		net.add(unetLevel(width, 0, depth));
		net.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(numOutputs).build());
		return net;
	}

	private static Block unetLevel(final int width, final int level, final int depth) {
		final int filters = width << level;
		if (level == depth) return doubleConv(filters);
		final SequentialBlock inner = new SequentialBlock();
		inner.add(Pool.maxPool2dBlock(new Shape(2, 2)));
		inner.add(unetLevel(width, level + 1, depth));
		// nearest-neighbour x2 then a 3x3 convolution (the PyTorch engine of DJL has no transposed convolution)
		inner.add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().repeat(2, 2).repeat(3, 2)), "upsample2x"));
		inner.add(
			Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build());
		final SequentialBlock step = new SequentialBlock();
		step.add(doubleConv(filters));
		step.add(new ParallelBlock(
			list -> new NDList(
				NDArrays.concat(new NDList(list.get(0).singletonOrThrow(), list.get(1).singletonOrThrow()), 1)),
			List.of(Blocks.identityBlock(), inner)));
		step.add(doubleConv(filters));
		return step;
	}

	private static Block doubleConv(final int filters) {
		final SequentialBlock block = new SequentialBlock();
		for (int i = 0; i < 2; i++) {
			block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters)
				.optBias(false).build());
			block.add(BatchNorm.builder().build());
			block.add(Activation::relu);
		}
		return block;
	}

	/** conv3x3(stride)-BN-ReLU-conv3x3-BN plus a (projected) shortcut, then ReLU. */
	private static Block residual(final int filters, final int stride, final boolean project) {
		final SequentialBlock main = new SequentialBlock();
		main.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
			.optPadding(new Shape(1, 1)).setFilters(filters).optBias(false).build());
		main.add(BatchNorm.builder().build());
		main.add(Activation::relu);
		main.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters)
			.optBias(false).build());
		main.add(BatchNorm.builder().build());
		final SequentialBlock shortcut = new SequentialBlock();
		if (project) {
			shortcut.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
				.setFilters(filters).optBias(false).build());
			shortcut.add(BatchNorm.builder().build());
		}
		else shortcut.add(Blocks.identityBlock());
		final SequentialBlock unit = new SequentialBlock();
		unit.add(
			new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
				List.of(main, shortcut)));
		unit.add(Activation::relu);
		return unit;
	}

	/** The backbone (first child) of a project network. */
	public static Block backbone(final SequentialBlock net) {
		return net.getChildren().get(0).getValue();
	}

	/** The head (second child) of a project network. */
	public static Block head(final SequentialBlock net) {
		return net.getChildren().get(1).getValue();
	}

	private static int intOption(final JsonObject options, final String key, final int fallback) {
		if (options == null || !options.has(key)) return fallback;
		return options.get(key).getAsInt();
	}
}
