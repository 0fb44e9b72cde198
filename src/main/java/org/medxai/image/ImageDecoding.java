package org.medxai.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.medxai.MedXaiException;

/**
 * Reads common image files (JPEG, PNG, BMP, GIF) to RGB pixels and re-encodes
 * RGB pixels as JPEG, without any host. Used by training and evaluation, where
 * thousands of files are read outside ImageJ's windows.
 */
public final class ImageDecoding {

	private ImageDecoding() {}

	/** Decoded packed RGB pixels. */
	public record Rgb(int width, int height, int[] pixels) {

		public PixelPlanes planes() {
			return PixelPlanes.rgb(pixels, width, height);
		}
	}

	/** Reads an image file as RGB (grey files become equal R, G, B). */
	public static Rgb read(final Path file) {
		final BufferedImage image;
		try {
			image = ImageIO.read(Files.newInputStream(file));
		}
		catch (final IOException | RuntimeException e) {
			throw new MedXaiException("cannot read " + file.getFileName() + " (" + e.getMessage() +
				")", e);
		}
		if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
			throw new MedXaiException("not a readable image: " + file.getFileName());
		}
		return fromBufferedImage(image);
	}

	static Rgb fromBufferedImage(final BufferedImage image) {
		final int w = image.getWidth();
		final int h = image.getHeight();
		final int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
		for (int i = 0; i < pixels.length; i++) pixels[i] &= 0xffffff;
		return new Rgb(w, h, pixels);
	}

	/** Encodes RGB pixels as a JPEG of the given quality (1..100) and decodes it again. */
	public static Rgb jpegRoundTrip(final Rgb rgb, final int quality) {
		final BufferedImage image = new BufferedImage(rgb.width(), rgb.height(),
			BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, rgb.width(), rgb.height(), rgb.pixels(), 0, rgb.width());
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
		final ImageWriter writer = writers.next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
			writer.setOutput(out);
			final ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(Math.max(1, Math.min(100, quality)) / 100f);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		catch (final IOException e) {
			throw new IllegalStateException("JPEG encoding failed in memory", e);
		}
		finally {
			writer.dispose();
		}
		try {
			return fromBufferedImage(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
		}
		catch (final IOException e) {
			throw new IllegalStateException("JPEG decoding failed in memory", e);
		}
	}
}
