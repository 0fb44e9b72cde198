package org.medxai.engine;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a constant for arrays that take part in a backward pass. DJL's {@code mul(Number)},
 * {@code div(Number)} and {@code maximum(Number)} make the constant a tensor over a direct buffer and close it at once;
 * libtorch's autograd keeps that tensor for the backward pass, and once the garbage collector frees the buffer the
 * backward pass reads freed memory: wrong gradients, NaN at random steps, more often the busier the collector. Here the
 * constant belongs to the array's own manager, so it lives until that manager (a training step's, an explanation's) is
 * closed, after the backward pass.
 */
public final class Scalars {

	private Scalars() {}

	/** {@code array × value}. */
	public static NDArray times(final NDArray array, final double value) {
		return array.mul(constant(array, value));
	}

	/** {@code array ÷ value}. */
	public static NDArray over(final NDArray array, final double value) {
		return array.div(constant(array, value));
	}

	/** The element-wise maximum of {@code array} and {@code value}. */
	public static NDArray atLeast(final NDArray array, final double value) {
		return array.maximum(constant(array, value));
	}

	private static NDArray constant(final NDArray like, final double value) {
		return like.getManager().create((float) value).toType(like.getDataType(), false);
	}
}
