package org.medxai.ij1;

import java.nio.file.Path;

import org.medxai.image.PixelPlanes;

/** Reads a test image file as ImageJ would, for tests in other packages. */
public final class ImagePlusPlanesTestSupport {

	private ImagePlusPlanesTestSupport() {}

	public static PixelPlanes read(final Path file) {
		return ImageFiles.readPlanes(file).get(0);
	}
}
