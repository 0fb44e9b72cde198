package org.medxai.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import org.medxai.MedXaiException;
import org.medxai.engine.Architectures;
import org.medxai.engine.EngineEnvironment;
import org.medxai.image.InputSpec;
import org.medxai.math.Scores;
import org.medxai.metrics.ClassificationMetrics;

/**
 * The localisation loss asks most grid cells of an object image to score as background, which pulls the object class's
 * logit (the mean over cells) down: ranking stays good (ROC AUC), but the argmax misses objects. This shifts the object
 * class's bias in the head's linear layer by the amount that gives the highest validation accuracy
 * ({@link #bestShift}), and saves the weights again.
 */
public final class DecisionCalibration {

	/** @param shift the logit shift added to the object class's bias; metrics after it */
	public record Result(double shift, ClassificationMetrics before, ClassificationMetrics after) {}

	private static final double GRID = 0.05;

	private DecisionCalibration() {}

	public static Result apply(final Path folder, final String name, final int width, final int classes,
		final int objectClass, final List<float[]> tensors, final List<Integer> labels, final InputSpec spec)
	{
		try (Model model = open(folder, name, width, classes, spec)) {
			final SequentialBlock net = (SequentialBlock) model.getBlock();
			final double[][] logits = new double[tensors.size()][];
			try (NDManager m = model.getNDManager().newSubManager()) {
				final ParameterStore store = new ParameterStore(m, false);
				for (int i = 0; i < tensors.size(); i++) {
					final float[] out = net.forward(store,
						new NDList(
							m.create(tensors.get(i), new Shape(1, spec.channels(), spec.height(), spec.width()))),
						false).singletonOrThrow().toFloatArray();
					logits[i] = new double[classes];
					for (int c = 0; c < classes; c++) logits[i][c] = out[c];
				}
			}
			final int[] truth = labels.stream().mapToInt(Integer::intValue).toArray();
			final ClassificationMetrics before = metrics(logits, truth, objectClass, 0);
			final double best = bestShift(logits, truth, objectClass);
			if (best != 0) shiftAndSave(model, folder, name, objectClass, best);
			return new Result(best, before, metrics(logits, truth, objectClass, best));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot calibrate the model in " + folder + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Adds {@code shift} to the object class's bias of the weights saved as {@code folder/name-0000.params} (a
	 * {@code medxai-resnet-small} of the given width) and saves them again.
	 */
	public static void shift(final Path folder, final String name, final int width, final int classes,
		final int objectClass, final double shift, final InputSpec spec)
	{
		try (Model model = open(folder, name, width, classes, spec)) {
			shiftAndSave(model, folder, name, objectClass, shift);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot shift the decision of the model in " + folder + ": " + e.getMessage(), e);
		}
	}

	private static Model open(final Path folder, final String name, final int width, final int classes,
		final InputSpec spec) throws IOException
	{
		final Model model = Model.newInstance(name, Device.cpu(), EngineEnvironment.ENGINE_NAME);
		try {
			final SequentialBlock net = Architectures.resnetSmall(width, classes);
			model.setBlock(net);
			// initialised with the input shape first, so the weights can be saved again
			net.initialize(model.getNDManager(), DataType.FLOAT32,
				new Shape(1, spec.channels(), spec.height(), spec.width()));
			model.load(folder, name);
			return model;
		}
		catch (final IOException | MalformedModelException | RuntimeException e) {
			model.close();
			throw new IOException(e.getMessage(), e);
		}
	}

	private static void shiftAndSave(final Model model, final Path folder, final String name, final int objectClass,
		final double shift) throws IOException
	{
		final SequentialBlock net = (SequentialBlock) model.getBlock();
		final SequentialBlock head = (SequentialBlock) net.getChildren().valueAt(1);
		final Block linear = head.getChildren().valueAt(head.getChildren().size() - 1);
		final NDArray bias = linear.getParameters().get("bias").getArray();
		final float[] values = bias.toFloatArray();
		values[objectClass] += (float) shift;
		bias.set(values);
		Checkpoint.saveWeights(model, folder, name);
	}

	/**
	 * The logit shift of the object class with the most correct argmax decisions, on a grid of 0.05 within ±10. Many
	 * shifts usually tie; the middle of the widest run of tied grid shifts is taken (ties: the run nearest zero), so
	 * the threshold lies halfway between the validation images nearest to it on either side rather than against one of
	 * them.
	 */
	public static double bestShift(final double[][] logits, final int[] truth, final int objectClass) {
		final int steps = 200;
		final int[] correct = new int[2 * steps + 1];
		int most = -1;
		for (int k = -steps; k <= steps; k++) {
			correct[k + steps] = correct(logits, truth, objectClass, GRID * k);
			most = Math.max(most, correct[k + steps]);
		}
		int bestFrom = 0, bestTo = 0, bestLength = -1;
		for (int from = 0; from < correct.length; from++) {
			if (correct[from] != most) continue;
			int to = from;
			while (to + 1 < correct.length && correct[to + 1] == most) to++;
			final int length = to - from;
			final boolean nearerZero = Math.abs(from + to - 2 * steps) < Math.abs(bestFrom + bestTo - 2 * steps);
			if (length > bestLength || length == bestLength && nearerZero) {
				bestFrom = from;
				bestTo = to;
				bestLength = length;
			}
			from = to;
		}
		return GRID * (bestFrom + bestTo - 2 * steps) / 2;
	}

	private static int correct(final double[][] logits, final int[] truth, final int objectClass, final double shift) {
		int correct = 0;
		for (int i = 0; i < logits.length; i++) {
			final double[] l = logits[i].clone();
			l[objectClass] += shift;
			if (Scores.argmax(l) == truth[i]) correct++;
		}
		return correct;
	}

	/** The metrics of the decisions after adding {@code shift} to the object class's logit. */
	public static ClassificationMetrics metrics(final double[][] logits, final int[] truth, final int objectClass,
		final double shift)
	{
		final double[][] p = new double[logits.length][];
		for (int i = 0; i < logits.length; i++) {
			final double[] l = logits[i].clone();
			l[objectClass] += shift;
			p[i] = Scores.softmax(l);
		}
		return ClassificationMetrics.of(truth, p);
	}
}
