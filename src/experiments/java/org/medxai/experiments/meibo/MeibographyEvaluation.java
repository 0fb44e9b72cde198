package org.medxai.experiments.meibo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.math.Scores;
import org.medxai.meibo.BinaryMasks;
import org.medxai.meibo.GradingFile;
import org.medxai.meibo.LidSide;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;
import org.medxai.meibo.MeibographySet;
import org.medxai.metrics.SegmentationMetrics;
import org.medxai.tabular.DelimitedTable;
import org.medxai.tabular.LinearModel;
import org.medxai.tabular.TabularDataset;
import org.medxai.tabular.Task;

import smile.classification.LogisticRegression;

/**
 * Held-out evaluation of the meibography pipeline; chooses the grading on validation lids and writes it.
 *
 * Splits as the training script does (held out 20 %, seed 2026; validation 15 % of the rest, seed 2027; the rest is the
 * training part). The gland threshold is calibrated on the validation lids. Every lid is then segmented once. The
 * grading candidates are fitted on the training lids (the meiboscore model on the truth masks' measures, on the
 * segmenter's masks, on both, on the segmenter's masks plus measures of its probability maps; the cut-off rule on the
 * envelope dropout; a grade head, logistic regression on the channel means of the segmenter's two deepest encoder
 * levels, alone or with the measures) and the one grading most validation lids right is chosen (ties: the earlier,
 * simpler one), refitted on training and validation lids together and written to GRADING_OUT. Only then are the
 * held-out lids scored: eyelid IoU, gland Dice, RMSD of the gland area ratio in points against the truth masks',
 * meiboscore accuracy and confusion (each candidate's held-out figure is printed for the record, never used to choose),
 * and seconds per image at each image size. DATA defaults to ../shared/data/mgd1k. Per-lid figures go to OUT/lids.csv
 * (default target/meibography-evaluation). CARD defaults to the bundled model. DATA may name several folders
 * ({@code DIR1;DIR2}: MGD-1K at full and at half resolution, each image evaluated at its own size);
 * {@code MEIBO_SPLIT=stratified} splits as the training command's {@code split=stratified} does.
 *
 * Usage: {@code bash scripts/run-experiment.sh MeibographyEvaluation [DATA] [CARD] [GRADING_OUT] [OUT]}
 */
public final class MeibographyEvaluation {

	private enum Part {
		TRAINING, VALIDATION, HELD_OUT
	}

	/** One lid's figures: truth and predicted measures, soft measures of the maps, mask agreement, time. */
	private record Lid(MeibographySet.Item item, Part part, LidSide side, int width, int height,
		MeiboGrading.Measures truth, MeiboGrading.Measures predicted, double softRatio, double meanEyelidProbability,
		double[] encoder, double iou, double dice, double seconds)
	{}

	/** A way of grading, fitted on some lids (the text says on which). */
	private record Candidate(String name, BiFunction<List<Lid>, String, Fitted> fit) {}

	/** A fitted grading: its grade of a lid from the segmenter, and its grading.json form when it has one. */
	private record Fitted(Function<Lid, Integer> grade, MeiboGrading grading) {

		static Fitted of(final MeiboGrading g) {
			return new Fitted(lid -> g.meiboscore(lid.predicted()), g);
		}
	}

	public static void main(final String[] args) throws Exception {
		final String data = args.length > 0 ? args[0] : "../shared/data/mgd1k";
		final Path card = Path.of(args.length > 1 && !args[1].isBlank()
			? args[1]
			: "src/main/resources/org/medxai/models/meibography-default/model-card.json");
		final Path gradingOut = args.length > 2 && !args[2].isBlank() ? Path.of(args[2]) : null;
		final Path out = Path.of(args.length > 3 && !args[3].isBlank() ? args[3] : "target/meibography-evaluation");
		Files.createDirectories(out);
		final DefaultMeibographySplits splits = DefaultMeibographySplits.fromArgument(data);
		final Set<String> heldOutNames = names(splits.heldOut()), validationNames = names(splits.validation());

		final List<Lid> lids = new ArrayList<>();
		final double threshold;
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.AUTO);
			EncoderFeatures encoder = new EncoderFeatures(model.card()))
		{
			// the gland threshold that makes the ratio agree best with the truth on the validation lids
			final MeibographyAnalyzer.GlandThreshold calibration = new MeibographyAnalyzer(model)
				.calibrateGlandThreshold(splits.validation().items(), MeiboGrading.arita());
			threshold = calibration.threshold();
			System.out.printf(Locale.ROOT,
				"Gland threshold %.2f (validation ratio RMSD %.2f points; at 0.5: %.2f; %d lids)%n", threshold,
				100 * calibration.rmsd(), 100 * calibration.rmsdAtHalf(), splits.validation().size());
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, threshold);
			analyzer.probabilities(ImageDecoding.read(splits.heldOut().items().get(0).image()).planes()); // warm-up
			for (final MeibographySet.Item item : splits.all().items()) {
				final Part part = heldOutNames.contains(item.name())
					? Part.HELD_OUT
					: validationNames.contains(item.name()) ? Part.VALIDATION : Part.TRAINING;
				lids.add(measure(analyzer, encoder, threshold, item, part));
				if (lids.size() % 50 == 0)
					System.out.printf(Locale.ROOT, "%d of %d lids segmented%n", lids.size(), splits.all().size());
			}
		}
		writeLids(lids, out.resolve("lids.csv"));

		final List<Lid> training = only(lids, Part.TRAINING), validation = only(lids, Part.VALIDATION),
			heldOut = only(lids, Part.HELD_OUT);
		final List<Candidate> candidates = candidates();
		System.out.printf(Locale.ROOT, "%nGrading candidates, fitted on the %d training lids (graded: %d):%n",
			training.size(), graded(training).size());
		System.out.println("candidate | validation right | held out right (for the record, not used to choose)");
		Candidate chosen = null;
		Function<Lid, Integer> chosenGrade = null;
		int chosenRight = -1;
		for (final Candidate c : candidates) {
			final Function<Lid, Integer> grade = c.fit().apply(graded(training), "training lids").grade();
			final int right = right(grade, graded(validation)), heldRight = right(grade, graded(heldOut));
			System.out.printf(Locale.ROOT, "%s | %d/%d (%.1f %%) | %d/%d (%.1f %%)%n", c.name(), right,
				graded(validation).size(), 100.0 * right / graded(validation).size(), heldRight, graded(heldOut).size(),
				100.0 * heldRight / graded(heldOut).size());
			if (right > chosenRight) {
				chosen = c;
				chosenGrade = grade;
				chosenRight = right;
			}
		}
		System.out.println("Its validation confusion (rows expert 0-3, columns predicted 0-3): " +
			matrix(confusion(chosenGrade, graded(validation))));
		final List<Lid> fitLids = new ArrayList<>(graded(training));
		fitLids.addAll(graded(validation));
		System.out.printf(Locale.ROOT,
			"Chosen on validation: %s; refitted on the %d graded training and validation " + "lids%n", chosen.name(),
			fitLids.size());
		final Fitted fitted = chosen.fit().apply(fitLids, "chosen on validation lids, fitted on the " + fitLids.size() +
			" graded training and validation lids (held-out 20 % excluded)");
		final MeiboGrading shipped = fitted.grading();
		if (shipped != null && gradingOut != null) {
			GradingFile.write(shipped, threshold, String.format(Locale.ROOT,
				"lowest gland area ratio RMSD on the %d validation lids (never on held-out lids)", validation.size()),
				gradingOut);
			System.out.println("Grading written: " + shipped.describe());
		}
		else
			if (gradingOut != null)
				System.out
					.println("The chosen grading reads the probability maps, which grading.json cannot hold yet: " +
						"nothing written.");

		final Map<String, Object> heldOutMetrics = report(heldOut, fitted, training, splits.all().size(), out);
		if (gradingOut != null) {
			heldOutMetrics.put("split", (System.getenv("MEIBO_SPLIT") == null ? "hash" : System.getenv("MEIBO_SPLIT")) +
				" split, 20 % held out (seed 2026), 15 % of the rest for validation (seed 2027)");
			heldOutMetrics.put("list", "heldout.csv");
			heldOutMetrics.put("grading", chosen.name() + " (chosen on validation lids)");
			recordInCard(card, heldOutMetrics, heldOut);
		}
	}

	/** The held-out figures in the card's metrics.held_out, and the held-out lids in heldout.csv beside it. */
	private static void recordInCard(final Path cardFile, final Map<String, Object> metrics, final List<Lid> heldOut)
		throws IOException
	{
		final StringBuilder list = new StringBuilder("image,folder,meiboscore\n");
		for (final Lid lid : heldOut)
			list.append(lid.item().name()).append(',')
				.append(lid.item().image().toAbsolutePath().getParent().getParent().getFileName()).append(',')
				.append(lid.item().meiboscore()).append('\n');
		Files.writeString(cardFile.resolveSibling("heldout.csv"), list, StandardCharsets.UTF_8);
		final ModelCard card = ModelCard.read(cardFile);
		final JsonObject all = card.metrics == null || !card.metrics.isJsonObject()
			? new JsonObject()
			: card.metrics.getAsJsonObject();
		all.add("held_out", new Gson().toJsonTree(metrics));
		card.metrics = all;
		card.write(cardFile);
		System.out.println("Held-out figures written into " + cardFile + " (metrics.held_out) and heldout.csv");
	}

	private static Lid measure(final MeibographyAnalyzer analyzer, final EncoderFeatures encoder,
		final double threshold, final MeibographySet.Item item, final Part part)
	{
		final LidSide side = LidSide.of(item.name());
		final PixelPlanes image = ImageDecoding.read(item.image()).planes();
		final int w = image.width(), h = image.height();
		final long t0 = System.nanoTime();
		final float[][] maps = analyzer.probabilities(image);
		final MeibographyAnalyzer.Result p = MeibographyAnalyzer.fromProbabilities(maps, w, h, side,
			MeiboGrading.arita(), threshold);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		final boolean[] eyelid = MeibographySet.readMask(item.eyelidMask());
		final boolean[] glands = MeibographySet.readMask(item.glandMask());
		double soft = 0, eyelidProbability = 0;
		for (int i = 0; i < maps[1].length; i++) if (p.eyelid()[i]) {
			soft += maps[1][i];
			eyelidProbability += maps[0][i];
		}
		final double eyelidArea = Math.max(1, BinaryMasks.count(p.eyelid()));
		return new Lid(item, part, side, w, h, MeiboGrading.Measures.of(glands, eyelid, w, h, side),
			MeiboGrading.Measures.of(p.glands(), p.eyelid(), w, h, side), soft / eyelidArea,
			eyelidProbability / eyelidArea, encoder.of(image), SegmentationMetrics.of(p.eyelid(), eyelid).iou(),
			SegmentationMetrics.of(p.glands(), glands).dice(), seconds);
	}

	/** In order of simplicity: on a tie in validation accuracy the earlier one is chosen. */
	private static List<Candidate> candidates() {
		return List.of(
			new Candidate("cut-offs on the envelope dropout, fitted on truth masks",
				(lids, source) -> Fitted.of(cutoffs(lids, "envelope cut-offs on truth masks; " + source))),
			new Candidate("logistic model on truth-mask measures (issue-6 rule)",
				(lids, source) -> Fitted
					.of(MeiboGrading.fitModel(measures(lids, Lid::truth), scores(lids), "truth masks; " + source))),
			new Candidate("logistic model on the segmenter's masks",
				(lids,
					source) -> Fitted.of(MeiboGrading.fitModel(measures(lids, Lid::predicted), scores(lids),
						"the segmenter's masks; " + source))),
			new Candidate("logistic model on truth and segmenter's masks together", (lids, source) -> {
				final List<MeiboGrading.Measures> m = measures(lids, Lid::truth);
				m.addAll(measures(lids, Lid::predicted));
				final List<Integer> s = scores(lids);
				s.addAll(scores(lids));
				return Fitted.of(MeiboGrading.fitModel(m, s, "truth and the segmenter's masks; " + source));
			}), new Candidate("logistic model on the segmenter's masks and probability maps", (lids, source) -> {
				final LinearModel logistic = LinearModel.fit(dataset(lids, MeibographyEvaluation::mapFeatures));
				return new Fitted(
					lid -> Integer.parseInt(logistic.classes().get(Scores.argmax(logistic.predict(mapFeatures(lid))))),
					null);
			}), gradeHead(1, false), gradeHead(10, false), gradeHead(100, false), gradeHead(10, true));
	}

	/**
	 * A grade read from the image: multinomial logistic regression (L2 penalty {@code lambda}, standardised inputs) on
	 * the segmenter's encoder features, alone or beside the masks' and maps' measures.
	 */
	private static Candidate gradeHead(final double lambda, final boolean withMeasures) {
		final Function<Lid, double[]> features = withMeasures ? lid -> {
			final double[] e = lid.encoder(), m = mapFeatures(lid);
			final double[] both = java.util.Arrays.copyOf(e, e.length + m.length);
			System.arraycopy(m, 0, both, e.length, m.length);
			return both;
		} : Lid::encoder;
		return new Candidate(String.format(Locale.ROOT, "grade head: logistic (L2 %.0f) on the encoder's features%s",
			lambda, withMeasures ? " and the masks' and maps' measures" : ""), (lids, source) -> {
				final double[][] x = new double[lids.size()][];
				final int[] y = new int[lids.size()];
				for (int i = 0; i < x.length; i++) {
					x[i] = features.apply(lids.get(i));
					y[i] = lids.get(i).item().meiboscore();
				}
				final int p = x[0].length;
				final double[] mean = new double[p], sd = new double[p];
				for (final double[] row : x) for (int j = 0; j < p; j++) mean[j] += row[j] / x.length;
				for (final double[] row : x)
					for (int j = 0; j < p; j++) sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
				for (int j = 0; j < p; j++) sd[j] = sd[j] > 1e-12 ? Math.sqrt(sd[j]) : 1;
				final Function<double[], double[]> standardise = row -> {
					final double[] z = new double[p];
					for (int j = 0; j < p; j++) z[j] = (row[j] - mean[j]) / sd[j];
					return z;
				};
				for (int i = 0; i < x.length; i++) x[i] = standardise.apply(x[i]);
				final LogisticRegression head = LogisticRegression.multinomial(x, y,
					new LogisticRegression.Options(lambda, 1e-5, 500));
				return new Fitted(lid -> head.predict(standardise.apply(features.apply(lid))), null);
			});
	}

	/** Healthy envelope per side and three cut-offs on the envelope dropout, from the truth masks. */
	private static MeiboGrading cutoffs(final List<Lid> lids, final String source) {
		final List<MeiboGrading.Example> examples = new ArrayList<>();
		for (final Lid lid : lids)
			examples.add(new MeiboGrading.Example(lid.truth().envelope20(), lid.side(), lid.item().meiboscore()));
		final MeiboGrading g = MeiboGrading.fit(examples, source);
		return new MeiboGrading(g.healthyUpper(), g.healthyLower(), g.cutoffs(), g.source(), true, null);
	}

	private static double[] mapFeatures(final Lid lid) {
		final double[] f = MeiboGrading.scoreFeatures(lid.predicted());
		final double[] all = java.util.Arrays.copyOf(f, f.length + 2);
		all[f.length] = lid.softRatio();
		all[f.length + 1] = lid.meanEyelidProbability();
		return all;
	}

	private static TabularDataset dataset(final List<Lid> lids, final Function<Lid, double[]> features) {
		final StringBuilder csv = new StringBuilder();
		final int n = features.apply(lids.get(0)).length;
		for (int i = 0; i < n; i++) csv.append("f").append(i).append(',');
		csv.append("meiboscore\n");
		for (final Lid lid : lids) {
			for (final double v : features.apply(lid)) csv.append(String.format(Locale.ROOT, "%.9f,", v));
			csv.append(lid.item().meiboscore()).append('\n');
		}
		return TabularDataset.of(DelimitedTable.parse("grading", csv.toString()), "meiboscore", List.of(), null,
			Task.CLASSIFICATION);
	}

	private static Map<String, Object> report(final List<Lid> heldOut, final Fitted grading, final List<Lid> training,
		final int all, final Path out) throws IOException
	{
		double meanRatio = 0;
		for (final Lid lid : training) meanRatio += lid.truth().ratio();
		meanRatio /= training.size();
		final int[][] confusion = new int[4][4], truthConfusion = new int[4][4];
		double iou = 0, dice = 0, se = 0, seMean = 0;
		int graded = 0, correct = 0, truthCorrect = 0, majority = 0;
		final Map<String, double[]> seconds = new LinkedHashMap<>(); // size -> {sum, count}
		final StringBuilder grades = new StringBuilder("image,meiboscore_expert,meiboscore_predicted\n");
		for (final Lid lid : heldOut) {
			iou += lid.iou();
			dice += lid.dice();
			final double d = 100 * (lid.predicted().ratio() - lid.truth().ratio());
			se += d * d;
			final double dm = 100 * (meanRatio - lid.truth().ratio());
			seMean += dm * dm;
			final double[] s = seconds.computeIfAbsent(lid.width() + " x " + lid.height(), k -> new double[2]);
			s[0] += lid.seconds();
			s[1]++;
			final int expert = lid.item().meiboscore();
			if (expert < 0) continue;
			final int predicted = grading.grade().apply(lid);
			grades.append(lid.item().name()).append(',').append(expert).append(',').append(predicted).append('\n');
			graded++;
			confusion[expert][predicted]++;
			if (predicted == expert) correct++;
			if (expert == 1) majority++;
			if (grading.grading() != null) {
				final int fromTruth = grading.grading().meiboscore(lid.truth());
				truthConfusion[expert][fromTruth]++;
				if (fromTruth == expert) truthCorrect++;
			}
		}
		Files.writeString(out.resolve("heldout-grades.csv"), grades, StandardCharsets.UTF_8);
		final int n = heldOut.size();
		System.out.printf(Locale.ROOT, "%nHeld-out lids: %d (of %d), never trained or validated on%n", n, all);
		System.out.printf(Locale.ROOT, "Eyelid IoU (mean per image):  %.4f%n", iou / n);
		System.out.printf(Locale.ROOT, "Gland Dice (mean per image):  %.4f%n", dice / n);
		System.out.printf(Locale.ROOT,
			"Gland area ratio RMSD:        %.2f points (predicting the training mean %.3f: %.2f)%n", Math.sqrt(se / n),
			meanRatio, Math.sqrt(seMean / n));
		System.out.printf(Locale.ROOT, "Meiboscore accuracy:          %.4f (%d/%d); majority grade 1 %.4f%n",
			correct / (double) graded, correct, graded, majority / (double) graded);
		System.out.println("Confusion (rows expert 0-3, columns predicted 0-3): " + matrix(confusion));
		if (grading.grading() != null)
			System.out.printf(Locale.ROOT, "The same grading on the truth masks: %.4f (%d/%d), confusion %s%n",
				truthCorrect / (double) graded, truthCorrect, graded, matrix(truthConfusion));
		for (final Map.Entry<String, double[]> e : seconds.entrySet())
			System.out.printf(Locale.ROOT,
				"Seconds per %s image (segmentation, measures, morphometry): %.3f " + "(%d images, %d cores)%n",
				e.getKey(), e.getValue()[0] / e.getValue()[1], (int) e.getValue()[1],
				Runtime.getRuntime().availableProcessors());
		System.out.println(
			"Per-lid figures: " + out.resolve("lids.csv") + "; held-out grades: " + out.resolve("heldout-grades.csv"));
		final Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("images", n);
		metrics.put("eyelid_iou", iou / n);
		metrics.put("gland_dice", dice / n);
		metrics.put("gland_area_ratio_rmsd_points", Math.sqrt(se / n));
		metrics.put("graded_images", graded);
		metrics.put("meiboscore_accuracy", correct / (double) graded);
		metrics.put("meiboscore_confusion", confusion);
		final Map<String, Double> perSize = new LinkedHashMap<>();
		for (final Map.Entry<String, double[]> e : seconds.entrySet())
			perSize.put(e.getKey(), e.getValue()[0] / e.getValue()[1]);
		metrics.put("seconds_per_image", perSize);
		return metrics;
	}

	private static void writeLids(final List<Lid> lids, final Path file) throws IOException {
		final StringBuilder sb = new StringBuilder(
			"image,part,side,width,height,meiboscore,ratio_truth,ratio_predicted,envelope20_truth," +
				"envelope20_predicted,soft_ratio,eyelid_iou,gland_dice,seconds\n");
		for (final Lid l : lids)
			sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.5f,%.5f,%.5f,%.5f,%.5f,%.4f,%.4f,%.3f%n",
				l.item().name(), l.part().name().toLowerCase(Locale.ROOT), l.side(), l.width(), l.height(),
				l.item().meiboscore(), l.truth().ratio(), l.predicted().ratio(), l.truth().envelope20(),
				l.predicted().envelope20(), l.softRatio(), l.iou(), l.dice(), l.seconds()));
		Files.writeString(file, sb, StandardCharsets.UTF_8);
	}

	private static Set<String> names(final MeibographySet set) {
		final Set<String> names = new HashSet<>();
		for (final MeibographySet.Item item : set.items()) names.add(item.name());
		return names;
	}

	private static List<Lid> only(final List<Lid> lids, final Part part) {
		return lids.stream().filter(l -> l.part() == part).toList();
	}

	private static List<Lid> graded(final List<Lid> lids) {
		return lids.stream().filter(l -> l.item().meiboscore() >= 0).toList();
	}

	private static List<MeiboGrading.Measures> measures(final List<Lid> lids,
		final Function<Lid, MeiboGrading.Measures> which)
	{
		final List<MeiboGrading.Measures> m = new ArrayList<>();
		for (final Lid lid : lids) m.add(which.apply(lid));
		return m;
	}

	private static List<Integer> scores(final List<Lid> lids) {
		final List<Integer> s = new ArrayList<>();
		for (final Lid lid : lids) s.add(lid.item().meiboscore());
		return s;
	}

	private static int right(final Function<Lid, Integer> grade, final List<Lid> lids) {
		int right = 0;
		for (final Lid lid : lids) if (grade.apply(lid) == lid.item().meiboscore()) right++;
		return right;
	}

	private static int[][] confusion(final Function<Lid, Integer> grade, final List<Lid> lids) {
		final int[][] m = new int[4][4];
		for (final Lid lid : lids) m[lid.item().meiboscore()][grade.apply(lid)]++;
		return m;
	}

	private static String matrix(final int[][] m) {
		final StringBuilder sb = new StringBuilder();
		for (final int[] row : m) sb.append(java.util.Arrays.toString(row));
		return sb.toString();
	}
}
