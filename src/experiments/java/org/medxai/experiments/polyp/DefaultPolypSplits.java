package org.medxai.experiments.polyp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.medxai.experiments.fixtures.Scratch;
import org.medxai.training.TrainingSet;

/**
 * The splits scripts/train-default-polyp-model.sh makes of the shared data (polyp = kvasir-seg/images, non-polyp =
 * kvasir-nonpolyp): held out 20 % (seed 2026), then validation 15 % of the rest (seed 2027; another fraction with
 * {@link #of(Path, double)}), or the rest in folds ({@link #folds}).
 */
public record DefaultPolypSplits(TrainingSet heldOut, TrainingSet validation) {

	public static DefaultPolypSplits of(final Path data) throws IOException {
		return of(data, 0.15);
	}

	public static DefaultPolypSplits of(final Path data, final double validationFraction) throws IOException {
		final TrainingSet.Split held = heldOutSplit(data);
		return new DefaultPolypSplits(held.taken(), held.kept().split(validationFraction, 2027, "validation").taken());
	}

	/**
	 * The k-fold splits of the training script's {@code FOLD=k FOLDS=n}: the held-out part as above and the rest in
	 * {@code folds} folds (seed 2027; fold 1 of 4 is the 25 % validation part).
	 */
	public static List<TrainingSet> folds(final Path data, final int folds) throws IOException {
		final TrainingSet rest = heldOutSplit(data).kept();
		final List<TrainingSet> all = new ArrayList<>();
		for (int k = 1; k <= folds; k++) all.add(rest.fold(k, folds, 2027, "validation").taken());
		return all;
	}

	private static TrainingSet.Split heldOutSplit(final Path data) throws IOException {
		// named as in the training script, so the splits' descriptions read as the training cards'
		final Path root = Files.createDirectory(Scratch.directory("medxai-split").resolve("data"));
		Files.createSymbolicLink(root.resolve("polyp"), data.resolve("kvasir-seg/images").toAbsolutePath());
		Files.createSymbolicLink(root.resolve("non-polyp"), data.resolve("kvasir-nonpolyp").toAbsolutePath());
		return TrainingSet.fromClassFolders(root).split(0.2, 2026, "held out");
	}
}
