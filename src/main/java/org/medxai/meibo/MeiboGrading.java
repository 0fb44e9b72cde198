package org.medxai.meibo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.MedXaiException;

/**
 * From the gland area ratio (gland pixels inside the eyelid / eyelid pixels) to dropout and grades.
 * Dropout % = 100 (1 − ratio / healthy ratio of that lid), clamped to 0..100: the part of a healthy lid's
 * gland area that is missing. Meiboscore (Arita, 0–3) = number of cut-offs the dropout reaches (Arita's
 * nominal cut-offs are 33.3 and 66.7 % with grade 1 starting above none); meiboscale (Pult, 0–4): 0 below
 * 1 %, then ≤ 25, ≤ 50, ≤ 75, above 75 %. The healthy ratios and the three cut-offs are fitted on data
 * ({@link #fit}) or given by the user.
 *
 * @param cutoffs dropout % at which grades 1, 2 and 3 start
 */
public record MeiboGrading(double healthyUpper, double healthyLower, double[] cutoffs, String source) {

	public MeiboGrading {
		if (!(healthyUpper > 0 && healthyLower > 0)) throw new MedXaiException("Healthy gland ratios must be positive.");
		if (cutoffs.length != 3 || !(cutoffs[0] <= cutoffs[1] && cutoffs[1] <= cutoffs[2]))
			throw new MedXaiException("Give three increasing meiboscore cut-offs (dropout % where grades 1, 2, 3 start).");
	}

	/** Arita 2014 grade-0 means as healthy ratios, nominal thirds as cut-offs (no fitting). */
	public static MeiboGrading arita() {
		return new MeiboGrading(0.519, 0.547, new double[] { 1, 33.3, 66.7 }, "Arita 2014 means and nominal thirds");
	}

	public double healthy(final LidSide side) {
		return side == LidSide.UPPER ? healthyUpper : side == LidSide.LOWER ? healthyLower : (healthyUpper + healthyLower) / 2;
	}

	public double dropoutPercent(final double ratio, final LidSide side) {
		return Math.max(0, Math.min(100, 100 * (1 - ratio / healthy(side))));
	}

	public int meiboscore(final double dropoutPercent) {
		int grade = 0;
		for (final double c : cutoffs) if (dropoutPercent >= c) grade++;
		return grade;
	}

	public static int meiboscale(final double dropoutPercent) {
		if (dropoutPercent < 1) return 0;
		if (dropoutPercent <= 25) return 1;
		if (dropoutPercent <= 50) return 2;
		if (dropoutPercent <= 75) return 3;
		return 4;
	}

	public String describe() {
		return String.format(Locale.ROOT, "dropout = 1 - ratio / healthy ratio (upper %.3f, lower %.3f); meiboscore " +
			"cut-offs %.1f / %.1f / %.1f %% (%s); meiboscale (Pult) 1 / 25 / 50 / 75 %%", healthyUpper, healthyLower, cutoffs[0],
			cutoffs[1], cutoffs[2], source);
	}

	public MeiboGrading withCutoffs(final double[] newCutoffs) {
		return new MeiboGrading(healthyUpper, healthyLower, newCutoffs, "cut-offs chosen by the user; healthy ratios: " +
			source);
	}

	/** One graded lid for fitting: its gland area ratio, side and expert meiboscore. */
	public record Example(double ratio, LidSide side, int meiboscore) {}

	/**
	 * Healthy ratio per side = the mean ratio of that side's grade-0 lids (both sides pooled when a side has
	 * none); cut-offs = the increasing triple (on a 0.5 % grid) with the most correct grades, ties broken
	 * toward Arita's nominal cut-offs.
	 */
	public static MeiboGrading fit(final List<Example> examples, final String source) {
		final double upper = healthyMean(examples, LidSide.UPPER);
		final double lower = healthyMean(examples, LidSide.LOWER);
		final MeiboGrading shape = new MeiboGrading(upper, lower, new double[] { 1, 33.3, 66.7 }, source);
		final List<double[]> scored = new ArrayList<>();
		for (final Example e : examples) scored.add(new double[] { shape.dropoutPercent(e.ratio(), e.side()), e.meiboscore() });
		double[] best = shape.cutoffs();
		int bestCorrect = -1;
		double bestDistance = Double.MAX_VALUE;
		for (double a = 0; a <= 100; a += 0.5)
			for (double b = a; b <= 100; b += 0.5)
				for (double c = b; c <= 100; c += 0.5) {
					int correct = 0;
					for (final double[] s : scored) {
						final int grade = (s[0] >= a ? 1 : 0) + (s[0] >= b ? 1 : 0) + (s[0] >= c ? 1 : 0);
						if (grade == (int) s[1]) correct++;
					}
					final double distance = Math.abs(a - 1) + Math.abs(b - 33.3) + Math.abs(c - 66.7);
					if (correct > bestCorrect || (correct == bestCorrect && distance < bestDistance)) {
						bestCorrect = correct;
						bestDistance = distance;
						best = new double[] { a, b, c };
					}
				}
		return new MeiboGrading(upper, lower, best, source + String.format(Locale.ROOT, ", %d of %d graded right when fitted",
			bestCorrect, examples.size()));
	}

	private static double healthyMean(final List<Example> examples, final LidSide side) {
		double sum = 0;
		int n = 0;
		for (final Example e : examples)
			if (e.meiboscore() == 0 && e.side() == side) {
				sum += e.ratio();
				n++;
			}
		if (n > 0) return sum / n;
		for (final Example e : examples)
			if (e.meiboscore() == 0) {
				sum += e.ratio();
				n++;
			}
		if (n == 0) throw new MedXaiException("Fitting the grading needs lids graded 0 (to learn the healthy ratio).");
		return sum / n;
	}
}
