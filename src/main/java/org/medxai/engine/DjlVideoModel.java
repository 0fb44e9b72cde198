package org.medxai.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import org.medxai.MedXaiException;

/** A {@link VideoNetwork} rebuilt from its card's options and one DJL {@code .params} file (SHA-256 checked). */
final class DjlVideoModel implements VideoModel {

	private final ModelCard card;
	private final Model model;
	private final VideoNetwork network;

	DjlVideoModel(final ModelCard card, final Device device) {
		this.card = card;
		network = new VideoNetwork(VideoNetwork.Options.fromJson(card.architectureOptions), card.numClasses());
		model = Model.newInstance(card.name == null ? "medxai-video" : card.name, device,
			EngineEnvironment.ENGINE_NAME);
		model.setBlock(network);
		try {
			DjlLoadedModel.loadWeights(model, card);
		}
		catch (final MedXaiException e) {
			model.close();
			throw e;
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
	public NDArray frameMaps(final NDArray frames) {
		return network.backbone().forward(new ParameterStore(frames.getManager(), false), new NDList(frames), false)
			.singletonOrThrow();
	}

	@Override
	public NDList temporal(final NDArray embeddings, final NDArray mask, final NDArray probes) {
		final NDList inputs = new NDList(embeddings, mask);
		if (probes != null) inputs.add(probes);
		return network.temporal().forward(new ParameterStore(embeddings.getManager(), false), inputs, false);
	}

	@Override
	public int layers() {
		return network.options().temporal().layers();
	}

	@Override
	public int heads() {
		return network.options().temporal().heads();
	}

	@Override
	public int maxFrames() {
		return network.options().temporal().maxFrames();
	}

	@Override
	public void close() {
		model.close();
	}
}
