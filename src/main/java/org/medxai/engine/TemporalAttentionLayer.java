package org.medxai.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import org.medxai.MedXaiException;

/**
 * One transformer encoder layer over a clip's tokens that also returns its attention, so that explanations can read it:
 * multi-head self-attention (pre-norm, residual), then a two-layer feed-forward (GELU, residual). Padded tokens are
 * masked out of the attention (their keys get no weight), not merely zero-filled: what a padded token holds cannot
 * change the real tokens' outputs.
 *
 * Inputs: tokens {@code (batch, tokens, width)} and a mask {@code (batch, tokens)}, 1 for a real token and 0 for
 * padding; optionally a gradient probe {@code (batch, heads, tokens, tokens)} of zeros added to the attention, whose
 * gradient is the attention's gradient (gradient-weighted explanations need it, and DJL keeps gradients of leaves
 * only). Outputs: the new tokens, same shape, and the attention {@code (batch, heads, tokens, tokens)} (rows sum to 1).
 */
public final class TemporalAttentionLayer extends AbstractBlock {

	private static final byte VERSION = 1;

	private final int width;
	private final int heads;
	private final Linear query;
	private final Linear key;
	private final Linear value;
	private final Linear output;
	private final LayerNorm attentionNorm;
	private final LayerNorm feedForwardNorm;
	private final Linear expand;
	private final Linear contract;
	private final Dropout dropout;

	public TemporalAttentionLayer(final int width, final int heads, final float dropoutRate) {
		super(VERSION);
		if (heads < 1 || width % heads != 0)
			throw new MedXaiException(
				"The token width (" + width + ") must be a multiple of the heads (" + heads + ").");
		this.width = width;
		this.heads = heads;
		query = addChildBlock("query", Linear.builder().setUnits(width).build());
		key = addChildBlock("key", Linear.builder().setUnits(width).build());
		value = addChildBlock("value", Linear.builder().setUnits(width).build());
		output = addChildBlock("output", Linear.builder().setUnits(width).build());
		attentionNorm = addChildBlock("attention_norm", LayerNorm.builder().axis(2).build());
		feedForwardNorm = addChildBlock("feed_forward_norm", LayerNorm.builder().axis(2).build());
		expand = addChildBlock("expand", Linear.builder().setUnits(2L * width).build());
		contract = addChildBlock("contract", Linear.builder().setUnits(width).build());
		dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
	}

	@Override
	protected NDList forwardInternal(final ParameterStore store, final NDList inputs, final boolean training,
		final PairList<String, Object> params)
	{
		final NDArray x = inputs.get(0);
		final NDArray mask = inputs.get(1);
		final long batch = x.getShape().get(0), tokens = x.getShape().get(1);
		final long perHead = width / heads;
		final NDArray normed = attentionNorm.forward(store, new NDList(x), training).singletonOrThrow();
		final NDArray q = split(query.forward(store, new NDList(normed), training).singletonOrThrow(), batch, tokens);
		final NDArray k = split(key.forward(store, new NDList(normed), training).singletonOrThrow(), batch, tokens);
		final NDArray v = split(value.forward(store, new NDList(normed), training).singletonOrThrow(), batch, tokens);
		// (batch, heads, tokens, tokens); padded keys pushed to -1e9 before the softmax
		NDArray scores = Scalars.over(q.matMul(k.transpose(0, 1, 3, 2)), Math.sqrt(perHead));
		final NDArray padding = mask.reshape(batch, 1, 1, tokens).neg().add(1).mul(-1e9f);
		scores = scores.add(padding);
		NDArray attention = scores.softmax(-1);
		if (inputs.size() > 2) attention = attention.add(inputs.get(2));
		final NDArray mixed = attention.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, width);
		NDArray y = x.add(dropout
			.forward(store, new NDList(output.forward(store, new NDList(mixed), training).singletonOrThrow()), training)
			.singletonOrThrow());
		final NDArray normed2 = feedForwardNorm.forward(store, new NDList(y), training).singletonOrThrow();
		final NDArray hidden = Activation.gelu(expand.forward(store, new NDList(normed2), training).singletonOrThrow());
		y = y
			.add(
				dropout
					.forward(store,
						new NDList(contract.forward(store, new NDList(hidden), training).singletonOrThrow()), training)
					.singletonOrThrow());
		return new NDList(y, attention);
	}

	/** (batch, tokens, width) → (batch, heads, tokens, width / heads). */
	private NDArray split(final NDArray a, final long batch, final long tokens) {
		return a.reshape(batch, tokens, heads, width / heads).transpose(0, 2, 1, 3);
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		final Shape x = inputShapes[0];
		return new Shape[] { x, new Shape(x.get(0), heads, x.get(1), x.get(1)) };
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType, final Shape... inputShapes) {
		final Shape tokens = inputShapes[0];
		final Shape hidden = new Shape(tokens.get(0), tokens.get(1), 2L * width);
		for (final Linear projection : new Linear[] { query, key, value, output })
			projection.initialize(manager, dataType, tokens);
		attentionNorm.initialize(manager, dataType, tokens);
		feedForwardNorm.initialize(manager, dataType, tokens);
		expand.initialize(manager, dataType, tokens);
		contract.initialize(manager, dataType, hidden);
		dropout.initialize(manager, dataType, tokens);
	}
}
