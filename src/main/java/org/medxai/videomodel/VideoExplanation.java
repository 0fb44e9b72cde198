package org.medxai.videomodel;

import java.util.Map;
import java.util.stream.IntStream;

/**
 * What {@link VideoExplainer} found for one clip.
 *
 * @param probabilities per class
 * @param predicted the most probable class
 * @param explainedClass the class the gradients and deletion curves are for
 * @param attention every layer's attention {@code [layer][head][from][to]}, token 0 = CLS
 * @param layerAttention the CLS attention to each frame, per layer (heads fused, lowest share discarded)
 * @param importance per method ({@link VideoExplainer#ATTENTION}, {@link VideoExplainer#ROLLOUT},
 *     {@link VideoExplainer#GRAD_ATTENTION}) one value per frame
 * @param cams Grad-CAM of each frame at the backbone's resolution {@code camWidth × camHeight}, row-major, ≥ 0, not
 *     scaled
 * @param faithfulness per method, its deletion curve against random deletion (empty when not asked)
 */
public record VideoExplanation(double[] probabilities, int predicted, int explainedClass, double[][][][] attention,
	double[][] layerAttention, Map<String, double[]> importance, float[][] cams, int camWidth, int camHeight,
	Map<String, VideoExplainer.Faithfulness> faithfulness)
{

	public int frames() {
		return cams.length;
	}

	/** The largest Grad-CAM value of each frame (the table's {@code cam_max}). */
	public double[] camMax() {
		final double[] max = new double[cams.length];
		for (int f = 0; f < cams.length; f++) for (final float v : cams[f]) max[f] = Math.max(max[f], v);
		return max;
	}

	/** The frames in decreasing importance by {@code method}; ties keep time order. */
	public int[] topFrames(final String method, final int k) {
		final double[] values = importance.get(method);
		return IntStream.range(0, values.length).boxed().sorted((a, b) -> Double.compare(values[b], values[a])).limit(k)
			.mapToInt(Integer::intValue).toArray();
	}
}
