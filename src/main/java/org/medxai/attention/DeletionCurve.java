package org.medxai.attention;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import org.medxai.MedXaiException;

/**
 * Temporal faithfulness of a frame importance: delete frames (mask them as padding) most important first and follow the
 * class score. An importance that found the frames the model relies on makes the score fall faster than deleting frames
 * at random. The area under the curve is the mean score over 0 … {@code steps} deleted frames (lower is more faithful).
 *
 * @param scores the class score with 0, 1, … {@code steps} frames deleted
 * @param area mean of the scores
 */
public record DeletionCurve(double[] scores, double area) {

	/**
	 * @param score the class score with only the frames marked {@code true} kept
	 */
	public static DeletionCurve byImportance(final double[] importance, final int steps,
		final ToDoubleFunction<boolean[]> score)
	{
		final Integer[] order = new Integer[importance.length];
		for (int i = 0; i < order.length; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(importance[b], importance[a]));
		return follow(order, steps, score);
	}

	/** The mean curve of {@code repeats} random deletion orders (seeded), as the baseline. */
	public static DeletionCurve random(final int frames, final int steps, final int repeats, final long seed,
		final ToDoubleFunction<boolean[]> score)
	{
		final Random random = new Random(seed);
		final double[] mean = new double[steps + 1];
		for (int r = 0; r < repeats; r++) {
			final Integer[] order = new Integer[frames];
			for (int i = 0; i < frames; i++) order[i] = i;
			for (int i = frames - 1; i > 0; i--) {
				final int j = random.nextInt(i + 1);
				final Integer t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
			final double[] s = follow(order, steps, score).scores();
			for (int k = 0; k <= steps; k++) mean[k] += s[k] / repeats;
		}
		return new DeletionCurve(mean, Arrays.stream(mean).average().orElse(Double.NaN));
	}

	private static DeletionCurve follow(final Integer[] order, final int steps,
		final ToDoubleFunction<boolean[]> score)
	{
		if (steps < 1 || steps >= order.length)
			throw new MedXaiException("Between 1 and " + (order.length - 1) + " frames can be deleted from a clip of " +
				order.length + ", not " + steps + ".");
		final boolean[] kept = new boolean[order.length];
		Arrays.fill(kept, true);
		final double[] scores = new double[steps + 1];
		scores[0] = score.applyAsDouble(kept.clone());
		for (int k = 1; k <= steps; k++) {
			kept[order[k - 1]] = false;
			scores[k] = score.applyAsDouble(kept.clone());
		}
		return new DeletionCurve(scores, Arrays.stream(scores).average().orElse(Double.NaN));
	}
}
