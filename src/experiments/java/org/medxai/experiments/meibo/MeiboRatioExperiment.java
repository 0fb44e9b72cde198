package org.medxai.experiments.meibo;

import java.nio.file.Path;
import java.util.Locale;

import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.meibo.BinaryMasks;
import org.medxai.meibo.GradingFile;
import org.medxai.meibo.LidSide;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;
import org.medxai.meibo.MeibographySet;

/**
 * Where the gland area ratio error comes from, on the validation and held-out lids.
 *
 * RMSD (points) against the truth masks' ratio for the thresholded glands, the soft (probability-sum) ratio, and each
 * with the truth eyelid instead of the predicted one.
 *
 * Usage: {@code bash scripts/run-experiment.sh MeiboRatioExperiment DATA CARD}
 */
public final class MeiboRatioExperiment {

	public static void main(final String[] args) throws Exception {
		final DefaultMeibographySplits splits = DefaultMeibographySplits.of(Path.of(args[0]));
		final MeibographySet heldOut = splits.heldOut();
		final MeibographySet validation = splits.validation();
		final Path card = Path.of(args[1]);
		final double threshold = GradingFile.glandThreshold(card);
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, threshold);
			for (final MeibographySet set : new MeibographySet[] { validation, heldOut }) {
				final String[] names = { "hard", "soft", "hard, truth eyelid", "soft, truth eyelid",
					"truth glands, pred eyelid" };
				final double[] se = new double[names.length];
				final double[][] pairs = new double[set.size()][];
				int row = 0;
				for (final MeibographySet.Item item : set.items()) {
					final PixelPlanes image = ImageDecoding.read(item.image()).planes();
					final int w = image.width(), h = image.height();
					final float[][] maps = analyzer.probabilities(image);
					final MeibographyAnalyzer.Result p = MeibographyAnalyzer.fromProbabilities(maps, w, h,
						LidSide.of(item.name()), MeiboGrading.arita(), threshold);
					final boolean[] te = MeibographySet.readMask(item.eyelidMask());
					final boolean[] tg = MeibographySet.readMask(item.glandMask());
					final double truth = ratio(tg, te);
					final double[] r = { p.glandAreaRatio(), soft(maps[1], p.eyelid()), ratio(p.glands(), te),
						soft(maps[1], te), ratio(tg, p.eyelid()) };
					for (int k = 0; k < r.length; k++) se[k] += sq(100 * (r[k] - truth));
					pairs[row++] = new double[] { truth, r[0], r[1] };
				}
				System.out.printf(Locale.ROOT, "%n%s: %d images%n", set == heldOut ? "held out" : "validation",
					set.size());
				for (int k = 0; k < names.length; k++)
					System.out.printf(Locale.ROOT, "%-28s RMSD %.2f points%n", names[k], Math.sqrt(se[k] / set.size()));
				double mt = 0, mh = 0, ms = 0;
				for (final double[] q : pairs) {
					mt += q[0] / pairs.length;
					mh += q[1] / pairs.length;
					ms += q[2] / pairs.length;
				}
				System.out.printf(Locale.ROOT, "mean truth %.3f hard %.3f soft %.3f%n", mt, mh, ms);
			}
		}
	}

	private static double ratio(final boolean[] glands, final boolean[] eyelid) {
		return BinaryMasks.count(BinaryMasks.and(glands, eyelid)) / (double) Math.max(1, BinaryMasks.count(eyelid));
	}

	private static double soft(final float[] p, final boolean[] eyelid) {
		double s = 0;
		int n = 0;
		for (int i = 0; i < p.length; i++) if (eyelid[i]) {
			s += p[i];
			n++;
		}
		return s / Math.max(1, n);
	}

	private static double sq(final double v) {
		return v * v;
	}
}
