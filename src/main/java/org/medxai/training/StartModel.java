package org.medxai.training;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.medxai.MedXaiException;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;

/**
 * The trained model a run starts from (a stopped run's best checkpoint, or a model to fine-tune): its card checked
 * against the network about to be trained before any image is read, and its weights loaded before the first step. Input
 * size is not checked: MedXAI's networks are convolutional, so the same weights take any input size.
 */
public final class StartModel {

	private StartModel() {}

	/**
	 * The card of {@code chosen} (a card, or a weight file beside one) when it is a MedXAI DJL {@code architecture}
	 * whose {@code options} (e.g. width, depth) and {@code classes} equal the run's; otherwise one message naming the
	 * difference.
	 */
	public static ModelCard check(final Path chosen, final String architecture,
		final List<Map.Entry<String, Integer>> options, final List<String> classes)
	{
		final ModelCard card = ModelCard.read(ModelLoader.findCard(chosen));
		final String what = "The initial model " + (card.name == null ? "" : card.name + " ");
		if (!ModelCard.ENGINE_DJL.equals(card.engine) || !architecture.equals(card.architecture)) {
			throw new MedXaiException(what + "is a " + card.engine + " " + card.architecture +
				"; training can only continue from a " + architecture + " trained by MedXAI.");
		}
		for (final Map.Entry<String, Integer> option : options) {
			final int value = card.architectureOptions == null || !card.architectureOptions.has(option.getKey())
				? -1
				: card.architectureOptions.get(option.getKey()).getAsInt();
			if (value != option.getValue()) {
				throw new MedXaiException(what + "has network " + option.getKey() + " " + value + "; set the network " +
					option.getKey() + " to " + value + ".");
			}
		}
		ModelLoader.refuseEnsemble(card);
		if (!card.classes.equals(classes)) {
			throw new MedXaiException(what + "has classes " + card.classes + " but this training has " + classes + ".");
		}
		WeightFiles.verify(card.file(ModelCard.FILE_PARAMS), card.files.get(ModelCard.FILE_PARAMS).sha256,
			WeightFiles.Kind.DJL_PARAMS);
		return card;
	}

	/** Loads the start's weights into {@code model}; nothing to do without a start. */
	public static void load(final Model model, final Shape[] batchShapes, final ModelCard start) {
		if (start == null) return;
		// initialised first so the loaded weights are kept by the trainer's initialisation
		model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, batchShapes);
		ModelLoader.loadDjlWeights(model, start);
	}

	/** What a card records of its start: name, SHA-256 of the weights, input size. */
	public static Map<String, Object> describe(final ModelCard start) {
		final Map<String, Object> described = new LinkedHashMap<>();
		described.put("name", String.valueOf(start.name));
		described.put("params_sha256", start.files.get(ModelCard.FILE_PARAMS).sha256);
		described.put("input_size", start.input.width + " x " + start.input.height);
		return described;
	}
}
