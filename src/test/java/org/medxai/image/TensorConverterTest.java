package org.medxai.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;

class TensorConverterTest {

	private static InputSpec spec(final int w, final int h, final int c) {
		final double[] mean = new double[c];
		final double[] std = new double[c];
		java.util.Arrays.fill(std, 1);
		return new InputSpec(w, h, c, 1, mean, std);
	}

	@Test
	void bilinearMatchesPyTorchAlignCornersFalse() {
		// torch.nn.functional.interpolate([[0,1],[2,3]], size=4, mode="bilinear", align_corners=False)
		final float[] out = TensorConverter.resize(new float[] { 0, 1, 2, 3 }, 2, 2, 4, 4);
		assertArrayEquals(
			new float[] { 0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3 },
			out, 1e-6f);
	}

	@Test
	void shrinkingAveragesBlocksFirst() {
		// A 1-pixel checkerboard must shrink to its mean, not alias to black or white.
		final float[] board = new float[64 * 64];
		for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) board[y * 64 + x] = (x + y) % 2 * 255;
		final float[] out = TensorConverter.resize(board, 64, 64, 16, 16);
		for (final float v : out) assertEquals(127.5f, v, 1e-3f);
	}

	@Test
	void greyBecomesThreeChannelsAndRgbBecomesLuminance() {
		final PixelPlanes grey = PixelPlanes.gray8(new byte[] { 10, 20 }, 2, 1);
		assertArrayEquals(new float[] { 10, 20, 10, 20, 10, 20 }, TensorConverter.convert(grey, spec(2, 1, 3)));
		final PixelPlanes rgb = PixelPlanes.rgb(new int[] { 0xff0000, 0x0000ff }, 2, 1);
		assertArrayEquals(new float[] { 0.299f * 255, 0.114f * 255 }, TensorConverter.convert(rgb, spec(2, 1, 1)),
			1e-3f);
	}

	@Test
	void normalisationPerChannel() {
		final PixelPlanes rgb = PixelPlanes.rgb(new int[] { 0x80ff00 }, 1, 1);
		final InputSpec spec = new InputSpec(1, 1, 3, 255, new double[] { 0.5, 0.5, 0.5 },
			new double[] { 0.5, 0.25, 1 });
		assertArrayEquals(new float[] { (128 / 255f - 0.5f) / 0.5f, 2, -0.5f }, TensorConverter.convert(rgb, spec),
			1e-6f);
	}

	@Test
	void resizeKeepsTheSourceAndTheLayoutIsChannelsRowsColumns() {
		final int[] packed = new int[6 * 4];
		for (int i = 0; i < packed.length; i++) packed[i] = i << 16;
		final PixelPlanes rgb = PixelPlanes.rgb(packed, 6, 4);
		final float[] before = rgb.plane(0).clone();
		final float[] out = TensorConverter.convert(rgb, spec(3, 2, 3));
		assertEquals(3 * 2 * 3, out.length);
		assertArrayEquals(before, rgb.plane(0));
		// channel 1 and 2 are zero; channel 0 holds averaged 2x2 blocks of the ramp
		assertEquals((0 + 1 + 6 + 7) / 4f, out[0], 1e-5f);
		assertEquals(0, out[6], 0);
	}

	/**
	 * The direct bilinear sampling equals ImgLib2's n-linear interpolator on the border-extended image (the earlier
	 * implementation, kept here as the reference) to float precision, enlarging and shrinking, odd sizes included.
	 */
	@Test
	void resizeEqualsImgLib2sInterpolation() {
		final java.util.Random random = new java.util.Random(3);
		final int[][] sizes = { { 7, 7, 224, 224 }, { 224, 224, 622, 529 }, { 622, 529, 224, 224 }, { 5, 3, 2, 9 },
			{ 1280, 640, 384, 192 }, { 9, 4, 13, 4 } };
		for (final int[] size : sizes) {
			final float[] plane = new float[size[0] * size[1]];
			for (int i = 0; i < plane.length; i++) plane[i] = random.nextFloat();
			final float[] fast = TensorConverter.resize(plane, size[0], size[1], size[2], size[3]);
			final float[] reference = imgLib2Resize(plane, size[0], size[1], size[2], size[3]);
			for (int i = 0; i < fast.length; i++)
				assertEquals(reference[i], fast[i], 1e-6, java.util.Arrays.toString(size) + " at " + i);
		}
	}

	private static float[] imgLib2Resize(final float[] plane, final int width, final int height, final int outWidth,
		final int outHeight)
	{
		final int binX = Math.max(1, width / outWidth), binY = Math.max(1, height / outHeight);
		float[] source = plane;
		int w = width, h = height;
		if (binX > 1 || binY > 1) {
			w = (width + binX - 1) / binX;
			h = (height + binY - 1) / binY;
			source = new float[w * h];
			for (int by = 0; by < h; by++) for (int bx = 0; bx < w; bx++) {
				double sum = 0;
				int n = 0;
				for (int y = by * binY; y < Math.min(height, by * binY + binY); y++)
					for (int x = bx * binX; x < Math.min(width, bx * binX + binX); x++, n++)
						sum += plane[y * width + x];
				source[by * w + bx] = (float) (sum / n);
			}
		}
		final net.imglib2.RealRandomAccess<net.imglib2.type.numeric.real.FloatType> sampler = net.imglib2.view.Views
			.interpolate(net.imglib2.view.Views.extendBorder(net.imglib2.img.array.ArrayImgs.floats(source, w, h)),
				new net.imglib2.interpolation.randomaccess.NLinearInterpolatorFactory<net.imglib2.type.numeric.real.FloatType>())
			.realRandomAccess();
		final float[] out = new float[outWidth * outHeight];
		for (int y = 0; y < outHeight; y++) {
			sampler.setPosition((((y + 0.5) * height / outHeight - 0.5) + 0.5) / binY - 0.5, 1);
			for (int x = 0; x < outWidth; x++) {
				sampler.setPosition((((x + 0.5) * width / outWidth - 0.5) + 0.5) / binX - 0.5, 0);
				out[y * outWidth + x] = sampler.get().get();
			}
		}
		return out;
	}

	@Test
	void specRejectsUnsupportedChannelCounts() {
		final MedXaiException e = assertThrows(MedXaiException.class, () -> spec(4, 4, 4));
		assertEquals("Model input must have 1 or 3 channels, not 4.", e.getMessage());
	}

	/** Block averages read row after row equal a block-by-block sum bit for bit, ragged last blocks included. */
	@Test
	void blockAveragesEqualABlockByBlockSum() {
		final java.util.Random random = new java.util.Random(12);
		for (int trial = 0; trial < 100; trial++) {
			final int width = 1 + random.nextInt(90), height = 1 + random.nextInt(90);
			final int binX = 1 + random.nextInt(6), binY = 1 + random.nextInt(6);
			final int w = (width + binX - 1) / binX, h = (height + binY - 1) / binY;
			final float[] plane = new float[width * height];
			for (int i = 0; i < plane.length; i++) plane[i] = (float) (random.nextGaussian() * 1000);
			final float[] expected = new float[w * h];
			for (int by = 0; by < h; by++) for (int bx = 0; bx < w; bx++) {
				final int y0 = by * binY, y1 = Math.min(height, y0 + binY);
				final int x0 = bx * binX, x1 = Math.min(width, x0 + binX);
				double sum = 0;
				for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) sum += plane[y * width + x];
				expected[by * w + bx] = (float) (sum / ((y1 - y0) * (x1 - x0)));
			}
			assertArrayEquals(expected, TensorConverter.blockAverage(plane, width, height, binX, binY, w, h), 0f,
				"trial " + trial);
		}
	}
}
