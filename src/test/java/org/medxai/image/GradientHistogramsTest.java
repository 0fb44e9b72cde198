package org.medxai.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The histograms see how fine the structure is, not where it lies. */
class GradientHistogramsTest {

	/** Bright discs of one radius scattered at random (as cells), about a third of the area; grey, 400 x 320. */
	private static PixelPlanes discs(final double radius, final long seed) {
		final int w = 400, h = 320;
		final Random random = new Random(seed);
		final float[] p = new float[w * h];
		Arrays.fill(p, 60);
		final int count = (int) (0.4 * w * h / (Math.PI * radius * radius));
		for (int d = 0; d < count; d++) {
			final double cx = random.nextDouble() * w, cy = random.nextDouble() * h;
			for (int y = (int) Math.max(0, cy - radius); y < Math.min(h, cy + radius + 1); y++)
				for (int x = (int) Math.max(0, cx - radius); x < Math.min(w, cx + radius + 1); x++)
					if (Math.hypot(x - cx, y - cy) < radius) p[y * w + x] = 180;
		}
		return PixelPlanes.gray32(p, w, h);
	}

	@Test
	void movingTheStructureBarelyChangesThemButFinerStructureDoes() {
		final double[] base = GradientHistograms.of(discs(12, 1));
		final double[] moved = GradientHistograms.of(discs(12, 2));
		final double[] finer = GradientHistograms.of(discs(4, 1));
		assertEquals(GradientHistograms.LENGTH, base.length);
		final double same = distance(base, moved), different = distance(base, finer);
		assertTrue(same * 3 < different, "moved " + same + ", finer " + different);
		// smaller discs have more edges: fewer pixels in the first (flat) bin
		assertTrue(finer[0] < base[0], finer[0] + " vs " + base[0]);
	}

	@Test
	void aFlatFrameHasAllItsStepsInTheFirstBinAndOnlyTheCentreCounts() {
		final double[] flat = GradientHistograms.of(PixelPlanes.gray8(new byte[64 * 48], 64, 48));
		for (int scale = 0; scale < 2; scale++) {
			assertEquals(Math.log1p(1000), flat[scale * GradientHistograms.BINS], 1e-9);
			for (int b = 1; b < GradientHistograms.BINS; b++)
				assertEquals(0, flat[scale * GradientHistograms.BINS + b]);
		}
		// structure outside the central square (half the shorter side) is not seen
		final float[] border = new float[200 * 200];
		for (int y = 0; y < 200; y++)
			for (int x = 0; x < 200; x++)
				border[y * 200 + x] = x < 40 || x >= 160 || y < 40 || y >= 160 ? ((x + y) % 2) * 255 : 50;
		assertArrayEquals(GradientHistograms.of(PixelPlanes.gray32(new float[200 * 200], 200, 200)),
			GradientHistograms.of(PixelPlanes.gray32(border, 200, 200)), 1e-12);
	}

	private static double distance(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
		return Math.sqrt(s);
	}
}
