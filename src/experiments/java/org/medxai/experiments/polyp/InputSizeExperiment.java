package org.medxai.experiments.polyp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.experiments.fixtures.Scratch;
import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;
import org.medxai.image.TensorConverter;
import org.medxai.metrics.ClassificationMetrics;
import org.medxai.training.DecisionCalibration;
import org.medxai.training.LabelledImage;
import org.medxai.training.TrainingSet;

/**
 * A trained polyp classifier run at input sizes other than its training size.
 *
 * The network is fully convolutional up to its global average, so the weights fit any size. Training crops 55-100 % of
 * the image and enlarges it to the input size, so objects look larger in training than in a whole image at the same
 * size; a larger test size may match them better. For each size: validation ROC AUC and accuracy, the logit shift that
 * gives the highest validation accuracy (the trainer's calibration rule), and the held-out figures at that shift; then
 * the same for the mean logit over all sizes.
 *
 * Usage: {@code bash scripts/run-experiment.sh InputSizeExperiment SHARED_DATA CARD SIZE...}
 */
public final class InputSizeExperiment {

	public static void main(final String[] args) throws Exception {
		final DefaultPolypSplits splits = DefaultPolypSplits.of(Path.of(args[0]));
		final Path cardFile = Path.of(args[1]);
		final int sizes = args.length - 2;
		final Scored[] validations = new Scored[sizes], heldOuts = new Scored[sizes];
		for (int a = 2; a < args.length; a++) {
			final int size = Integer.parseInt(args[a]);
			final Path folder = Scratch.directory("medxai-size");
			final ModelCard card = ModelCard.read(cardFile);
			final Path params = cardFile.getParent().resolve(card.files.get(ModelCard.FILE_PARAMS).path);
			Files.createSymbolicLink(folder.resolve(params.getFileName()), params.toAbsolutePath());
			card.input.width = size;
			card.input.height = size;
			card.write(folder.resolve("model-card.json"));
			try (LoadedModel model = ModelLoader.load(folder.resolve("model-card.json"), DevicePreference.CPU)) {
				final int polyp = model.card().classes.indexOf("polyp");
				final Scored validation = score(model, splits.validation(), polyp);
				final Scored heldOut = score(model, splits.heldOut(), polyp);
				validations[a - 2] = validation;
				heldOuts[a - 2] = heldOut;
				report("size " + size, validation, heldOut);
			}
		}
		if (sizes > 1) report("mean of all sizes", Scored.mean(validations), Scored.mean(heldOuts));
	}

	private static void report(final String what, final Scored validation, final Scored heldOut) {
		final double shift = bestShift(validation);
		System.out.printf(Locale.ROOT,
			"%s: validation AUC %.4f acc %.4f, shift %+.2f -> acc %.4f | held out AUC %.4f acc %.4f, at shift %.4f%n",
			what, validation.auc(), validation.accuracy(0), shift, validation.accuracy(shift), heldOut.auc(),
			heldOut.accuracy(0), heldOut.accuracy(shift));
	}

	/** Polyp minus non-polyp logit per image, and the truth (1 = polyp). */
	private record Scored(double[] difference, int[] truth) {

		static Scored mean(final Scored[] all) {
			final double[] d = new double[all[0].difference.length];
			for (final Scored s : all) for (int i = 0; i < d.length; i++) d[i] += s.difference[i] / all.length;
			return new Scored(d, all[0].truth);
		}

		double auc() {
			return ClassificationMetrics.rocAuc(truth, difference, 1);
		}

		double accuracy(final double shift) {
			int ok = 0;
			for (int i = 0; i < truth.length; i++) if ((difference[i] + shift > 0 ? 1 : 0) == truth[i]) ok++;
			return ok / (double) truth.length;
		}
	}

	private static Scored score(final LoadedModel model, final TrainingSet set, final int polyp) {
		final InputSpec spec = model.card().inputSpec();
		final List<LabelledImage> images = set.images();
		final double[] d = new double[images.size()];
		final int[] truth = new int[images.size()];
		for (int i = 0; i < d.length; i++) {
			truth[i] = images.get(i).label() == polyp ? 1 : 0;
			final float[] x = TensorConverter.convert(ImageDecoding.read(images.get(i).file()).planes(), spec);
			try (NDManager m = model.newManager()) {
				final float[] l = model.forward(m.create(x, new Shape(1, spec.channels(), spec.height(), spec.width())))
					.toFloatArray();
				d[i] = l[polyp] - l[1 - polyp];
			}
		}
		return new Scored(d, truth);
	}

	/** The trainer's calibration rule ({@link DecisionCalibration#bestShift}) on logits (0, difference). */
	private static double bestShift(final Scored s) {
		final double[][] logits = new double[s.truth().length][];
		for (int i = 0; i < logits.length; i++) logits[i] = new double[] { 0, s.difference()[i] };
		return DecisionCalibration.bestShift(logits, s.truth(), 1);
	}
}
