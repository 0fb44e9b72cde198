package org.medxai.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelCard;
import org.medxai.image.InputSpec;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;
import org.medxai.math.Scores;

/**
 * Classifies images with a loaded model, in batches, releasing native memory after every batch. Images are converted
 * lazily so stacks of any length fit.
 */
public final class ImageClassifier {

	private final LoadedModel model;
	private final InputSpec spec;

	public ImageClassifier(final LoadedModel model) {
		this.model = model;
		this.spec = model.card().inputSpec();
	}

	public InputSpec inputSpec() {
		return spec;
	}

	/** The model's class names, in score order. */
	public List<String> classes() {
		return model.card().classes;
	}

	/** Classifies one batch of already-read images. */
	public List<Prediction> classify(final List<PixelPlanes> images) {
		if (images.isEmpty()) return List.of();
		final float[] data = new float[images.size() * spec.size()];
		// each image fills its own part of the batch: converted on every core
		IntStream.range(0, images.size()).parallel()
			.forEach(i -> TensorConverter.convertInto(images.get(i), spec, data, i));
		final float[] scores;
		final int outputs;
		try (NDManager manager = model.newManager()) {
			final NDArray batch = manager.create(data,
				new Shape(images.size(), spec.channels(), spec.height(), spec.width()));
			final NDArray out = model.forward(batch);
			if (out.getShape().dimension() != 2 || out.getShape().get(0) != images.size()) {
				throw new MedXaiException("The model returned shape " + out.getShape() +
					"; a classifier must return one row of scores per image.");
			}
			outputs = (int) out.getShape().get(1);
			scores = out.toType(DataType.FLOAT32, false).toFloatArray();
		}
		return toPredictions(scores, images.size(), outputs);
	}

	/**
	 * Classifies {@code count} images read on demand, {@code batchSize} at a time, reporting progress; stops between
	 * batches when cancelled.
	 *
	 * @throws CancelledException when the listener cancels; predictions made so far were already handed to {@code sink}
	 */
	public void classifyAll(final int count, final IntFunction<PixelPlanes> source, final int batchSize,
		final ProgressListener progress, final PredictionSink sink)
	{
		final int size = Math.max(1, batchSize);
		for (int start = 0; start < count; start += size) {
			if (progress.isCancelled()) {
				throw new CancelledException("Cancelled after " + start + " of " + count + " images.");
			}
			final int end = Math.min(count, start + size);
			final List<PixelPlanes> batch = new ArrayList<>(end - start);
			for (int i = start; i < end; i++) batch.add(source.apply(i));
			final List<Prediction> predictions = classify(batch);
			for (int i = 0; i < predictions.size(); i++) {
				sink.accept(start + i, predictions.get(i));
			}
			progress.progress(end, count, "Classified " + end + " of " + count);
		}
	}

	/** Receives each prediction with the index of its image. */
	@FunctionalInterface
	public interface PredictionSink {

		void accept(int index, Prediction prediction);
	}

	private List<Prediction> toPredictions(final float[] scores, final int rows, final int outputs) {
		final ModelCard card = model.card();
		final int classes = card.numClasses();
		final boolean sigmoid = "sigmoid".equals(card.outputActivation);
		if (sigmoid ? outputs != 1 : outputs != classes) {
			throw new MedXaiException(
				"The model returns " + outputs + " scores per image but " + "its card lists " + classes + " classes" +
					(sigmoid ? " with a sigmoid output" : "") + ". Fix the card's classes or output_activation.");
		}
		final List<Prediction> predictions = new ArrayList<>(rows);
		for (int r = 0; r < rows; r++) {
			final double[] p = new double[classes];
			if (sigmoid) {
				p[1] = 1 / (1 + Math.exp(-scores[r]));
				p[0] = 1 - p[1];
			}
			else if ("softmax".equals(card.outputActivation)) {
				System.arraycopy(Scores.softmax(scores, r * outputs, classes), 0, p, 0, classes);
			}
			else {
				for (int k = 0; k < classes; k++) p[k] = scores[r * outputs + k];
			}
			final int best = Scores.argmax(p);
			predictions.add(new Prediction(best, card.classes.get(best), p, card.classes));
		}
		return predictions;
	}
}
