package org.medxai.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import org.medxai.MedXaiException;

/**
 * Adam with the same update as DJL's own (bias-corrected, weight decay added to the gradient, the same native kernel),
 * whose moments can be saved and restored by parameter name, so an interrupted run continues with the optimiser it had.
 * DJL's Adam keeps its moments private and keyed by parameter ids that change with every new network.
 */
final class ResumableAdam extends Optimizer {

	private static final float BETA1 = 0.9f;
	private static final float BETA2 = 0.999f;
	private static final float EPSILON = 1e-8f;

	private final ParameterTracker learningRate;
	private final Map<String, NDArray> means = new HashMap<>();
	private final Map<String, NDArray> variances = new HashMap<>();

	/**
	 * @param completedUpdates updates already made (0 for a new run): the schedule and the bias correction go on from
	 *     there
	 */
	ResumableAdam(final ParameterTracker learningRate, final float weightDecay, final int completedUpdates) {
		super(new Builder().optWeightDecays(weightDecay).optBeginNumUpdate(completedUpdates));
		this.learningRate = learningRate;
	}

	@Override
	public void update(final String parameterId, final NDArray weight, final NDArray grad) {
		final int t = updateCount(parameterId);
		final double coef1 = 1.0 - Math.pow(BETA1, t);
		final double coef2 = 1.0 - Math.pow(BETA2, t);
		final float lr = learningRate.getNewValue(parameterId, t);
		final float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
		final float weightDecay = getWeightDecay();
		if (!Float.isFinite(corrected) || !Float.isFinite(weightDecay))
			throw new MedXaiException("The learning rate or weight decay is not a finite number.");
		final NDArray mean = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
		final NDArray variance = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
		weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight), lr,
			corrected, weightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
	}

	/**
	 * The moments of every parameter that has them, in the network's parameter order, as name → (mean, variance).
	 */
	List<Pair<String, NDList>> moments(final PairList<String, Parameter> parameters) {
		final List<Pair<String, NDList>> moments = new ArrayList<>();
		for (final Pair<String, Parameter> p : parameters) {
			final String id = p.getValue().getId();
			if (means.containsKey(id))
				moments.add(new Pair<>(p.getKey(), new NDList(means.get(id), variances.get(id))));
		}
		return moments;
	}

	/** Sets the moments saved by {@link #moments} on this network's parameters (copied into {@code manager}). */
	void restore(final PairList<String, Parameter> parameters, final Map<String, NDList> saved,
		final NDManager manager)
	{
		for (final Pair<String, Parameter> p : parameters) {
			final NDList moments = saved.get(p.getKey());
			if (moments == null) continue;
			final NDArray weight = p.getValue().getArray();
			if (!moments.get(0).getShape().equals(weight.getShape()))
				throw new MedXaiException("The saved optimiser state of " + p.getKey() + " has shape " +
					moments.get(0).getShape() + " but the network's has " + weight.getShape() + ".");
			// copies that own their memory: the saved arrays (and a same-device move of them) share the buffer they
			// were read into, which is freed with them
			final NDArray mean = moments.get(0).toDevice(weight.getDevice(), false).duplicate();
			final NDArray variance = moments.get(1).toDevice(weight.getDevice(), false).duplicate();
			mean.attach(manager);
			variance.attach(manager);
			means.put(p.getValue().getId(), mean);
			variances.put(p.getValue().getId(), variance);
		}
	}

	private static final class Builder extends OptimizerBuilder<Builder> {

		@Override
		protected Builder self() {
			return this;
		}
	}
}
