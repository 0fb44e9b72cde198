package org.medxai.ij1;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.io.Opener;

import org.medxai.MedXaiException;
import org.medxai.image.ImageDecoding;
import org.medxai.image.ImageFileCheck;
import org.medxai.image.PixelPlanes;

/** Opens image files with ImageJ's readers, for batch work; failures become clear messages. */
public final class ImageFiles {

	private ImageFiles() {}

	/** Formats Java's own decoders read; ImageJ's opener would end a running macro on a corrupt one of these. */
	private static final Set<String> DECODED_HERE = Set.of("jpg", "jpeg", "png", "gif", "bmp");

	/** Opens a file as an image (not shown); throws a clear message when it cannot. */
	public static ImagePlus open(final Path file) {
		ImageFileCheck.requireContent(file);
		final String name = file.getFileName().toString();
		final ImagePlus image;
		if (decodedHere(name)) image = new ImagePlus(name, decode(file));
		else {
			try {
				final Opener opener = new Opener();
				opener.setSilentMode(true);
				image = opener.openImage(file.toAbsolutePath().toString());
			}
			catch (final RuntimeException e) {
				throw new MedXaiException("not a readable image (" + e.getMessage() + ")", e);
			}
		}
		if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
			throw new MedXaiException("not a readable image (unknown format or corrupt file)");
		}
		return image;
	}

	private static boolean decodedHere(final String name) {
		final int dot = name.lastIndexOf('.');
		return dot > 0 && DECODED_HERE.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	private static BufferedImage decode(final Path file) {
		final BufferedImage decoded;
		try {
			decoded = ImageIO.read(file.toFile());
		}
		catch (final IOException | RuntimeException e) {
			throw new MedXaiException("not a readable image (" + e.getMessage() + ")", e);
		}
		if (decoded == null || decoded.getWidth() <= 0 || decoded.getHeight() <= 0) {
			throw new MedXaiException("not a readable image (unknown format or corrupt file)");
		}
		return decoded;
	}

	/**
	 * Reads every 2-D unit of an image file (see {@link ImagePlusPlanes}). Colour and 8-bit grey JPEG and PNG files go
	 * from the decoder's raster straight to planes — the same values, without an ImagePlus in between, which would cost
	 * three times the decoding.
	 */
	public static List<PixelPlanes> readPlanes(final Path file) {
		return readPlanes(file, image -> image);
	}

	/**
	 * As {@link #readPlanes(Path)}; a file that needs ImageJ's reading passes {@code check} (which throws for a type
	 * the caller cannot take) before its planes are made. Files read directly are 8-bit grey or RGB.
	 */
	public static List<PixelPlanes> readPlanes(final Path file, final UnaryOperator<ImagePlus> check) {
		if (decodedHere(file.getFileName().toString())) {
			ImageFileCheck.requireContent(file);
			final BufferedImage decoded = decode(file);
			final PixelPlanes direct = ImageDecoding.directPlanes(decoded);
			if (direct != null) return List.of(direct);
			return planesOf(check.apply(new ImagePlus(file.getFileName().toString(), decoded)));
		}
		return planesOf(check.apply(open(file)));
	}

	private static List<PixelPlanes> planesOf(final ImagePlus image) {
		final ImagePlusPlanes planes = new ImagePlusPlanes(image);
		final List<PixelPlanes> out = new ArrayList<>(planes.count());
		for (int i = 0; i < planes.count(); i++) out.add(planes.planes(i));
		return out;
	}
}
