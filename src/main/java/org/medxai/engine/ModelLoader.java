package org.medxai.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.Model;

import org.medxai.MedXaiException;

/** Finds a model's card from whatever the user picked, checks it, and loads the network. */
public final class ModelLoader {

	/** Card file name looked for in a model folder. */
	public static final String CARD_NAME = "model-card.json";

	private ModelLoader() {}

	/** Loads the model a user chose (card, weight file, or folder) on the preferred device. */
	public static LoadedModel load(final Path chosen, final DevicePreference preference) {
		final ModelCard card = ModelCard.read(findCard(chosen));
		if (card.isVideo())
			throw new MedXaiException("The model " + card.name + " classifies videos, not single images: use it with " +
				"Explain Video with MedXAI.");
		final Device device = EngineEnvironment.device(preference);
		if (ModelCard.ENGINE_DJL.equals(card.engine)) return new DjlLoadedModel(card, device);
		return new TorchScriptLoadedModel(card, device);
	}

	/** Loads the video classifier a user chose (card, weight file, or folder) on the preferred device. */
	public static VideoModel loadVideo(final Path chosen, final DevicePreference preference) {
		final ModelCard card = ModelCard.read(findCard(chosen));
		if (!card.isVideo())
			throw new MedXaiException("The model " + card.name + " classifies single images, not videos (its card " +
				"has no \"video\" part): choose a video model trained by Train MedXAI Video Classifier.");
		final Device device = EngineEnvironment.device(preference);
		if (ModelCard.ENGINE_DJL.equals(card.engine)) {
			if (!VideoNetwork.ARCHITECTURE.equals(card.architecture))
				throw new MedXaiException(
					"A DJL video model must be a " + VideoNetwork.ARCHITECTURE + ", not " + card.architecture + ".");
			return new DjlVideoModel(card, device);
		}
		return new TorchScriptVideoModel(card, device);
	}

	/**
	 * Loads a DJL card's weights (SHA-256 checked) into {@code model}, whose block must already be the card's
	 * architecture; used to start training from an existing model.
	 */
	public static void loadDjlWeights(final Model model, final ModelCard card) {
		if (!ModelCard.ENGINE_DJL.equals(card.engine)) {
			throw new MedXaiException("Model " + card.name + " is a " + card.engine +
				" model; only DJL (.params) models can be trained further.");
		}
		refuseEnsemble(card);
		DjlLoadedModel.loadWeights(model, card);
	}

	/** Training continues from one network: an ensemble card gets one message saying so. */
	public static void refuseEnsemble(final ModelCard card) {
		if (card.paramsRoles().size() > 1) {
			throw new MedXaiException("Model " + card.name + " is an ensemble of " + card.paramsRoles().size() +
				" networks; training continues from one network: choose one of the cards it was made from.");
		}
	}

	/**
	 * The card for a chosen path: a {@code .json} itself; in a folder {@value #CARD_NAME} or its only {@code .json};
	 * beside a weight file {@code STEM.json}, {@code STEM.card.json} or {@value #CARD_NAME}.
	 */
	public static Path findCard(final Path chosen) {
		if (chosen == null || chosen.toString().isBlank()) {
			throw new MedXaiException(
				"No model chosen: pick a model card (.json) or a weight " + "file with its card beside it.");
		}
		if (!Files.exists(chosen)) {
			throw new MedXaiException("Model not found: " + chosen + ".");
		}
		if (Files.isDirectory(chosen)) return cardInFolder(chosen);
		final String name = chosen.getFileName().toString();
		if (name.toLowerCase(Locale.ROOT).endsWith(".json")) return chosen;
		WeightFiles.refusePickle(chosen);
		final String stem = stem(name);
		final Path folder = chosen.toAbsolutePath().getParent();
		for (final String candidate : List.of(stem + ".json", stem + ".card.json", CARD_NAME)) {
			final Path card = folder.resolve(candidate);
			if (Files.isRegularFile(card)) return card;
		}
		throw new MedXaiException("No model card found for " + name + ": put " + stem + ".json (or " + CARD_NAME +
			") beside it, describing classes, input size, " +
			"normalisation and the file's SHA-256 (see docs/MODELS.md).");
	}

	private static Path cardInFolder(final Path folder) {
		final Path named = folder.resolve(CARD_NAME);
		if (Files.isRegularFile(named)) return named;
		final List<Path> jsons = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
				.forEach(jsons::add);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list model folder " + folder + ": " + e.getMessage(), e);
		}
		if (jsons.size() == 1) return jsons.get(0);
		throw new MedXaiException("The folder " + folder + " holds " +
			(jsons.isEmpty() ? "no model card" : jsons.size() + " .json files") + ": choose the card file itself.");
	}

	private static String stem(final String fileName) {
		String stem = fileName;
		final int dot = stem.lastIndexOf('.');
		if (dot > 0) stem = stem.substring(0, dot);
		return stem.replaceFirst("-\\d{4}$", "");
	}
}
