package org.medxai.videomodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonArray;

import org.medxai.MedXaiException;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;
import org.medxai.training.TrainingLoop;

/** Joins video models trained with one recipe on the same videos into one ensemble card (docs/MODELS.md). */
public final class VideoEnsembles {

	private VideoEnsembles() {}

	/**
	 * Copies each member's weights into {@code folder} as {@code NAME-0000.params}, {@code NAME-member2-0000.params}, …
	 * and writes one card there (the first member's, with every member's training part; no metrics) as
	 * {@code model-card.json}. The members must share architecture, options, input, normalisation and classes.
	 */
	public static Path write(final List<Path> memberCards, final Path folder, final String name) throws IOException {
		if (memberCards.isEmpty()) throw new MedXaiException("An ensemble needs at least one member.");
		TrainingLoop.refuseFinishedModel(folder);
		Files.createDirectories(folder);
		final ModelCard card = ModelCard.read(memberCards.get(0));
		if (!ModelCard.ENGINE_DJL.equals(card.engine))
			throw new MedXaiException("Only DJL video models can be joined into an ensemble; " + memberCards.get(0) +
				" is a " + card.engine + " model.");
		card.name = name;
		card.files.clear();
		final JsonArray training = new JsonArray();
		for (int m = 0; m < memberCards.size(); m++) {
			final ModelCard member = ModelCard.read(memberCards.get(m));
			if (!sameKind(card, member))
				throw new MedXaiException("The model " + memberCards.get(m) + " is not a DJL model or differs from " +
					"the first member in architecture, input, normalisation or classes: it cannot join its ensemble.");
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

	private static boolean sameKind(final ModelCard a, final ModelCard b) {
		return a.engine.equals(b.engine) && a.architecture.equals(b.architecture) &&
			a.architectureOptions.equals(b.architectureOptions) && a.classes.equals(b.classes) &&
			a.input.width == b.input.width && a.input.height == b.input.height &&
			Arrays.equals(a.normalisation.mean, b.normalisation.mean) &&
			Arrays.equals(a.normalisation.std, b.normalisation.std);
	}
}
