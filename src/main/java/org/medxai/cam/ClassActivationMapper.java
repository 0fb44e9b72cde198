package org.medxai.cam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.medxai.MedXaiException;
import org.medxai.engine.LoadedModel;
import org.medxai.image.TensorConverter;
import org.medxai.math.Scores;

/**
 * Computes class activation maps for one image tensor at the model's target layer (its backbone output). Network passes
 * run in the engine; the channel weighting, which is small (channels x h x w), runs on plain arrays. Native memory is
 * released before returning.
 */
public final class ClassActivationMapper {

	private static final float EPS = 1e-7f;

	private final LoadedModel model;
	private final int scoreCamBatch;

	public ClassActivationMapper(final LoadedModel model, final int scoreCamBatch) {
		if (!model.hasBackboneHeadSplit()) {
			throw new MedXaiException("Class activation maps need a model with a backbone/head split " +
				"(its card's files.backbone and files.head, or a MedXAI DJL architecture).");
		}
		this.model = model;
		this.scoreCamBatch = Math.max(1, scoreCamBatch);
	}

	/**
	 * @param input one normalised image, C x H x W as the card describes
	 * @param targetClass the class to explain, or -1 for the predicted class
	 */
	public CamResult compute(final float[] input, final CamMethod method, final int targetClass) {
		if (batches(method)) return computeBatch(List.of(input), method, targetClass).get(0);
		final int c = model.card().input.channels;
		final int h = model.card().input.height;
		final int w = model.card().input.width;
		try (NDManager manager = model.newManager()) {
			final NDArray x = manager.create(input, new Shape(1, c, h, w));
			final NDArray activations = model.backbone(x);
			final Shape shape = featureMaps(activations);
			final int k = (int) shape.get(1);
			final int lh = (int) shape.get(2);
			final int lw = (int) shape.get(3);
			final float[] a = activations.toType(DataType.FLOAT32, false).toFloatArray();
			final float[] logits = model.head(activations).toType(DataType.FLOAT32, false).toFloatArray();
			final double[] probabilities = Scores.softmax(logits, 0, logits.length);
			final int target = targetClass >= 0 ? targetClass : Scores.argmax(probabilities);
			if (target >= logits.length) {
				throw new MedXaiException(
					"Class " + target + " does not exist: the model has " + logits.length + " outputs.");
			}
			final float[] layer = method == CamMethod.SCORE_CAM
				? scoreCam(manager, x, a, k, lh, lw, h, w, target)
				: eigenCam(a, k, lh * lw);
			return result(method, target, probabilities, layer, lw, lh);
		}
	}

	/** The activations' shape, which must be feature maps (N, C, h, w). */
	private static Shape featureMaps(final NDArray activations) {
		final Shape shape = activations.getShape();
		if (shape.dimension() != 4) {
			throw new MedXaiException("The target layer must give feature maps (N, C, h, w), not " + shape + ".");
		}
		return shape;
	}

	/** The layer map made non-negative, scaled to 0..1 and resized to the model's input. */
	private CamResult result(final CamMethod method, final int target, final double[] probabilities,
		final float[] layer, final int lw, final int lh)
	{
		relu(layer);
		final int w = model.card().input.width, h = model.card().input.height;
		final float[] map = TensorConverter.resize(minMax(layer.clone()), lw, lh, w, h);
		return new CamResult(method, target, probabilities, w, h, map, lw, lh, layer);
	}

	/** Whether {@link #computeBatch} runs the method on a whole batch (the gradient methods) or image by image. */
	public static boolean batches(final CamMethod method) {
		return switch (method) {
			case GRAD_CAM, GRAD_CAM_PLUS_PLUS, XGRAD_CAM, LAYER_CAM -> true;
			case SCORE_CAM, EIGEN_CAM -> false;
		};
	}

	/**
	 * The maps of several images at once: for the gradient methods one backbone pass for the batch without gradients,
	 * one head pass with them and one backward pass (each image's class score depends on its own features only, so the
	 * gradients of the summed scores are each image's own); the same maps as {@link #compute} image by image, to float
	 * precision. Other methods run image by image.
	 *
	 * @param inputs normalised images, each C x H x W as the card describes
	 */
	public List<CamResult> computeBatch(final List<float[]> inputs, final CamMethod method, final int targetClass) {
		final List<CamResult> results = new ArrayList<>(inputs.size());
		if (!batches(method)) {
			for (final float[] input : inputs) results.add(compute(input, method, targetClass));
			return results;
		}
		final int c = model.card().input.channels;
		final int h = model.card().input.height;
		final int w = model.card().input.width;
		final int n = inputs.size(), size = c * h * w;
		final float[] batch = new float[n * size];
		for (int i = 0; i < n; i++) System.arraycopy(inputs.get(i), 0, batch, i * size, size);
		try (NDManager manager = model.newManager()) {
			final NDArray activations = model.backbone(manager.create(batch, new Shape(n, c, h, w)));
			final Shape shape = featureMaps(activations);
			final int k = (int) shape.get(1), lh = (int) shape.get(2), lw = (int) shape.get(3), per = k * lh * lw;
			final float[] a = activations.toType(DataType.FLOAT32, false).toFloatArray();
			final float[] logits, g;
			final int classes;
			final int[] targets = new int[n];
			try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
				final NDArray features = activations.duplicate();
				features.setRequiresGradient(true);
				final NDArray out = model.headWithGradients(features);
				logits = out.toType(DataType.FLOAT32, false).toFloatArray();
				classes = logits.length / n;
				final float[] pick = new float[n * classes];
				for (int i = 0; i < n; i++) {
					targets[i] = targetClass >= 0
						? targetClass
						: Scores.argmax(Scores.softmax(logits, i * classes, classes));
					if (targets[i] >= classes) {
						throw new MedXaiException(
							"Class " + targets[i] + " does not exist: the model has " + classes + " outputs.");
					}
					pick[i * classes + targets[i]] = 1;
				}
				collector.backward(out.mul(manager.create(pick, out.getShape())).sum());
				g = features.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
			}
			for (int i = 0; i < n; i++) {
				final float[] layer = gradientCam(method, Arrays.copyOfRange(a, i * per, (i + 1) * per),
					Arrays.copyOfRange(g, i * per, (i + 1) * per), k, lh * lw);
				results.add(result(method, targets[i], Scores.softmax(logits, i * classes, classes), layer, lw, lh));
			}
		}
		return results;
	}

	static float[] gradientCam(final CamMethod method, final float[] a, final float[] g, final int k, final int n) {
		final float[] cam = new float[n];
		if (method == CamMethod.LAYER_CAM) {
			for (int ch = 0; ch < k; ch++) {
				for (int i = 0; i < n; i++) {
					cam[i] += Math.max(0, g[ch * n + i]) * a[ch * n + i];
				}
			}
			return cam;
		}
		for (int ch = 0; ch < k; ch++) {
			final int o = ch * n;
			double weight = 0;
			switch (method) {
				case GRAD_CAM -> {
					for (int i = 0; i < n; i++) weight += g[o + i];
					weight /= n;
				}
				case XGRAD_CAM -> {
					double sum = 0;
					for (int i = 0; i < n; i++) sum += a[o + i];
					for (int i = 0; i < n; i++) weight += g[o + i] * a[o + i] / (sum + EPS);
				}
				case GRAD_CAM_PLUS_PLUS -> {
					double sum = 0;
					for (int i = 0; i < n; i++) sum += a[o + i];
					for (int i = 0; i < n; i++) {
						final double g1 = g[o + i];
						final double g2 = g1 * g1;
						final double g3 = g2 * g1;
						final double alpha = g1 == 0 ? 0 : g2 / (2 * g2 + sum * g3 + EPS);
						weight += Math.max(0, g1) * alpha;
					}
				}
				default -> throw new IllegalStateException(method.name());
			}
			for (int i = 0; i < n; i++) cam[i] += (float) (weight * a[o + i]);
		}
		return cam;
	}

	/**
	 * Each activation channel, upsampled to the input and scaled to 0..1, masks the input; the target logits of all
	 * masked inputs (batched) become channel weights through a softmax.
	 */
	private float[] scoreCam(final NDManager manager, final NDArray x, final float[] a, final int k, final int lh,
		final int lw, final int h, final int w, final int target)
	{
		final int n = lh * lw;
		final int channels = (int) x.getShape().get(1);
		final float[] input = x.toFloatArray();
		final float[] scores = new float[k];
		for (int start = 0; start < k; start += scoreCamBatch) {
			final int count = Math.min(scoreCamBatch, k - start);
			final float[] batch = new float[count * channels * h * w];
			for (int j = 0; j < count; j++) {
				final float[] plane = new float[n];
				System.arraycopy(a, (start + j) * n, plane, 0, n);
				final float[] mask = scaleScoreMask(upsampleAlignCorners(plane, lw, lh, w, h));
				final int base = j * channels * h * w;
				for (int ch = 0; ch < channels; ch++) {
					for (int i = 0; i < h * w; i++) {
						batch[base + ch * h * w + i] = input[ch * h * w + i] * mask[i];
					}
				}
			}
			try (NDManager sub = manager.newSubManager()) {
				final float[] out = model.forward(sub.create(batch, new Shape(count, channels, h, w)))
					.toType(DataType.FLOAT32, false).toFloatArray();
				final int outputs = out.length / count;
				for (int j = 0; j < count; j++) scores[start + j] = out[j * outputs + target];
			}
		}
		final double[] weights = Scores.softmax(scores, 0, scores.length);
		final float[] cam = new float[n];
		for (int ch = 0; ch < k; ch++) {
			for (int i = 0; i < n; i++) cam[i] += (float) (weights[ch] * a[ch * n + i]);
		}
		return cam;
	}

	/**
	 * Projection of the centred activations (pixels x channels) on their first principal axis, by power iteration on
	 * the channel covariance. The sign is chosen so the map correlates positively with the channel-summed activation
	 * (an SVD's sign is arbitrary).
	 */
	static float[] eigenCam(final float[] a, final int k, final int n) {
		final double[] mean = new double[k];
		for (int ch = 0; ch < k; ch++) {
			for (int i = 0; i < n; i++) mean[ch] += a[ch * n + i];
			mean[ch] /= n;
		}
		final double[][] cov = new double[k][k];
		for (int p = 0; p < k; p++) {
			for (int q = p; q < k; q++) {
				double s = 0;
				for (int i = 0; i < n; i++) s += (a[p * n + i] - mean[p]) * (a[q * n + i] - mean[q]);
				cov[p][q] = s;
				cov[q][p] = s;
			}
		}
		double[] v = new double[k];
		Arrays.fill(v, 1 / Math.sqrt(k));
		for (int iteration = 0; iteration < 10000; iteration++) {
			final double[] next = new double[k];
			for (int p = 0; p < k; p++) {
				for (int q = 0; q < k; q++) next[p] += cov[p][q] * v[q];
			}
			double norm = 0;
			for (final double value : next) norm += value * value;
			norm = Math.sqrt(norm);
			if (norm == 0) break;
			double change = 0;
			for (int p = 0; p < k; p++) {
				next[p] /= norm;
				change = Math.max(change, Math.abs(next[p] - v[p]));
			}
			v = next;
			if (change < 1e-13) break;
		}
		final float[] projection = new float[n];
		final double[] total = new double[n];
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int ch = 0; ch < k; ch++) {
				s += (a[ch * n + i] - mean[ch]) * v[ch];
				total[i] += a[ch * n + i];
			}
			projection[i] = (float) s;
		}
		double correlation = 0;
		double totalMean = 0;
		for (final double t : total) totalMean += t / n;
		for (int i = 0; i < n; i++) correlation += projection[i] * (total[i] - totalMean);
		if (correlation < 0) for (int i = 0; i < n; i++) projection[i] = -projection[i];
		return projection;
	}

	private static void relu(final float[] values) {
		for (int i = 0; i < values.length; i++) if (values[i] < 0) values[i] = 0;
	}

	/** (x - min) / (max - min + 1e-7), as pytorch-grad-cam scales maps. */
	static float[] minMax(final float[] values) {
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		for (final float v : values) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		for (int i = 0; i < values.length; i++) values[i] = (values[i] - min) / (max - min + EPS);
		return values;
	}

	/** Score-CAM's mask scaling: (x - min) / (max - min + 1e-8). */
	private static float[] scaleScoreMask(final float[] values) {
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		for (final float v : values) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		for (int i = 0; i < values.length; i++) values[i] = (values[i] - min) / (max - min + 1e-8f);
		return values;
	}

	/**
	 * Bilinear upsampling with corner pixels aligned (PyTorch's UpsamplingBilinear2d, which Score-CAM uses for its
	 * masks).
	 */
	static float[] upsampleAlignCorners(final float[] plane, final int w, final int h, final int outW, final int outH) {
		final float[] out = new float[outW * outH];
		for (int y = 0; y < outH; y++) {
			final double sy = outH > 1 ? y * (h - 1.0) / (outH - 1) : 0;
			final int y0 = (int) Math.floor(sy);
			final int y1 = Math.min(h - 1, y0 + 1);
			final double fy = sy - y0;
			for (int x = 0; x < outW; x++) {
				final double sx = outW > 1 ? x * (w - 1.0) / (outW - 1) : 0;
				final int x0 = (int) Math.floor(sx);
				final int x1 = Math.min(w - 1, x0 + 1);
				final double fx = sx - x0;
				out[y * outW + x] = (float) ((plane[y0 * w + x0] * (1 - fx) + plane[y0 * w + x1] * fx) * (1 - fy) +
					(plane[y1 * w + x0] * (1 - fx) + plane[y1 * w + x1] * fx) * fy);
			}
		}
		return out;
	}

}
