package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

/**
 * The gradient through an operation with a constant is right even when the garbage collector runs and native memory is
 * reused between the forward and the backward pass. With DJL's own {@code div(Number)} the constant's buffer is freed
 * by then: the backward pass read whatever the memory held next (the random NaN of video training).
 */
class ScalarsTest {

	@Test
	void gradientsThroughConstantsSurviveACollectionBeforeTheBackwardPass() {
		EngineEnvironment.engine();
		check("times 3", (x, c) -> Scalars.times(x, c), 3, x -> 3f);
		check("over 4", (x, c) -> Scalars.over(x, c), 4, x -> 0.25f);
		check("at least 0.1", (x, c) -> Scalars.atLeast(x, c), 0.1, x -> x > 0.1f ? 1f : 0f);
	}

	private interface Derivative {

		float at(float x);
	}

	private static void check(final String what, final BiFunction<NDArray, Double, NDArray> op, final double c,
		final Derivative derivative)
	{
		final float[] values = new float[257];
		for (int i = 0; i < values.length; i++) values[i] = (float) Math.sin(i * 0.37) * 2;
		final float[] expected = new float[values.length];
		for (int i = 0; i < values.length; i++) expected[i] = derivative.at(values[i]);
		for (int round = 0; round < 20; round++) {
			try (NDManager manager = Engine.getInstance().newBaseManager()) {
				final NDArray x = manager.create(values);
				x.setRequiresGradient(true);
				try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
					final NDArray y = op.apply(x, c).sum();
					reuseFreedNativeMemory();
					collector.backward(y);
				}
				assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-6f, what + ", round " + round);
			}
		}
	}

	/** Collections free unreachable direct buffers; new ones, filled with NaN, take their memory. */
	private static void reuseFreedNativeMemory() {
		for (int k = 0; k < 3; k++) {
			System.gc();
			final List<ByteBuffer> fresh = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				final ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 8));
				while (b.remaining() >= 4) b.putFloat(Float.NaN);
				fresh.add(b);
			}
		}
	}
}
