package org.medxai.engine;

import java.util.List;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;

import org.medxai.MedXaiException;

/**
 * A user's TorchScript CNN-Transformer: {@code files.backbone} (frames → feature maps) and {@code files.head}
 * (embeddings, mask, probes → logits and the attention of every layer stacked), as the card's
 * {@link ModelCard#VIDEO_ATTENTION_LAYOUT} declares.
 */
final class TorchScriptVideoModel implements VideoModel {

	private final ModelCard card;
	private final Model backbone;
	private final Model head;

	TorchScriptVideoModel(final ModelCard card, final Device device) {
		this.card = card;
		backbone = TorchScriptLoadedModel.load(card, ModelCard.FILE_BACKBONE, device);
		try {
			head = TorchScriptLoadedModel.load(card, ModelCard.FILE_HEAD, device);
		}
		catch (final RuntimeException e) {
			backbone.close();
			throw e;
		}
	}

	@Override
	public ModelCard card() {
		return card;
	}

	@Override
	public Device device() {
		return backbone.getNDManager().getDevice();
	}

	@Override
	public NDManager newManager() {
		return backbone.getNDManager().newSubManager();
	}

	@Override
	public NDArray frameMaps(final NDArray frames) {
		try {
			return IValueUtils.forward((PtSymbolBlock) backbone.getBlock(), new NDList(frames), false)
				.singletonOrThrow();
		}
		catch (final RuntimeException e) {
			throw failed("backbone", "frames " + frames.getShape(), e);
		}
	}

	/** libtorch's error (often pages long) cut to its first line, with what to check. */
	private MedXaiException failed(final String part, final String input, final RuntimeException e) {
		// libtorch names the cause on its last "…Error: …" line; its first line only says that something failed
		final List<String> lines = String.valueOf(e.getMessage()).lines().map(String::trim).filter(l -> !l.isEmpty())
			.toList();
		final String message = lines.stream().filter(l -> l.matches("^[A-Za-z]*Error: .*")).reduce((a, b) -> b)
			.orElse(lines.isEmpty() ? "" : lines.get(0));
		return new MedXaiException(
			"The TorchScript video model " + card.name + " failed in its " + part + " on " + input + " (" + message +
				"). Check the card's input size and video.frames against what the model was " + "exported for.",
			e);
	}

	@Override
	public NDList temporal(final NDArray embeddings, final NDArray mask, final NDArray probes) {
		final Shape shape = embeddings.getShape();
		final long tokens = shape.get(1) + 1;
		final NDArray zeros = probes != null
			? probes
			: embeddings.getManager().zeros(new Shape(layers(), shape.get(0), heads(), tokens, tokens));
		// isTrain=true only lifts libtorch's no-grad guard; the module stays in eval mode. It is always lifted: after a
		// backward pass, libtorch's inference guard refuses the head's gradient-enabled parameters
		final NDList out;
		try {
			out = IValueUtils.forward((PtSymbolBlock) head.getBlock(), new NDList(embeddings, mask, zeros), true);
		}
		catch (final RuntimeException e) {
			throw failed("head", "a clip of " + shape.get(1) + " frames", e);
		}
		final Shape expected = new Shape(layers(), shape.get(0), heads(), tokens, tokens);
		if (out.size() != 2 || !out.get(1).getShape().equals(expected))
			throw new MedXaiException("The TorchScript video head of " + card.name + " must return (logits, " +
				"attention " + expected + "); it returned " + out.size() + " arrays" +
				(out.size() > 1 ? " with attention " + out.get(1).getShape() : "") + ".");
		final NDList result = new NDList(out.get(0));
		for (int l = 0; l < layers(); l++) result.add(out.get(1).get(l));
		return result;
	}

	@Override
	public int layers() {
		return card.video.layers;
	}

	@Override
	public int heads() {
		return card.video.heads;
	}

	@Override
	public int maxFrames() {
		return card.video.frames;
	}

	@Override
	public void close() {
		backbone.close();
		head.close();
	}
}
