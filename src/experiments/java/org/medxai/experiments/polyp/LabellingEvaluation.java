package org.medxai.experiments.polyp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.medxai.ProgressListener;
import org.medxai.experiments.fixtures.Scratch;
import org.medxai.labelling.ImageLabelling;
import org.medxai.training.LabelledImage;
import org.medxai.training.ModelEvaluation;
import org.medxai.training.TrainingSet;

/**
 * Semi-supervised labelling with 100 labelled images per class: coverage and accuracy.
 *
 * The rest of the shared polyp data is treated as unlabelled; both methods, and both together, at several confidence
 * cut-offs. Label spreading's alpha: {@code EXPERIMENT_JAVA_OPTS=-Dalpha=0.7}.
 *
 * Usage: {@code bash scripts/run-experiment.sh LabellingEvaluation [SHARED_DATA=../shared/data]}
 */
public final class LabellingEvaluation {

	private LabellingEvaluation() {}

	public static void main(final String[] args) throws Exception {
		final Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
		final Path root = Scratch.directory("medxai-labelling");
		Files.createSymbolicLink(root.resolve("non-polyp"), data.resolve("kvasir-nonpolyp").toAbsolutePath());
		Files.createSymbolicLink(root.resolve("polyp"), data.resolve("kvasir-seg/images").toAbsolutePath());
		final TrainingSet all = TrainingSet.fromClassFolders(root);
		final int[] counts = all.counts();
		// exactly 100 per class: the split takes ceil(f * n) per class
		final List<LabelledImage> labelledImages = new ArrayList<>();
		final List<LabelledImage> unlabelledImages = new ArrayList<>();
		for (int c = 0; c < 2; c++) {
			final int label = c;
			final TrainingSet one = new TrainingSet(List.of(all.classes().get(c)),
				all.images().stream().filter(i -> i.label() == label).map(i -> new LabelledImage(i.file(), 0)).toList(),
				"class " + c);
			final TrainingSet.Split split = one.split(100.0 / counts[c] - 1e-9, 7, "labelled");
			split.taken().images().forEach(i -> labelledImages.add(new LabelledImage(i.file(), label)));
			split.kept().images().forEach(i -> unlabelledImages.add(new LabelledImage(i.file(), label)));
		}
		final TrainingSet labelled = new TrainingSet(all.classes(), labelledImages, "labelled");
		final Map<Path, Integer> truth = new HashMap<>();
		unlabelledImages.forEach(i -> truth.put(i.file(), i.label()));
		final Path out = Scratch.directory("medxai-labelling-out");
		final ImageLabelling.Result result = ImageLabelling.run(labelled,
			unlabelledImages.stream().map(LabelledImage::file).toList(),
			new ImageLabelling.Options(ImageLabelling.Method.BOTH, 50, 1, 1000, 10,
				Double.parseDouble(System.getProperty("alpha", "0.7")), 0.7,
				new double[][] { ModelEvaluation.LOWER_LEFT_BOX }),
			out, false, ProgressListener.NONE);
		System.out.printf(Locale.ROOT, "labelled %s, unlabelled %d%n", java.util.Arrays.toString(labelled.counts()),
			unlabelledImages.size());
		System.out.println("method,min_confidence,proposed,coverage,accuracy");
		for (final String method : List.of("cluster_purity", "label_spreading")) {
			for (final double threshold : new double[] { 0, 0.6, 0.7, 0.8, 0.9, 0.95 }) {
				int proposed = 0;
				int correct = 0;
				for (final ImageLabelling.Row row : result.rows()) {
					if (!row.method().equals(method) || row.label().isEmpty() || row.confidence() < threshold) continue;
					proposed++;
					if (row.label().equals(all.classes().get(truth.get(row.file())))) correct++;
				}
				System.out.printf(Locale.ROOT, "%s,%.2f,%d,%.3f,%.4f%n", method, threshold, proposed,
					proposed / (double) truth.size(), correct / (double) Math.max(1, proposed));
			}
		}
		final Map<Path, String> spread = new HashMap<>();
		final Map<Path, Double> spreadConfidence = new HashMap<>();
		for (final ImageLabelling.Row row : result.rows()) {
			if (row.method().equals("label_spreading")) {
				spread.put(row.file(), row.label());
				spreadConfidence.put(row.file(), row.confidence());
			}
		}
		for (final double threshold : new double[] { 0, 0.6, 0.7 }) {
			int agree = 0;
			int agreeCorrect = 0;
			for (final ImageLabelling.Row row : result.rows()) {
				if (!row.method().equals("cluster_purity") || row.label().isEmpty() ||
					!row.label().equals(spread.get(row.file())) || spreadConfidence.get(row.file()) < threshold)
					continue;
				agree++;
				if (row.label().equals(all.classes().get(truth.get(row.file())))) agreeCorrect++;
			}
			System.out.printf(Locale.ROOT, "both agree, spreading >= %.2f: %d (%.3f), accuracy %.4f%n", threshold,
				agree, agree / (double) truth.size(), agreeCorrect / (double) Math.max(1, agree));
		}
		int accepted = 0;
		int acceptedCorrect = 0;
		for (final ImageLabelling.Row row : result.rows()) {
			if (!row.method().equals("cluster_purity") || !row.accepted()) continue;
			accepted++;
			if (row.label().equals(all.classes().get(truth.get(row.file())))) acceptedCorrect++;
		}
		System.out.printf(Locale.ROOT, "accepted by the command's default (both, 0.70): %d (%.3f), accuracy %.4f%n",
			accepted, accepted / (double) truth.size(), acceptedCorrect / (double) Math.max(1, accepted));
	}
}
