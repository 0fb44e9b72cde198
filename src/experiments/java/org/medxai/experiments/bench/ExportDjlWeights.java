package org.medxai.experiments.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.medxai.engine.Architectures;
import org.medxai.engine.BundledModels;
import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.meibo.GradingFile;

/**
 * Writes a MedXAI (DJL) model's weights as plain float32 arrays for the Python peers of the folder benchmarks.
 *
 * With them a check (the network's logits for a seeded random input, which a peer must reproduce), the card
 * ({@code card.json}) and the grading file when the model has one. {@code segmenter} is the bundled meibography
 * segmenter, {@code polyp} the bundled polyp classifier; else a card file.
 *
 * Usage: {@code bash scripts/run-experiment.sh ExportDjlWeights OUT [segmenter|polyp|CARD=segmenter]}
 */
public final class ExportDjlWeights {

	private ExportDjlWeights() {}

	public static void main(final String[] args) throws IOException {
		if (args.length < 1) {
			System.err.println("Usage: ExportDjlWeights OUT [segmenter|polyp|CARD]");
			System.exit(2);
		}
		final Path out = Path.of(args[0]);
		final String which = args.length > 1 ? args[1] : "segmenter";
		final Path cardPath = switch (which) {
			case "segmenter" -> BundledModels.card(BundledModels.MEIBOGRAPHY_DEFAULT);
			case "polyp" -> BundledModels.card(BundledModels.POLYP_DEFAULT);
			default -> ModelLoader.findCard(Path.of(which));
		};
		final ModelCard card = ModelCard.read(cardPath);
		Files.createDirectories(out);
		final Block network = Architectures.build(card.architecture, card.architectureOptions, card.numClasses());
		try (Model model = Model.newInstance("export", Device.cpu(), EngineEnvironment.ENGINE_NAME)) {
			model.setBlock(network);
			ModelLoader.loadDjlWeights(model, card);
			final JsonArray parameters = new JsonArray();
			long floats = 0;
			try (var channel = Files.newOutputStream(out.resolve("weights.f32"))) {
				for (final Pair<String, Parameter> p : network.getParameters()) {
					final float[] values = p.getValue().getArray().toFloatArray();
					final JsonObject entry = new JsonObject();
					entry.addProperty("name", p.getKey());
					final JsonArray shape = new JsonArray();
					for (final long d : p.getValue().getArray().getShape().getShape()) shape.add(d);
					entry.add("shape", shape);
					parameters.add(entry);
					final ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
					bytes.asFloatBuffer().put(values);
					channel.write(bytes.array());
					floats += values.length;
				}
			}
			final int h = card.inputSpec().height(), w = card.inputSpec().width();
			final float[] input = new float[card.inputSpec().channels() * h * w];
			final Random random = new Random(2026);
			for (int i = 0; i < input.length; i++) input[i] = (float) random.nextGaussian();
			final float[] logits;
			try (NDManager m = model.getNDManager().newSubManager()) {
				final NDArray x = m.create(input, new Shape(1, card.inputSpec().channels(), h, w));
				logits = network.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow()
					.toFloatArray();
			}
			final JsonObject check = new JsonObject();
			check.addProperty("seed", 2026);
			check.addProperty("input", "check-input.f32");
			final JsonArray sample = new JsonArray();
			// a classifier's logits all; a segmenter's every 997th: enough to catch a wrong layer or order, small to store
			final int step = logits.length <= 1000 ? 1 : 997;
			for (int i = 0; i < logits.length; i += step) sample.add(logits[i]);
			check.addProperty("logits_step", step);
			check.add("logits", sample);
			final JsonObject index = new JsonObject();
			index.addProperty("model", card.name);
			index.addProperty("architecture", card.architecture);
			index.add("architecture_options", card.architectureOptions);
			index.addProperty("floats", floats);
			index.add("parameters", parameters);
			index.add("check", check);
			Files.writeString(out.resolve("weights.json"), new GsonBuilder().setPrettyPrinting().create().toJson(index),
				StandardCharsets.UTF_8);
			final ByteBuffer in = ByteBuffer.allocate(4 * input.length).order(ByteOrder.LITTLE_ENDIAN);
			in.asFloatBuffer().put(input);
			Files.write(out.resolve("check-input.f32"), in.array());
			Files.copy(cardPath, out.resolve("card.json"), StandardCopyOption.REPLACE_EXISTING);
			final Path grading = cardPath.resolveSibling(GradingFile.NAME);
			if (Files.isRegularFile(grading))
				Files.copy(grading, out.resolve(GradingFile.NAME), StandardCopyOption.REPLACE_EXISTING);
			System.out.println(
				"exported " + parameters.size() + " arrays (" + floats + " floats) of " + card.name + " to " + out);
		}
	}
}
