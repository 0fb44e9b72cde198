package org.medxai.experiments.meibo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.meibo.GradingFile;
import org.medxai.meibo.LidSide;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;
import org.medxai.meibo.MeibographySet;
import org.medxai.metrics.SegmentationMetrics;

/**
 * Held-out evaluation of the meibography pipeline; fits and writes the grading.
 *
 * On the held-out images of an MGD-1K-style folder (20 %, seed 2026: the images the default segmenter never trained
 * on): eyelid IoU, gland Dice, RMSD of the gland area ratio in percentage points against the ratio of the truth masks,
 * meiboscore accuracy against the expert grades with a confusion matrix, seconds per image. The grading (healthy ratios
 * and cut-offs) is fitted on the truth masks and expert grades of the other 80 % (on the segmenter's masks with
 * {@code MEIBO_GRADING_MASKS=predicted}) and written to GRADING_OUT. CARD defaults to the bundled meibography model.
 * DATA may name several folders ({@code DIR1;DIR2}, e.g. MGD-1K at full and at half resolution, each image evaluated at
 * its own size); {@code MEIBO_SPLIT=stratified} splits as the training command's {@code split=stratified} does.
 *
 * Usage: {@code bash scripts/run-experiment.sh MeibographyEvaluation [DATA=../shared/data/mgd1k] [CARD] [GRADING_OUT]}
 */
public final class MeibographyEvaluation {

	public static void main(final String[] args) throws Exception {
		final String data = args.length > 0 ? args[0] : "../shared/data/mgd1k";
		final Path card = Path.of(args.length > 1 && !args[1].isBlank()
			? args[1]
			: "src/main/resources/org/medxai/models/meibography-default/model-card.json");
		final Path gradingOut = args.length > 2 && !args[2].isBlank() ? Path.of(args[2]) : null;
		final DefaultMeibographySplits splits = DefaultMeibographySplits.fromArgument(data);
		final MeibographySet all = splits.all();
		final MeibographySet heldOut = splits.heldOut();
		final MeibographySet rest = splits.rest();
		final boolean fitOnPredicted = "predicted".equals(System.getenv("MEIBO_GRADING_MASKS"));
		final List<MeiboGrading.Measures> measures = new ArrayList<>();
		final List<Integer> scores = new ArrayList<>();
		double restRatioSum = 0;
		try (LoadedModel model = fitOnPredicted ? ModelLoader.load(card, DevicePreference.AUTO) : null) {
			final MeibographyAnalyzer segmenter = fitOnPredicted
				? new MeibographyAnalyzer(model, GradingFile.glandThreshold(card))
				: null;
			for (final MeibographySet.Item item : rest.items()) {
				final MeiboGrading.Measures truth = DefaultMeibographySplits.truthMeasures(item);
				restRatioSum += truth.ratio();
				if (item.meiboscore() < 0) continue;
				measures.add(fitOnPredicted ? DefaultMeibographySplits.predictedMeasures(segmenter, item) : truth);
				scores.add(item.meiboscore());
			}
		}
		final double meanRatio = restRatioSum / rest.size();
		final MeiboGrading grading = MeiboGrading.fitModel(measures, scores,
			"fitted on the " + (fitOnPredicted ? "segmenter's masks" : "truth masks") + " and expert meiboscores of " +
				measures.size() + " MGD-1K images (held-out 20 % excluded)");
		System.out.println("Grading: " + grading.describe());

		final int[][] confusion = new int[4][4];
		final int[][] truthConfusion = new int[4][4];
		double iouSum = 0, diceSum = 0, se = 0, seMean = 0, seconds = 0;
		int graded = 0, correct = 0, truthCorrect = 0, majorityCorrect = 0;
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.AUTO)) {
			// the gland threshold that makes the ratio agree best with the truth on the validation images
			// (the 15 % of the rest the trainer validated on, seed 2027), never on the held-out images
			final MeibographySet validation = splits.validation();
			final MeibographyAnalyzer.GlandThreshold calibration = new MeibographyAnalyzer(model)
				.calibrateGlandThreshold(validation.items(), grading);
			final double threshold = calibration.threshold();
			System.out.printf(Locale.ROOT,
				"Gland threshold %.2f (validation ratio RMSD %.2f points; at 0.5: %.2f; %d images)%n", threshold,
				100 * calibration.rmsd(), 100 * calibration.rmsdAtHalf(), validation.size());
			if (gradingOut != null)
				GradingFile.write(grading, threshold,
					String.format(Locale.ROOT,
						"lowest gland area ratio " + "RMSD on the %d validation images (never on held-out images)",
						validation.size()),
					gradingOut);
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, threshold);
			analyzer.analyze(ImageDecoding.read(heldOut.items().get(0).image()).planes(), LidSide.UNKNOWN, grading); // warm-up
			System.out
				.println("image,side,eyelid_iou,gland_dice,ratio_truth,ratio_predicted,score_expert,score_predicted," +
					"score_from_truth_masks,seconds");
			for (final MeibographySet.Item item : heldOut.items()) {
				final PixelPlanes image = ImageDecoding.read(item.image()).planes();
				final long t0 = System.nanoTime();
				final MeibographyAnalyzer.Result predicted = analyzer.analyze(image, LidSide.of(item.name()), grading);
				final double s = (System.nanoTime() - t0) / 1e9;
				seconds += s;
				final MeibographyAnalyzer.Result truthResult = truthWith(item, grading);
				final double iou = iou(predicted.eyelid(), truthResult.eyelid());
				final double dice = dice(predicted.glands(), truthResult.glands());
				iouSum += iou;
				diceSum += dice;
				final double d = 100 * (predicted.glandAreaRatio() - truthResult.glandAreaRatio());
				se += d * d;
				final double dm = 100 * (meanRatio - truthResult.glandAreaRatio());
				seMean += dm * dm;
				if (item.meiboscore() >= 0) {
					graded++;
					confusion[item.meiboscore()][predicted.meiboscore()]++;
					truthConfusion[item.meiboscore()][truthResult.meiboscore()]++;
					if (predicted.meiboscore() == item.meiboscore()) correct++;
					if (truthResult.meiboscore() == item.meiboscore()) truthCorrect++;
					if (item.meiboscore() == 1) majorityCorrect++;
				}
				System.out.printf(Locale.ROOT, "%s,%s,%.4f,%.4f,%.4f,%.4f,%d,%d,%d,%.3f%n", item.name(),
					LidSide.of(item.name()), iou, dice, truthResult.glandAreaRatio(), predicted.glandAreaRatio(),
					item.meiboscore(), predicted.meiboscore(), truthResult.meiboscore(), s);
			}
		}
		final int n = heldOut.size();
		System.out.printf(Locale.ROOT, "%nHeld-out images: %d (of %d; 20 %%, seed 2026)%n", n, all.size());
		System.out.printf(Locale.ROOT, "Eyelid IoU (mean per image):  %.4f%n", iouSum / n);
		System.out.printf(Locale.ROOT, "Gland Dice (mean per image):  %.4f%n", diceSum / n);
		System.out.printf(Locale.ROOT,
			"Gland area ratio RMSD:        %.2f points (predicting the training mean %.3f: %.2f)%n", Math.sqrt(se / n),
			meanRatio, Math.sqrt(seMean / n));
		System.out.printf(Locale.ROOT,
			"Meiboscore accuracy:          %.4f (%d/%d); from truth masks %.4f; majority grade 1 " + "%.4f%n",
			correct / (double) graded, correct, graded, truthCorrect / (double) graded,
			majorityCorrect / (double) graded);
		System.out.println("Confusion (rows expert 0-3, columns predicted 0-3): " + matrix(confusion));
		System.out.println("Confusion from truth masks:                          " + matrix(truthConfusion));
		System.out.printf(Locale.ROOT, "Seconds per image (analysis incl. morphometrics): %.3f, %d cores%n",
			seconds / n, Runtime.getRuntime().availableProcessors());
	}

	private static MeibographyAnalyzer.Result truthWith(final MeibographySet.Item item, final MeiboGrading grading) {
		final boolean[] eyelid = MeibographySet.readMask(item.eyelidMask());
		final boolean[] glands = MeibographySet.readMask(item.glandMask());
		final ImageDecoding.Rgb size = ImageDecoding.read(item.eyelidMask());
		return MeibographyAnalyzer.measure(size.width(), size.height(), eyelid, glands, LidSide.of(item.name()),
			grading);
	}

	private static double iou(final boolean[] predicted, final boolean[] truth) {
		return SegmentationMetrics.of(predicted, truth).iou();
	}

	private static double dice(final boolean[] predicted, final boolean[] truth) {
		return SegmentationMetrics.of(predicted, truth).dice();
	}

	private static String matrix(final int[][] m) {
		final StringBuilder sb = new StringBuilder();
		for (final int[] row : m) sb.append(java.util.Arrays.toString(row));
		return sb.toString();
	}

	static {
		try {
			Files.createDirectories(Path.of("target"));
		}
		catch (final java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
