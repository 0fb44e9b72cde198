package org.medxai.engine;

import java.io.IOException;
import java.io.InputStream;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import org.medxai.MedXaiException;

/**
 * Re-lays image batches out in channels-last memory layout, where convolutions run faster on the CPU. DJL cannot change
 * a tensor's memory format; a one-line TorchScript module bundled with MedXAI can
 * ({@code x.contiguous(memory_format=torch.channels_last)}, made by src/experiments/python/make_layout_modules.py).
 * Values and shapes stay the same; only the order in memory changes.
 */
final class ChannelsLast {

	private static final String MODULE = "/org/medxai/engine/to-channels-last.pt";

	/**
	 * Smallest batch re-laid out: the network's weights are converted on every call, which one or two images do not
	 * repay (measured on a ResNet-18 backbone: batch 1 about 20 % slower, 2 even, 4 and 8 faster by 5-15 %).
	 */
	static final int MIN_BATCH = 4;

	private final PtSymbolBlock module;

	private ChannelsLast(final PtSymbolBlock module) {
		this.module = module;
	}

	/** The bundled layout module, its memory owned by {@code owner} (closed with it); for inference only. */
	static ChannelsLast load(final Model owner) {
		try (InputStream in = ChannelsLast.class.getResourceAsStream(MODULE)) {
			if (in == null) throw new MedXaiException("This MedXAI build lacks " + MODULE + ".");
			final PtSymbolBlock module = JniUtils.loadModule((PtNDManager) owner.getNDManager(), in, true, false);
			JniUtils.enableInferenceMode(module);
			return new ChannelsLast(module);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read " + MODULE + " (" + e.getMessage() + ").", e);
		}
	}

	/** True for a 4-D batch of at least {@link #MIN_BATCH} images. */
	static boolean pays(final NDArray batch) {
		return batch.getShape().dimension() == 4 && batch.getShape().get(0) >= MIN_BATCH;
	}

	/** The same batch in channels-last layout, in the batch's own memory scope. */
	NDArray apply(final NDArray batch) {
		// an inference-mode result: libtorch will not keep it for a backward pass (training does not use this)
		return module.forward(new ParameterStore(batch.getManager(), false), new NDList(batch), false)
			.singletonOrThrow();
	}
}
