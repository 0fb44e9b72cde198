package org.medxai.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class GlobalFeaturesTest {

	@Test
	void flatImageHasOneColourBinNoEdgesAndFlatLayout() {
		final int[] rgb = new int[64 * 64];
		Arrays.fill(rgb, 0x20a0e0);
		final double[] f = GlobalFeatures.of(PixelPlanes.rgb(rgb, 64, 64));
		assertEquals(GlobalFeatures.LENGTH, f.length);
		assertEquals(226, f.length);
		// r=0x20 -> bin 0, g=0xa0 -> bin 2, b=0xe0 -> bin 3
		assertEquals(1.0, f[0 * 16 + 2 * 4 + 3], 1e-9);
		for (int i = 64; i < 144; i++) assertEquals(0, f[i], 1e-12, "edge bin " + i);
		final double lum = (0.299 * 0x20 + 0.587 * 0xa0 + 0.114 * 0xe0) / 255;
		for (int i = 162; i < 226; i++) assertEquals(lum, f[i], 1e-4);
	}

	@Test
	void verticalStripesGiveVerticalEdgesAndHorizontalGradientDirection() {
		final int[] rgb = new int[128 * 128];
		for (int y = 0; y < 128; y++) {
			for (int x = 0; x < 128; x++) rgb[y * 128 + x] = (x / 2) % 2 == 0 ? 0xffffff : 0;
		}
		final double[] f = GlobalFeatures.of(PixelPlanes.rgb(rgb, 128, 128));
		double vertical = 0;
		for (int s = 0; s < 16; s++) vertical += f[64 + s * 5];
		assertEquals(16.0, vertical, 1e-9, "every block of every sub-image is a vertical edge");
		// gradients point along x: directionality mass in the first/last bins (angle ~ 0 or pi)
		assertTrue(f[146] + f[146 + 15] > 0.9, "directionality " + f[146] + " " + f[161]);
	}
}
