package org.medxai.experiments.polyp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;

/**
 * Writes each network of an ensemble card (e.g. the default polyp model) as a single-network card of its own.
 *
 * OUT/network1/model-card.json, OUT/network2/… (the weights copied unchanged, the decision shift the selection put in
 * their bias included), each card's training record from the ensemble card's {@code training.members}: a network to
 * fine-tune further (the training command continues from one network) or to score alone. A single-network card is
 * copied as OUT/network1.
 *
 * Usage: {@code bash scripts/run-experiment.sh EnsembleNetworks CARD OUT}
 */
public final class EnsembleNetworks {

	/** One network: its single-network card, and for a network taken from an ensemble card, where it came from. */
	public record Network(ModelCard card, String source, JsonObject earlierRecord) {}

	private EnsembleNetworks() {}

	public static void main(final String[] args) throws IOException {
		final ModelCard card = ModelCard.read(ModelLoader.findCard(Path.of(args[0])));
		final Path out = Files.createDirectories(Path.of(args[1]));
		for (int k = 1; k <= card.paramsRoles().size(); k++)
			if (Files.exists(out.resolve("network" + k)))
				throw new IllegalArgumentException(out.resolve("network" + k) + " exists; choose an empty OUT.");
		if (card.paramsRoles().size() < 2) {
			// one network: copied as network1, so a script treats both kinds alike
			final Path named = Files.createDirectories(out.resolve("network1"));
			final Path weights = card.file(ModelCard.FILE_PARAMS);
			Files.copy(weights, named.resolve(weights.getFileName()));
			card.write(named.resolve(ModelLoader.CARD_NAME));
			System.out.println(named.resolve(ModelLoader.CARD_NAME));
			return;
		}
		final List<Network> networks = split(card, out);
		for (int k = 0; k < networks.size(); k++) {
			final Path folder = networks.get(k).card().cardFile().getParent();
			final Path named = out.resolve("network" + (k + 1));
			Files.move(folder, named);
			System.out.println(named.resolve(ModelLoader.CARD_NAME));
		}
	}

	/**
	 * The networks of a card: itself for a single network; for an ensemble each network with a card of its own in
	 * {@code scratch} (the weights copied unchanged) and its record from the ensemble card's {@code training.members}.
	 */
	public static List<Network> split(final ModelCard card, final Path scratch) throws IOException {
		final List<String> roles = card.paramsRoles();
		if (roles.size() <= 1) return List.of(new Network(card, card.cardFile().toString(), null));
		final JsonObject training = card.training != null && card.training.isJsonObject()
			? card.training.getAsJsonObject()
			: new JsonObject();
		final JsonArray records = training.getAsJsonArray("members");
		final JsonObject selection = training.getAsJsonObject("selection");
		final String cardSha = WeightFiles.sha256(card.cardFile());
		final List<Network> networks = new ArrayList<>();
		for (int k = 0; k < roles.size(); k++) {
			final Path folder = Files
				.createDirectories(scratch.resolve(card.name + "-" + cardSha.substring(0, 8) + "-" + (k + 1)));
			final Path weights = card.file(roles.get(k));
			Files.copy(weights, folder.resolve(weights.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			final ModelCard single = ModelCard.read(card.cardFile());
			single.files.clear();
			single.files.put(ModelCard.FILE_PARAMS, card.files.get(roles.get(k)));
			final JsonObject record = records != null && k < records.size()
				? records.get(k).getAsJsonObject().deepCopy()
				: new JsonObject();
			final JsonObject earlier = new JsonObject();
			earlier.addProperty("card_sha256", cardSha);
			earlier.addProperty("network", k + 1);
			earlier.addProperty("params_sha256", card.files.get(roles.get(k)).sha256);
			if (selection != null && selection.has("decision_shift_added"))
				earlier.add("decision_shift_in_bias", selection.get("decision_shift_added"));
			record.add("from_earlier_selection", earlier);
			single.training = record.has("training") ? record.get("training") : null;
			final JsonObject metrics = new JsonObject();
			if (record.has("validation")) metrics.add("validation", record.get("validation"));
			single.metrics = metrics;
			single.write(folder.resolve(ModelLoader.CARD_NAME));
			networks.add(
				new Network(single, "network " + (k + 1) + " of " + roles.size() + " of " + card.cardFile(), record));
		}
		return networks;
	}

}
