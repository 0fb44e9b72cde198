package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DJL block saved with a card loads back into the same outputs, exactly. */
class DjlParamsRoundTripTest {

	@TempDir
	Path temp;

	@Test
	void saveThenLoadGivesIdenticalOutputs() throws IOException {
		EngineEnvironment.engine();
		final float[] expected;
		final float[] input = new float[2 * 3 * 32 * 32];
		for (int i = 0; i < input.length; i++) input[i] = (float) Math.sin(i * 0.01);
		try (Model model = Model.newInstance("rt", Device.cpu(), EngineEnvironment.ENGINE_NAME)) {
			final SequentialBlock net = Architectures.smallCnn(4, 2, 3);
			net.setInitializer(new NormalInitializer(0.1f), ai.djl.nn.Parameter.Type.WEIGHT);
			model.setBlock(net);
			net.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3, 32, 32));
			try (NDManager m = model.getNDManager().newSubManager()) {
				final NDArray x = m.create(input, new Shape(2, 3, 32, 32));
				expected = net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow()
					.toFloatArray();
			}
			model.save(temp, "rt");
		}
		final ModelCard card = new ModelCard();
		card.name = "round-trip";
		card.engine = ModelCard.ENGINE_DJL;
		card.architecture = Architectures.SMALL_CNN;
		card.architectureOptions = new JsonObject();
		card.architectureOptions.addProperty("width", 4);
		card.architectureOptions.addProperty("depth", 2);
		card.files.put(ModelCard.FILE_PARAMS,
			new ModelCard.WeightFile("rt-0000.params", WeightFiles.sha256(temp.resolve("rt-0000.params"))));
		card.classes.addAll(java.util.List.of("x", "y", "z"));
		card.input.width = 32;
		card.input.height = 32;
		card.write(temp.resolve("model-card.json"));
		try (LoadedModel loaded = ModelLoader.load(temp, DevicePreference.AUTO); NDManager m = loaded.newManager()) {
			final NDArray x = m.create(input, new Shape(2, 3, 32, 32));
			assertArrayEquals(expected, loaded.forward(x).toFloatArray(), 0f);
			assertEquals(new Shape(2, 8, 16, 16), loaded.backbone(x).getShape());
		}
	}
}
