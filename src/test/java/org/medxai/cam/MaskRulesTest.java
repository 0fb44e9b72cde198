package org.medxai.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;
import org.medxai.image.MaskCleanup;

/** Mask rules and clean-up on generated maps with known answers. */
class MaskRulesTest {

	private static final float[] RAMP = { 0.0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f };

	@Test
	void thresholdBandAndPercentile() {
		assertArrayEquals(new byte[] { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1 }, MaskRule.threshold(0.5).apply(RAMP));
		assertArrayEquals(new byte[] { 0, 0, 0, 0, 0, 1, 1, 0, 0, 0 }, MaskRule.band(0.4, 0.7).apply(RAMP),
			"the seed's band is exclusive at both ends");
		assertArrayEquals(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 }, MaskRule.percentile(80).apply(RAMP));
	}

	@Test
	void otsuSplitsABimodalMap() {
		final float[] cam = new float[200];
		for (int i = 0; i < 200; i++) cam[i] = i < 150 ? 0.1f + (i % 5) * 0.01f : 0.8f + (i % 5) * 0.01f;
		final byte[] mask = MaskRule.otsu().apply(cam);
		for (int i = 0; i < 200; i++) assertEquals(i < 150 ? 0 : 1, mask[i], "pixel " + i);
	}

	@Test
	void parseAndKeyRoundTrip() {
		for (final String key : new String[] { "threshold:0.5", "band:0.4:0.7", "otsu", "percentile:80" }) {
			assertEquals(key, MaskRule.parse(key).key());
		}
		assertTrue(assertThrows(MedXaiException.class, () -> MaskRule.parse("magic")).getMessage()
			.startsWith("Unknown mask rule 'magic'"));
	}

	@Test
	void impossibleOrMissingNumbersAreRefusedNotDefaulted() {
		for (final String bad : new String[] { "percentile:150", "percentile:-1", "band:0.9:0.1", "band:0.5:0.5",
			"band:0.2", "threshold:", "threshold", "threshold:abc", "threshold:1.5", "otsu:3", "" })
		{
			final MedXaiException e = assertThrows(MedXaiException.class, () -> MaskRule.parse(bad), bad);
			assertTrue(e.getMessage().contains("percentile:P (0..100)"), e.getMessage());
		}
		assertEquals("band:0:1", MaskRule.parse("band:0:1").key());
		assertEquals("percentile:100", MaskRule.parse("percentile:100").key());
	}

	/** The percentile found by selection is the value sorting would give, ties and constant maps included. */
	@Test
	void percentileBySelectionEqualsTheSortedValue() {
		final java.util.Random random = new java.util.Random(5);
		for (int trial = 0; trial < 200; trial++) {
			final int n = 1 + random.nextInt(trial < 100 ? 50 : 5000);
			final float[] cam = new float[n];
			final int levels = trial % 3 == 0 ? 3 : 1 << 20; // many ties, or almost none
			for (int i = 0; i < n; i++) cam[i] = random.nextInt(levels) / (float) levels;
			if (trial % 4 == 3) // signed values over many magnitudes, both zeros
				for (int i = 0; i < n; i++)
					cam[i] = i % 17 == 0
						? (i % 2 == 0 ? -0f : 0f)
						: (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
			final float[] before = cam.clone();
			final float[] sorted = cam.clone();
			java.util.Arrays.sort(sorted);
			for (final double p : new double[] { 0, 1, 50, 75, 99.9, 100 }) {
				final int index = (int) Math.min(n - 1, Math.max(0, Math.ceil(p / 100 * n) - 1));
				assertEquals(Float.floatToIntBits(sorted[index]),
					Float.floatToIntBits((float) MaskRule.percentileLevel(cam, p)), "n " + n + ", p " + p);
			}
			assertArrayEquals(before, cam, "the map is left as it was");
		}
		assertEquals(0.5, MaskRule.percentileLevel(new float[1000], 75) + 0.5, 0, "a constant map");
	}

	@Test
	void cleanupRemovesSmallPartsFillsHolesKeepsLargest() {
		// 8 x 6: a ring (3x3 with a hole) of 8 pixels, a 2-pixel blob, a single pixel
		final String picture = "" + "11100000" + "10100011" + "11100000" + "00000000" + "00000001" + "00000000";
		final byte[] mask = new byte[48];
		for (int i = 0; i < 48; i++) mask[i] = (byte) (picture.charAt(i) - '0');
		final byte[] filled = MaskCleanup.apply(mask, 8, 6, new MaskCleanup.Options(0, true, false));
		assertEquals(1, filled[9], "the ring's hole is filled");
		assertEquals(1, filled[14]);
		final byte[] noSmall = MaskCleanup.apply(mask, 8, 6, new MaskCleanup.Options(2.0 / 48, false, false));
		assertEquals(0, noSmall[39], "the single pixel is removed");
		assertEquals(1, noSmall[14], "the 2-pixel blob stays");
		final byte[] largest = MaskCleanup.apply(mask, 8, 6, new MaskCleanup.Options(0, true, true));
		int on = 0;
		for (final byte b : largest) on += b;
		assertEquals(9, on, "only the filled ring remains");
		assertEquals(0, largest[14]);
	}
}
