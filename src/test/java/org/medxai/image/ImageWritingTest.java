package org.medxai.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageWritingTest {

	@TempDir
	Path temp;

	@Test
	void masksReadBackAsWritten() throws IOException {
		final int w = 37, h = 11;
		final byte[] mask = new byte[w * h];
		for (int i = 0; i < mask.length; i++) mask[i] = (byte) (i % 3 == 0 ? 1 : i % 7 == 0 ? 77 : 0);
		final Path file = temp.resolve("m.png");
		ImageWriting.maskPng(mask, w, h, file);
		final ImageDecoding.Rgb read = ImageDecoding.read(file);
		assertEquals(w, read.width());
		for (int i = 0; i < mask.length; i++) {
			final int expected = mask[i] == 1 ? 255 : mask[i] & 0xff;
			assertEquals(expected, read.pixels()[i] & 0xff, "pixel " + i);
		}
	}

	@Test
	void masksReadBackInImageJAndInEveryShape() throws IOException {
		final java.util.Random random = new java.util.Random(3);
		for (final int[] size : new int[][] { { 1, 1 }, { 1, 300 }, { 300, 1 }, { 613, 529 }, { 2000, 40 } }) {
			final int w = size[0], h = size[1];
			final byte[] mask = new byte[w * h];
			// blobs with edges, plus scattered grey values
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					mask[y * w +
						x] = (byte) ((x / 7 + y / 5) % 3 == 0 ? 1 : random.nextInt(50) == 0 ? random.nextInt(256) : 0);
			final Path file = temp.resolve("m" + w + "x" + h + ".png");
			ImageWriting.maskPng(mask, w, h, file);
			final ij.ImagePlus image = new ij.io.Opener().openImage(file.toString());
			assertEquals(ij.ImagePlus.GRAY8, image.getType());
			assertEquals(w, image.getWidth());
			assertEquals(h, image.getHeight());
			final byte[] read = (byte[]) image.getProcessor().getPixels();
			for (int i = 0; i < mask.length; i++)
				assertEquals(mask[i] == 1 ? 255 : mask[i] & 0xff, read[i] & 0xff, w + " x " + h + " pixel " + i);
		}
	}

	@Test
	void mapsReadBackAsWritten() throws IOException {
		final float[] map = { 0, 0.25f, 1, 0.5f, 0.125f, 0.75f };
		final Path file = temp.resolve("c.tif");
		ImageWriting.floatTiff(map, 3, 2, file);
		final ij.ImagePlus image = new ij.io.Opener().openImage(file.toString());
		assertArrayEquals(map, (float[]) image.getProcessor().getPixels());
	}
}
