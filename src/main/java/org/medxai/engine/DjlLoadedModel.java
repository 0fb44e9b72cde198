package org.medxai.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import org.medxai.MedXaiException;

/**
 * A network rebuilt from a project architecture and DJL {@code .params} weights; or an ensemble of such networks (the
 * card's {@code params}, {@code params_2} … {@code params_N}), whose output is the mean of the members' outputs and
 * whose target layer is the members' target layers side by side (so a gradient CAM is the mean of the members').
 */
final class DjlLoadedModel implements LoadedModel {

	private static final Pattern PARAMS_NAME = Pattern.compile("(.+)-(\\d{4})\\.params");

	private final ModelCard card;
	private final List<Model> models = new ArrayList<>();
	private final List<SequentialBlock> networks = new ArrayList<>();
	/** Re-lays a batch out as channels-last (faster convolutions on the CPU); null off the CPU. */
	private final ChannelsLast channelsLast;

	DjlLoadedModel(final ModelCard card, final Device device) {
		this.card = card;
		final int outputs = "sigmoid".equals(card.outputActivation) ? 1 : card.numClasses();
		try {
			for (final String role : card.paramsRoles()) {
				final SequentialBlock network = Architectures.build(card.architecture, card.architectureOptions,
					outputs);
				final Model model = Model.newInstance(card.name == null ? "medxai" : card.name, device,
					EngineEnvironment.ENGINE_NAME);
				models.add(model);
				model.setBlock(network);
				networks.add(network);
				loadWeights(model, card, role);
			}
			channelsLast = Device.Type.CPU.equals(device.getDeviceType()) ? ChannelsLast.load(models.get(0)) : null;
		}
		catch (final MedXaiException e) {
			close();
			throw e;
		}
	}

	/**
	 * Loads the card's {@code params} file (SHA-256 checked) into a model whose block is already the card's
	 * architecture.
	 */
	static void loadWeights(final Model model, final ModelCard card) {
		loadWeights(model, card, ModelCard.FILE_PARAMS);
	}

	static void loadWeights(final Model model, final ModelCard card, final String role) {
		final Path params = card.file(role);
		WeightFiles.verify(params, card.files.get(role).sha256, WeightFiles.Kind.DJL_PARAMS);
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
		return models.get(0).getNDManager().getDevice();
	}

	@Override
	public NDManager newManager() {
		return models.get(0).getNDManager().newSubManager();
	}

	@Override
	public NDArray forward(final NDArray images) {
		final NDArray batch = laidOut(images);
		NDArray sum = null;
		for (final SequentialBlock network : networks) {
			final NDArray out = run(network, batch);
			sum = sum == null ? out : sum.add(out);
		}
		return networks.size() == 1 ? sum : Scalars.over(sum, networks.size());
	}

	@Override
	public NDArray backbone(final NDArray images) {
		final NDArray batch = laidOut(images);
		if (networks.size() == 1) return run(Architectures.backbone(networks.get(0)), batch);
		final NDList features = new NDList();
		for (final SequentialBlock network : networks) features.add(run(Architectures.backbone(network), batch));
		return NDArrays.concat(features, 1);
	}

	@Override
	public NDArray head(final NDArray features) {
		if (networks.size() == 1) return run(Architectures.head(networks.get(0)), features);
		final NDList parts = features.split(networks.size(), 1);
		NDArray sum = null;
		for (int m = 0; m < networks.size(); m++) {
			final NDArray out = run(Architectures.head(networks.get(m)), parts.get(m));
			sum = sum == null ? out : sum.add(out);
		}
		return Scalars.over(sum, networks.size());
	}

	@Override
	public NDArray headWithGradients(final NDArray features) {
		return head(features);
	}

	@Override
	public boolean hasBackboneHeadSplit() {
		return true;
	}

	/**
	 * A batch of several images in channels-last layout on the CPU (convolutions run faster so; one image keeps the
	 * default layout, as for TorchScript networks: the conversion would not repay).
	 */
	private NDArray laidOut(final NDArray batch) {
		return channelsLast != null && ChannelsLast.pays(batch) ? channelsLast.apply(batch) : batch;
	}

	/** True when batches of several images enter the network in channels-last layout. */
	boolean usesChannelsLast() {
		return channelsLast != null;
	}

	private static NDArray run(final Block block, final NDArray input) {
		final ParameterStore store = new ParameterStore(input.getManager(), false);
		return block.forward(store, new NDList(input), false).singletonOrThrow();
	}

	@Override
	public void close() {
		for (final Model model : models) model.close();
	}
}
