package org.medxai.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import org.medxai.MedXaiException;

/** A network rebuilt from a project architecture and DJL {@code .params} weights. */
final class DjlLoadedModel implements LoadedModel {

	private static final Pattern PARAMS_NAME = Pattern.compile("(.+)-(\\d{4})\\.params");

	private final ModelCard card;
	private final Model model;
	private final SequentialBlock network;

	DjlLoadedModel(final ModelCard card, final Device device) {
		this.card = card;
		final int outputs = "sigmoid".equals(card.outputActivation) ? 1 : card.numClasses();
		network = Architectures.build(card.architecture, card.architectureOptions, outputs);
		model = Model.newInstance(card.name == null ? "medxai" : card.name, device, EngineEnvironment.ENGINE_NAME);
		model.setBlock(network);
		try {
			loadWeights(model, card);
		}
		catch (final MedXaiException e) {
			model.close();
			throw e;
		}
	}

	/**
	 * Loads the card's {@code params} file (SHA-256 checked) into a model whose block is already the card's
	 * architecture.
	 */
	static void loadWeights(final Model model, final ModelCard card) {
		final Path params = card.file(ModelCard.FILE_PARAMS);
		WeightFiles.verify(params, card.files.get(ModelCard.FILE_PARAMS).sha256, WeightFiles.Kind.DJL_PARAMS);
		final Matcher name = PARAMS_NAME.matcher(params.getFileName().toString());
		if (!name.matches()) {
			throw new MedXaiException(
				"DJL weight file " + params.getFileName() + " must be named PREFIX-NNNN.params (as DJL saves it).");
		}
		try {
			model.load(params.getParent(), name.group(1), Map.of("epoch", name.group(2)));
		}
		catch (final IOException | MalformedModelException | RuntimeException e) {
			throw new MedXaiException("The DJL weights " + params.getFileName() + " do not fit architecture " +
				card.architecture + " (" + e.getMessage() + "). Was the card edited?", e);
		}
	}

	@Override
	public ModelCard card() {
		return card;
	}

	@Override
	public Device device() {
		return model.getNDManager().getDevice();
	}

	@Override
	public NDManager newManager() {
		return model.getNDManager().newSubManager();
	}

	@Override
	public NDArray forward(final NDArray batch) {
		return run(network, batch);
	}

	@Override
	public NDArray backbone(final NDArray batch) {
		return run(Architectures.backbone(network), batch);
	}

	@Override
	public NDArray head(final NDArray features) {
		return run(Architectures.head(network), features);
	}

	@Override
	public NDArray headWithGradients(final NDArray features) {
		return head(features);
	}

	@Override
	public boolean hasBackboneHeadSplit() {
		return true;
	}

	private static NDArray run(final Block block, final NDArray input) {
		final ParameterStore store = new ParameterStore(input.getManager(), false);
		return block.forward(store, new NDList(input), false).singletonOrThrow();
	}

	@Override
	public void close() {
		model.close();
	}
}
