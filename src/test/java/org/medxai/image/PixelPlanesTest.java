package org.medxai.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;

class PixelPlanesTest {

	@Test
	void gray8KeepsValues() {
		final byte[] pixels = { 0, 10, (byte) 200, (byte) 255 };
		final PixelPlanes p = PixelPlanes.gray8(pixels, 2, 2);
		assertEquals(1, p.channels());
		assertArrayEquals(new float[] { 0, 10, 200, 255 }, p.plane(0));
	}

	@Test
	void gray16StretchesMinMaxToByteRange() {
		final short[] pixels = { 1000, 2000, 3000, (short) 60000 };
		final PixelPlanes p = PixelPlanes.gray16(pixels, 4, 1);
		assertEquals(0, p.plane(0)[0], 1e-4);
		assertEquals(255 * 1000.0 / 59000, p.plane(0)[1], 1e-3);
		assertEquals(255, p.plane(0)[3], 1e-4);
		assertEquals(1000, pixels[0], "source untouched");
	}

	@Test
	void gray32HandlesNaNAndConstantImages() {
		final float[] pixels = { Float.NaN, -1, 1, Float.POSITIVE_INFINITY };
		final PixelPlanes p = PixelPlanes.gray32(pixels, 2, 2);
		assertArrayEquals(new float[] { 0, 0, 255, 0 }, p.plane(0));
		assertTrue(Float.isNaN(pixels[0]), "source untouched");
		assertArrayEquals(new float[] { 0, 0 }, PixelPlanes.gray32(new float[] { 5, 5 }, 2, 1).plane(0));
	}

	@Test
	void rgbSplitsIntoThreePlanes() {
		final PixelPlanes p = PixelPlanes.rgb(new int[] { 0x102030, 0xff0080 }, 2, 1);
		assertEquals(3, p.channels());
		assertArrayEquals(new float[] { 16, 255 }, p.plane(0));
		assertArrayEquals(new float[] { 32, 0 }, p.plane(1));
		assertArrayEquals(new float[] { 48, 128 }, p.plane(2));
	}

	@Test
	void emptyOrMismatchedInputsAreRefused() {
		final MedXaiException empty = assertThrows(MedXaiException.class, () -> PixelPlanes.gray8(new byte[0], 0, 0));
		assertEquals("The image is empty (0 x 0 pixels): nothing to analyse.", empty.getMessage());
		final MedXaiException mismatch = assertThrows(MedXaiException.class, () -> PixelPlanes.rgb(new int[3], 2, 2));
		assertEquals("Pixel data (3 values) does not match 2 x 2.", mismatch.getMessage());
	}
}
