package org.medxai.engine;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import org.medxai.MedXaiException;

/**
 * A {@link VideoNetwork} rebuilt from its card's options and a DJL {@code .params} file (SHA-256 checked); or an
 * ensemble of such networks (the card's {@code params}, {@code params_2} … {@code params_N}, one architecture). An
 * ensemble shows itself as one model: its feature maps are the members' side by side, its logits the mean of the
 * members', and each layer's heads the members' heads side by side — so the CLS attention and the rollout read the
 * members' mean attention, and Grad-CAM is the mean of the members'. A probe's gradient is its member's attention
 * gradient for the member's own logits (the probe enters scaled by the number of members), so the gradient-weighted
 * attention is the members' mean too; an ensemble of one network twice explains exactly as that network.
 */
final class DjlVideoModel implements VideoModel {

	private final ModelCard card;
	private final List<Model> models = new ArrayList<>();
	private final List<VideoNetwork> networks = new ArrayList<>();

	DjlVideoModel(final ModelCard card, final Device device) {
		this.card = card;
		final VideoNetwork.Options options = VideoNetwork.Options.fromJson(card.architectureOptions);
		try {
			for (final String role : card.paramsRoles()) {
				final VideoNetwork network = new VideoNetwork(options, card.numClasses());
				final Model model = Model.newInstance(card.name == null ? "medxai-video" : card.name, device,
					EngineEnvironment.ENGINE_NAME);
				models.add(model);
				model.setBlock(network);
				networks.add(network);
				DjlLoadedModel.loadWeights(model, card, role);
			}
		}
		catch (final MedXaiException e) {
			close();
			throw e;
		}
	}

	@Override
	public ModelCard card() {
		return card;
	}

	@Override
	public Device device() {
		return models.get(0).getNDManager().getDevice();
	}

	@Override
	public NDManager newManager() {
		return models.get(0).getNDManager().newSubManager();
	}

	@Override
	public NDArray frameMaps(final NDArray frames) {
		final NDList maps = new NDList();
		for (final VideoNetwork network : networks)
			maps.add(network.backbone()
				.forward(new ParameterStore(frames.getManager(), false), new NDList(frames), false).singletonOrThrow());
		return maps.size() == 1 ? maps.get(0) : NDArrays.concat(maps, 1);
	}

	@Override
	public NDList temporal(final NDArray embeddings, final NDArray mask, final NDArray probes) {
		final int members = networks.size();
		if (members == 1) return temporal(networks.get(0), embeddings, mask, probes);
		final NDList embeddingParts = embeddings.split(members, 2);
		final NDList probeParts = probes == null ? null : probes.split(members, 2);
		NDArray logits = null;
		final List<NDList> attention = new ArrayList<>();
		for (int m = 0; m < members; m++) {
			final NDList out = temporal(networks.get(m), embeddingParts.get(m), mask,
				probeParts == null ? null : Scalars.times(probeParts.get(m), members));
			logits = logits == null ? out.get(0) : logits.add(out.get(0));
			for (int l = 0; l < out.size() - 1; l++) {
				if (m == 0) attention.add(new NDList());
				attention.get(l).add(out.get(1 + l));
			}
		}
		final NDList result = new NDList(Scalars.over(logits, members));
		for (final NDList layer : attention) result.add(NDArrays.concat(layer, 1));
		return result;
	}

	private static NDList temporal(final VideoNetwork network, final NDArray embeddings, final NDArray mask,
		final NDArray probes)
	{
		final NDList inputs = new NDList(embeddings, mask);
		if (probes != null) inputs.add(probes);
		return network.temporal().forward(new ParameterStore(embeddings.getManager(), false), inputs, false);
	}

	@Override
	public int layers() {
		return networks.get(0).options().temporal().layers();
	}

	@Override
	public int heads() {
		return networks.get(0).options().temporal().heads() * networks.size();
	}

	@Override
	public int maxFrames() {
		return networks.get(0).options().temporal().maxFrames();
	}

	@Override
	public void close() {
		for (final Model model : models) model.close();
	}
}
