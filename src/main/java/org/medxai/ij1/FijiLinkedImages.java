package org.medxai.ij1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

import org.medxai.tabular.ImageLinkPattern;
import org.medxai.ui.LinkedImages;

/**
 * A table row's images in ImageJ: open images whose title matches are brought forward; otherwise the matching files of
 * the image folder are opened (MedXAI outputs beside them, such as NAME_cam.tif and NAME_mask.png, match the default
 * pattern too). Never changes an image.
 */
public final class FijiLinkedImages implements LinkedImages {

	public static final int MAX_OPENED = 8;
	private final Path folder;

	public FijiLinkedImages(final Path folder) {
		this.folder = folder;
	}

	@Override
	public String show(final String id, final ImageLinkPattern pattern) {
		int shown = 0;
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int imageId : ids) {
			final ImagePlus imp = WindowManager.getImage(imageId);
			if (imp != null && pattern.matches(imp.getTitle(), id)) {
				if (imp.getWindow() != null) imp.getWindow().toFront();
				shown++;
			}
		}
		if (shown > 0) return "Row " + id + ": " + shown + " open image(s) brought forward.";
		if (folder == null)
			return "Row " + id + ": no open image matches " + pattern.pattern() +
				" (choose an image folder to open them).";
		final List<Path> files = new ArrayList<>();
		try (Stream<Path> list = Files.list(folder)) {
			list.filter(Files::isRegularFile).filter(p -> pattern.matches(p.getFileName().toString(), id)).sorted()
				.limit(MAX_OPENED).forEach(files::add);
		}
		catch (final IOException e) {
			return "Cannot list " + folder + ": " + e.getMessage();
		}
		int opened = 0;
		for (final Path file : files) {
			final ImagePlus imp = IJ.openImage(file.toString());
			if (imp != null) {
				ImageDisplay.show(imp);
				opened++;
			}
		}
		return "Row " + id + ": " +
			(opened == 0
				? "no image in " + folder + " matches " + pattern.pattern()
				: opened + " image(s) opened from " + folder) +
			".";
	}
}
