package org.medxai.experiments.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;

import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;

/** Joins video models trained with one recipe on the same videos into one ensemble card (docs/MODELS.md). */
final class VideoEnsembleCards {

	private VideoEnsembleCards() {}

	/**
	 * Copies each member's weights into {@code folder} as {@code NAME-0000.params}, {@code NAME-member2-0000.params}, …
	 * and writes one card (the first member's, with every member's training part) as {@code model-card.json}. The
	 * members must share architecture, options, input, normalisation and classes.
	 */
	static Path write(final List<Path> memberCards, final Path folder, final String name) throws IOException {
		Files.createDirectories(folder);
		final ModelCard card = ModelCard.read(memberCards.get(0));
		card.name = name;
		card.files.clear();
		final JsonArray training = new JsonArray();
		for (int m = 0; m < memberCards.size(); m++) {
			final ModelCard member = ModelCard.read(memberCards.get(m));
			if (!same(card, member))
				throw new IllegalArgumentException(memberCards.get(m) + " is not the first member's kind of model");
			final String file = name + (m == 0 ? "" : "-member" + (m + 1)) + "-0000.params";
			Files.copy(member.file(ModelCard.FILE_PARAMS), folder.resolve(file));
			card.files.put(m == 0 ? ModelCard.FILE_PARAMS : ModelCard.FILE_PARAMS + "_" + (m + 1),
				new ModelCard.WeightFile(file, WeightFiles.sha256(folder.resolve(file))));
			training.add(member.training);
		}
		card.training = training;
		card.metrics = null;
		final Path file = folder.resolve(ModelLoader.CARD_NAME);
		card.write(file);
		return file;
	}

	private static boolean same(final ModelCard a, final ModelCard b) {
		return a.architecture.equals(b.architecture) && a.architectureOptions.equals(b.architectureOptions) &&
			a.classes.equals(b.classes) && a.input.width == b.input.width && a.input.height == b.input.height &&
			java.util.Arrays.equals(a.normalisation.mean, b.normalisation.mean) &&
			java.util.Arrays.equals(a.normalisation.std, b.normalisation.std);
	}
}
