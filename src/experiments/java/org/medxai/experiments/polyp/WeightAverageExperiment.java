package org.medxai.experiments.polyp;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;

import org.medxai.engine.Architectures;
import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;

/**
 * Interpolates the weights of two polyp models of one architecture, then reports the mix.
 *
 * (1 - t) A + t B for every parameter and batch-norm statistic, B trained on from A, saved to OUT_FOLDER with B's card,
 * then calibrated and reported on the default model's splits like {@link CalibrateTrainedPolypModel}.
 *
 * Usage: {@code bash scripts/run-experiment.sh WeightAverageExperiment SHARED_DATA OUT_FOLDER CARD_A CARD_B [t=0.5]}
 */
public final class WeightAverageExperiment {

	public static void main(final String[] args) throws Exception {
		final Path out = Path.of(args[1]);
		final ModelCard a = ModelCard.read(Path.of(args[2]));
		final ModelCard b = ModelCard.read(Path.of(args[3]));
		final float t = args.length > 4 ? Float.parseFloat(args[4]) : 0.5f;
		final int width = b.architectureOptions.get("width").getAsInt();
		Files.createDirectories(out);
		try (Model ma = model(a, width); Model mb = model(b, width)) {
			final var pa = ma.getBlock().getParameters();
			final var pb = mb.getBlock().getParameters();
			for (int i = 0; i < pb.size(); i++) {
				final Pair<String, Parameter> x = pa.get(i);
				final Pair<String, Parameter> y = pb.get(i);
				if (!x.getKey().equals(y.getKey())) throw new IllegalStateException(x.getKey() + " vs " + y.getKey());
				final NDArray mixed = x.getValue().getArray().mul(1 - t).add(y.getValue().getArray().mul(t));
				y.getValue().getArray().set(mixed.toFloatArray());
			}
			mb.setProperty("Epoch", "0");
			mb.save(out, b.name);
		}
		final Path params = out.resolve(b.name + "-0000.params");
		b.files.put(ModelCard.FILE_PARAMS,
			new ModelCard.WeightFile(params.getFileName().toString(), WeightFiles.sha256(params)));
		b.write(out.resolve("model-card.json"));
		CalibrateTrainedPolypModel.main(new String[] { args[0], out.toString() });
	}

	private static Model model(final ModelCard card, final int width) {
		final Model model = Model.newInstance(card.name, ai.djl.Device.cpu(), EngineEnvironment.ENGINE_NAME);
		final SequentialBlock net = Architectures.resnetSmall(width, card.classes.size());
		model.setBlock(net);
		net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, card.input.height, card.input.width));
		ModelLoader.loadDjlWeights(model, card);
		return model;
	}
}
