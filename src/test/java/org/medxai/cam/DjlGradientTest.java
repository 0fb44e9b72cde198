package org.medxai.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;
import org.medxai.TestPaths;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;

/** The DJL path's head gradients agree with finite differences (so Grad-CAM weights are right). */
class DjlGradientTest {

	@Test
	void headGradientMatchesFiniteDifferences() {
		try (LoadedModel model = ModelLoader.load(TestPaths.demoModel(), DevicePreference.CPU);
			NDManager manager = model.newManager())
		{
			final NDArray x = manager.randomUniform(-1, 1, new Shape(1, 3, 64, 64));
			final NDArray a = model.backbone(x);
			final float[] base = a.toFloatArray();
			final float[] gradient;
			try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
				final NDArray f = a.duplicate();
				f.setRequiresGradient(true);
				collector.backward(model.headWithGradients(f).get(0, 1));
				gradient = f.getGradient().toFloatArray();
			}
			final double h = 1e-2;
			for (final int i : new int[] { 0, 17, 300, base.length / 2, base.length - 1 }) {
				final float[] plus = base.clone();
				final float[] minus = base.clone();
				plus[i] += h;
				minus[i] -= h;
				final double up = model.head(manager.create(plus, a.getShape())).getFloat(0, 1);
				final double down = model.head(manager.create(minus, a.getShape())).getFloat(0, 1);
				assertEquals((up - down) / (2 * h), gradient[i], 1e-3, "element " + i);
			}
		}
	}
}
