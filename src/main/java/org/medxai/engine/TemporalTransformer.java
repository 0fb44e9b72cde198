package org.medxai.engine;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import org.medxai.MedXaiException;

/**
 * The temporal half of a CNN-Transformer video classifier (Mahendar et al.): frame embeddings projected to tokens of
 * width d, a CLS token in front, positions added (learned, or fixed sinusoids), N {@link TemporalAttentionLayer}s, a
 * final layer norm and an MLP head on the CLS token.
 *
 * Inputs: embeddings {@code (batch, frames, features)}, a mask {@code (batch, frames)} (1 real frame, 0 padding) and
 * optionally one gradient probe per layer, {@code (layers, batch, heads, 1 + frames, 1 + frames)} zeros. Outputs:
 * logits {@code (batch, classes)}, then each layer's attention {@code (batch, heads, 1 + frames, 1 + frames)}; token 0
 * is CLS, token 1 + f is frame f.
 */
public final class TemporalTransformer extends AbstractBlock {

	private static final byte VERSION = 1;

	/**
	 * The shape of the temporal model.
	 *
	 * @param width token width d
	 * @param layers N
	 * @param heads H per layer
	 * @param maxFrames most frames one clip may have
	 * @param learnedPositions learned position vectors, else sinusoids
	 * @param dropout dropout rate inside the layers and the head
	 */
	public record Layout(int width, int layers, int heads, int maxFrames, boolean learnedPositions, float dropout) {

		public Layout {
			if (width < 1 || layers < 1 || heads < 1 || maxFrames < 1)
				throw new MedXaiException("Token width, layers, heads and maximum frames must all be at least 1.");
			if (width % heads != 0)
				throw new MedXaiException(
					"The token width (" + width + ") must be a multiple of the heads (" + heads + ").");
			if (!(dropout >= 0 && dropout < 1)) throw new MedXaiException("Dropout must be in [0, 1).");
		}
	}

	private final Layout layout;
	private final int classes;
	private final Linear projection;
	private final List<TemporalAttentionLayer> encoder = new ArrayList<>();
	private final LayerNorm finalNorm;
	private final Linear hidden;
	private final Linear classifier;
	private final Dropout dropout;
	private final Parameter cls;
	private final Parameter positions;

	public TemporalTransformer(final Layout layout, final int classes) {
		super(VERSION);
		this.layout = layout;
		this.classes = classes;
		projection = addChildBlock("projection", Linear.builder().setUnits(layout.width()).build());
		for (int l = 0; l < layout.layers(); l++)
			encoder.add(addChildBlock("layer_" + l,
				new TemporalAttentionLayer(layout.width(), layout.heads(), layout.dropout())));
		finalNorm = addChildBlock("final_norm", LayerNorm.builder().axis(2).build());
		hidden = addChildBlock("hidden", Linear.builder().setUnits(layout.width()).build());
		classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).build());
		dropout = addChildBlock("dropout", Dropout.builder().optRate(layout.dropout()).build());
		cls = addParameter(Parameter.builder().setName("cls").setType(Parameter.Type.WEIGHT)
			.optShape(new Shape(1, 1, layout.width())).optInitializer(new NormalInitializer(0.02f)).build());
		positions = layout.learnedPositions()
			? addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
				.optShape(new Shape(1, layout.maxFrames() + 1L, layout.width()))
				.optInitializer(new NormalInitializer(0.02f)).build())
			: null;
	}

	public Layout layout() {
		return layout;
	}

	@Override
	protected NDList forwardInternal(final ParameterStore store, final NDList inputs, final boolean training,
		final PairList<String, Object> params)
	{
		final NDArray embeddings = inputs.get(0);
		final NDArray mask = inputs.get(1);
		final long batch = embeddings.getShape().get(0), frames = embeddings.getShape().get(1);
		if (frames > layout.maxFrames())
			throw new MedXaiException(
				"The clip has " + frames + " frames; this model takes at most " + layout.maxFrames() + ".");
		final NDArray probes = inputs.size() > 2 ? inputs.get(2) : null;
		final NDArray projected = projection.forward(store, new NDList(embeddings), training).singletonOrThrow();
		// arrays made from parameters belong to the model's manager: moved to the clip's, or every later array of the
		// pass (and, in training, its whole graph) would live as long as the model
		final NDManager clip = embeddings.getManager();
		final NDArray clsTokens = store.getValue(cls, embeddings.getDevice(), training).broadcast(batch, 1,
			layout.width());
		clsTokens.attach(clip);
		final NDArray positionRows = positions(store, embeddings, frames + 1, training);
		positionRows.attach(clip);
		NDArray tokens = NDArrays.concat(new NDList(clsTokens, projected), 1).add(positionRows);
		final NDArray fullMask = NDArrays.concat(
			new NDList(mask.getManager().ones(new Shape(batch, 1), mask.getDataType(), mask.getDevice()), mask), 1);
		final NDList out = new NDList();
		for (int l = 0; l < encoder.size(); l++) {
			final NDList layerInputs = new NDList(tokens, fullMask);
			if (probes != null) layerInputs.add(probes.get(l));
			final NDList result = encoder.get(l).forward(store, layerInputs, training);
			tokens = result.get(0);
			out.add(result.get(1));
		}
		final NDArray first = finalNorm.forward(store, new NDList(tokens), training).singletonOrThrow()
			.get(new NDIndex(":, 0, :"));
		NDArray h = Activation.gelu(hidden.forward(store, new NDList(first), training).singletonOrThrow());
		h = dropout.forward(store, new NDList(h), training).singletonOrThrow();
		out.add(0, classifier.forward(store, new NDList(h), training).singletonOrThrow());
		return out;
	}

	private NDArray positions(final ParameterStore store, final NDArray like, final long tokens,
		final boolean training)
	{
		if (positions != null)
			return store.getValue(positions, like.getDevice(), training).get(new NDIndex(":, :{}, :", tokens));
		return sinusoids(like.getManager(), tokens, layout.width()).toDevice(like.getDevice(), false);
	}

	/** Vaswani et al.'s fixed positions: sin and cos of position / 10000^(2i/d), (1, tokens, width). */
	static NDArray sinusoids(final NDManager manager, final long tokens, final int width) {
		final float[] values = new float[(int) tokens * width];
		for (int p = 0; p < tokens; p++) for (int i = 0; i < width; i++) {
			final double angle = p / Math.pow(10000, 2.0 * (i / 2) / width);
			values[p * width + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
		}
		return manager.create(values, new Shape(1, tokens, width));
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		final long batch = inputShapes[0].get(0), tokens = inputShapes[0].get(1) + 1;
		final Shape[] shapes = new Shape[1 + layout.layers()];
		shapes[0] = new Shape(batch, classes);
		for (int l = 0; l < layout.layers(); l++) shapes[1 + l] = new Shape(batch, layout.heads(), tokens, tokens);
		return shapes;
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType, final Shape... inputShapes) {
		final Shape in = inputShapes[0];
		final Shape tokens = new Shape(in.get(0), in.get(1) + 1, layout.width());
		projection.initialize(manager, dataType, in);
		for (final TemporalAttentionLayer layer : encoder)
			layer.initialize(manager, dataType, tokens, new Shape(in.get(0), in.get(1) + 1));
		finalNorm.initialize(manager, dataType, tokens);
		final Shape first = new Shape(in.get(0), layout.width());
		hidden.initialize(manager, dataType, first);
		classifier.initialize(manager, dataType, first);
		dropout.initialize(manager, dataType, first);
	}
}
