package org.medxai.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.medxai.TestPaths;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.fixtures.SyntheticPolyps;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/** A batch of images gives each image's maps and probabilities as computing them one by one does, within 1e-4. */
class CamBatchTest {

	private static void check(final Path card, final int targetClass) throws Exception {
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final ClassActivationMapper mapper = new ClassActivationMapper(model, 4);
			final List<float[]> inputs = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				final SyntheticPolyps.Sample s = SyntheticPolyps.generate(64, i % 2 == 0, 40 + i);
				inputs.add(
					TensorConverter.convert(PixelPlanes.rgb(s.rgb(), s.width(), s.height()), model.card().inputSpec()));
			}
			// Score-CAM takes the same one-by-one path as Eigen-CAM; leaving it out keeps the test quick
			for (final CamMethod method : List.of(CamMethod.GRAD_CAM, CamMethod.GRAD_CAM_PLUS_PLUS, CamMethod.XGRAD_CAM,
				CamMethod.LAYER_CAM, CamMethod.EIGEN_CAM))
			{
				final List<CamResult> batch = mapper.computeBatch(inputs, method, targetClass);
				for (int i = 0; i < inputs.size(); i++) {
					final CamResult one = mapper.compute(inputs.get(i), method, targetClass);
					final CamResult many = batch.get(i);
					final String label = card.getFileName() + " " + method.key() + " image " + i;
					assertEquals(one.targetClass(), many.targetClass(), label);
					for (int c = 0; c < one.probabilities().length; c++)
						assertEquals(one.probabilities()[c], many.probabilities()[c], 1e-5, label);
					for (int p = 0; p < one.map().length; p++) assertEquals(one.map()[p], many.map()[p], 1e-4, label);
				}
			}
		}
	}

	@Test
	void torchScriptBatchesEqualOneByOne() throws Exception {
		check(TestPaths.torchScriptFixture(), -1);
	}

	@Test
	void djlBatchesEqualOneByOneForAGivenClass() throws Exception {
		check(TestPaths.testImages().resolve("demo-model/model-card.json"), 1);
	}
}
