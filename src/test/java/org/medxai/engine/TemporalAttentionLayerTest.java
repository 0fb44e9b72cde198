package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;

/** The encoder layer's attention is a distribution over real tokens only, and padding cannot reach real tokens. */
class TemporalAttentionLayerTest {

	@Test
	void attentionRowsSumToOnePaddingGetsNoneAndCannotChangeRealTokens() {
		EngineEnvironment.engine();
		Engine.getEngine(EngineEnvironment.ENGINE_NAME).setRandomSeed(4);
		try (Model model = Model.newInstance("layer", Device.cpu(), EngineEnvironment.ENGINE_NAME);
			NDManager manager = model.getNDManager().newSubManager())
		{
			final TemporalAttentionLayer layer = new TemporalAttentionLayer(16, 4, 0f);
			layer.initialize(manager, DataType.FLOAT32, new Shape(2, 6, 16), new Shape(2, 6));
			final NDArray tokens = manager.randomNormal(new Shape(2, 6, 16));
			// the second clip has 4 real tokens and 2 padded ones
			final NDArray mask = manager.create(new float[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, new Shape(2, 6));
			final ParameterStore store = new ParameterStore(manager, false);
			final NDList out = layer.forward(store, new NDList(tokens, mask), false);
			assertEquals(new Shape(2, 6, 16), out.get(0).getShape());
			assertEquals(new Shape(2, 4, 6, 6), out.get(1).getShape());
			final float[] attention = out.get(1).toFloatArray();
			for (int row = 0; row < attention.length / 6; row++) {
				double sum = 0;
				for (int j = 0; j < 6; j++) sum += attention[row * 6 + j];
				assertEquals(1, sum, 1e-5, "row " + row);
				if (row >= 4 * 6) for (int j = 4; j < 6; j++) assertTrue(attention[row * 6 + j] < 1e-6, "padded key");
			}
			// other contents in the padded tokens: the real tokens' outputs do not move
			final NDArray changed = tokens.duplicate();
			changed.set(new NDIndex("1, 4:, :"), 7f);
			final NDList again = layer.forward(store, new NDList(changed, mask), false);
			final float[] before = out.get(0).get("1, :4, :").toFloatArray();
			final float[] after = again.get(0).get("1, :4, :").toFloatArray();
			assertArrayEquals(before, after, 1e-5f);
			// the first clip, all real, is untouched by the second's padding
			assertArrayEquals(out.get(0).get("0").toFloatArray(), again.get(0).get("0").toFloatArray(), 1e-6f);
		}
		assertThrows(MedXaiException.class, () -> new TemporalAttentionLayer(10, 4, 0f));
	}
}
