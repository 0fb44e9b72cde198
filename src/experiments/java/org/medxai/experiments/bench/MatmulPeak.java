package org.medxai.experiments.bench;

import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.medxai.engine.EngineEnvironment;

/**
 * The machine's measured float32 peak in MedXAI's own libtorch, in GFLOP/s.
 *
 * A large matrix multiply on the engine's threads: the yardstick of the folder benchmark's forward-pass figure.
 *
 * Usage: {@code bash scripts/run-experiment.sh MatmulPeak [SIZE=2048] [REPEATS=20]}
 */
public final class MatmulPeak {

	private MatmulPeak() {}

	public static void main(final String[] args) {
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
		final int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 20;
		EngineEnvironment.engine();
		try (NDManager manager = NDManager.newBaseManager()) {
			final NDArray a = manager.randomNormal(new Shape(n, n));
			final NDArray b = manager.randomNormal(new Shape(n, n));
			for (int i = 0; i < 3; i++) a.matMul(b).close();
			final long start = System.nanoTime();
			for (int i = 0; i < repeats; i++) a.matMul(b).close();
			final double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf(Locale.ROOT, "matmul %dx%d float32, threads %d: matmul_gflops %.1f%n", n, n,
				EngineEnvironment.report().threads(), 2.0 * n * n * n * repeats / seconds / 1e9);
		}
	}
}
