package org.medxai.engine;

import java.util.List;
import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import com.google.gson.JsonObject;

import org.medxai.MedXaiException;

/**
 * A CNN-Transformer video classifier ({@value #ARCHITECTURE}): a per-frame CNN backbone (a project architecture's
 * backbone: {@link Architectures#SMALL_CNN} or {@link Architectures#RESNET_SMALL}), each frame's feature maps averaged
 * to one embedding, then the {@link TemporalTransformer}. Inputs: frames {@code (batch, frames, channels, height,
 * width)}, or frame embeddings already made by the backbone {@code (batch, frames, features)} (training on cached
 * embeddings), and a mask {@code (batch, frames)}; outputs as the temporal transformer's (logits, then each layer's
 * attention). The two halves are also run on their own: the backbone for Grad-CAM and for cached embeddings, the
 * temporal half on embeddings.
 */
public final class VideoNetwork extends AbstractBlock {

	public static final String ARCHITECTURE = "medxai-video-transformer";

	private static final byte VERSION = 1;

	/**
	 * Everything that rebuilds the network, as the card's {@code architecture_options} hold it.
	 *
	 * @param backbone the frame CNN's architecture id
	 * @param backboneWidth its first width
	 * @param backboneDepth its depth (small CNN only)
	 */
	public record Options(String backbone, int backboneWidth, int backboneDepth, TemporalTransformer.Layout temporal) {

		public Options {
			if (!Architectures.SMALL_CNN.equals(backbone) && !Architectures.RESNET_SMALL.equals(backbone))
				throw new MedXaiException("The frame backbone must be " + Architectures.SMALL_CNN + " or " +
					Architectures.RESNET_SMALL + ", not '" + backbone + "'.");
			if (backboneWidth < 1 || backboneDepth < 1)
				throw new MedXaiException("The backbone's width and depth must be at least 1.");
		}

		public JsonObject toJson() {
			final JsonObject json = new JsonObject();
			json.addProperty("backbone", backbone);
			json.addProperty("backbone_width", backboneWidth);
			json.addProperty("backbone_depth", backboneDepth);
			json.addProperty("token_width", temporal.width());
			json.addProperty("layers", temporal.layers());
			json.addProperty("heads", temporal.heads());
			json.addProperty("max_frames", temporal.maxFrames());
			json.addProperty("positions", temporal.learnedPositions() ? "learned" : "sinusoidal");
			json.addProperty("dropout", temporal.dropout());
			return json;
		}

		public static Options fromJson(final JsonObject json) {
			if (json == null) throw new MedXaiException("A " + ARCHITECTURE + " card needs architecture_options.");
			try {
				final String positions = json.get("positions").getAsString().toLowerCase(Locale.ROOT);
				if (!positions.equals("learned") && !positions.equals("sinusoidal"))
					throw new MedXaiException("architecture_options.positions must be learned or sinusoidal.");
				return new Options(json.get("backbone").getAsString(), json.get("backbone_width").getAsInt(),
					json.get("backbone_depth").getAsInt(),
					new TemporalTransformer.Layout(json.get("token_width").getAsInt(), json.get("layers").getAsInt(),
						json.get("heads").getAsInt(), json.get("max_frames").getAsInt(), positions.equals("learned"),
						json.get("dropout").getAsFloat()));
			}
			catch (final NullPointerException | IllegalStateException | UnsupportedOperationException e) {
				throw new MedXaiException("The card's architecture_options for " + ARCHITECTURE + " need backbone, " +
					"backbone_width, backbone_depth, token_width, layers, heads, max_frames, positions and dropout.",
					e);
			}
		}

		public String describeBackbone() {
			return Architectures.SMALL_CNN.equals(backbone)
				? backbone + " (width " + backboneWidth + ", depth " + backboneDepth + ")"
				: backbone + " (width " + backboneWidth + ")";
		}
	}

	/**
	 * A card's model-specific part for this network: architecture and options, classes, softmax, target layer and the
	 * video part ({@code frames} per clip, sampled by {@code sampling}); weights, input and training are the caller's.
	 */
	public static ModelCard cardBase(final Options options, final List<String> classes, final int frames,
		final String sampling)
	{
		final ModelCard card = new ModelCard();
		card.architecture = ARCHITECTURE;
		card.architectureOptions = options.toJson();
		card.classes.addAll(classes);
		card.outputActivation = "softmax";
		card.targetLayer = "backbone: the frame CNN's last feature maps (Grad-CAM per frame)";
		card.video = new ModelCard.Video();
		card.video.frames = frames;
		card.video.sampling = sampling;
		card.video.backbone = options.describeBackbone();
		card.video.layers = options.temporal().layers();
		card.video.heads = options.temporal().heads();
		card.video.attentionLayout = ModelCard.VIDEO_ATTENTION_LAYOUT;
		return card;
	}

	private final Options options;
	private final Block backbone;
	private final TemporalTransformer temporal;

	public VideoNetwork(final Options options, final int classes) {
		super(VERSION);
		this.options = options;
		final SequentialBlock frameNet = Architectures.SMALL_CNN.equals(options.backbone())
			? Architectures.smallCnn(options.backboneWidth(), options.backboneDepth(), classes)
			: Architectures.resnetSmall(options.backboneWidth(), classes);
		backbone = addChildBlock("backbone", Architectures.backbone(frameNet));
		temporal = addChildBlock("temporal", new TemporalTransformer(options.temporal(), classes));
	}

	public Options options() {
		return options;
	}

	/** The frame CNN: {@code (n, channels, height, width)} → feature maps {@code (n, features, h, w)}. */
	public Block backbone() {
		return backbone;
	}

	/** The temporal half: embeddings and mask (and optional probes) → logits and attention. */
	public TemporalTransformer temporal() {
		return temporal;
	}

	/** Feature maps averaged over space: {@code (n, features, h, w)} → {@code (n, features)}. */
	public static NDArray pool(final NDArray maps) {
		return maps.mean(new int[] { 3 }).mean(new int[] { 2 });
	}

	@Override
	protected NDList forwardInternal(final ParameterStore store, final NDList inputs, final boolean training,
		final PairList<String, Object> params)
	{
		final NDArray frames = inputs.get(0);
		final Shape shape = frames.getShape();
		if (shape.dimension() == 3) return temporal.forward(store, inputs, training);
		if (shape.dimension() != 5)
			throw new MedXaiException("A video model takes (batch, frames, channels, height, width), not " + shape);
		final long batch = shape.get(0), count = shape.get(1);
		final NDArray flat = frames.reshape(batch * count, shape.get(2), shape.get(3), shape.get(4));
		final NDArray maps = backbone.forward(store, new NDList(flat), training).singletonOrThrow();
		final NDArray embeddings = pool(maps).reshape(batch, count, -1);
		final NDList temporalInputs = new NDList(embeddings, inputs.get(1));
		if (inputs.size() > 2) temporalInputs.add(inputs.get(2));
		return temporal.forward(store, temporalInputs, training);
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		return temporal.getOutputShapes(new Shape[] { embeddingShape(inputShapes[0]), inputShapes[1] });
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType, final Shape... inputShapes) {
		final Shape frames = inputShapes[0];
		backbone.initialize(manager, dataType, flatFrames(frames));
		temporal.initialize(manager, dataType, embeddingShape(frames), inputShapes[1]);
	}

	private static Shape flatFrames(final Shape frames) {
		return new Shape(frames.get(0) * frames.get(1), frames.get(2), frames.get(3), frames.get(4));
	}

	private Shape embeddingShape(final Shape frames) {
		final Shape maps = backbone.getOutputShapes(new Shape[] { flatFrames(frames) })[0];
		return new Shape(frames.get(0), frames.get(1), maps.get(1));
	}
}
