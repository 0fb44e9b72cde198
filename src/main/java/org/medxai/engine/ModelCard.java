package org.medxai.engine;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import org.medxai.MedXaiException;
import org.medxai.image.InputSpec;

/**
 * The JSON file that travels with every model: what it predicts, what input it expects, how to normalise it, where CAMs
 * look, and the SHA-256 of each weight file (checked on load). Field names in the file are snake_case.
 */
public final class ModelCard {

	/** Value of the {@code format} field this version reads and writes. */
	public static final String FORMAT = "medxai-model-card/1";
	public static final String ENGINE_DJL = "djl";
	public static final String ENGINE_TORCHSCRIPT = "torchscript";

	/** Weight-file roles: DJL {@code params}; TorchScript {@code model} or {@code backbone} + {@code head}. */
	public static final String FILE_PARAMS = "params";
	public static final String FILE_MODEL = "model";
	public static final String FILE_BACKBONE = "backbone";
	public static final String FILE_HEAD = "head";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
		.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).disableHtmlEscaping().create();

	/** One weight file, relative to the card's folder, and its expected SHA-256 (hex). */
	public static final class WeightFile {

		public String path;
		public String sha256;

		public WeightFile() {}

		public WeightFile(final String path, final String sha256) {
			this.path = path;
			this.sha256 = sha256;
		}
	}

	/** Input geometry: the network sees channels x height x width. */
	public static final class Input {

		public int width;
		public int height;
		public int channels = 3;
		/** Regions blacked out before use, as [x0, y0, x1, y1] fractions of the image. */
		public double[][] maskRegions;
	}

	/** x' = (x / scale - mean[c]) / std[c], with pixel values 0..255. */
	public static final class Normalisation {

		public double scale = 255;
		public double[] mean = { 0, 0, 0 };
		public double[] std = { 1, 1, 1 };
	}

	/**
	 * What a video model's temporal half returns and how: logits, then per layer the attention
	 * {@code (batch, heads, 1 +
	 * frames, 1 + frames)}, token 0 the CLS token, rows summing to 1. A TorchScript video head declares it: it takes
	 * (embeddings, mask, probes) and returns (logits, attention stacked over layers).
	 */
	public static final String VIDEO_ATTENTION_LAYOUT = "logits; attention[layer](batch, heads, 1 + frames, " +
		"1 + frames), token 0 = CLS, rows sum to 1; head(embeddings, mask, probes)";

	/** A video model's part: the clip it sees and what its attention holds. */
	public static final class Video {

		/** Frames per clip: a longer clip is sampled evenly down to this many, a shorter one is taken whole. */
		public int frames;
		/** How the frames of a training clip were chosen, in words. */
		public String sampling;
		/** The frame CNN, in words. */
		public String backbone;
		public int layers;
		public int heads;
		public String attentionLayout;
	}

	public String format = FORMAT;
	public String name;
	public String description;
	public String engine;
	/** DJL only: the project's architecture id that rebuilds the block. */
	public String architecture;
	public JsonObject architectureOptions;
	public Map<String, WeightFile> files = new LinkedHashMap<>();
	public List<String> classes = new ArrayList<>();
	public Input input = new Input();
	public Normalisation normalisation = new Normalisation();
	/**
	 * {@code softmax} (logits per class), {@code sigmoid} (one logit, two classes), {@code sigmoid_maps} (segmentation:
	 * one logit map per class) or {@code none}.
	 */
	public String outputActivation = "softmax";
	/** Where class activation maps are taken: the backbone output, named for the user. */
	public String targetLayer;
	/** Video models only (null for image models). */
	public Video video;
	public JsonElement training;
	public JsonElement metrics;

	private transient Path folder;
	private transient Path cardFile;

	/** Reads and validates a card; every problem is reported in one message. */
	public static ModelCard read(final Path cardFile) {
		if (!Files.isRegularFile(cardFile)) {
			throw new MedXaiException(
				"Model card not found: " + cardFile + ". Every MedXAI model is a .json card beside its weight files.");
		}
		final ModelCard card;
		try (Reader reader = Files.newBufferedReader(cardFile, StandardCharsets.UTF_8)) {
			card = GSON.fromJson(reader, ModelCard.class);
		}
		catch (final IOException | JsonParseException e) {
			throw new MedXaiException("The model card " + cardFile.getFileName() + " is not valid JSON (" +
				e.getMessage() + "). Restore it from the model's " + "original folder.", e);
		}
		if (card == null) {
			throw new MedXaiException("The model card " + cardFile.getFileName() + " is empty.");
		}
		card.folder = cardFile.toAbsolutePath().getParent();
		card.cardFile = cardFile.toAbsolutePath();
		card.validate(cardFile.getFileName().toString());
		return card;
	}

	/** Writes this card as pretty JSON. */
	public void write(final Path cardFile) throws IOException {
		try (Writer writer = Files.newBufferedWriter(cardFile, StandardCharsets.UTF_8)) {
			GSON.toJson(this, writer);
		}
		folder = cardFile.toAbsolutePath().getParent();
		this.cardFile = cardFile.toAbsolutePath();
	}

	/** The file this card was read from or written to (null for a card made in memory). */
	public Path cardFile() {
		return cardFile;
	}

	/**
	 * The DJL weight roles in member order: {@code params}, then {@code params_2} … {@code params_N} for an ensemble of
	 * N networks of the card's architecture (their outputs are averaged).
	 */
	public List<String> paramsRoles() {
		final List<String> roles = new ArrayList<>();
		if (files == null || !files.containsKey(FILE_PARAMS)) return roles;
		roles.add(FILE_PARAMS);
		while (files.containsKey(FILE_PARAMS + "_" + (roles.size() + 1)))
			roles.add(FILE_PARAMS + "_" + (roles.size() + 1));
		return roles;
	}

	/** Resolves a weight file's role to a path beside the card. */
	public Path file(final String role) {
		final WeightFile file = files.get(role);
		if (file == null) return null;
		return folder == null ? Path.of(file.path) : folder.resolve(file.path);
	}

	public Path folder() {
		return folder;
	}

	/** The card's input rules (size, channels, normalisation, masked regions) as the converters read them. */
	public InputSpec inputSpec() {
		return new InputSpec(input.width, input.height, input.channels, normalisation.scale, normalisation.mean,
			normalisation.std, input.maskRegions == null ? new double[0][] : input.maskRegions);
	}

	public int numClasses() {
		return classes.size();
	}

	/** True for a video classifier (a card with a {@code video} part). */
	public boolean isVideo() {
		return video != null;
	}

	private void validate(final String cardName) {
		final List<String> problems = new ArrayList<>();
		if (!FORMAT.equals(format)) {
			problems.add("format must be \"" + FORMAT + "\" (found " + quote(format) + ")");
		}
		if (!ENGINE_DJL.equals(engine) && !ENGINE_TORCHSCRIPT.equals(engine)) {
			problems.add("engine must be \"djl\" or \"torchscript\" (found " + quote(engine) + ")");
		}
		if (ENGINE_DJL.equals(engine)) {
			if (architecture == null) problems.add("a DJL model needs \"architecture\"");
			if (!files.containsKey(FILE_PARAMS)) problems.add("a DJL model needs files.params");
			else
				for (final String role : files.keySet())
					if (role.startsWith(FILE_PARAMS + "_") && !paramsRoles().contains(role))
						problems.add("files." + role + " is not part of the ensemble files.params, files.params_2, … " +
							"(numbered from 2 without gaps)");
		}
		if (ENGINE_TORCHSCRIPT.equals(engine) && !files.containsKey(FILE_MODEL) &&
			!(files.containsKey(FILE_BACKBONE) && files.containsKey(FILE_HEAD)))
		{
			problems.add("a TorchScript model needs files.model, or files.backbone and files.head");
		}
		if (files != null) {
			for (final Map.Entry<String, WeightFile> entry : files.entrySet()) {
				final WeightFile file = entry.getValue();
				if (file == null || file.path == null || file.path.isBlank()) {
					problems.add("files." + entry.getKey() + ".path is missing");
				}
				else if (file.sha256 == null || !file.sha256.matches("[0-9a-fA-F]{64}")) {
					problems.add("files." + entry.getKey() + ".sha256 must be 64 hex digits");
				}
			}
		}
		else problems.add("\"files\" is missing");
		if (classes == null || classes.size() < 2) problems.add("\"classes\" needs at least two names");
		if (input == null || input.width < 1 || input.height < 1) {
			problems.add("input.width and input.height must be positive");
		}
		else if (input.channels != 1 && input.channels != 3) {
			problems.add("input.channels must be 1 or 3");
		}
		if (normalisation == null) normalisation = new Normalisation();
		final int channels = input == null ? 3 : input.channels;
		if (normalisation.mean == null || normalisation.mean.length != channels || normalisation.std == null ||
			normalisation.std.length != channels)
		{
			problems.add("normalisation.mean and normalisation.std need one value per input channel");
		}
		else {
			for (final double s : normalisation.std) {
				if (!(s > 0)) problems.add("normalisation.std values must be positive");
			}
		}
		if (!(normalisation.scale > 0)) problems.add("normalisation.scale must be positive");
		if (!List.of("softmax", "sigmoid", "sigmoid_maps", "none").contains(outputActivation)) {
			problems.add("output_activation must be softmax, sigmoid, sigmoid_maps or none");
		}
		if ("sigmoid".equals(outputActivation) && classes != null && classes.size() != 2) {
			problems.add("output_activation sigmoid needs exactly two classes");
		}
		if (video != null) {
			if (video.frames < 1) problems.add("video.frames must be at least 1");
			if (video.layers < 1 || video.heads < 1) problems.add("video.layers and video.heads must be at least 1");
			if (!VIDEO_ATTENTION_LAYOUT.equals(video.attentionLayout))
				problems.add("video.attention_layout must be \"" + VIDEO_ATTENTION_LAYOUT +
					"\" (what this MedXAI version reads)");
			if (ENGINE_TORCHSCRIPT.equals(engine) &&
				!(files.containsKey(FILE_BACKBONE) && files.containsKey(FILE_HEAD)))
				problems.add("a TorchScript video model needs files.backbone and files.head");
			if (!"softmax".equals(outputActivation)) problems.add("a video model's output_activation is softmax");
		}
		if (!problems.isEmpty()) {
			throw new MedXaiException(
				"The model card " + cardName + " is incomplete: " + String.join("; ", problems) + ".");
		}
	}

	private static String quote(final String s) {
		return s == null ? "nothing" : "\"" + s + "\"";
	}
}
