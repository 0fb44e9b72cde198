package org.medxai.experiments.polyp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.medxai.training.TrainingSet;

/**
 * The splits scripts/train-default-polyp-model.sh makes of the shared data (polyp = kvasir-seg/images, non-polyp =
 * kvasir-nonpolyp): held out 20 % (seed 2026), then validation 15 % of the rest (seed 2027; another fraction with
 * {@link #of(Path, double)}).
 */
public record DefaultPolypSplits(TrainingSet heldOut, TrainingSet validation) {

	public static DefaultPolypSplits of(final Path data) throws IOException {
		return of(data, 0.15);
	}

	public static DefaultPolypSplits of(final Path data, final double validationFraction) throws IOException {
		// named as in the training script, so the splits' descriptions read as the training cards'
		final Path root = Files.createDirectory(Files.createTempDirectory("medxai-split").resolve("data"));
		Files.createSymbolicLink(root.resolve("polyp"), data.resolve("kvasir-seg/images").toAbsolutePath());
		Files.createSymbolicLink(root.resolve("non-polyp"), data.resolve("kvasir-nonpolyp").toAbsolutePath());
		final TrainingSet.Split held = TrainingSet.fromClassFolders(root).split(0.2, 2026, "held out");
		return new DefaultPolypSplits(held.taken(), held.kept().split(validationFraction, 2027, "validation").taken());
	}
}
