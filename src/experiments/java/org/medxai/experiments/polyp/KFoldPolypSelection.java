package org.medxai.experiments.polyp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.experiments.fixtures.Scratch;
import org.medxai.metrics.ClassificationMetrics;
import org.medxai.training.DecisionCalibration;
import org.medxai.training.TrainingSet;

/**
 * Combines the networks of a k-fold cross-validation into one polyp model, installs it and reports held out.
 *
 * The networks come from {@code FOLD=k} of scripts/train-default-polyp-model.sh: network k was trained on the other
 * folds of the images not held out and validated on fold k (its best epoch and its own decision shift chosen there).
 * Each image outside the held-out part is scored by the one network that never trained on it (out of fold). The
 * installed model is the mean of the K networks' logits, fixed before any of its figures were measured; its common
 * decision shift is chosen on the pooled out-of-fold logits of every image not held out. It is not chosen among
 * candidates: an ensemble of all K networks has no image that none of them trained on outside the held-out part, so its
 * own figures are the held-out ones, reported once, after it is installed.
 *
 * With {@code HELD_OUT=0} it stops after the out-of-fold figures: nothing installed, no held-out report.
 *
 * Usage: {@code bash scripts/run-experiment.sh KFoldPolypSelection SHARED_DATA DEST FOLD1_CARD FOLD2_CARD ...}
 */
public final class KFoldPolypSelection {

	private KFoldPolypSelection() {}

	public static void main(final String[] args) throws Exception {
		if (args.length < 4) {
			System.err.println("Usage: KFoldPolypSelection SHARED_DATA DEST FOLD1_CARD FOLD2_CARD [FOLD3_CARD ...]");
			System.exit(2);
		}
		final Path data = Path.of(args[0]);
		final Path dest = Path.of(args[1]);
		final int folds = args.length - 2;
		final List<TrainingSet> foldImages = DefaultPolypSplits.folds(data, folds);
		final Path scratch = Scratch.directory("medxai-kfold");
		final List<EnsembleNetworks.Network> networks = new ArrayList<>();
		for (int k = 1; k <= folds; k++) {
			final ModelCard card = ModelCard.read(ModelLoader.findCard(Path.of(args[k + 1])));
			final List<EnsembleNetworks.Network> split = EnsembleNetworks.split(card, scratch);
			if (split.size() != 1) throw new IllegalArgumentException(args[k + 1] + ": one network per fold, please");
			requireValidatedOnFold(split.get(0).card(), k, folds, foldImages.get(k - 1));
			networks.add(split.get(0));
			System.out.printf(Locale.ROOT, "fold %d: %s%n", k, split.get(0).source());
		}
		final int polyp = networks.get(0).card().classes.indexOf("polyp");

		// out of fold: fold k's images scored by network k, the one that never trained on them
		final List<double[]> pooled = new ArrayList<>();
		final List<Integer> pooledTruth = new ArrayList<>();
		final List<Map<String, Object>> perFold = new ArrayList<>();
		System.out.println("\nOut of fold (each fold's images scored by the network validated on them)");
		System.out.println("fold | images | ROC AUC | accuracy at the network's own decision shift");
		for (int k = 0; k < folds; k++) {
			final TrainingSet images = foldImages.get(k);
			final double[][] logits = new PolypModelSelection.Scorer(images).logits(networks.get(k).card().cardFile(),
				false)[0];
			final int[] truth = new int[images.size()];
			for (int i = 0; i < truth.length; i++) truth[i] = images.images().get(i).label();
			final ClassificationMetrics m = DecisionCalibration.metrics(logits, truth, polyp, 0);
			System.out.printf(Locale.ROOT, "%d | %d | %.4f | %.4f (%d/%d)%n", k + 1, truth.length, m.rocAuc(),
				m.accuracy(), Math.round(m.accuracy() * truth.length), truth.length);
			final Map<String, Object> fold = new LinkedHashMap<>();
			fold.put("fold", k + 1);
			fold.put("images", truth.length);
			fold.put("roc_auc", m.rocAuc());
			fold.put("accuracy", m.accuracy());
			perFold.add(fold);
			for (int i = 0; i < truth.length; i++) {
				pooled.add(logits[i]);
				pooledTruth.add(truth[i]);
			}
		}
		final double[][] logits = pooled.toArray(new double[0][]);
		final int[] truth = pooledTruth.stream().mapToInt(Integer::intValue).toArray();
		final List<Integer> all = new ArrayList<>();
		for (int k = 0; k < folds; k++) all.add(k);
		final PolypModelSelection.Candidate ensemble = PolypModelSelection
			.candidate("mean of the " + folds + " fold networks", all, false, null, logits, truth, polyp);
		System.out.printf(Locale.ROOT,
			"pooled | %d | %.4f | %.4f as trained; common decision shift %+.2f: %.4f (%d/%d), sensitivity %.4f, " +
				"specificity %.4f%n",
			truth.length, ensemble.after().rocAuc(), ensemble.before().accuracy(), ensemble.shift(),
			ensemble.after().accuracy(), Math.round(ensemble.after().accuracy() * truth.length), truth.length,
			ensemble.after().sensitivity(), ensemble.after().specificity());
		if ("0".equals(System.getenv("HELD_OUT"))) {
			System.out.println("HELD_OUT=0: nothing installed, no held-out report");
			return;
		}
		final Map<String, Object> selection = new LinkedHashMap<>();
		selection.put("rule", "k-fold cross-validation: network k trained on the other folds of the images not " +
			"held out and validated on fold k (best epoch and own decision shift chosen there); the installed model " +
			"is the mean of the " + folds + " networks' logits, fixed before its figures were measured (no " +
			"candidates); its common decision shift chosen on the pooled out-of-fold logits (each image scored by " +
			"the one network that never trained on it; the middle of the widest range with the most right)");
		selection.put("validation", "out of fold: " + folds + " folds of the images not held out (seed 2027)");
		selection.put("validation_images", truth.length);
		selection.put("folds", perFold);
		final Path card = PolypModelSelection.install(ensemble, networks, dest, polyp, selection);
		final ModelCard installed = ModelCard.read(card);
		installed.description = "Polyp classifier trained with MedXAI: the mean of " + folds +
			" medxai-resnet-small networks' logits, each trained on " + (folds - 1) + " of " + folds +
			" folds (k-fold cross-validation), its decision shift chosen out of fold.";
		installed.write(card);
		PolypModelSelection.reportHeldOut(card, dest, DefaultPolypSplits.of(data, 0.25).heldOut());
	}

	/**
	 * Refuses a network not validated on fold {@code k}: its card's validation part must be that fold (fold 1 may also
	 * read as the equal fraction split, e.g. 25 % for 4 folds) with that fold's number of images per class.
	 */
	static void requireValidatedOnFold(final ModelCard card, final int k, final int folds, final TrainingSet fold) {
		final JsonObject training = card.training == null ? null : card.training.getAsJsonObject();
		final JsonElement validation = training == null ? null : training.get("validation");
		final String text = validation == null || validation.isJsonNull() ? "" : validation.getAsString();
		final String asFold = String.format(Locale.ROOT, "validation: fold %d of %d per class, seed 2027 of ", k,
			folds);
		final String asFraction = 100 % folds == 0
			? String.format(Locale.ROOT, "validation: %d%% per class, seed 2027 of ", 100 / folds)
			: null;
		final boolean named = text.startsWith(asFold) || (k == 1 && asFraction != null && text.startsWith(asFraction));
		final JsonElement counts = training == null ? null : training.get("validation_images_per_class");
		boolean sameCounts = counts != null && counts.isJsonObject();
		if (sameCounts) {
			final int[] expected = fold.counts();
			for (int c = 0; c < fold.classes().size(); c++) {
				final JsonElement n = counts.getAsJsonObject().get(fold.classes().get(c));
				sameCounts &= n != null && n.getAsInt() == expected[c];
			}
		}
		if (!named || !sameCounts) {
			throw new IllegalArgumentException(card.cardFile() + " was not validated on fold " + k + " of " + folds +
				" (its validation part: \"" + text + "\"); give the folds' cards in fold order");
		}
	}
}
