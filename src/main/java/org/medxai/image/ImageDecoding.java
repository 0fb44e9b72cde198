package org.medxai.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * Reads common image files (JPEG, PNG, BMP, GIF) to RGB pixels and re-encodes RGB pixels as JPEG, without any host.
 * Used by training and evaluation, where thousands of files are read outside ImageJ's windows.
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
		try (InputStream in = Files.newInputStream(file)) {
			image = ImageIO.read(in);
		}
		catch (final IOException | RuntimeException e) {
			throw new MedXaiException("cannot read " + file.getFileName() + " (" + e.getMessage() + ")", e);
		}
		if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
			throw new MedXaiException("not a readable image: " + file.getFileName());
		}
		return fromBufferedImage(image);
	}

	static Rgb fromBufferedImage(final BufferedImage image) {
		final int w = image.getWidth();
		final int h = image.getHeight();
		if (isGrey(image)) return grey(image.getRaster(), w, h);
		final int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
		for (int i = 0; i < pixels.length; i++) pixels[i] &= 0xffffff;
		return new Rgb(w, h, pixels);
	}

	/**
	 * The planes of a decoded image read straight from its raster (the common JPEG and PNG layouts: 3-byte BGR, packed
	 * RGB and 8-bit grey), the values ImageJ's colour or 8-bit processor would hold; null for any other layout.
	 */
	public static PixelPlanes directPlanes(final BufferedImage image) {
		final int w = image.getWidth(), h = image.getHeight(), n = w * h;
		if (image.getRaster().getParent() != null || image.getRaster().getDataBuffer().getNumBanks() != 1) return null;
		final float[] r, g, b;
		switch (image.getType()) {
			case BufferedImage.TYPE_BYTE_GRAY -> {
				// the stored values, as ImageJ opens grey files (getRGB would brighten them: see grey below)
				if (!(image.getRaster().getDataBuffer() instanceof DataBufferByte buffer) ||
					buffer.getData().length != n) return null;
				return PixelPlanes.gray8(buffer.getData(), w, h);
			}
			case BufferedImage.TYPE_3BYTE_BGR -> {
				if (!(image.getRaster().getDataBuffer() instanceof DataBufferByte buffer) ||
					buffer.getData().length != 3 * n) return null;
				final byte[] data = buffer.getData();
				r = new float[n];
				g = new float[n];
				b = new float[n];
				for (int i = 0, j = 0; i < n; i++, j += 3) {
					b[i] = data[j] & 0xff;
					g[i] = data[j + 1] & 0xff;
					r[i] = data[j + 2] & 0xff;
				}
			}
			case BufferedImage.TYPE_INT_RGB -> {
				if (!(image.getRaster().getDataBuffer() instanceof DataBufferInt buffer) ||
					buffer.getData().length != n) return null;
				final int[] data = buffer.getData();
				r = new float[n];
				g = new float[n];
				b = new float[n];
				for (int i = 0; i < n; i++) {
					final int c = data[i];
					r[i] = c >> 16 & 0xff;
					g[i] = c >> 8 & 0xff;
					b[i] = c & 0xff;
				}
			}
			default -> {
				return null;
			}
		}
		return PixelPlanes.planes(w, h, r, g, b);
	}

	private static boolean isGrey(final BufferedImage image) {
		return !(image.getColorModel() instanceof IndexColorModel) &&
			image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
	}

	/**
	 * Grey files by their stored values, as ImageJ opens them: {@code getRGB} would treat the grey as linear light and
	 * brighten it (64 becomes 137). 8-bit values are used as they are; deeper ones are stretched from min..max to
	 * 0..255, the rule of {@link PixelPlanes#gray16}.
	 */
	private static Rgb grey(final Raster raster, final int w, final int h) {
		final int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
		final boolean eightBit = raster.getSampleModel().getSampleSize(0) <= 8;
		int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
		for (final int v : samples) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		final double gain = eightBit ? 1 : max > min ? 255.0 / (max - min) : 0;
		final int offset = eightBit ? 0 : min;
		final int[] pixels = new int[samples.length];
		for (int i = 0; i < samples.length; i++) {
			final int v = (int) Math.round((samples[i] - offset) * gain);
			pixels[i] = (v << 16) | (v << 8) | v;
		}
		return new Rgb(w, h, pixels);
	}

	/** Encodes RGB pixels as a JPEG of the given quality (1..100) and decodes it again. */
	public static Rgb jpegRoundTrip(final Rgb rgb, final int quality) {
		final BufferedImage image = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_INT_RGB);
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
