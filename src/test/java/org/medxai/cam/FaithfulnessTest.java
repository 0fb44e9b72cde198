package org.medxai.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medxai.TestPaths;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.fixtures.SyntheticPolyps;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/** Deleting the pixels a CAM ranks first hurts the class more than deleting the last-ranked. */
class FaithfulnessTest {

	/** A synthetic polyp's input, its Grad-CAM for "polyp" and that map reversed (least important first). */
	private record Case(float[] input, CamResult cam, float[] reversed) {}

	private static Case polypCase(final LoadedModel model, final ClassActivationMapper mapper, final long seed) {
		final SyntheticPolyps.Sample s = SyntheticPolyps.generate(128, true, seed);
		final float[] input = TensorConverter.convert(PixelPlanes.rgb(s.rgb(), 128, 128), model.card().inputSpec());
		final CamResult cam = mapper.compute(input, CamMethod.GRAD_CAM, 1);
		final float[] reversed = cam.map().clone();
		for (int i = 0; i < reversed.length; i++) reversed[i] = 1 - reversed[i];
		return new Case(input, cam, reversed);
	}

	@Test
	void camOrderBeatsTheReversedOrder() {
		try (LoadedModel model = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU)) {
			final ClassActivationMapper mapper = new ClassActivationMapper(model, 16);
			double camDeletion = 0;
			double reversedDeletion = 0;
			for (int seed = 0; seed < 4; seed++) {
				final Case c = polypCase(model, mapper, 9000 + seed);
				final float[] input = c.input();
				final float[] reversed = c.reversed();
				final CamResult cam = c.cam();
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
	void roadRanksTheCamAboveItsReverse() {
		try (LoadedModel model = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU)) {
			final ClassActivationMapper mapper = new ClassActivationMapper(model, 16);
			double camScore = 0;
			double reversedScore = 0;
			for (int seed = 0; seed < 4; seed++) {
				final Case c = polypCase(model, mapper, 9100 + seed);
				final float[] input = c.input();
				final float[] reversed = c.reversed();
				final CamResult cam = c.cam();
				final Faithfulness.Road a = Faithfulness.road(model, input, cam.map(), 1, 7);
				final Faithfulness.Road b = Faithfulness.road(model, input, reversed, 1, 7);
				assertEquals(Faithfulness.ROAD_FRACTIONS.length, a.morf().length);
				assertEquals(a.morf()[0], a.lerf()[0], 1e-9, "nothing removed at fraction 0");
				camScore += a.score();
				reversedScore += b.score();
			}
			assertTrue(camScore > reversedScore, camScore + " vs " + reversedScore);
		}
	}

	@Test
	void roadImputationRebuildsSmoothImagesFromTheirNeighbours() {
		final int w = 24, h = 16;
		final float[] ramp = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) ramp[y * w + x] = 0.1f * x - 0.05f * y;
		final boolean[] removed = new boolean[w * h];
		for (int y = 5; y < 11; y++) for (int x = 8; x < 16; x++) removed[y * w + x] = true;
		final float[] imputed = Faithfulness.impute(ramp, removed, 1, w, h, new java.util.Random(3));
		double worst = 0;
		for (int i = 0; i < ramp.length; i++) {
			if (!removed[i]) assertEquals(ramp[i], imputed[i], 0, "kept pixels stay");
			else worst = Math.max(worst, Math.abs(imputed[i] - ramp[i]));
		}
		// a linear ramp is what neighbour averaging reproduces; what is left is the added noise (4 sigma)
		assertTrue(worst < 4 * Faithfulness.ROAD_NOISE + 0.02, "worst " + worst);
	}

	@Test
	void areaIsTheTrapezoidOverFractions() {
		assertEquals(0.5, Faithfulness.area(new double[] { 1, 0.5, 0 }), 1e-12);
		assertEquals(1, Faithfulness.area(new double[] { 1, 1, 1, 1 }), 1e-12);
	}

	/** The blur the insertion curve starts from: three passes of a box mean over the row, then the column. */
	@Test
	void blurIsThreeSeparableBoxPassesPerChannel() {
		final int c = 2, w = 7, h = 5, radius = 2;
		final float[] input = new float[c * w * h];
		final java.util.Random random = new java.util.Random(7);
		for (int i = 0; i < input.length; i++) input[i] = random.nextFloat();
		final float[] expected = input.clone();
		for (int ch = 0; ch < c; ch++) {
			for (int pass = 0; pass < 3; pass++) {
				final float[] rows = new float[w * h];
				for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
					double sum = 0;
					int count = 0;
					for (int xx = Math.max(0, x - radius); xx <= Math.min(w - 1, x + radius); xx++, count++)
						sum += expected[ch * w * h + y * w + xx];
					rows[y * w + x] = (float) (sum / count);
				}
				for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
					double sum = 0;
					int count = 0;
					for (int yy = Math.max(0, y - radius); yy <= Math.min(h - 1, y + radius); yy++, count++)
						sum += rows[yy * w + x];
					expected[ch * w * h + y * w + x] = (float) (sum / count);
				}
			}
		}
		org.junit.jupiter.api.Assertions.assertArrayEquals(expected, Faithfulness.blur(input, c, w, h, radius));
	}
}
