package org.medxai.image;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import ij.io.FileInfo;
import ij.io.TiffEncoder;

/** Writes result images without a host: 8-bit masks as PNG, 32-bit maps as TIFF that ImageJ reads back. */
public final class ImageWriting {

	private ImageWriting() {}

	/** An 8-bit grey PNG; {@code mask} holds 0/1 (written as 0/255) or 0..255 values. */
	public static void maskPng(final byte[] mask, final int width, final int height, final Path file)
		throws IOException
	{
		final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		final byte[] out = new byte[mask.length];
		for (int i = 0; i < mask.length; i++) out[i] = mask[i] == 1 ? (byte) 255 : mask[i];
		image.getRaster().setDataElements(0, 0, width, height, out);
		// the fastest deflate: masks compress to a few kilobytes at any level, and the default costs twice the time
		final ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
		try (OutputStream bytes = new BufferedOutputStream(Files.newOutputStream(file));
			ImageOutputStream stream = new MemoryCacheImageOutputStream(bytes))
		{
			writer.setOutput(stream);
			final ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(0.9f);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
	}

	/** A 32-bit float TIFF, as ImageJ saves one. */
	public static void floatTiff(final float[] pixels, final int width, final int height, final Path file)
		throws IOException
	{
		final FileInfo info = new FileInfo();
		info.fileType = FileInfo.GRAY32_FLOAT;
		info.width = width;
		info.height = height;
		info.nImages = 1;
		info.pixels = pixels;
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
			new TiffEncoder(info).write(out);
		}
	}

	/** An RGB stack TIFF (packed 0xRRGGBB frames of one size), as ImageJ saves one. */
	public static void rgbStackTiff(final List<int[]> frames, final int width, final int height, final Path file)
		throws IOException
	{
		final FileInfo info = new FileInfo();
		info.fileType = FileInfo.RGB;
		info.width = width;
		info.height = height;
		info.nImages = frames.size();
		if (frames.size() == 1) info.pixels = frames.get(0);
		else info.pixels = frames.toArray(new Object[0]);
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
			new TiffEncoder(info).write(out);
		}
	}
}
