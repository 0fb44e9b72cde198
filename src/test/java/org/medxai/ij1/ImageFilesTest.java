package org.medxai.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;

/** Reading files for batches: the direct colour and grey paths give exactly what the ImagePlus path gives. */
class ImageFilesTest {

	@TempDir
	Path temp;

	private Path write(final BufferedImage image, final String format, final String name) throws IOException {
		final Path file = temp.resolve(name);
		ImageIO.write(image, format, file.toFile());
		return file;
	}

	private static BufferedImage picture(final int type, final int w, final int h) {
		final BufferedImage image = new BufferedImage(w, h, type);
		final Random random = new Random(w * 31 + h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) image.setRGB(x, y, random.nextInt(0x1000000) | (x * 4 << 16));
		return image;
	}

	@Test
	void colourJpegAndPngReadDirectlyEqualTheImagePlusPath() throws IOException {
		for (final Path file : List.of(write(picture(BufferedImage.TYPE_INT_RGB, 61, 37), "jpg", "a.jpg"),
			write(picture(BufferedImage.TYPE_INT_RGB, 40, 23), "png", "b.png"),
			write(picture(BufferedImage.TYPE_3BYTE_BGR, 17, 9), "bmp", "c.bmp")))
		{
			assertNotNull(ImageDecoding.directPlanes(ImageIO.read(file.toFile())), file + " takes the direct path");
			final List<PixelPlanes> direct = ImageFiles.readPlanes(file);
			final PixelPlanes viaImagePlus = new ImagePlusPlanes(new ImagePlus("x", ImageIO.read(file.toFile())))
				.planes(0);
			assertEquals(1, direct.size());
			assertEquals(3, direct.get(0).channels());
			for (int c = 0; c < 3; c++)
				assertArrayEquals(viaImagePlus.plane(c), direct.get(0).plane(c), 0f, file + " channel " + c);
		}
	}

	@Test
	void greyJpegAndPngReadDirectlyEqualTheImagePlusPath() throws IOException {
		final BufferedImage grey = new BufferedImage(29, 13, BufferedImage.TYPE_BYTE_GRAY);
		final Random random = new Random(5);
		for (int y = 0; y < 13; y++)
			for (int x = 0; x < 29; x++) grey.getRaster().setSample(x, y, 0, random.nextInt(256));
		grey.getRaster().setSample(3, 2, 0, 64);
		for (final Path file : List.of(write(grey, "png", "g.png"), write(grey, "jpg", "g.jpg"))) {
			assertNotNull(ImageDecoding.directPlanes(ImageIO.read(file.toFile())), file + " takes the direct path");
			final List<PixelPlanes> direct = ImageFiles.readPlanes(file);
			final PixelPlanes viaImagePlus = new ImagePlusPlanes(new ImagePlus("x", ImageIO.read(file.toFile())))
				.planes(0);
			assertEquals(1, direct.get(0).channels());
			assertEquals(1, viaImagePlus.channels());
			assertArrayEquals(viaImagePlus.plane(0), direct.get(0).plane(0), 0f, file.toString());
		}
		// stored values, not brightened as linear light (getRGB would give 137)
		assertEquals(64, ImageFiles.readPlanes(temp.resolve("g.png")).get(0).plane(0)[2 * 29 + 3], 0);
	}

	@Test
	void otherLayoutsKeepTheImagePlusPathAndItsCheck() throws IOException {
		final BufferedImage deep = new BufferedImage(9, 5, BufferedImage.TYPE_USHORT_GRAY);
		deep.getRaster().setSample(3, 2, 0, 4000);
		final Path file = write(deep, "png", "d.png");
		assertNull(ImageDecoding.directPlanes(ImageIO.read(file.toFile())));
		final PixelPlanes planes = ImageFiles.readPlanes(file).get(0);
		assertEquals(1, planes.channels());
		assertEquals(255, planes.plane(0)[2 * 9 + 3], 0);
		final MedXaiException refused = assertThrows(MedXaiException.class, () -> ImageFiles.readPlanes(file, image -> {
			throw new MedXaiException(image.getBitDepth() + "-bit refused");
		}));
		assertEquals("16-bit refused", refused.getMessage());
	}
}
