package org.medxai.commands;

import ij.ImagePlus;

import org.medxai.cam.CamMethod;
import org.medxai.cam.CamMethod.Keys;
import org.medxai.cam.CamSegmenter;
import org.medxai.cam.MaskRule;
import org.medxai.engine.LoadedModel;
import org.medxai.ij1.ImagePlusPlanes;
import org.medxai.image.MaskCleanup;
import org.scijava.plugin.Parameter;

/**
 * A command that explains the active image with a class activation map: the image, the CAM method and the class,
 * declared once, and the loop over its slices.
 */
public abstract class CamCommand extends ModelCommand {

	@Parameter(label = "Image")
	protected ImagePlus imp;

	@Parameter(label = "CAM method",
		choices = { Keys.GRADCAM, Keys.GRADCAM_PLUS_PLUS, Keys.XGRADCAM, Keys.LAYERCAM, Keys.SCORECAM, Keys.EIGENCAM })
	protected String method = SegmentationDefaults.METHOD;

	@Parameter(label = "Class", description = "A class name of the model (e.g. polyp), or 'predicted'.")
	protected String target_class = "predicted";

	/** What to do with one slice's segmentation. */
	@FunctionalInterface
	protected interface SliceSegmentation {

		void accept(int index, CamSegmenter.Segmentation segmentation, LoadedModel model);
	}

	/**
	 * Loads the model and segments each slice of {@code planes} with the chosen method and class, {@link #forEachSlice}
	 * giving progress and cancel.
	 *
	 * @return how many slices were done
	 */
	protected int segmentEachSlice(final ImagePlusPlanes planes, final MaskRule rule, final MaskCleanup.Options cleanup,
		final String verb, final SliceSegmentation work)
	{
		final CamMethod camMethod = CamMethod.parse(method);
		try (LoadedModel model = loadModel()) {
			final CamSegmenter segmenter = new CamSegmenter(model, 32);
			final int target = CamSegmenter.classIndex(model, target_class);
			return forEachSlice(planes.count(), verb,
				i -> work.accept(i, segmenter.segment(planes.planes(i), camMethod, target, rule, cleanup), model));
		}
	}
}
