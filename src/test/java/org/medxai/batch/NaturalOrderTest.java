package org.medxai.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NaturalOrderTest {

	@Test
	void numbersInNamesCompareByValue() {
		final List<String> names = new ArrayList<>(List.of("RUN10.tif", "RUN2.tif", "run1.tif", "RUN2b.tif",
			"frame_0010.png", "frame_9.png", "a.png", "RUN002.tif"));
		names.sort(NaturalOrder.INSTANCE);
		assertEquals(List.of("a.png", "frame_9.png", "frame_0010.png", "run1.tif", "RUN002.tif", "RUN2.tif",
			"RUN2b.tif", "RUN10.tif"), names);
	}
}
