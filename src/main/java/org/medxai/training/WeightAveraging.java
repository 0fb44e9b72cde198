package org.medxai.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.medxai.MedXaiException;
import org.medxai.engine.Architectures;
import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;

/**
 * The mean of the weights of networks fine-tuned from one start (a "weight soup"): one network, so one forward pass,
 * where an ensemble of the same networks costs one pass each. Every parameter is averaged, batch-norm running
 * statistics included. Only networks that began from the same weights average into a working one; whether the mean is
 * better is for the validation images to say.
 */
public final class WeightAveraging {

	private WeightAveraging() {}

	/**
	 * Writes the mean of the weights of {@code cards} (single DJL networks of one architecture, options and classes) as
	 * {@code folder/name-0000.params} with its card ({@value ModelLoader#CARD_NAME}: the first card's network, input
	 * and normalisation; {@code training.weight_average_of} names the networks averaged) and returns the card.
	 */
	public static Path average(final List<ModelCard> cards, final Path folder, final String name) {
		final double[] equal = new double[cards.size()];
		Arrays.fill(equal, 1.0 / Math.max(1, cards.size()));
		return average(cards, equal, folder, name);
	}

	/**
	 * As {@link #average(List, Path, String)}, each network weighted by {@code weights} (summing to 1; e.g.
	 * {@code 1 - t, t} for the point a fraction t of the way from one network to another).
	 */
	public static Path average(final List<ModelCard> cards, final double[] weights, final Path folder,
		final String name)
	{
		if (cards.size() < 2) throw new MedXaiException("Averaging weights needs at least two networks.");
		if (weights.length != cards.size() || Math.abs(Arrays.stream(weights).sum() - 1) > 1e-6)
			throw new MedXaiException(
				"Averaging weights needs one weight per network, summing to 1: " + Arrays.toString(weights) + ".");
		final ModelCard first = cards.get(0);
		for (final ModelCard card : cards) check(first, card);
		try {
			Files.createDirectories(folder);
			try (Model sum = open(first)) {
				final PairList<String, Parameter> total = sum.getBlock().getParameters();
				for (final Pair<String, Parameter> p : total) p.getValue().getArray().muli(weights[0]);
				for (int k = 1; k < cards.size(); k++) {
					try (Model other = open(cards.get(k))) {
						final PairList<String, Parameter> add = other.getBlock().getParameters();
						for (int i = 0; i < total.size(); i++) {
							final NDArray into = total.valueAt(i).getArray();
							into.addi(add.valueAt(i).getArray().mul(weights[k]).toDevice(into.getDevice(), false));
						}
					}
				}
				Checkpoint.saveWeights(sum, folder, name);
			}
			final Path params = Checkpoint.paramsFile(folder, name);
			final ModelCard card = ModelCard.read(first.cardFile());
			card.name = name;
			card.description = "The mean of the weights of " + cards.size() + " " + first.architecture + " networks.";
			card.files.clear();
			card.files.put(ModelCard.FILE_PARAMS,
				new ModelCard.WeightFile(params.getFileName().toString(), WeightFiles.sha256(params)));
			final JsonArray averaged = new JsonArray();
			for (final ModelCard c : cards) {
				final JsonObject network = new JsonObject();
				network.addProperty("name", c.name);
				network.addProperty("params_sha256", c.files.get(ModelCard.FILE_PARAMS).sha256);
				network.addProperty("weight", weights[averaged.size()]);
				averaged.add(network);
			}
			final JsonObject training = new JsonObject();
			training.add("weight_average_of", averaged);
			card.training = training;
			card.metrics = null;
			final Path cardFile = folder.resolve(ModelLoader.CARD_NAME);
			card.write(cardFile);
			return cardFile;
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write the averaged weights to " + folder + ": " + e.getMessage(), e);
		}
	}

	private static void check(final ModelCard first, final ModelCard card) {
		final String what = "Cannot average the weights of " + card.name + " (" + card.cardFile() + ")";
		if (!ModelCard.ENGINE_DJL.equals(card.engine))
			throw new MedXaiException(what + ": it is a " + card.engine + " model; only DJL networks can be averaged.");
		if (card.paramsRoles().size() != 1)
			throw new MedXaiException(
				what + ": it is an ensemble of " + card.paramsRoles().size() + " networks; average single networks.");
		if (!first.architecture.equals(card.architecture) ||
			!String.valueOf(first.architectureOptions).equals(String.valueOf(card.architectureOptions)) ||
			!first.classes.equals(card.classes))
		{
			throw new MedXaiException(what + ": its network (" + card.architecture + " " + card.architectureOptions +
				", classes " + card.classes + ") differs from " + first.name + "'s (" + first.architecture + " " +
				first.architectureOptions + ", classes " + first.classes + ").");
		}
		WeightFiles.verify(card.file(ModelCard.FILE_PARAMS), card.files.get(ModelCard.FILE_PARAMS).sha256,
			WeightFiles.Kind.DJL_PARAMS);
	}

	/** The network of a single-network card, loaded on the CPU. */
	static Model open(final ModelCard card) {
		final Model model = Model.newInstance(card.name, Device.cpu(), EngineEnvironment.ENGINE_NAME);
		try {
			final Block net = Architectures.build(card.architecture, card.architectureOptions, card.numClasses());
			model.setBlock(net);
			// initialised with the input shape first, so the loaded weights can be saved again
			net.initialize(model.getNDManager(), DataType.FLOAT32,
				new Shape(1, card.input.channels, card.input.height, card.input.width));
			ModelLoader.loadDjlWeights(model, card);
			return model;
		}
		catch (final RuntimeException e) {
			model.close();
			throw e;
		}
	}
}
