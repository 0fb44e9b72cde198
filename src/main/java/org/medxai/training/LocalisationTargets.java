package org.medxai.training;

import static org.medxai.io.FileNames.baseName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.medxai.MedXaiException;
import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;

/**
 * Where the object of one class lies in the training images, for an extra loss that teaches the classifier's
 * per-location class scores (its class activation map) to cover the object. Masks are matched to training images by
 * base name; they must all belong to images of one class (the object class). Images of the other classes get an empty
 * map (no object anywhere); images of the object class without a mask get no localisation loss.
 */
final class LocalisationTargets {

	/** An empty target: no object anywhere. */
	static final ImageDecoding.Rgb EMPTY = new ImageDecoding.Rgb(1, 1, new int[1]);

	private final int objectClass;
	private final List<ImageDecoding.Rgb> masks;

	private LocalisationTargets(final int objectClass, final List<ImageDecoding.Rgb> masks) {
		this.objectClass = objectClass;
		this.masks = masks;
	}

	/**
	 * @param images the training images, in the order the trainer caches them
	 * @param sizes each image's width and height as read
	 * @param cache how to cache a mask exactly like its image (masked regions, squashed to a square)
	 */
	static LocalisationTargets match(final Path folder, final List<LabelledImage> images, final List<int[]> sizes,
		final List<String> classes, final Function<ImageDecoding.Rgb, ImageDecoding.Rgb> cache)
	{
		final Map<String, Path> byName = new HashMap<>();
		if (!Files.isDirectory(folder))
			throw new MedXaiException("The localisation mask folder " + folder + " does not exist.");
		try (Stream<Path> files = Files.list(folder)) {
			files.filter(Files::isRegularFile).forEach(p -> byName.put(baseName(p), p));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + folder + ": " + e.getMessage(), e);
		}
		int objectClass = -1;
		for (final LabelledImage image : images) {
			if (!byName.containsKey(baseName(image.file()))) continue;
			if (objectClass >= 0 && objectClass != image.label())
				throw new MedXaiException("Localisation masks " + "must belong to images of one class; " +
					folder.getFileName() + " has masks for '" + classes.get(objectClass) + "' and '" +
					classes.get(image.label()) + "' images.");
			objectClass = image.label();
		}
		if (objectClass < 0)
			throw new MedXaiException("No training image has a mask in " + folder +
				" (masks are matched to images by base name, e.g. polyp_01.png for polyp_01.jpg).");
		final List<ImageDecoding.Rgb> masks = new ArrayList<>(images.size());
		for (int i = 0; i < images.size(); i++) {
			final LabelledImage image = images.get(i);
			final Path mask = byName.get(baseName(image.file()));
			if (image.label() != objectClass) masks.add(EMPTY);
			else if (mask == null) masks.add(null);
			else {
				final ImageDecoding.Rgb rgb = ImageDecoding.read(mask);
				final int[] size = sizes.get(i);
				if (rgb.width() != size[0] || rgb.height() != size[1])
					throw new MedXaiException("The mask " + mask.getFileName() + " is " + rgb.width() + " x " +
						rgb.height() + " but its image is " + size[0] + " x " + size[1] + ".");
				masks.add(cache.apply(rgb));
			}
		}
		return new LocalisationTargets(objectClass, masks);
	}

	int objectClass() {
		return objectClass;
	}

	/** The cached mask of training image {@code i}: {@link #EMPTY}, a mask, or null (no target). */
	ImageDecoding.Rgb mask(final int i) {
		return masks.get(i);
	}

	/**
	 * Block averages of a full-size mask (0..1) over the feature grid: the object share of each location's
	 * receptive-field cell.
	 */
	static float[] pool(final float[] mask, final InputSpec spec, final int gridWidth, final int gridHeight,
		final float[] out, final int offset)
	{
		final int w = spec.width(), h = spec.height();
		for (int gy = 0; gy < gridHeight; gy++) for (int gx = 0; gx < gridWidth; gx++) {
			final int x0 = gx * w / gridWidth, x1 = (gx + 1) * w / gridWidth;
			final int y0 = gy * h / gridHeight, y1 = (gy + 1) * h / gridHeight;
			double sum = 0;
			for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) sum += mask[y * w + x];
			out[offset + gy * gridWidth + gx] = (float) (sum / Math.max(1, (x1 - x0) * (y1 - y0)));
		}
		return out;
	}
}
