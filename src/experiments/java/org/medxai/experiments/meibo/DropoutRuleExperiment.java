package org.medxai.experiments.meibo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.medxai.meibo.BinaryMasks;
import org.medxai.meibo.GlandEnvelope;
import org.medxai.meibo.LidSide;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographySet;

/**
 * Dropout definitions compared by how well they grade the held-out lids' truth masks.
 *
 * Each definition's cut-offs are fitted on the 80 % not held out of an MGD-1K-style folder, then it grades the held-out
 * 20 % (and all images); also a logistic model on all of them.
 *
 * Usage: {@code bash scripts/run-experiment.sh DropoutRuleExperiment [DATA=../shared/data/mgd1k]}
 */
public final class DropoutRuleExperiment {

	public static void main(final String[] args) {
		final MeibographySet all = MeibographySet
			.read(java.nio.file.Path.of(args.length > 0 ? args[0] : "../shared/data/mgd1k"));
		final Set<String> heldOutNames = new HashSet<>();
		DefaultMeibographySplits.heldOut(all).items().forEach(item -> heldOutNames.add(item.name()));
		final List<double[]> rows = new ArrayList<>(); // ratio, covered fraction at gaps 20/40/80, side, score, heldout
		for (final MeibographySet.Item item : all.items()) {
			if (item.meiboscore() < 0) continue;
			final boolean[] eyelid = MeibographySet.readMask(item.eyelidMask());
			final boolean[] glands = BinaryMasks.and(MeibographySet.readMask(item.glandMask()), eyelid);
			final org.medxai.image.ImageDecoding.Rgb size = org.medxai.image.ImageDecoding.read(item.eyelidMask());
			final int w = size.width(), h = size.height();
			final double e = BinaryMasks.count(eyelid);
			final double[] r = new double[8];
			r[0] = BinaryMasks.count(glands) / e;
			int k = 1;
			for (final int gap : new int[] { 20, 40, 80 }) {
				final boolean[] env = GlandEnvelope.of(glands, eyelid, w, h, gap, gap / 2);
				r[k++] = BinaryMasks.count(env) / e;
			}
			r[4] = LidSide.of(item.name()) == LidSide.UPPER ? 1 : 0;
			r[5] = item.meiboscore();
			r[6] = heldOutNames.contains(item.name()) ? 1 : 0;
			rows.add(r);
		}
		// a multinomial logistic model on all four measures plus the lid side, fitted on the 80 %
		final StringBuilder table = new StringBuilder("ratio,env20,env40,env80,upper,score\n");
		for (final double[] r : rows)
			if (r[6] == 0)
				table.append(
					String.format(Locale.ROOT, "%f,%f,%f,%f,%d,g%d%n", r[0], r[1], r[2], r[3], (int) r[4], (int) r[5]));
		final org.medxai.tabular.TabularDataset data = org.medxai.tabular.TabularDataset
			.of(org.medxai.tabular.DelimitedTable.parse("train", table.toString()), "score", List.of(), null, null);
		final org.medxai.tabular.LinearModel logistic = org.medxai.tabular.LinearModel.fit(data);
		int right = 0, heldOut = 0;
		for (final double[] r : rows) {
			if (r[6] != 1) continue;
			heldOut++;
			final double[] p = logistic.predict(new double[] { r[0], r[1], r[2], r[3], r[4] });
			if (data.classes().get(org.medxai.math.Scores.argmax(p)).equals("g" + (int) r[5])) right++;
		}
		System.out.printf(Locale.ROOT, "logistic on all measures: held-out %d/%d = %.3f (classes %s)%n", right, heldOut,
			right / (double) heldOut, data.classes());
		final String[] names = { "area ratio", "envelope gap 20", "envelope gap 40", "envelope gap 80" };
		for (int m = 0; m < 4; m++) {
			final List<MeiboGrading.Example> train = new ArrayList<>();
			for (final double[] r : rows)
				if (r[6] == 0)
					train.add(new MeiboGrading.Example(r[m], r[4] == 1 ? LidSide.UPPER : LidSide.LOWER, (int) r[5]));
			final MeiboGrading g = MeiboGrading.fit(train, names[m]);
			int heldRight = 0, held = 0, allRight = 0;
			for (final double[] r : rows) {
				final int grade = g.meiboscore(g.dropoutPercent(r[m], r[4] == 1 ? LidSide.UPPER : LidSide.LOWER));
				if (grade == (int) r[5]) allRight++;
				if (r[6] == 1) {
					held++;
					if (grade == (int) r[5]) heldRight++;
				}
			}
			System.out.printf(Locale.ROOT, "%-16s held-out %d/%d = %.3f, all %d/%d = %.3f; %s%n", names[m], heldRight,
				held, heldRight / (double) held, allRight, rows.size(), allRight / (double) rows.size(), g.describe());
		}
	}
}
