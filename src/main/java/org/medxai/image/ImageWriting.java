package org.medxai.image;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import ij.io.FileInfo;
import ij.io.TiffEncoder;

/** Writes result images without a host: 8-bit masks as PNG, 32-bit maps as TIFF that ImageJ reads back. */
public final class ImageWriting {

	private ImageWriting() {}

	/** An 8-bit grey PNG; {@code mask} holds 0/1 (written as 0/255) or 0..255 values. */
	public static void maskPng(final byte[] mask, final int width, final int height, final Path file)
		throws IOException
	{
		if (mask.length != width * height)
			throw new IllegalArgumentException(mask.length + " pixels for " + width + " x " + height);
		// each row filtered as "up" (its difference to the row above): a mask's rows mostly repeat, so the data
		// is mostly zeros, which the fastest deflate packs quickly and small
		final byte[] rows = new byte[height * (width + 1)];
		byte[] above = new byte[width], row = new byte[width];
		for (int y = 0, o = 0; y < height; y++) {
			rows[o++] = 2;
			for (int x = 0, i = y * width; x < width; x++, i++) {
				row[x] = mask[i] == 1 ? (byte) 255 : mask[i];
				rows[o++] = (byte) (row[x] - above[x]);
			}
			final byte[] done = above;
			above = row;
			row = done;
		}
		final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		final ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(1024, rows.length / 16));
		try {
			deflater.setInput(rows);
			deflater.finish();
			final byte[] buffer = new byte[65536];
			while (!deflater.finished()) compressed.write(buffer, 0, deflater.deflate(buffer));
		}
		finally {
			deflater.end();
		}
		final ByteBuffer header = ByteBuffer.allocate(13);
		header.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
			out.write(PNG_SIGNATURE);
			chunk(out, "IHDR", header.array());
			chunk(out, "IDAT", compressed.toByteArray());
			chunk(out, "IEND", new byte[0]);
		}
	}

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private static void chunk(final OutputStream out, final String type, final byte[] data) throws IOException {
		final byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		final CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		out.write(ByteBuffer.allocate(4).putInt(data.length).array());
		out.write(name);
		out.write(data);
		out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
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
