package org.medxai.experiments.meibo;

import java.nio.file.Path;
import java.util.Locale;

import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.meibo.MeibographySet;
import org.medxai.meibo.MeibographyTrainer;

/**
 * Held-out ratio error of the default segmenter trained on fewer or more lids.
 *
 * Trains the default segmenter's configuration (384 x 192, width 16, at most 45 epochs, patience 15, seed 2026) on a
 * share of the default training lids (FRACTION below 1: a seeded subset) or on all lids not held out (FRACTION = all:
 * training and validation lids; the best epoch and gland threshold are then chosen on lids it trained on, which
 * flatters them), then scores it on the held-out lids with {@link MeiboEnsembleExperiment}.
 *
 * Usage: {@code bash scripts/run-experiment.sh MeiboDataScalingExperiment DATA FRACTION|all OUTPUT}
 */
public final class MeiboDataScalingExperiment {

	public static void main(final String[] args) throws Exception {
		final Path data = Path.of(args[0]);
		final DefaultMeibographySplits splits = DefaultMeibographySplits.of(data);
		final MeibographySet training = "all".equals(args[1])
			? splits.rest()
			: splits.rest().split(0.15, 2027, false).split(Double.parseDouble(args[1]), 2028, true);
		final Path output = Path.of(args[2]);
		System.out.printf(Locale.ROOT, "Training lids: %d, validation lids: %d%n", training.size(),
			splits.validation().size());
		final MeibographyTrainer.Options o = new MeibographyTrainer.Options("meibography-scaling", 384, 192, 16, 4, 45,
			4, 2e-3, 15, 2026, DevicePreference.CPU);
		final MeibographyTrainer.Result r = MeibographyTrainer.train(training, splits.validation(), o, output,
			new ProgressListener() {

				@Override
				public void progress(final int done, final int total, final String message) {
					if (message.startsWith("Epoch") && message.contains("validation")) System.out.println(message);
				}

				@Override
				public boolean isCancelled() {
					return false;
				}
			});
		System.out.println(r.status());
		MeiboEnsembleExperiment.main(new String[] { args[0], r.card().toString() });
	}
}
