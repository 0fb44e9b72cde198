package org.medxai.experiments.polyp;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;
import org.medxai.image.TensorConverter;
import org.medxai.metrics.ClassificationMetrics;
import org.medxai.training.LabelledImage;
import org.medxai.training.TrainingSet;

/**
 * Ways of scoring an image with a trained polyp classifier, compared.
 *
 * On the validation and held-out images of the default splits: the model's own logit (mean over the grid), test-time
 * flips, and pooling the per-location scores (max, top-k mean); with several cards, the mean of their logit
 * differences.
 *
 * Usage: {@code bash scripts/run-experiment.sh PolypScoreExperiment SHARED_DATA MODEL_CARD [MORE_CARDS...]}
 */
public final class PolypScoreExperiment {

	public static void main(final String[] args) throws Exception {
		final DefaultPolypSplits splits = DefaultPolypSplits.of(Path.of(args[0]));
		if (args.length > 2) {
			ensemble(splits, java.util.Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		try (LoadedModel model = ModelLoader.load(Path.of(args[1]), DevicePreference.CPU)) {
			final int polyp = model.card().classes.indexOf("polyp");
			for (final String name : List.of("validation", "held out")) {
				final TrainingSet set = name.equals("validation") ? splits.validation() : splits.heldOut();
				report(name, set, model, polyp);
			}
		}
	}

	private static void ensemble(final DefaultPolypSplits splits, final String[] cards) {
		for (final String name : List.of("validation", "held out")) {
			final TrainingSet set = name.equals("validation") ? splits.validation() : splits.heldOut();
			final int n = set.images().size();
			final double[][] d = new double[cards.length][n];
			final int[] truth = new int[n];
			for (int c = 0; c < cards.length; c++) {
				try (LoadedModel model = ModelLoader.load(Path.of(cards[c]), DevicePreference.CPU)) {
					final int polyp = model.card().classes.indexOf("polyp");
					final InputSpec spec = model.card().inputSpec();
					for (int i = 0; i < n; i++) {
						final LabelledImage image = set.images().get(i);
						truth[i] = image.label() == polyp ? 1 : 0;
						final float[] x = TensorConverter.convert(ImageDecoding.read(image.file()).planes(), spec);
						try (NDManager m = model.newManager()) {
							final float[] l = model
								.forward(m.create(x, new Shape(1, spec.channels(), spec.height(), spec.width())))
								.toFloatArray();
							d[c][i] = l[polyp] - l[1 - polyp];
						}
					}
				}
			}
			System.out.printf(Locale.ROOT, "%n%s (%d images)%n", name, n);
			for (int c = 0; c <= cards.length; c++) {
				final double[] score = new double[n];
				for (int i = 0; i < n; i++) {
					if (c < cards.length) score[i] = d[c][i];
					else for (int k = 0; k < cards.length; k++) score[i] += d[k][i] / cards.length;
				}
				int atZero = 0;
				for (int i = 0; i < n; i++) if ((score[i] >= 0 ? 1 : 0) == truth[i]) atZero++;
				System.out.printf(Locale.ROOT, "%-10s AUC %.4f  acc@0 %.4f%n",
					c < cards.length ? "model " + c : "ensemble", ClassificationMetrics.rocAuc(truth, score, 1),
					atZero / (double) n);
			}
		}
	}

	private static final String[] METHODS = { "mean (model)", "mean + hflip", "mean + 4 flips", "mean + 8 dihedral",
		"max cell", "top-5 cells", "top-10 cells", "top-20 cells", "top-49 cells" };

	private static void report(final String name, final TrainingSet set, final LoadedModel model, final int polyp) {
		final InputSpec spec = model.card().inputSpec();
		final int n = set.images().size();
		final double[][] scores = new double[METHODS.length][n];
		final int[] truth = new int[n];
		for (int i = 0; i < n; i++) {
			final LabelledImage image = set.images().get(i);
			truth[i] = image.label() == polyp ? 1 : 0;
			final float[] x = TensorConverter.convert(ImageDecoding.read(image.file()).planes(), spec);
			try (NDManager m = model.newManager()) {
				final NDArray one = m.create(x, new Shape(1, spec.channels(), spec.height(), spec.width()));
				final NDArray views = dihedralViews(one);
				final NDArray logits = model.forward(views);
				final float[] l = logits.toFloatArray();
				final int k = model.card().classes.size();
				final double[] d = new double[8];
				for (int v = 0; v < 8; v++) d[v] = l[v * k + polyp] - l[v * k + (1 - polyp)];
				scores[0][i] = d[0];
				scores[1][i] = (d[0] + d[1]) / 2;
				scores[2][i] = (d[0] + d[1] + d[2] + d[3]) / 4;
				double s = 0;
				for (final double v : d) s += v;
				scores[3][i] = s / 8;
				final NDArray features = model.backbone(one);
				final long c = features.getShape().get(1), h = features.getShape().get(2),
					w = features.getShape().get(3);
				final NDArray cells = features.transpose(0, 2, 3, 1).reshape(h * w, c, 1, 1);
				final float[] cl = model.head(cells).toFloatArray();
				final double[] cellD = new double[(int) (h * w)];
				for (int j = 0; j < cellD.length; j++) cellD[j] = cl[j * k + polyp] - cl[j * k + (1 - polyp)];
				java.util.Arrays.sort(cellD);
				final int[] tops = { 1, 5, 10, 20, 49 };
				for (int t = 0; t < tops.length; t++) {
					double sum = 0;
					for (int j = 0; j < tops[t]; j++) sum += cellD[cellD.length - 1 - j];
					scores[4 + t][i] = sum / tops[t];
				}
			}
		}
		System.out.printf(Locale.ROOT, "%n%s (%d images)%n", name, n);
		for (int mth = 0; mth < METHODS.length; mth++) {
			final double auc = ClassificationMetrics.rocAuc(truth, scores[mth], 1);
			// accuracy at the best cut (optimistic) and at 0
			final double[] sorted = scores[mth].clone();
			java.util.Arrays.sort(sorted);
			int best = 0;
			for (final double cut : sorted) {
				int ok = 0;
				for (int i = 0; i < n; i++) if ((scores[mth][i] >= cut ? 1 : 0) == truth[i]) ok++;
				best = Math.max(best, ok);
			}
			int atZero = 0;
			for (int i = 0; i < n; i++) if ((scores[mth][i] >= 0 ? 1 : 0) == truth[i]) atZero++;
			System.out.printf(Locale.ROOT, "%-18s AUC %.4f  acc@0 %.4f  best-cut acc %.4f%n", METHODS[mth], auc,
				atZero / (double) n, best / (double) n);
		}
	}

	/** The eight dihedral views: identity, h-flip, v-flip, both, then the same transposed. */
	private static NDArray dihedralViews(final NDArray x) {
		final NDArray h = x.flip(3), v = x.flip(2), hv = x.flip(2, 3);
		final NDArray t = x.transpose(0, 1, 3, 2);
		return ai.djl.ndarray.NDArrays
			.concat(new ai.djl.ndarray.NDList(x, h, v, hv, t, t.flip(3), t.flip(2), t.flip(2, 3)), 0);
	}
}
