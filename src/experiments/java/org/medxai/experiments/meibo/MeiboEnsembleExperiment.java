package org.medxai.experiments.meibo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.meibo.BinaryMasks;
import org.medxai.meibo.LidSide;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;
import org.medxai.meibo.MeibographySet;
import org.medxai.metrics.SegmentationMetrics;

/**
 * Ensembles of meibography segmenters scored on the held-out lids.
 *
 * Do several segmenters agree better with the annotators than one? For every non-empty subset of the given models, the
 * mean of their probability maps is thresholded at each gland threshold; the threshold with the lowest validation ratio
 * RMSD is chosen and the subset is scored on the held-out images (eyelid IoU, gland Dice, ratio RMSD, meiboscore with
 * the grading fitted on the truth masks of the rest).
 *
 * Usage: {@code bash scripts/run-experiment.sh MeiboEnsembleExperiment DATA CARD...}
 */
public final class MeiboEnsembleExperiment {

	private static final double[] THRESHOLDS = { 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7 };

	public static void main(final String[] args) throws Exception {
		final DefaultMeibographySplits splits = DefaultMeibographySplits.of(Path.of(args[0]));
		final List<MeiboGrading.Measures> measures = new ArrayList<>();
		final List<Integer> scores = new ArrayList<>();
		for (final MeibographySet.Item item : splits.rest().items()) if (item.meiboscore() >= 0) {
			measures.add(DefaultMeibographySplits.truthMeasures(item));
			scores.add(item.meiboscore());
		}
		final MeiboGrading grading = MeiboGrading.fitModel(measures, scores, "truth masks of the rest");
		final int k = args.length - 1;
		final List<LoadedModel> models = new ArrayList<>();
		final List<MeibographyAnalyzer> analyzers = new ArrayList<>();
		for (int m = 0; m < k; m++) {
			models.add(ModelLoader.load(Path.of(args[m + 1]), DevicePreference.CPU));
			analyzers.add(new MeibographyAnalyzer(models.get(m)));
		}
		final int subsets = (1 << k) - 1;
		// [set][subset][threshold] = {squared ratio error, dice, iou, grade right, graded}
		final double[][][][] acc = new double[2][subsets][THRESHOLDS.length][5];
		// held-out ratios per subset, threshold and image, and the truth's, for the model-against-model comparison
		final double[][][] heldOutRatios = new double[subsets][THRESHOLDS.length][splits.heldOut().size()];
		final double[] heldOutTruth = new double[splits.heldOut().size()];
		final MeibographySet[] sets = { splits.validation(), splits.heldOut() };
		for (int s = 0; s < 2; s++) {
			int index = -1;
			for (final MeibographySet.Item item : sets[s].items()) {
				index++;
				final PixelPlanes image = ImageDecoding.read(item.image()).planes();
				final int w = image.width(), h = image.height();
				final float[][][] maps = new float[k][][];
				for (int m = 0; m < k; m++) maps[m] = analyzers.get(m).probabilities(image);
				final boolean[] te = MeibographySet.readMask(item.eyelidMask());
				final boolean[] tg = MeibographySet.readMask(item.glandMask());
				final double truth = BinaryMasks.count(BinaryMasks.and(tg, te)) / (double) BinaryMasks.count(te);
				final LidSide side = LidSide.of(item.name());
				if (s == 1) heldOutTruth[index] = truth;
				for (int sub = 1; sub <= subsets; sub++) {
					final float[][] mean = new float[2][w * h];
					final int n = Integer.bitCount(sub);
					for (int m = 0; m < k; m++)
						if ((sub & (1 << m)) != 0)
							for (int c = 0; c < 2; c++) for (int i = 0; i < w * h; i++) mean[c][i] += maps[m][c][i] / n;
					final boolean[] eyelid = MeibographyAnalyzer.eyelid(mean[0], w, h);
					final double iou = SegmentationMetrics.of(eyelid, te).iou();
					for (int t = 0; t < THRESHOLDS.length; t++) {
						final boolean[] glands = MeibographyAnalyzer.glands(mean[1], eyelid, w, h, THRESHOLDS[t]);
						final MeiboGrading.Measures pm = MeiboGrading.Measures.of(glands, eyelid, w, h, side);
						final double[] a = acc[s][sub - 1][t];
						a[0] += sq(100 * (pm.ratio() - truth));
						if (s == 1) heldOutRatios[sub - 1][t][index] = pm.ratio();
						a[1] += SegmentationMetrics.of(glands, tg).dice();
						a[2] += iou;
						if (item.meiboscore() >= 0) {
							a[4]++;
							if (grading.meiboscore(pm) == item.meiboscore()) a[3]++;
						}
					}
				}
			}
		}
		final int[] chosen = new int[subsets];
		System.out.printf(Locale.ROOT, "subset | threshold | validation RMSD | held-out IoU Dice RMSD grades%n");
		for (int sub = 1; sub <= subsets; sub++) {
			int best = 0;
			for (int t = 0; t < THRESHOLDS.length; t++) if (acc[0][sub - 1][t][0] < acc[0][sub - 1][best][0]) best = t;
			chosen[sub - 1] = best;
			final double[] v = acc[0][sub - 1][best];
			final double[] ho = acc[1][sub - 1][best];
			final int nv = sets[0].size(), nh = sets[1].size();
			final StringBuilder name = new StringBuilder();
			for (int m = 0; m < k; m++) if ((sub & (1 << m)) != 0) name.append((char) ('A' + m));
			System.out.printf(Locale.ROOT, "%-6s | %.2f | %.2f | %.3f %.3f %.2f %d/%d%n", name, THRESHOLDS[best],
				Math.sqrt(v[0] / nv), ho[2] / nh, ho[1] / nh, Math.sqrt(ho[0] / nh), (int) ho[3], (int) ho[4]);
		}
		// if the models erred independently they would differ from each other about as much as from the truth
		System.out.printf(Locale.ROOT,
			"%nHeld-out ratio RMSD (points) between single models, and the part of each model's " +
				"error that the models share%n");
		for (int a = 0; a < k; a++) for (int b = a + 1; b < k; b++) {
			final double[] ra = heldOutRatios[(1 << a) - 1][chosen[(1 << a) - 1]];
			final double[] rb = heldOutRatios[(1 << b) - 1][chosen[(1 << b) - 1]];
			double between = 0, ea = 0, eb = 0, shared = 0;
			for (int i = 0; i < ra.length; i++) {
				between += sq(100 * (ra[i] - rb[i]));
				ea += sq(100 * (ra[i] - heldOutTruth[i]));
				eb += sq(100 * (rb[i] - heldOutTruth[i]));
				shared += 100 * (ra[i] - heldOutTruth[i]) * 100 * (rb[i] - heldOutTruth[i]);
			}
			System.out.printf(Locale.ROOT, "%c-%c: between %.2f; to truth %.2f and %.2f; error correlation %.2f%n",
				(char) ('A' + a), (char) ('A' + b), Math.sqrt(between / ra.length), Math.sqrt(ea / ra.length),
				Math.sqrt(eb / ra.length), shared / Math.sqrt(ea * eb));
		}
		for (final LoadedModel m : models) m.close();
	}

	private static double sq(final double v) {
		return v * v;
	}
}
