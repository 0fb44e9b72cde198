package org.medxai.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;

import org.junit.jupiter.api.Test;
import org.medxai.engine.Architectures;
import org.medxai.engine.EngineEnvironment;
import org.medxai.image.InputSpec;

/** The classifier's localisation loss leaves nothing with the model's manager from one step to the next. */
class LocalisationLossTest {

	@Test
	void aStepLeavesNoArrayWithTheModel() {
		EngineEnvironment.engine();
		final InputSpec spec = new InputSpec(32, 32, 3, 255, new double[3], new double[] { 1, 1, 1 }, new double[0][]);
		try (Model model = Model.newInstance("classifier", Device.cpu(), EngineEnvironment.ENGINE_NAME)) {
			model.setBlock(Architectures.resnetSmall(4, 2));
			model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 3, 32, 32));
			final int before = model.getNDManager().getManagedArrays().size();
			final float[] mask = new float[32 * 32];
			for (int i = 0; i < mask.length / 2; i++) mask[i] = 1;
			for (int step = 0; step < 2; step++)
				try (NDManager m = model.getNDManager().newSubManager();
					GradientCollector c = m.getEngine().newGradientCollector())
				{
					final NDArray loss = ClassifierTrainer.lossWithLocalisation(model, m,
						m.randomNormal(new Shape(2, 3, 32, 32)), m.create(new float[] { 1, 0 }),
						new float[][] { mask, null }, 1, spec, 1, Loss.softmaxCrossEntropyLoss());
					assertTrue(Float.isFinite(loss.getFloat()));
					c.backward(loss);
				}
			assertEquals(before, model.getNDManager().getManagedArrays().size(),
				"arrays left with the model's manager after two steps");
		}
	}
}
