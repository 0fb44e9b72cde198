package org.medxai.experiments.polyp;

import java.nio.file.Path;
import java.util.List;

import org.medxai.engine.ModelCard;
import org.medxai.training.WeightAveraging;

/**
 * Interpolates the weights of two polyp models of one architecture, then reports the mix.
 *
 * (1 - t) A + t B for every parameter and batch-norm statistic ({@link WeightAveraging}), B trained on from A, saved to
 * OUT_FOLDER with B's card, then calibrated and reported on the default model's splits like
 * {@link CalibrateTrainedPolypModel}.
 *
 * Usage: {@code bash scripts/run-experiment.sh WeightAverageExperiment SHARED_DATA OUT_FOLDER CARD_A CARD_B [t=0.5]}
 */
public final class WeightAverageExperiment {

	public static void main(final String[] args) throws Exception {
		final Path out = Path.of(args[1]);
		final ModelCard a = ModelCard.read(Path.of(args[2]));
		final ModelCard b = ModelCard.read(Path.of(args[3]));
		final double t = args.length > 4 ? Double.parseDouble(args[4]) : 0.5;
		// B first: the mix gets B's card (input size, normalisation)
		WeightAveraging.average(List.of(b, a), new double[] { t, 1 - t }, out, b.name);
		CalibrateTrainedPolypModel.main(new String[] { args[0], out.toString() });
	}
}
