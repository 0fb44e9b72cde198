package org.medxai.videomodel;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.attention.DeletionCurve;
import org.medxai.attention.FrameImportance;
import org.medxai.attention.FrameImportance.HeadFusion;
import org.medxai.engine.VideoModel;
import org.medxai.engine.VideoNetwork;
import org.medxai.image.InputSpec;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;
import org.medxai.math.Scores;

/**
 * Explains one clip's prediction by a CNN-Transformer: the class probabilities; per frame the CLS attention (per layer
 * and fused), attention rollout and gradient-weighted attention for the explained class; Grad-CAM of every frame from
 * the backbone's feature maps, with the gradient of the video's class score; and, optionally, how faithful each
 * importance is (deletion curves against random deletion). The frames are read, never changed.
 */
public final class VideoExplainer {

	/** Frames converted and run through the backbone together. */
	static final int FRAME_CHUNK = 16;

	/** The importance methods, as the tables name them. */
	public static final String ATTENTION = "attention";
	public static final String ROLLOUT = "rollout";
	public static final String GRAD_ATTENTION = "grad_attention";

	/**
	 * @param fusion how heads are combined for the CLS attention and the rollout
	 * @param discard share of the lowest frames set to 0 (the paper's 0.3; 0 keeps all)
	 * @param layer the layer whose CLS attention is the {@value #ATTENTION} column (0-based), or -1 for the mean of all
	 * @param targetClass the class explained, or -1 for the predicted one
	 * @param deletionSteps frames deleted in the faithfulness check (0: no check)
	 * @param randomOrders random deletion orders averaged for the baseline
	 */
	public record Options(HeadFusion fusion, double discard, int layer, int targetClass, int deletionSteps,
		int randomOrders, long seed)
	{

		public Options {
			if (!(discard >= 0 && discard < 1))
				throw new MedXaiException("The share of frames discarded must be in [0, 1), not " + discard + ".");
			if (deletionSteps < 0) throw new MedXaiException("Frames to delete cannot be negative.");
		}

		public static Options defaults() {
			return new Options(HeadFusion.MEAN, 0, -1, -1, 0, 20, 1);
		}

		public Options withDeletion(final int steps) {
			return new Options(fusion, discard, layer, targetClass, steps, randomOrders, seed);
		}
	}

	private VideoExplainer() {}

	/** The class probabilities of a clip (frames in time order, at most the model's limit), without explaining. */
	public static double[] classify(final VideoModel model, final List<PixelPlanes> frames,
		final ProgressListener progress)
	{
		checkClip(model, frames.size());
		try (NDManager manager = model.newManager()) {
			final NDArray maps = frameMaps(model, manager, frames, progress);
			final NDArray embeddings = VideoNetwork.pool(maps).reshape(1, frames.size(), maps.getShape().get(1));
			final float[] logits = model.temporal(embeddings, manager.ones(new Shape(1, frames.size())), null).get(0)
				.toFloatArray();
			return Scores.softmax(logits, 0, logits.length);
		}
	}

	private static void checkClip(final VideoModel model, final int count) {
		if (count < 1) throw new MedXaiException("The clip has no frames.");
		if (count > model.maxFrames())
			throw new MedXaiException("The clip has " + count + " frames; the model " + model.card().name +
				" takes at most " + model.maxFrames() + ": sample fewer frames.");
	}

	/** Explains a clip (frames in time order, at most the model's frame limit). */
	public static VideoExplanation explain(final VideoModel model, final List<PixelPlanes> frames,
		final Options options, final ProgressListener progress)
	{
		final int count = frames.size();
		checkClip(model, count);
		final int classes = model.card().numClasses();
		if (options.targetClass() >= classes)
			throw new MedXaiException(
				"The model has " + classes + " classes; there is no class " + (options.targetClass() + 1) + ".");
		try (NDManager manager = model.newManager()) {
			final NDArray maps = frameMaps(model, manager, frames, progress);
			final Shape mapShape = maps.getShape();
			final int features = (int) mapShape.get(1), h = (int) mapShape.get(2), w = (int) mapShape.get(3);
			final int layers = model.layers(), heads = model.heads(), tokens = count + 1;
			final NDArray mask = manager.ones(new Shape(1, count));
			// one backward pass: the class score's gradient at the maps (Grad-CAM) and at every attention (probes)
			final float[] logits, mapGradients, probeGradients;
			final double[][][][] attention = new double[layers][][][];
			final int explained;
			try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
				maps.setRequiresGradient(true);
				final NDArray probes = manager.zeros(new Shape(layers, 1, heads, tokens, tokens));
				probes.setRequiresGradient(true);
				final NDArray embeddings = VideoNetwork.pool(maps).reshape(1, count, features);
				final NDList out = model.temporal(embeddings, mask, probes);
				logits = out.get(0).toFloatArray();
				explained = options.targetClass() >= 0
					? options.targetClass()
					: Scores.argmax(Scores.softmax(logits, 0, classes));
				for (int l = 0; l < layers; l++) attention[l] = fourD(out.get(1 + l).toFloatArray(), heads, tokens);
				collector.backward(out.get(0).get(0, explained));
				mapGradients = maps.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
				probeGradients = probes.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
			}
			final double[][][][] gradients = new double[layers][][][];
			final int perLayer = heads * tokens * tokens;
			for (int l = 0; l < layers; l++)
				gradients[l] = fourD(Arrays.copyOfRange(probeGradients, l * perLayer, (l + 1) * perLayer), heads,
					tokens);
			final double[][] perLayerAttention = new double[layers][];
			for (int l = 0; l < layers; l++)
				perLayerAttention[l] = FrameImportance.clsAttention(attention, count, l, options.fusion(),
					options.discard());
			final Map<String, double[]> importance = new LinkedHashMap<>();
			importance.put(ATTENTION,
				options.layer() < 0
					? FrameImportance.clsAttention(attention, count, -1, options.fusion(), options.discard())
					: perLayerAttention[checkLayer(options.layer(), layers)]);
			importance.put(ROLLOUT, FrameImportance.rollout(attention, count, options.fusion(), options.discard()));
			importance.put(GRAD_ATTENTION, FrameImportance.gradientWeighted(attention, gradients, count));
			final float[][] cams = gradCam(maps.toFloatArray(), mapGradients, count, features, h * w);
			final Map<String, Faithfulness> faithfulness = options.deletionSteps() > 0 && count > 1
				? faithfulness(model, manager, VideoNetwork.pool(maps.stopGradient()).reshape(1, count, features),
					explained, importance, options)
				: Map.of();
			final double[] probabilities = Scores.softmax(logits, 0, classes);
			return new VideoExplanation(probabilities, Scores.argmax(probabilities), explained, attention,
				perLayerAttention, importance, cams, w, h, faithfulness);
		}
	}

	private static int checkLayer(final int layer, final int layers) {
		if (layer >= layers)
			throw new MedXaiException(
				"The model has " + layers + " attention layers; there is no layer " + (layer + 1) + ".");
		return layer;
	}

	/** The backbone's maps of every frame, in chunks; cancel checked between chunks. */
	static NDArray frameMaps(final VideoModel model, final NDManager manager, final List<PixelPlanes> frames,
		final ProgressListener progress)
	{
		final InputSpec spec = model.card().inputSpec();
		final NDList chunks = new NDList();
		for (int start = 0; start < frames.size(); start += FRAME_CHUNK) {
			if (progress.isCancelled()) throw new CancelledException("Explanation cancelled.");
			final int n = Math.min(FRAME_CHUNK, frames.size() - start);
			final float[] batch = new float[n * spec.size()];
			for (int i = 0; i < n; i++) TensorConverter.convertInto(frames.get(start + i), spec, batch, i);
			// each chunk's intermediate arrays are freed with its own manager; only its maps are kept
			try (NDManager chunk = manager.newSubManager()) {
				final NDArray maps = model
					.frameMaps(chunk.create(batch, new Shape(n, spec.channels(), spec.height(), spec.width())));
				maps.attach(manager);
				chunks.add(maps);
			}
			progress.progress(start + n, frames.size(), "Frames through the backbone: " + (start + n));
		}
		final NDArray maps = chunks.size() == 1 ? chunks.get(0) : NDArrays.concat(chunks, 0);
		// a leaf of its own, so that its gradient is kept
		return maps.stopGradient().duplicate();
	}

	/** Grad-CAM per frame: ReLU(Σ_c mean(∂y/∂A_c) A_c) over each frame's maps. */
	static float[][] gradCam(final float[] maps, final float[] gradients, final int frames, final int channels,
		final int locations)
	{
		final float[][] cams = new float[frames][locations];
		for (int f = 0; f < frames; f++) {
			for (int c = 0; c < channels; c++) {
				final int offset = (f * channels + c) * locations;
				double weight = 0;
				for (int i = 0; i < locations; i++) weight += gradients[offset + i];
				weight /= locations;
				for (int i = 0; i < locations; i++) cams[f][i] += (float) (weight * maps[offset + i]);
			}
			for (int i = 0; i < locations; i++) cams[f][i] = Math.max(0, cams[f][i]);
		}
		return cams;
	}

	static Map<String, Faithfulness> faithfulness(final VideoModel model, final NDManager manager,
		final NDArray embeddings, final int target, final Map<String, double[]> importance, final Options options)
	{
		final int count = (int) embeddings.getShape().get(1);
		final int steps = Math.min(options.deletionSteps(), count - 1);
		final Shape shape = embeddings.getShape();
		final float[] values = embeddings.toFloatArray();
		final ToDoubleFunction<boolean[]> score = kept -> {
			final float[] mask = new float[count];
			for (int i = 0; i < count; i++) mask[i] = kept[i] ? 1 : 0;
			// each pass on its own copy of the embeddings: a pass's arrays go where its input lives, and are freed
			// with it (on the shared embeddings ~1,000 passes' arrays stayed until the explanation ended: gigabytes)
			try (NDManager m = manager.newSubManager()) {
				final float[] logits = model
					.temporal(m.create(values, shape), m.create(mask, new Shape(1, count)), null).get(0).toFloatArray();
				return Scores.softmax(logits, 0, logits.length)[target];
			}
		};
		final DeletionCurve random = DeletionCurve.random(count, steps, options.randomOrders(), options.seed(), score);
		final Map<String, Faithfulness> out = new LinkedHashMap<>();
		for (final Map.Entry<String, double[]> method : importance.entrySet())
			out.put(method.getKey(),
				new Faithfulness(DeletionCurve.byImportance(method.getValue(), steps, score), random));
		return out;
	}

	private static double[][][] fourD(final float[] values, final int heads, final int tokens) {
		final double[][][] out = new double[heads][tokens][tokens];
		for (int h = 0; h < heads; h++)
			for (int i = 0; i < tokens; i++)
				for (int j = 0; j < tokens; j++) out[h][i][j] = values[(h * tokens + i) * tokens + j];
		return out;
	}

	/** A method's deletion curve beside the random baseline's. */
	public record Faithfulness(DeletionCurve byImportance, DeletionCurve random) {

		/** How much lower the method's deletion area is than random deletion's (positive: the method is faithful). */
		public double gain() {
			return random.area() - byImportance.area();
		}
	}
}
