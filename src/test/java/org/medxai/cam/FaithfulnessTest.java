package org.medxai.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medxai.TestPaths;
import org.medxai.classify.ImageClassifier;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.fixtures.SyntheticPolyps;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/** Deleting the pixels a CAM ranks first hurts the class more than deleting the last-ranked. */
class FaithfulnessTest {

	@Test
	void camOrderBeatsTheReversedOrder() {
		try (LoadedModel model = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU)) {
			final ClassActivationMapper mapper = new ClassActivationMapper(model, 16);
			double camDeletion = 0;
			double reversedDeletion = 0;
			for (int seed = 0; seed < 4; seed++) {
				final SyntheticPolyps.Sample s = SyntheticPolyps.generate(128, true, 9000 + seed);
				final float[] input = TensorConverter.convert(PixelPlanes.rgb(s.rgb(), 128, 128),
					ImageClassifier.inputSpec(model.card()));
				final CamResult cam = mapper.compute(input, CamMethod.GRAD_CAM, 1);
				final float[] reversed = cam.map().clone();
				for (int i = 0; i < reversed.length; i++) reversed[i] = 1 - reversed[i];
				final Faithfulness.Curves a = Faithfulness.measure(model, input, cam.map(), 1, 20);
				final Faithfulness.Curves b = Faithfulness.measure(model, input, reversed, 1, 20);
				assertEquals(21, a.deletion().length);
				assertEquals(a.deletion()[0], b.deletion()[0], 1e-9, "both start from the same image");
				camDeletion += a.deletionAuc();
				reversedDeletion += b.deletionAuc();
			}
			assertTrue(camDeletion < reversedDeletion, camDeletion + " vs " + reversedDeletion);
		}
	}

	@Test
	void areaIsTheTrapezoidOverFractions() {
		assertEquals(0.5, Faithfulness.area(new double[] { 1, 0.5, 0 }), 1e-12);
		assertEquals(1, Faithfulness.area(new double[] { 1, 1, 1, 1 }), 1e-12);
	}
}
