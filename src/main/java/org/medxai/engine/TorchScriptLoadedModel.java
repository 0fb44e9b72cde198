package org.medxai.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

import org.medxai.MedXaiException;

/**
 * A user's TorchScript network: one archive ({@code model}) or a backbone and head pair (needed for CAMs), run through
 * DJL's PyTorch engine. On the CPU, batches of several images enter the network in channels-last memory layout (the
 * same values; libtorch's convolutions run faster so); a network whose code needs the default layout gets it from its
 * first refusal on.
 */
final class TorchScriptLoadedModel implements LoadedModel {

	private final ModelCard card;
	private final List<Model> models = new ArrayList<>();
	private final Model whole;
	private final Model backbone;
	private final Model head;
	/** Re-lays a batch out as channels-last; null off the CPU or once the network refused that layout. */
	private volatile ChannelsLast channelsLast;

	TorchScriptLoadedModel(final ModelCard card, final Device device) {
		this.card = card;
		try {
			whole = keep(card, ModelCard.FILE_MODEL, device);
			backbone = keep(card, ModelCard.FILE_BACKBONE, device);
			head = keep(card, ModelCard.FILE_HEAD, device);
			if (!models.isEmpty() && Device.Type.CPU.equals(device.getDeviceType()))
				channelsLast = ChannelsLast.load(models.get(0));
		}
		catch (final RuntimeException e) {
			close();
			throw e;
		}
		if (whole == null && (backbone == null || head == null)) {
			close();
			throw new MedXaiException("The TorchScript card needs files.model, or files.backbone " + "and files.head.");
		}
	}

	private Model keep(final ModelCard card, final String role, final Device device) {
		final Model model = load(card, role, device);
		if (model != null) models.add(model);
		return model;
	}

	/** A TorchScript file of the card (SHA-256 checked) in eval mode with trainable parameters; null when absent. */
	static Model load(final ModelCard card, final String role, final Device device) {
		final Path file = card.file(role);
		if (file == null) return null;
		WeightFiles.verify(file, card.files.get(role).sha256, WeightFiles.Kind.TORCHSCRIPT);
		final Model model = Model.newInstance(role, device, EngineEnvironment.ENGINE_NAME);
		try {
			// Parameters loaded as trainable and the module set to eval mode: forward passes
			// behave as inference, yet gradients can flow for class activation maps.
			model.load(file, null, Map.of("trainParam", "true"));
			JniUtils.enableInferenceMode((PtSymbolBlock) model.getBlock());
		}
		catch (final IOException | MalformedModelException | RuntimeException e) {
			model.close();
			throw new MedXaiException("The TorchScript file " + file.getFileName() + " could not be loaded (" +
				e.getMessage() + "). Save it with torch.jit.save " + "from PyTorch 1.13 or newer.", e);
		}
		return model;
	}

	/** True while batches enter the network in channels-last layout. */
	boolean usesChannelsLast() {
		return channelsLast != null;
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
	public NDArray forward(final NDArray batch) {
		if (whole != null) return runImages(whole.getBlock(), batch);
		return head(backbone(batch));
	}

	@Override
	public NDArray backbone(final NDArray batch) {
		requireSplit();
		return runImages(backbone.getBlock(), batch);
	}

	/**
	 * An image batch through {@code block}, in channels-last layout while the network takes it; a network that refuses
	 * it (code that views a feature map, say) is run in the default layout from then on.
	 */
	private NDArray runImages(final Block block, final NDArray batch) {
		final ChannelsLast layout = channelsLast;
		if (layout != null && ChannelsLast.pays(batch)) {
			try {
				return run(block, layout.apply(batch));
			}
			catch (final EngineException e) {
				// the layout is given up only when the default one works: another fault fails either way
				final NDArray out = run(block, batch);
				channelsLast = null;
				return out;
			}
		}
		return run(block, batch);
	}

	@Override
	public NDArray head(final NDArray features) {
		requireSplit();
		return run(head.getBlock(), features);
	}

	@Override
	public boolean hasBackboneHeadSplit() {
		return backbone != null && head != null;
	}

	private void requireSplit() {
		if (!hasBackboneHeadSplit()) {
			throw new MedXaiException("This TorchScript model has no backbone/head split; " +
				"export the two parts separately and list them as files.backbone and files.head.");
		}
	}

	private static NDArray run(final Block block, final NDArray input) {
		return IValueUtils.forward((PtSymbolBlock) block, new NDList(input), false).singletonOrThrow();
	}

	@Override
	public NDArray headWithGradients(final NDArray features) {
		requireSplit();
		// isTrain=true only lifts libtorch's no-grad guard; the module stays in eval mode
		return IValueUtils.forward((PtSymbolBlock) head.getBlock(), new NDList(features), true).singletonOrThrow();
	}

	@Override
	public void close() {
		for (final Model model : models) model.close();
		models.clear();
	}
}
