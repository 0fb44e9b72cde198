package org.medxai.experiments.polyp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;
import org.medxai.experiments.fixtures.Scratch;
import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;
import org.medxai.image.TensorConverter;
import org.medxai.metrics.ClassificationMetrics;
import org.medxai.training.DecisionCalibration;
import org.medxai.training.HeldOutReport;
import org.medxai.training.LabelledImage;
import org.medxai.training.TrainingSet;
import org.medxai.training.WeightAveraging;

/**
 * Chooses the default polyp model from trained members on validation images only, installs it and reports held out.
 *
 * The members (cards of classifiers trained on the same training images, e.g. with different seeds; an ensemble card,
 * such as an earlier selection's, gives each of its networks as a member, with the decision shift that selection put in
 * its bias) are scored on the validation images of the default splits (held out 20 %, seed 2026; validation VALIDATION
 * of the rest, seed 2027, default 0.25): each member alone and the mean of the logits of every combination of members,
 * each plain and with test-time flips (mean over the image and its three mirror images), and the weights of every
 * combination of two or more members averaged into one network ({@link WeightAveraging}: one forward pass instead of
 * one per member; it works for members fine-tuned from one start, e.g. with {@code STAGE1_SEED}). Every candidate gets
 * its decision shift chosen on the validation images (a shift already in a member's bias only moves that choice); the
 * best installable one by the trainer's rule (ROC AUC plus a thousandth of the accuracy; ties: the simpler, fewer
 * members first) wins, so an ensemble is used only where it measures better on validation. Flips are measured and shown
 * but never chosen: a card cannot carry them (and they would cost four passes per image). The chosen model is written
 * to DEST (weights with the shift in the head's bias; an ensemble as one card with files.params, files.params_2, …;
 * averaged weights as one network whose card records the members) and only then evaluated on the held-out images (the
 * training command's held-out report: plain, JPEG 75 and 95, corner box, border).
 *
 * With {@code FLIPS=0} the flips are not measured (a quarter of the time). With {@code HELD_OUT=0} it stops after the
 * validation figures and the choice: nothing installed, no held-out report.
 *
 * Usage: {@code bash scripts/run-experiment.sh PolypModelSelection SHARED_DATA DEST MEMBER_CARD...}
 */
public final class PolypModelSelection {

	/** {@code averaged}: the card of the members' averaged weights (one network), null for the mean of logits. */
	record Candidate(String name, List<Integer> members, boolean flips, Path averaged, double[][] logits, double shift,
		ClassificationMetrics before, ClassificationMetrics after)
	{

		/** One network before a soup of several, a soup before an ensemble, fewer networks first; flips last. */
		int complexity() {
			if (averaged != null) return 3;
			return members.size() * 2 + (flips ? 1 : 0);
		}
	}

	public static void main(final String[] args) throws Exception {
		final Path data = Path.of(args[0]);
		final Path dest = Path.of(args[1]);
		final double validationFraction = Double.parseDouble(System.getenv().getOrDefault("VALIDATION", "0.25"));
		final DefaultPolypSplits splits = DefaultPolypSplits.of(data, validationFraction);
		final TrainingSet validation = splits.validation();
		final boolean showFlips = !"0".equals(System.getenv("FLIPS"));
		final Scorer scorer = new Scorer(validation);
		final Path scratch = Scratch.directory("medxai-members");
		final List<EnsembleNetworks.Network> members = new ArrayList<>();
		for (int i = 2; i < args.length; i++)
			members.addAll(EnsembleNetworks.split(ModelCard.read(ModelLoader.findCard(Path.of(args[i]))), scratch));
		for (int m = 0; m < members.size(); m++)
			System.out.printf(Locale.ROOT, "member %d: %s%n", m + 1, members.get(m).source());
		final int polyp = members.get(0).card().classes.indexOf("polyp");
		final int[] truth = new int[validation.size()];
		for (int i = 0; i < truth.length; i++) truth[i] = validation.images().get(i).label();

		// logits [member][flips? 1 : 0][image][class]
		final double[][][][] logits = new double[members.size()][][][];
		for (int m = 0; m < members.size(); m++) {
			logits[m] = scorer.logits(members.get(m).card().cardFile(), showFlips);
			System.out.printf(Locale.ROOT, "member %d scored on %d validation images%n", m + 1, truth.length);
		}

		final List<Candidate> candidates = new ArrayList<>();
		for (final boolean flips : showFlips ? new boolean[] { false, true } : new boolean[] { false }) {
			for (final List<Integer> combination : combinations(members.size())) {
				final double[][] mean = new double[truth.length][];
				for (int i = 0; i < truth.length; i++) {
					mean[i] = new double[logits[0][0][i].length];
					for (final int m : combination)
						for (int c = 0; c < mean[i].length; c++)
							mean[i][c] += logits[m][flips ? 1 : 0][i][c] / combination.size();
				}
				candidates.add(candidate(name(combination, members.size()) + (flips ? " + flips" : ""), combination,
					flips, null, mean, truth, polyp));
			}
		}
		// the members' weights averaged (one network): works only for networks fine-tuned from one start
		for (final List<Integer> combination : combinations(members.size())) {
			if (combination.size() < 2) continue;
			final List<ModelCard> cards = new ArrayList<>();
			for (final int m : combination) cards.add(members.get(m).card());
			final StringBuilder key = new StringBuilder("soup");
			for (final int m : combination) key.append('-').append(m + 1);
			final Path averaged = WeightAveraging.average(cards, scratch.resolve(key.toString()), "polyp-default");
			final double[][] soup = scorer.logits(averaged, false)[0];
			candidates.add(candidate(
				name(combination, members.size()).replace("mean of ", "weights of ") + " averaged (one network)",
				combination, false, averaged, soup, truth, polyp));
		}
		Candidate chosen = null;
		System.out.printf(Locale.ROOT, "%nValidation (%d images: %s)%n", truth.length, validation.description());
		System.out.println("candidate | ROC AUC | accuracy as trained | decision shift | accuracy after shift");
		for (final Candidate c : candidates) {
			System.out.printf(Locale.ROOT, "%s | %.4f | %.4f | %+.2f | %.4f (%d/%d)%n", c.name(), c.after().rocAuc(),
				c.before().accuracy(), c.shift(), c.after().accuracy(), Math.round(c.after().accuracy() * truth.length),
				truth.length);
			if (!c.flips() && (chosen == null || better(c, chosen))) chosen = c;
		}
		System.out.println("Chosen on validation: " + chosen.name() +
			" (candidates with flips are shown for comparison only: a card cannot carry them)");
		if ("0".equals(System.getenv("HELD_OUT"))) {
			System.out.println("HELD_OUT=0: nothing installed, no held-out report");
			return;
		}
		final Map<String, Object> selection = new LinkedHashMap<>();
		selection.put("rule",
			"on the validation images only: each member alone and the mean of every combination of members; " +
				"every candidate's decision shift chosen on the validation images (the middle of the widest range " +
				"with the most right); the highest ROC AUC plus a thousandth of the accuracy wins (ties: the " +
				"simpler candidate); test-time flips measured but not installable; the members' weights averaged " +
				"(one network) measured beside the mean of their logits");
		selection.put("validation", validation.description());
		selection.put("validation_images", truth.length);
		final Path card = install(chosen, members, dest, polyp, selection);
		reportHeldOut(card, dest, splits.heldOut());
	}

	/** The training command's held-out report on the installed model (plain, JPEG 75/95, corner box, border). */
	static void reportHeldOut(final Path card, final Path dest, final TrainingSet heldOutImages) {
		System.out.println("Installed in " + dest + "; held-out report:");
		final HeldOutReport report = HeldOutReport.run(card, heldOutImages, DevicePreference.CPU, 16,
			ProgressListener.NONE);
		System.out.println(report.summary());
		final ClassificationMetrics heldOut = report.plain().metrics();
		System.out.printf(Locale.ROOT,
			"Held out (plain): %d images, accuracy %.4f, ROC AUC %.4f, sensitivity %.4f, specificity %.4f, " +
				"confusion %s; largest shift %.2f points%n",
			heldOut.n(), heldOut.accuracy(), heldOut.rocAuc(), heldOut.sensitivity(), heldOut.specificity(),
			Arrays.deepToString(heldOut.confusion()), report.largestShiftPoints());
	}

	/** Scores networks on the validation images, each image decoded once per input spec (the networks share one). */
	static final class Scorer {

		private final TrainingSet images;
		private final Map<String, Map<Path, float[]>> bySpec = new HashMap<>();

		Scorer(final TrainingSet images) {
			this.images = images;
		}

		/**
		 * The logits of the network of {@code card} per image: [0] of the image as it is; [1], with {@code flips}, the
		 * mean over the image and its three mirror images (otherwise null).
		 */
		double[][][] logits(final Path card, final boolean flips) {
			final double[][][] out = { new double[images.size()][], flips ? new double[images.size()][] : null };
			try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
				final InputSpec spec = model.card().inputSpec();
				for (int i = 0; i < images.size(); i++) {
					final float[] x = input(images.images().get(i), spec);
					out[0][i] = PolypModelSelection.logits(model, x, spec);
					if (!flips) continue;
					final double[] sum = new double[out[0][i].length];
					for (int flip = 0; flip < 4; flip++) {
						final double[] l = flip == 0
							? out[0][i]
							: PolypModelSelection.logits(model, flipped(x, spec, flip), spec);
						for (int c = 0; c < l.length; c++) sum[c] += l[c] / 4;
					}
					out[1][i] = sum;
				}
			}
			return out;
		}

		private float[] input(final LabelledImage image, final InputSpec spec) {
			final String key = spec.width() + "x" + spec.height() + "x" + spec.channels() + " " + spec.scale() +
				Arrays.toString(spec.mean()) + Arrays.toString(spec.std()) + Arrays.deepToString(spec.maskRegions());
			return bySpec.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(image.file(),
				f -> TensorConverter.convert(ImageDecoding.read(f).planes(), spec));
		}
	}

	/** Every non-empty combination of {@code n} members, fewer members first. */
	static List<List<Integer>> combinations(final int n) {
		final List<List<Integer>> all = new ArrayList<>();
		for (int size = 1; size <= n; size++) {
			for (int bits = 1; bits < 1 << n; bits++) {
				if (Integer.bitCount(bits) != size) continue;
				final List<Integer> combination = new ArrayList<>();
				for (int m = 0; m < n; m++) if ((bits & 1 << m) != 0) combination.add(m);
				all.add(combination);
			}
		}
		return all;
	}

	private static String name(final List<Integer> combination, final int n) {
		if (combination.size() == 1) return "member " + (combination.get(0) + 1);
		if (combination.size() == n) return "mean of all " + n + " members";
		final StringBuilder text = new StringBuilder("mean of members ");
		for (int k = 0; k < combination.size(); k++) text.append(k == 0 ? "" : " + ").append(combination.get(k) + 1);
		return text.toString();
	}

	static Candidate candidate(final String name, final List<Integer> members, final boolean flips, final Path averaged,
		final double[][] logits, final int[] truth, final int polyp)
	{
		final double shift = DecisionCalibration.bestShift(logits, truth, polyp);
		return new Candidate(name, members, flips, averaged, logits, shift,
			DecisionCalibration.metrics(logits, truth, polyp, 0),
			DecisionCalibration.metrics(logits, truth, polyp, shift));
	}

	/**
	 * The trainer's rule for the best epoch: ROC AUC plus a thousandth of the accuracy (after the shift); on a tie the
	 * simpler candidate. The AUC weighs every polyp/non-polyp pair, so it moves less on one image than the accuracy.
	 */
	private static boolean better(final Candidate a, final Candidate b) {
		final double sa = score(a), sb = score(b);
		if (Math.abs(sa - sb) > 1e-9) return sa > sb;
		return a.complexity() < b.complexity();
	}

	private static double score(final Candidate c) {
		return c.after().rocAuc() + 1e-3 * c.after().accuracy();
	}

	private static double[] logits(final LoadedModel model, final float[] x, final InputSpec spec) {
		try (NDManager m = model.newManager()) {
			final float[] out = model.forward(m.create(x, new Shape(1, spec.channels(), spec.height(), spec.width())))
				.toFloatArray();
			final double[] l = new double[out.length];
			for (int c = 0; c < out.length; c++) l[c] = out[c];
			return l;
		}
	}

	/** 0: as is; 1: left-right; 2: up-down; 3: both. */
	static float[] flipped(final float[] x, final InputSpec spec, final int flip) {
		if (flip == 0) return x;
		final int w = spec.width(), h = spec.height();
		final float[] y = new float[x.length];
		for (int c = 0; c < spec.channels(); c++) for (int r = 0; r < h; r++) for (int col = 0; col < w; col++) {
			final int sr = (flip & 2) != 0 ? h - 1 - r : r, sc = (flip & 1) != 0 ? w - 1 - col : col;
			y[(c * h + r) * w + col] = x[(c * h + sr) * w + sc];
		}
		return y;
	}

	/** Copies the weights of {@code network} to {@code dest/prefix-0000.params} with {@code shift} in their bias. */
	private static ModelCard.WeightFile placeWeights(final ModelCard network, final Path dest, final String prefix,
		final int width, final int polyp, final double shift) throws IOException
	{
		final Path params = dest.resolve(prefix + "-0000.params");
		Files.copy(network.file(ModelCard.FILE_PARAMS), params, StandardCopyOption.REPLACE_EXISTING);
		if (shift != 0)
			DecisionCalibration.shift(dest, prefix, width, network.numClasses(), polyp, shift, network.inputSpec());
		return new ModelCard.WeightFile(params.getFileName().toString(), WeightFiles.sha256(params));
	}

	/**
	 * Copies the chosen members' weights into DEST with the shift in their bias, and writes one card for them; the
	 * card's training.selection is {@code selection} (its rule, validation images, …) plus the choice.
	 */
	static Path install(final Candidate chosen, final List<EnsembleNetworks.Network> members, final Path dest,
		final int polyp, final Map<String, Object> selection) throws IOException
	{
		Files.createDirectories(dest);
		final ModelCard first = members.get(chosen.members().get(0)).card();
		final int width = first.architectureOptions.get("width").getAsInt();
		final ModelCard card = ModelCard.read(first.cardFile());
		card.name = "polyp-default";
		card.files.clear();
		final JsonArray memberTraining = new JsonArray();
		// one network (the members' averaged weights), or each member's own
		if (chosen.averaged() != null)
			card.files.put(ModelCard.FILE_PARAMS,
				placeWeights(ModelCard.read(chosen.averaged()), dest, "polyp-default", width, polyp, chosen.shift()));
		for (int k = 0; k < chosen.members().size(); k++) {
			final ModelCard member = members.get(chosen.members().get(k)).card();
			final JsonObject earlierRecord = members.get(chosen.members().get(k)).earlierRecord();
			if (chosen.averaged() == null)
				card.files.put(k == 0 ? ModelCard.FILE_PARAMS : ModelCard.FILE_PARAMS + "_" + (k + 1),
					placeWeights(member, dest, k == 0 ? "polyp-default" : "polyp-default-member" + (k + 1), width,
						polyp, chosen.shift()));
			if (earlierRecord != null) {
				memberTraining.add(earlierRecord);
				continue;
			}
			final JsonObject t = new JsonObject();
			t.addProperty("member_card",
				member.cardFile().getParent().getFileName() + "/" + member.cardFile().getFileName());
			t.addProperty("params_sha256_as_trained", member.files.get(ModelCard.FILE_PARAMS).sha256);
			t.add("training", member.training);
			t.add("validation", member.metrics == null ? null : member.metrics.getAsJsonObject().get("validation"));
			memberTraining.add(t);
		}
		if (chosen.averaged() != null) {
			card.description = "Polyp classifier trained with MedXAI: the mean of the weights of " +
				chosen.members().size() + " medxai-resnet-small networks fine-tuned from one start (one network, " +
				"chosen on validation images).";
		}
		else if (chosen.members().size() > 1) {
			card.description = "Polyp classifier trained with MedXAI: the mean of " + chosen.members().size() +
				" medxai-resnet-small networks' logits (an ensemble chosen on validation images).";
		}
		final JsonObject training = new JsonObject();
		training.add("members", memberTraining);
		selection.put("chosen", chosen.name());
		selection.put("members_weights_averaged", chosen.averaged() != null);
		selection.put("decision_shift_added", chosen.shift());
		training.add("selection", new Gson().toJsonTree(selection));
		card.training = training;
		final JsonObject metrics = new JsonObject();
		metrics.add("validation", new Gson().toJsonTree(chosen.after().asMap()));
		card.metrics = metrics;
		final Path cardFile = dest.resolve(ModelLoader.CARD_NAME);
		card.write(cardFile);
		return cardFile;
	}
}
