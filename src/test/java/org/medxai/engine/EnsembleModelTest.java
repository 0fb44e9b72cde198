package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.NormalInitializer;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.cam.CamMethod;
import org.medxai.cam.CamResult;
import org.medxai.cam.ClassActivationMapper;

/** A card with several DJL weight files is an ensemble: mean output, members' target layers side by side. */
class EnsembleModelTest {

	private static final Shape INPUT = new Shape(1, 3, 32, 32);

	@TempDir
	static Path temp;

	private static final float[] IMAGE = new float[3 * 32 * 32];

	@BeforeAll
	static void members() throws IOException {
		for (int i = 0; i < IMAGE.length; i++) IMAGE[i] = (float) Math.sin(i * 0.013) + (i % 32 < 16 ? 0.5f : 0);
		EngineEnvironment.engine();
		for (final String name : List.of("a", "b"))
			try (Model model = Model.newInstance(name, Device.cpu(), EngineEnvironment.ENGINE_NAME))
			{
				ai.djl.engine.Engine.getEngine(EngineEnvironment.ENGINE_NAME).setRandomSeed(name.equals("a") ? 1 : 2);
				final SequentialBlock net = Architectures.smallCnn(4, 2, 2);
				net.setInitializer(new NormalInitializer(0.2f), Parameter.Type.WEIGHT);
				model.setBlock(net);
				net.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
				model.save(temp, name);
			}
	}

	private static Path card(final String fileName, final String... members) throws IOException {
		final ModelCard card = new ModelCard();
		card.name = fileName;
		card.engine = ModelCard.ENGINE_DJL;
		card.architecture = Architectures.SMALL_CNN;
		card.architectureOptions = new JsonObject();
		card.architectureOptions.addProperty("width", 4);
		card.architectureOptions.addProperty("depth", 2);
		for (int m = 0; m < members.length; m++) {
			final String file = members[m] + "-0000.params";
			card.files.put(m == 0 ? ModelCard.FILE_PARAMS : ModelCard.FILE_PARAMS + "_" + (m + 1),
				new ModelCard.WeightFile(file, WeightFiles.sha256(temp.resolve(file))));
		}
		card.classes.addAll(List.of("x", "y"));
		card.input.width = 32;
		card.input.height = 32;
		final Path path = temp.resolve(fileName + ".json");
		card.write(path);
		return path;
	}

	private static float[] forward(final LoadedModel model) {
		try (NDManager m = model.newManager()) {
			return model.forward(m.create(IMAGE, INPUT)).toFloatArray();
		}
	}

	@Test
	void outputIsTheMeanOfTheMembersAndTheHeadSplitsTheirFeatures() throws IOException {
		final float[] a, b, both, viaHead;
		final Shape features;
		try (LoadedModel ma = ModelLoader.load(card("only-a", "a"), DevicePreference.AUTO);
			LoadedModel mb = ModelLoader.load(card("only-b", "b"), DevicePreference.AUTO);
			LoadedModel ensemble = ModelLoader.load(card("ensemble", "a", "b"), DevicePreference.AUTO))
		{
			a = forward(ma);
			b = forward(mb);
			both = forward(ensemble);
			try (NDManager m = ensemble.newManager()) {
				final NDArray f = ensemble.backbone(m.create(IMAGE, INPUT));
				features = f.getShape();
				viaHead = ensemble.head(f).toFloatArray();
			}
		}
		assertTrue(Math.abs(a[0] - b[0]) > 1e-4, "the two members differ");
		assertArrayEquals(new float[] { (a[0] + b[0]) / 2, (a[1] + b[1]) / 2 }, both, 1e-5f);
		assertArrayEquals(both, viaHead, 1e-5f);
		assertEquals(new Shape(1, 16, 16, 16), features, "two members' 8 channels side by side");
	}

	@Test
	void gradientCamOfTwoEqualMembersIsTheMembersCam() throws IOException {
		final CamResult single, doubled;
		try (LoadedModel one = ModelLoader.load(card("single-a", "a"), DevicePreference.AUTO);
			LoadedModel two = ModelLoader.load(card("twice-a", "a", "a"), DevicePreference.AUTO))
		{
			single = new ClassActivationMapper(one, 4).compute(IMAGE, CamMethod.GRAD_CAM, 1);
			doubled = new ClassActivationMapper(two, 4).compute(IMAGE, CamMethod.GRAD_CAM, 1);
		}
		float max = 0;
		for (final float v : single.layerMap()) max = Math.max(max, v);
		assertTrue(max > 0, "the member's CAM is not empty");
		assertArrayEquals(single.layerMap(), doubled.layerMap(), 1e-5f * max);
		assertArrayEquals(single.probabilities(), doubled.probabilities(), 1e-6);
	}

	@Test
	void aChangedMemberOrAGapInTheNumberingIsRefused() throws IOException {
		final Path ensemble = card("tampered", "a", "b");
		final Path copy = temp.resolve("tampered-dir");
		Files.createDirectories(copy);
		Files.copy(ensemble, copy.resolve("model-card.json"));
		Files.copy(temp.resolve("a-0000.params"), copy.resolve("a-0000.params"));
		Files.copy(temp.resolve("a-0000.params"), copy.resolve("b-0000.params")); // not the member the card names
		final MedXaiException changed = assertThrows(MedXaiException.class,
			() -> ModelLoader.load(copy, DevicePreference.AUTO));
		assertTrue(changed.getMessage().contains("b-0000.params"), changed.getMessage());

		final String text = Files.readString(card("gap", "a", "b")).replace("\"params_2\"", "\"params_3\"");
		Files.writeString(temp.resolve("gap.json"), text);
		final MedXaiException gap = assertThrows(MedXaiException.class,
			() -> ModelLoader.load(temp.resolve("gap.json"), DevicePreference.AUTO));
		assertTrue(gap.getMessage().contains("params_3"), gap.getMessage());
	}
}
