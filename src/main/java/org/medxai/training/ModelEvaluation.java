package org.medxai.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.classify.ImageClassifier;
import org.medxai.classify.Prediction;
import org.medxai.engine.LoadedModel;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.metrics.ClassificationMetrics;

/**
 * Evaluates a model on labelled image files, as they are or altered in ways a shortcut-learning model would notice:
 * re-encoded as JPEG at quality 75 or 95 (the two classes of the shared data differ in JPEG history), with the
 * lower-left corner blacked out (where endoscopes overlay a thumbnail), or with the field-of-view border hidden behind
 * a black frame.
 */
public final class ModelEvaluation {

	/** The lower-left overlay box of the shared endoscopy images, as fractions x0, y0, x1, y1. */
	public static final double[] LOWER_LEFT_BOX = { 0, 0.62, 0.38, 1 };

	/**
	 * A black frame (10 % on each side) and cut corners: the field-of-view border, whose shape differs between image
	 * sources, is hidden.
	 */
	public static final double[][] BORDER_FRAME = { { 0, 0, 1, 0.1 }, { 0, 0.9, 1, 1 }, { 0, 0, 0.1, 1 },
		{ 0.9, 0, 1, 1 }, { 0, 0, 0.25, 0.25 }, { 0.75, 0, 1, 0.25 }, { 0, 0.75, 0.25, 1 }, { 0.75, 0.75, 1, 1 } };

	/** How each image is altered before classification. */
	public enum Variant {

		PLAIN, JPEG_75, JPEG_95, LOWER_LEFT_MASKED, BORDER_MASKED;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		PixelPlanes apply(final ImageDecoding.Rgb rgb) {
			return switch (this) {
				case PLAIN -> rgb.planes();
				case JPEG_75 -> ImageDecoding.jpegRoundTrip(rgb, 75).planes();
				case JPEG_95 -> ImageDecoding.jpegRoundTrip(rgb, 95).planes();
				case LOWER_LEFT_MASKED -> rgb.planes().masked(new double[][] { LOWER_LEFT_BOX });
				case BORDER_MASKED -> rgb.planes().masked(BORDER_FRAME);
			};
		}
	}

	/** One image's truth and probabilities. */
	public record FilePrediction(Path file, int truth, double[] probabilities) {}

	/** Metrics of one variant with the per-image predictions behind them. */
	public record Report(Variant variant, ClassificationMetrics metrics, List<FilePrediction> predictions,
		int unreadable)
	{}

	private ModelEvaluation() {}

	public static Report evaluate(final LoadedModel model, final TrainingSet set, final Variant variant,
		final int batchSize, final ProgressListener progress)
	{
		if (!model.card().classes.equals(set.classes())) {
			throw new MedXaiException("The model's classes " + model.card().classes +
				" differ from the images' classes " + set.classes() + ".");
		}
		final ImageClassifier classifier = new ImageClassifier(model);
		final List<FilePrediction> predictions = new ArrayList<>();
		final List<PixelPlanes> batch = new ArrayList<>();
		final List<LabelledImage> pending = new ArrayList<>();
		int unreadable = 0;
		int done = 0;
		for (final LabelledImage image : set.images()) {
			if (progress.isCancelled()) throw new CancelledException("Evaluation cancelled.");
			try {
				batch.add(variant.apply(ImageDecoding.read(image.file())));
				pending.add(image);
			}
			catch (final MedXaiException e) {
				unreadable++;
			}
			if (batch.size() >= batchSize) flush(classifier, batch, pending, predictions);
			progress.progress(++done, set.size(), "Evaluating (" + variant.key() + ") " + done + "/" + set.size());
		}
		flush(classifier, batch, pending, predictions);
		final int[] truth = predictions.stream().mapToInt(FilePrediction::truth).toArray();
		final double[][] p = predictions.stream().map(FilePrediction::probabilities).toArray(double[][]::new);
		return new Report(variant, ClassificationMetrics.of(truth, p), predictions, unreadable);
	}

	private static void flush(final ImageClassifier classifier, final List<PixelPlanes> batch,
		final List<LabelledImage> pending, final List<FilePrediction> predictions)
	{
		if (batch.isEmpty()) return;
		final List<Prediction> out = classifier.classify(batch);
		for (int i = 0; i < out.size(); i++) {
			predictions
				.add(new FilePrediction(pending.get(i).file(), pending.get(i).label(), out.get(i).probabilities()));
		}
		batch.clear();
		pending.clear();
	}
}
