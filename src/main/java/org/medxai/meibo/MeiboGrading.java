package org.medxai.meibo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.MedXaiException;
import org.medxai.math.Scores;
import org.medxai.tabular.DelimitedTable;
import org.medxai.tabular.LinearModel;
import org.medxai.tabular.TabularDataset;
import org.medxai.tabular.Task;

/**
 * From the gland area ratio (gland pixels inside the eyelid / eyelid pixels) to dropout and grades. Dropout % = 100 (1
 * − ratio / healthy ratio of that lid), clamped to 0..100: the part of a healthy lid's gland area that is missing.
 * Meiboscore (Arita, 0–3) = number of cut-offs the dropout reaches (Arita's nominal cut-offs are 33.3 and 66.7 % with
 * grade 1 starting above none); meiboscale (Pult, 0–4): 0 below 1 %, then ≤ 25, ≤ 50, ≤ 75, above 75 %. The healthy
 * ratios and the three cut-offs are fitted on data ({@link #fit}) or given by the user.
 *
 * @param cutoffs dropout % at which grades 1, 2 and 3 start
 */
public record MeiboGrading(double healthyUpper, double healthyLower, double[] cutoffs, String source,
	boolean envelopeDropout, LinearModel.Parameters scoreModel)
{

	/** Envelope gap along rows, as a fraction of the image width (20 px at 1280). */
	public static final double ENVELOPE_GAP = 20.0 / 1280;

	public MeiboGrading(final double healthyUpper, final double healthyLower, final double[] cutoffs,
		final String source)
	{
		this(healthyUpper, healthyLower, cutoffs, source, false, null);
	}

	public MeiboGrading {
		if (!(healthyUpper > 0 && healthyLower > 0))
			throw new MedXaiException("Healthy gland ratios must be positive.");
		if (cutoffs.length != 3 || !(cutoffs[0] <= cutoffs[1] && cutoffs[1] <= cutoffs[2]))
			throw new MedXaiException(
				"Give three increasing meiboscore cut-offs (dropout % where grades 1, 2, 3 start).");
	}

	/** Arita 2014 grade-0 means as healthy ratios, nominal thirds as cut-offs (no fitting). */
	public static MeiboGrading arita() {
		return new MeiboGrading(0.519, 0.547, new double[] { 1, 33.3, 66.7 }, "Arita 2014 means and nominal thirds");
	}

	public double healthy(final LidSide side) {
		return side == LidSide.UPPER
			? healthyUpper
			: side == LidSide.LOWER ? healthyLower : (healthyUpper + healthyLower) / 2;
	}

	public double dropoutPercent(final double ratio, final LidSide side) {
		return Math.max(0, Math.min(100, 100 * (1 - ratio / healthy(side))));
	}

	/** The measures the fitted meiboscore model reads, in its order. */
	public static double[] scoreFeatures(final Measures m) {
		return new double[] { m.ratio(), m.envelope20(), m.envelope40(), m.envelope80(),
			m.side() == LidSide.UPPER ? 1 : 0 };
	}

	/** Gland area ratio and the eyelid fractions covered by the gland envelope at three gap widths. */
	public record Measures(double ratio, double envelope20, double envelope40, double envelope80, LidSide side) {

		public static Measures of(final boolean[] glands, final boolean[] eyelid, final int width, final int height,
			final LidSide side)
		{
			final double e = Math.max(1, BinaryMasks.count(eyelid));
			final double[] env = new double[3];
			for (int k = 0; k < 3; k++) {
				final int gap = (int) Math.max(1, Math.round(ENVELOPE_GAP * width * (1 << k)));
				env[k] = BinaryMasks.count(GlandEnvelope.of(glands, eyelid, width, height, gap, gap / 2)) / e;
			}
			return new Measures(BinaryMasks.count(BinaryMasks.and(glands, eyelid)) / e, env[0], env[1], env[2], side);
		}
	}

	/** Meiboscore of a lid: the fitted model when there is one and no user cut-offs, else the cut-offs. */
	public int meiboscore(final Measures m) {
		if (scoreModel == null) return meiboscore(dropoutPercent(m));
		final double[] p = LinearModel.restore(scoreModel).predict(scoreFeatures(m));
		return Integer.parseInt(scoreModel.classes().get(Scores.argmax(p)));
	}

	/** Dropout % of a lid from the measure this grading is defined on (envelope or area ratio). */
	public double dropoutPercent(final Measures m) {
		return dropoutPercent(envelopeDropout ? m.envelope20() : m.ratio(), m.side());
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
		return String.format(Locale.ROOT,
			"dropout = 1 - %s / healthy value (upper %.3f, lower %.3f); " +
				"meiboscore %s (%s); meiboscale (Pult) 1 / 25 / 50 / 75 %%",
			envelopeDropout ? "gland envelope fraction" : "gland area ratio", healthyUpper, healthyLower,
			scoreModel != null
				? "by the fitted logistic model"
				: String.format(Locale.ROOT, "cut-offs %.1f / %.1f / %.1f %%", cutoffs[0], cutoffs[1], cutoffs[2]),
			source);
	}

	public MeiboGrading withCutoffs(final double[] newCutoffs) {
		return new MeiboGrading(healthyUpper, healthyLower, newCutoffs,
			"cut-offs chosen by the user; healthy ratios: " + source, envelopeDropout, null);
	}

	/**
	 * The shipped rule: dropout % from the gland envelope (gap 20 px at 1280 wide) relative to the healthy envelope of
	 * each lid side (mean of grade-0 lids), Arita-style cut-offs fitted on it (used when a user overrides them), and
	 * the meiboscore from a multinomial logistic model on the area ratio, the envelope at three gap widths and the lid
	 * side, fitted on the same lids.
	 */
	public static MeiboGrading fitModel(final List<Measures> measures, final List<Integer> scores,
		final String source)
	{
		final List<Example> envelope = new ArrayList<>();
		final StringBuilder csv = new StringBuilder("ratio,envelope20,envelope40,envelope80,upper,meiboscore\n");
		for (int i = 0; i < measures.size(); i++) {
			final Measures m = measures.get(i);
			envelope.add(new Example(m.envelope20(), m.side(), scores.get(i)));
			final double[] f = scoreFeatures(m);
			csv.append(String.format(Locale.ROOT, "%.9f,%.9f,%.9f,%.9f,%d,%d%n", f[0], f[1], f[2], f[3], (int) f[4],
				scores.get(i)));
		}
		final MeiboGrading thresholds = fit(envelope, source);
		final TabularDataset data = TabularDataset.of(DelimitedTable.parse("grading", csv.toString()), "meiboscore",
			List.of(), null, Task.CLASSIFICATION);
		final LinearModel logistic = LinearModel.fit(data);
		int right = 0;
		for (int i = 0; i < measures.size(); i++) {
			final double[] p = logistic.predict(scoreFeatures(measures.get(i)));
			if (Integer.parseInt(data.classes().get(Scores.argmax(p))) == scores.get(i)) right++;
		}
		return new MeiboGrading(thresholds.healthyUpper(), thresholds.healthyLower(), thresholds.cutoffs(),
			source + String.format(Locale.ROOT,
				"; meiboscore model: multinomial logistic on area ratio, envelope (3 gaps) and lid side, " +
					"%d of %d right when fitted",
				right, measures.size()),
			true, logistic.parameters());
	}

	/** One graded lid for fitting: its gland area ratio, side and expert meiboscore. */
	public record Example(double ratio, LidSide side, int meiboscore) {}

	/**
	 * Healthy ratio per side = the mean ratio of that side's grade-0 lids (both sides pooled when a side has none);
	 * cut-offs = the increasing triple (on a 0.5 % grid) with the most correct grades, ties broken toward Arita's
	 * nominal cut-offs.
	 */
	public static MeiboGrading fit(final List<Example> examples, final String source) {
		final double upper = healthyMean(examples, LidSide.UPPER);
		final double lower = healthyMean(examples, LidSide.LOWER);
		final MeiboGrading shape = new MeiboGrading(upper, lower, new double[] { 1, 33.3, 66.7 }, source);
		final List<double[]> scored = new ArrayList<>();
		for (final Example e : examples)
			scored.add(new double[] { shape.dropoutPercent(e.ratio(), e.side()), e.meiboscore() });
		double[] best = shape.cutoffs();
		int bestCorrect = -1;
		double bestDistance = Double.MAX_VALUE;
		for (double a = 0; a <= 100; a += 0.5)
			for (double b = a; b <= 100; b += 0.5) for (double c = b; c <= 100; c += 0.5)
			{
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
		return new MeiboGrading(upper, lower, best,
			source + String.format(Locale.ROOT, ", %d of %d graded right when fitted", bestCorrect, examples.size()));
	}

	private static double healthyMean(final List<Example> examples, final LidSide side) {
		double sum = 0;
		int n = 0;
		for (final Example e : examples) if (e.meiboscore() == 0 && e.side() == side) {
			sum += e.ratio();
			n++;
		}
		if (n > 0) return sum / n;
		for (final Example e : examples) if (e.meiboscore() == 0) {
			sum += e.ratio();
			n++;
		}
		if (n == 0) throw new MedXaiException("Fitting the grading needs lids graded 0 (to learn the healthy ratio).");
		return sum / n;
	}
}
