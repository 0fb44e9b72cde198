package org.medxai.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;
import org.medxai.image.PixelPlanes;

class ImagePlusPlanesTest {

	@Test
	void everyPixelTypeConverts() {
		final ImagePlus grey8 = new ImagePlus("g8", new ByteProcessor(3, 2));
		grey8.getProcessor().set(1, 0, 77);
		assertEquals(77, new ImagePlusPlanes(grey8).planes(0).plane(0)[1], 0);

		final ShortProcessor sp = new ShortProcessor(2, 1);
		sp.set(0, 0, 100);
		sp.set(1, 0, 300);
		assertArrayEquals(new float[] { 0, 255 }, new ImagePlusPlanes(new ImagePlus("g16", sp)).planes(0).plane(0),
			1e-4f);

		final FloatProcessor fp = new FloatProcessor(2, 1, new float[] { -0.5f, 0.5f });
		assertArrayEquals(new float[] { 0, 255 }, new ImagePlusPlanes(new ImagePlus("g32", fp)).planes(0).plane(0),
			1e-4f);

		final ColorProcessor cp = new ColorProcessor(1, 1, new int[] { 0x0a141e });
		final PixelPlanes rgb = new ImagePlusPlanes(new ImagePlus("rgb", cp)).planes(0);
		assertEquals(3, rgb.channels());
		assertEquals(30, rgb.plane(2)[0], 0);
	}

	@Test
	void indexedColourIsReadThroughItsLut() {
		final ByteProcessor bp = new ByteProcessor(1, 1, new byte[] { 5 });
		final byte[] r = new byte[256];
		final byte[] g = new byte[256];
		final byte[] b = new byte[256];
		r[5] = (byte) 200;
		b[5] = 40;
		bp.setLut(new LUT(r, g, b));
		final PixelPlanes planes = new ImagePlusPlanes(new ImagePlus("indexed", bp)).planes(0);
		assertEquals(3, planes.channels());
		assertEquals(200, planes.plane(0)[0], 0);
		assertEquals(40, planes.plane(2)[0], 0);
	}

	@Test
	void stacksGiveOneUnitPerSliceAndCompositesOnePerPosition() {
		final ImageStack stack = new ImageStack(2, 2);
		for (int i = 0; i < 6; i++) stack.addSlice(new ByteProcessor(2, 2));
		final ImagePlus slices = new ImagePlus("s", stack);
		assertEquals(6, new ImagePlusPlanes(slices).count());

		final ImagePlus composite = new ImagePlus("c", stack.duplicate());
		composite.setDimensions(3, 2, 1);
		final ImagePlusPlanes planes = new ImagePlusPlanes(new CompositeImage(composite));
		assertEquals(2, planes.count());
		assertEquals(4, planes.slice(1));
		assertEquals(3, planes.planes(1).channels());
	}

	@Test
	void unsupportedInputsGetClearMessages() {
		final ImageStack stack = new ImageStack(2, 2);
		for (int i = 0; i < 4; i++) stack.addSlice(new ByteProcessor(2, 2));
		final ImagePlus four = new ImagePlus("four", stack);
		four.setDimensions(4, 1, 1);
		final MedXaiException e = assertThrows(MedXaiException.class, () -> new ImagePlusPlanes(four));
		assertTrue(e.getMessage().startsWith("The image 'four' has 4 channels;"), e.getMessage());
		assertEquals("No image is open: open an image or stack first.",
			assertThrows(MedXaiException.class, () -> new ImagePlusPlanes(null)).getMessage());
	}
}
