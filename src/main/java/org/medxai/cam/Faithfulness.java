package org.medxai.cam;

import org.medxai.classify.Scores;
import org.medxai.engine.LoadedModel;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Deletion and insertion curves (Petsiuk et al., RISE): input pixels are
 * removed (set to the normalised mean, 0) or inserted (into a blurred copy) in
 * the order of the CAM, most important first; the area under the target
 * probability over the fraction changed summarises each curve. A faithful map
 * gives low deletion and high insertion areas. All steps run as one batch.
 */
public final class Faithfulness {

	/** Areas under the deletion and insertion curves, with the curves (steps + 1 points). */
	public record Curves(double deletionAuc, double insertionAuc, double[] deletion,
		double[] insertion)
	{}

	private Faithfulness() {}

	/**
	 * @param input normalised image C x H x W (the CAM's input)
	 * @param cam map at the input's H x W
	 */
	public static Curves measure(final LoadedModel model, final float[] input, final float[] cam,
		final int target, final int steps)
	{
		final int c = model.card().input.channels;
		final int h = model.card().input.height;
		final int w = model.card().input.width;
		final int n = h * w;
		final Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) order[i] = i;
		java.util.Arrays.sort(order, (a, b) -> Float.compare(cam[b], cam[a]));
		final float[] blurred = blur(input, c, w, h, Math.max(1, Math.min(w, h) / 20));
		final double[] deletion = curve(model, input, new float[input.length], order, target, steps,
			c, h, w);
		final double[] insertion = curve(model, blurred, input, order, target, steps, c, h, w);
		return new Curves(area(deletion), area(insertion), deletion, insertion);
	}

	/** Probabilities of {@code target} as ordered pixels go from {@code start} to {@code end}. */
	private static double[] curve(final LoadedModel model, final float[] start, final float[] end,
		final Integer[] order, final int target, final int steps, final int c, final int h,
		final int w)
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
	static float[] blur(final float[] input, final int c, final int w, final int h,
		final int radius)
	{
		final float[] out = input.clone();
		final int n = w * h;
		final float[] tmp = new float[n];
		for (int ch = 0; ch < c; ch++) {
			for (int pass = 0; pass < 3; pass++) {
				for (int y = 0; y < h; y++) {
					for (int x = 0; x < w; x++) {
						double s = 0;
						int count = 0;
						for (int d = -radius; d <= radius; d++) {
							final int xx = x + d;
							if (xx >= 0 && xx < w) {
								s += out[ch * n + y * w + xx];
								count++;
							}
						}
						tmp[y * w + x] = (float) (s / count);
					}
				}
				for (int y = 0; y < h; y++) {
					for (int x = 0; x < w; x++) {
						double s = 0;
						int count = 0;
						for (int d = -radius; d <= radius; d++) {
							final int yy = y + d;
							if (yy >= 0 && yy < h) {
								s += tmp[yy * w + x];
								count++;
							}
						}
						out[ch * n + y * w + x] = (float) (s / count);
					}
				}
			}
		}
		return out;
	}
}
