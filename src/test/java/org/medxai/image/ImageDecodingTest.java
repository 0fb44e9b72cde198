package org.medxai.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files read without ImageJ give the values ImageJ gives, so training and Fiji commands see the same pixels. */
class ImageDecodingTest {

	@Test
	void greyPngKeepsItsStoredValues(@TempDir final Path dir) {
		final byte[] values = new byte[64];
		for (int i = 0; i < values.length; i++) values[i] = (byte) (i * 4);
		final Path file = dir.resolve("grey8.png");
		new FileSaver(new ImagePlus("grey8", new ByteProcessor(8, 8, values))).saveAsPng(file.toString());
		final PixelPlanes read = ImageDecoding.read(file).planes();
		final PixelPlanes expected = PixelPlanes.gray8(values, 8, 8);
		for (int c = 0; c < 3; c++) assertArrayEquals(expected.plane(0), read.plane(c), 0f, "channel " + c);
	}

	@Test
	void sixteenBitGreyPngIsStretchedLikeImageJImages(@TempDir final Path dir) {
		final short[] values = new short[64];
		for (int i = 0; i < values.length; i++) values[i] = (short) (1000 + i * 700);
		final Path file = dir.resolve("grey16.png");
		new FileSaver(new ImagePlus("grey16", new ShortProcessor(8, 8, values, null))).saveAsPng(file.toString());
		final PixelPlanes read = ImageDecoding.read(file).planes();
		final PixelPlanes expected = PixelPlanes.gray16(values, 8, 8);
		for (int i = 0; i < 64; i++) assertEquals(expected.plane(0)[i], read.plane(1)[i], 0.5f, "pixel " + i);
	}
}
