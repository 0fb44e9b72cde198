package org.medxai.ij1;

import ij.ImagePlus;
import ij.io.Opener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.medxai.MedXaiException;
import org.medxai.image.PixelPlanes;

/** Opens image files with ImageJ's readers, for batch work; failures become clear messages. */
public final class ImageFiles {

	private ImageFiles() {}

	/** Opens a file as an image (not shown); throws a clear message when it cannot. */
	public static ImagePlus open(final Path file) {
		if (!Files.isReadable(file)) {
			throw new MedXaiException("cannot read " + file.getFileName());
		}
		final ImagePlus image;
		try {
			final Opener opener = new Opener();
			opener.setSilentMode(true);
			image = opener.openImage(file.toAbsolutePath().toString());
		}
		catch (final RuntimeException e) {
			throw new MedXaiException("not a readable image (" + e.getMessage() + ")", e);
		}
		if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
			throw new MedXaiException("not a readable image (unknown format or corrupt file)");
		}
		return image;
	}

	/** Reads every 2-D unit of an image file (see {@link ImagePlusPlanes}). */
	public static List<PixelPlanes> readPlanes(final Path file) {
		final ImagePlusPlanes planes = new ImagePlusPlanes(open(file));
		final List<PixelPlanes> out = new ArrayList<>(planes.count());
		for (int i = 0; i < planes.count(); i++) out.add(planes.planes(i));
		return out;
	}
}
