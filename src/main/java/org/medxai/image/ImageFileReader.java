package org.medxai.image;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads an image file into one entry per 2-D image (slices of a stack); the host supplies it, so batches in the core
 * never open files with host types. Throws {@link org.medxai.MedXaiException} when the file cannot be read.
 */
@FunctionalInterface
public interface ImageFileReader {

	List<PixelPlanes> read(Path file);
}
