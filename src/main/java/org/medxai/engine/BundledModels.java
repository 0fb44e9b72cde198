package org.medxai.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.medxai.MedXaiException;

/**
 * Models shipped inside the plugin jar. On first use a model's card and weights are copied to a folder on disk (the
 * engine loads files), named by the weights' SHA-256 so a newer plugin never reuses an older copy; every load then
 * checks the hash like any other model.
 */
public final class BundledModels {

	/** The default polyp / non-polyp classifier. */
	public static final String POLYP_DEFAULT = "polyp-default";
	/** The default meibography segmenter (eyelid + glands), with its grading.json. */
	public static final String MEIBOGRAPHY_DEFAULT = "meibography-default";
	/** The video classifier (B-lines in lung ultrasound), when this build ships one. */
	public static final String VIDEO_DEFAULT = "video-default";
	/** System property overriding where bundled models are unpacked. */
	public static final String FOLDER_PROPERTY = "medxai.models.dir";

	private static final String ROOT = "/org/medxai/models/";

	private BundledModels() {}

	/** True when this build ships the named model. */
	public static boolean isAvailable(final String name) {
		return BundledModels.class.getResource(ROOT + name + "/" + ModelLoader.CARD_NAME) != null;
	}

	/** The card file of a bundled model, unpacked to disk if needed. */
	public static Path card(final String name) {
		final String cardResource = ROOT + name + "/" + ModelLoader.CARD_NAME;
		final JsonObject card;
		try (InputStream in = BundledModels.class.getResourceAsStream(cardResource)) {
			if (in == null) {
				throw new MedXaiException(
					"This MedXAI build has no bundled model '" + name + "': choose a model file.");
			}
			card = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read the bundled model '" + name + "': " + e.getMessage(), e);
		}
		final JsonObject files = card.getAsJsonObject("files");
		final StringBuilder hashes = new StringBuilder();
		for (final String role : files.keySet()) {
			hashes.append(files.getAsJsonObject(role).get("sha256").getAsString(), 0, 12);
		}
		final Path folder = baseFolder().resolve(name + "-" + hashes);
		final Path cardFile = folder.resolve(ModelLoader.CARD_NAME);
		if (Files.isRegularFile(cardFile)) return cardFile;
		try {
			Files.createDirectories(folder);
			for (final String role : files.keySet()) {
				final String path = files.getAsJsonObject(role).get("path").getAsString();
				copy(ROOT + name + "/" + path, folder.resolve(path));
			}
			for (final String extra : List.of("heldout.csv", "grading.json")) {
				if (BundledModels.class.getResource(ROOT + name + "/" + extra) != null) {
					copy(ROOT + name + "/" + extra, folder.resolve(extra));
				}
			}
			copy(cardResource, cardFile); // last: its presence marks a complete copy
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot unpack the bundled model to " + folder + " (" + e.getMessage() +
				"). Set -D" + FOLDER_PROPERTY + "=FOLDER to a writable folder.", e);
		}
		return cardFile;
	}

	private static Path baseFolder() {
		final String configured = System.getProperty(FOLDER_PROPERTY);
		if (configured != null && !configured.isBlank()) return Path.of(configured);
		return Path.of(System.getProperty("user.home"), ".medxai", "models");
	}

	private static void copy(final String resource, final Path target) throws IOException {
		try (InputStream in = BundledModels.class.getResourceAsStream(resource)) {
			if (in == null) throw new IOException("missing resource " + resource);
			final Path partial = target.resolveSibling(target.getFileName() + ".part");
			Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
	}
}
