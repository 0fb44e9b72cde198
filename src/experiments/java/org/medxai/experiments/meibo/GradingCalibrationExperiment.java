package org.medxai.experiments.meibo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.meibo.GradingFile;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;
import org.medxai.meibo.MeibographySet;

/**
 * Meiboscore grading with the segmenter's measures mapped onto the truth masks' scale.
 *
 * Would a straight line per measure, fitted on the validation lids, grade the held-out lids better? The grading model
 * is fitted on the truth masks of the graded non-held-out lids, as in the evaluation.
 *
 * Usage: {@code bash scripts/run-experiment.sh GradingCalibrationExperiment DATA CARD}
 */
public final class GradingCalibrationExperiment {

	public static void main(final String[] args) throws Exception {
		final DefaultMeibographySplits splits = DefaultMeibographySplits.of(Path.of(args[0]));
		final MeibographySet heldOut = splits.heldOut();
		final MeibographySet rest = splits.rest();
		final MeibographySet validation = splits.validation();
		final Path card = Path.of(args[1]);
		final List<MeiboGrading.Measures> fitMeasures = new ArrayList<>();
		final List<Integer> fitScores = new ArrayList<>();
		for (final MeibographySet.Item item : rest.items()) {
			if (item.meiboscore() < 0) continue;
			fitMeasures.add(DefaultMeibographySplits.truthMeasures(item));
			fitScores.add(item.meiboscore());
		}
		final MeiboGrading grading = MeiboGrading.fitModel(fitMeasures, fitScores, "truth masks");
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, GradingFile.glandThreshold(card));
			final List<double[]> vPred = new ArrayList<>(), vTruth = new ArrayList<>();
			for (final MeibographySet.Item item : validation.items()) {
				vPred.add(MeiboGrading.scoreFeatures(DefaultMeibographySplits.predictedMeasures(analyzer, item)));
				vTruth.add(MeiboGrading.scoreFeatures(DefaultMeibographySplits.truthMeasures(item)));
			}
			final double[][] lines = new double[4][];
			for (int f = 0; f < 4; f++) {
				lines[f] = line(vPred, vTruth, f);
				System.out.printf(Locale.ROOT, "measure %d: truth = %.4f + %.4f predicted%n", f, lines[f][0],
					lines[f][1]);
			}
			int raw = 0, mapped = 0, n = 0;
			final int[][] cRaw = new int[4][4], cMapped = new int[4][4];
			for (final MeibographySet.Item item : heldOut.items()) {
				if (item.meiboscore() < 0) continue;
				final MeiboGrading.Measures p = DefaultMeibographySplits.predictedMeasures(analyzer, item);
				final MeiboGrading.Measures m = new MeiboGrading.Measures(map(lines[0], p.ratio()),
					map(lines[1], p.envelope20()), map(lines[2], p.envelope40()), map(lines[3], p.envelope80()),
					p.side());
				final int a = grading.meiboscore(p), b = grading.meiboscore(m);
				cRaw[item.meiboscore()][a]++;
				cMapped[item.meiboscore()][b]++;
				if (a == item.meiboscore()) raw++;
				if (b == item.meiboscore()) mapped++;
				n++;
			}
			System.out.printf(Locale.ROOT, "held out: raw %d/%d %s, mapped %d/%d %s%n", raw, n,
				java.util.Arrays.deepToString(cRaw), mapped, n, java.util.Arrays.deepToString(cMapped));
		}
	}

	private static double map(final double[] line, final double v) {
		return line[0] + line[1] * v;
	}

	private static double[] line(final List<double[]> x, final List<double[]> y, final int f) {
		double mx = 0, my = 0;
		for (int i = 0; i < x.size(); i++) {
			mx += x.get(i)[f] / x.size();
			my += y.get(i)[f] / x.size();
		}
		double sxy = 0, sxx = 0;
		for (int i = 0; i < x.size(); i++) {
			sxy += (x.get(i)[f] - mx) * (y.get(i)[f] - my);
			sxx += (x.get(i)[f] - mx) * (x.get(i)[f] - mx);
		}
		final double b = sxy / sxx;
		return new double[] { my - b * mx, b };
	}
}
