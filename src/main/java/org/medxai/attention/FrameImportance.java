package org.medxai.attention;

import java.util.Arrays;
import java.util.Locale;

import org.medxai.MedXaiException;

/**
 * How much each frame of a clip mattered to a CNN-Transformer's decision, from its self-attention. Tokens are the CLS
 * token (index 0) followed by one token per frame; padded frames (beyond {@code frames}) get importance 0 and are never
 * attended to in what is returned. Attention is given per layer and head as row-stochastic matrices
 * {@code attention[layer][head][from][to]}.
 *
 * Three readings: the raw CLS row of one layer or of all layers averaged; attention rollout (Abnar and Zuidema 2020),
 * where at every layer the identity stands for the residual path, {@code 0.5 A + 0.5 I}, and every row is scaled to sum
 * to 1 again before the layers are multiplied; and gradient-weighted attention (Chefer, Gur and Wolf 2021), the
 * positive part of attention times its gradient for the class, accumulated as {@code R = R + Ā R} from the identity.
 */
public final class FrameImportance {

	/** How the heads of a layer are combined. */
	public enum HeadFusion {

		MEAN, MAX;

		public static HeadFusion parse(final String name) {
			return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
				case "mean" -> MEAN;
				case "max" -> MAX;
				default -> throw new MedXaiException("Heads are combined by mean or max, not '" + name + "'.");
			};
		}
	}

	private FrameImportance() {}

	/**
	 * The CLS token's attention to each frame in one layer ({@code layer} ≥ 0) or averaged over all layers
	 * ({@code layer} = -1), heads fused, the lowest {@code discard} share of the frames' values set to 0 (the paper's
	 * 30 %: 0.3).
	 */
	public static double[] clsAttention(final double[][][][] attention, final int frames, final int layer,
		final HeadFusion fusion, final double discard)
	{
		check(attention, frames);
		final double[] out = new double[frames];
		final int from = layer < 0 ? 0 : layer, to = layer < 0 ? attention.length : layer + 1;
		if (layer >= attention.length)
			throw new MedXaiException(
				"The model has " + attention.length + " attention layers; there is no layer " + (layer + 1) + ".");
		for (int l = from; l < to; l++) {
			final double[][] fused = fuseHeads(attention[l], fusion);
			for (int f = 0; f < frames; f++) out[f] += fused[0][1 + f] / (to - from);
		}
		return discardLowest(out, discard);
	}

	/**
	 * Attention rollout: per layer the fused heads (lowest {@code discard} share of each row's entries to frames set to
	 * 0), {@code 0.5 A + 0.5 I}, rows scaled to sum 1; the layers multiplied from the first; the CLS row's entries for
	 * the frames.
	 */
	public static double[] rollout(final double[][][][] attention, final int frames, final HeadFusion fusion,
		final double discard)
	{
		return Arrays.copyOfRange(rolloutMatrix(attention, frames, fusion, discard)[0], 1, 1 + frames);
	}

	/** The rolled-out attention among the CLS token and the real frames (rows sum to 1). */
	static double[][] rolloutMatrix(final double[][][][] attention, final int frames, final HeadFusion fusion,
		final double discard)
	{
		check(attention, frames);
		final int tokens = 1 + frames;
		double[][] joint = identity(tokens);
		for (final double[][][] layer : attention) {
			final double[][] a = restrict(fuseHeads(layer, fusion), tokens);
			for (final double[] row : a) discardLowestFrames(row, discard);
			for (int i = 0; i < tokens; i++) {
				for (int j = 0; j < tokens; j++) a[i][j] = 0.5 * a[i][j] + (i == j ? 0.5 : 0);
				normaliseRow(a[i]);
			}
			joint = multiply(a, joint);
		}
		return joint;
	}

	/**
	 * Gradient-weighted attention (Chefer et al. 2021): per layer {@code Ā = mean over heads of max(0, ∇A ⊙ A)}, then
	 * {@code R = R + Ā R} from {@code R = I}; the CLS row's entries for the frames.
	 *
	 * @param gradients the gradient of the class score with respect to each attention weight, shaped as attention
	 */
	public static double[] gradientWeighted(final double[][][][] attention, final double[][][][] gradients,
		final int frames)
	{
		check(attention, frames);
		if (gradients.length != attention.length)
			throw new MedXaiException("Attention gradients are needed for every layer (" + attention.length + "), " +
				"got " + gradients.length + ".");
		final int tokens = 1 + frames;
		double[][] relevance = identity(tokens);
		for (int l = 0; l < attention.length; l++) {
			final double[][] weighted = new double[tokens][tokens];
			final int heads = attention[l].length;
			for (int h = 0; h < heads; h++)
				for (int i = 0; i < tokens; i++)
					for (int j = 0; j < tokens; j++)
						weighted[i][j] += Math.max(0, attention[l][h][i][j] * gradients[l][h][i][j]) / heads;
			final double[][] added = multiply(weighted, relevance);
			for (int i = 0; i < tokens; i++) for (int j = 0; j < tokens; j++) relevance[i][j] += added[i][j];
		}
		return Arrays.copyOfRange(relevance[0], 1, tokens);
	}

	private static void check(final double[][][][] attention, final int frames) {
		if (attention.length == 0) throw new MedXaiException("The model returned no attention layers.");
		final int tokens = attention[0][0].length;
		if (frames < 1 || frames + 1 > tokens)
			throw new MedXaiException("The attention covers " + (tokens - 1) + " frames and a CLS token; " + frames +
				" frames were asked for.");
	}

	static double[][] fuseHeads(final double[][][] heads, final HeadFusion fusion) {
		final int n = heads[0].length;
		final double[][] out = new double[n][n];
		for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
			double v = fusion == HeadFusion.MAX ? Double.NEGATIVE_INFINITY : 0;
			for (final double[][] head : heads)
				v = fusion == HeadFusion.MAX ? Math.max(v, head[i][j]) : v + head[i][j] / heads.length;
			out[i][j] = v;
		}
		return out;
	}

	/** The top-left tokens x tokens block: the CLS token and the real frames, padding cut away. */
	private static double[][] restrict(final double[][] a, final int tokens) {
		final double[][] out = new double[tokens][];
		for (int i = 0; i < tokens; i++) out[i] = Arrays.copyOf(a[i], tokens);
		return out;
	}

	/** The lowest {@code share} of the values set to 0 (ties kept together). */
	private static double[] discardLowest(final double[] values, final double share) {
		if (share < 0 || share >= 1)
			throw new MedXaiException("The share of attention discarded must be in [0, 1), " + "not " + share + ".");
		final int drop = (int) Math.floor(share * values.length);
		if (drop == 0) return values;
		final double[] sorted = values.clone();
		Arrays.sort(sorted);
		final double below = sorted[drop - 1];
		for (int i = 0; i < values.length; i++) if (values[i] <= below) values[i] = 0;
		return values;
	}

	/** In one row, the lowest {@code share} of the entries to frames (not the CLS entry) set to 0. */
	private static void discardLowestFrames(final double[] row, final double share) {
		final double[] frames = discardLowest(Arrays.copyOfRange(row, 1, row.length), share);
		System.arraycopy(frames, 0, row, 1, frames.length);
	}

	private static void normaliseRow(final double[] row) {
		double sum = 0;
		for (final double v : row) sum += v;
		if (sum > 0) for (int j = 0; j < row.length; j++) row[j] /= sum;
	}

	private static double[][] identity(final int n) {
		final double[][] out = new double[n][n];
		for (int i = 0; i < n; i++) out[i][i] = 1;
		return out;
	}

	private static double[][] multiply(final double[][] a, final double[][] b) {
		final int n = a.length, m = b[0].length;
		final double[][] out = new double[n][m];
		for (int i = 0; i < n; i++) for (int k = 0; k < b.length; k++) {
			final double v = a[i][k];
			if (v == 0) continue;
			for (int j = 0; j < m; j++) out[i][j] += v * b[k][j];
		}
		return out;
	}
}
