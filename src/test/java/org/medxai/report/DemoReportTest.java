package org.medxai.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DemoReportTest {

	@Test
	void jetRunsFromBlueToRed() {
		assertEquals(0x000080, DemoReport.jet(0), "dark blue at 0");
		assertEquals(0x800000, DemoReport.jet(1), "dark red at 1");
		assertEquals(0x80ff80, DemoReport.jet(0.5), "green-yellow in the middle");
	}

	@Test
	void camOverlayKeepsTheImageWhereTheMapIsLowAndColoursItWhereHigh() {
		final int[] grey = { 0x808080, 0x808080 };
		final int[] out = DemoReport.camOverlay(grey, new float[] { 0, 1 });
		// 15 % of dark blue over grey at 0; 60 % of dark red at 1
		assertEquals(0x6d6d80, out[0]);
		assertEquals(0x803333, out[1]);
	}

	@Test
	void outlinePaintsOnlyTheMaskBorder() {
		final int w = 5, h = 5;
		final boolean[] mask = new boolean[w * h];
		for (int y = 1; y <= 3; y++) for (int x = 1; x <= 3; x++) mask[y * w + x] = true;
		final int[] pixels = new int[w * h];
		DemoReport.outline(pixels, w, h, mask, 7);
		final int[] expected = new int[w * h];
		for (int y = 1; y <= 3; y++) for (int x = 1; x <= 3; x++) if (x != 2 || y != 2) expected[y * w + x] = 7;
		assertArrayEquals(expected, pixels);
	}

	@Test
	void captionsAreEscaped() {
		assertEquals("a&lt;b&gt; &amp; &#39;c&#39;", DemoReport.escape("a<b> & 'c'"));
	}
}
