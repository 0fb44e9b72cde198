package org.medxai.cam;

import java.util.Arrays;
import java.util.Random;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.medxai.engine.LoadedModel;
import org.medxai.math.Scores;

/**
 * Deletion and insertion curves (Petsiuk et al., RISE): input pixels are removed (set to the normalised mean, 0) or
 * inserted (into a blurred copy) in the order of the CAM, most important first; the area under the target probability
 * over the fraction changed summarises each curve. A faithful map gives low deletion and high insertion areas. All
 * steps run as one batch.
 */
public final class Faithfulness {

	/** Areas under the deletion and insertion curves, with the curves (steps + 1 points). */
	public record Curves(double deletionAuc, double insertionAuc, double[] deletion, double[] insertion) {}

	/**
	 * ROAD (Rong et al. 2022, remove and debias): at each fraction, the most relevant (MoRF) or least relevant (LeRF)
	 * pixels are replaced by noisy linear imputation from their neighbours, so a removal leaks no shape of the removed
	 * region. A faithful map drops the probability fast under MoRF and slowly under LeRF: {@code lerfAuc - morfAuc} is
	 * its score (higher is better).
	 */
	public record Road(double[] fractions, double[] morf, double[] lerf, double morfAuc, double lerfAuc) {

		public double score() {
			return lerfAuc - morfAuc;
		}
	}

	public static final double[] ROAD_FRACTIONS = { 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
	/** Noise added to imputed pixels, in normalised units (about 1 % of the 0..1 range for ImageNet statistics). */
	public static final double ROAD_NOISE = 0.05;
	private static final int IMPUTATION_SWEEPS = 60;

	private Faithfulness() {}

	public static Road road(final LoadedModel model, final float[] input, final float[] cam, final int target,
		final long seed)
	{
		final int c = model.card().input.channels;
		final int h = model.card().input.height;
		final int w = model.card().input.width;
		final int n = h * w;
		final Integer[] order = ranked(cam);
		final int k = ROAD_FRACTIONS.length;
		final float[] batch = new float[2 * k * c * n];
		final Random random = new Random(seed);
		for (int f = 0; f < k; f++) {
			final int count = (int) Math.round(ROAD_FRACTIONS[f] * n);
			final boolean[] most = new boolean[n];
			final boolean[] least = new boolean[n];
			for (int i = 0; i < count; i++) {
				most[order[i]] = true;
				least[order[n - 1 - i]] = true;
			}
			System.arraycopy(impute(input, most, c, w, h, random), 0, batch, f * c * n, c * n);
			System.arraycopy(impute(input, least, c, w, h, random), 0, batch, (k + f) * c * n, c * n);
		}
		final double[] morf = new double[k];
		final double[] lerf = new double[k];
		try (NDManager manager = model.newManager()) {
			final float[] logits = model.forward(manager.create(batch, new Shape(2L * k, c, h, w)))
				.toType(DataType.FLOAT32, false).toFloatArray();
			final int outputs = logits.length / (2 * k);
			for (int f = 0; f < k; f++) {
				morf[f] = Scores.softmax(logits, f * outputs, outputs)[target];
				lerf[f] = Scores.softmax(logits, (k + f) * outputs, outputs)[target];
			}
		}
		return new Road(ROAD_FRACTIONS.clone(), morf, lerf, area(morf), area(lerf));
	}

	/**
	 * Noisy linear imputation: removed pixels take the weighted mean of their 8 neighbours (weight 1/6 for the 4
	 * direct, 1/12 for the diagonal ones, as in ROAD), solved by Gauss-Seidel sweeps starting from the image mean, then
	 * Gaussian noise is added to them.
	 */
	static float[] impute(final float[] input, final boolean[] removed, final int c, final int w, final int h,
		final Random random)
	{
		final float[] out = input.clone();
		final int n = w * h;
		for (int ch = 0; ch < c; ch++) {
			double mean = 0;
			int kept = 0;
			for (int i = 0; i < n; i++) if (!removed[i]) {
				mean += input[ch * n + i];
				kept++;
			}
			mean = kept == 0 ? 0 : mean / kept;
			for (int i = 0; i < n; i++) if (removed[i]) out[ch * n + i] = (float) mean;
			for (int sweep = 0; sweep < IMPUTATION_SWEEPS; sweep++) {
				for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
					if (!removed[y * w + x]) continue;
					double sum = 0, weight = 0;
					for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
						if (dx == 0 && dy == 0) continue;
						final int xx = x + dx, yy = y + dy;
						if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
						final double wt = dx == 0 || dy == 0 ? 1.0 / 6 : 1.0 / 12;
						sum += wt * out[ch * n + yy * w + xx];
						weight += wt;
					}
					out[ch * n + y * w + x] = (float) (sum / weight);
				}
			}
			for (int i = 0; i < n; i++) if (removed[i]) out[ch * n + i] += (float) (random.nextGaussian() * ROAD_NOISE);
		}
		return out;
	}

	/**
	 * @param input normalised image C x H x W (the CAM's input)
	 * @param cam map at the input's H x W
	 */
	public static Curves measure(final LoadedModel model, final float[] input, final float[] cam, final int target,
		final int steps)
	{
		final int c = model.card().input.channels;
		final int h = model.card().input.height;
		final int w = model.card().input.width;
		final Integer[] order = ranked(cam);
		final float[] blurred = blur(input, c, w, h, Math.max(1, Math.min(w, h) / 20));
		final double[] deletion = curve(model, input, new float[input.length], order, target, steps, c, h, w);
		final double[] insertion = curve(model, blurred, input, order, target, steps, c, h, w);
		return new Curves(area(deletion), area(insertion), deletion, insertion);
	}

	/** Pixel indices by decreasing map value. */
	private static Integer[] ranked(final float[] cam) {
		final Integer[] order = new Integer[cam.length];
		for (int i = 0; i < order.length; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Float.compare(cam[b], cam[a]));
		return order;
	}

	/** Probabilities of {@code target} as ordered pixels go from {@code start} to {@code end}. */
	private static double[] curve(final LoadedModel model, final float[] start, final float[] end,
		final Integer[] order, final int target, final int steps, final int c, final int h, final int w)
	{
		final int n = h * w;
		final float[] batch = new float[(steps + 1) * c * n];
		final float[] current = start.clone();
		int changed = 0;
		for (int s = 0; s <= steps; s++) {
			final int until = (int) Math.round((double) s / steps * n);
			for (; changed < until; changed++) {
				final int p = order[changed];
				for (int ch = 0; ch < c; ch++) current[ch * n + p] = end[ch * n + p];
			}
			System.arraycopy(current, 0, batch, s * c * n, c * n);
		}
		final double[] probabilities = new double[steps + 1];
		try (NDManager manager = model.newManager()) {
			final float[] logits = model.forward(manager.create(batch, new Shape(steps + 1, c, h, w)))
				.toType(DataType.FLOAT32, false).toFloatArray();
			final int outputs = logits.length / (steps + 1);
			for (int s = 0; s <= steps; s++) {
				probabilities[s] = Scores.softmax(logits, s * outputs, outputs)[target];
			}
		}
		return probabilities;
	}

	/** Trapezoid area over the fraction 0..1. */
	static double area(final double[] curve) {
		double sum = 0;
		for (int i = 1; i < curve.length; i++) sum += (curve[i - 1] + curve[i]) / 2;
		return sum / (curve.length - 1);
	}

	/** Three box-blur passes per channel (close to a Gaussian). */
	static float[] blur(final float[] input, final int c, final int w, final int h, final int radius) {
		final float[] out = input.clone();
		final int n = w * h;
		final float[] tmp = new float[n];
		for (int ch = 0; ch < c; ch++) {
			for (int pass = 0; pass < 3; pass++) {
				boxPass(out, ch * n, tmp, 0, h, w, w, 1, radius);
				boxPass(tmp, 0, out, ch * n, w, h, 1, w, radius);
			}
		}
		return out;
	}

	/**
	 * One box-blur pass along {@code lines} lines of {@code length} values: a line starts {@code lineStride} after the
	 * previous one and its values are {@code step} apart (rows: w, 1; columns: 1, w).
	 */
	private static void boxPass(final float[] source, final int sourceOffset, final float[] target,
		final int targetOffset, final int lines, final int length, final int lineStride, final int step,
		final int radius)
	{
		for (int line = 0; line < lines; line++) {
			for (int i = 0; i < length; i++) {
				double s = 0;
				int count = 0;
				for (int d = -radius; d <= radius; d++) {
					final int j = i + d;
					if (j >= 0 && j < length) {
						s += source[sourceOffset + line * lineStride + j * step];
						count++;
					}
				}
				target[targetOffset + line * lineStride + i * step] = (float) (s / count);
			}
		}
	}
}
