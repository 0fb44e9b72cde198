package org.medxai.cam;

import java.util.List;

import org.medxai.MedXaiException;
import org.medxai.engine.LoadedModel;
import org.medxai.image.InputSpec;
import org.medxai.image.MaskCleanup;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/**
 * One image's straight path from pixels to explanation and mask: tensor, CAM at the model's input size, CAM at the
 * image's own size, mask rule, clean-up.
 */
public final class CamSegmenter {

	/** Everything one image produced; {@code cam} and {@code mask} have the image's size. */
	public record Segmentation(CamResult result, int width, int height, float[] cam, byte[] mask, float[] input) {

		/** Fraction of the image the mask covers. */
		public double maskFraction() {
			int on = 0;
			for (final byte b : mask) on += b;
			return on / (double) mask.length;
		}
	}

	private final ClassActivationMapper mapper;
	private final InputSpec spec;

	public CamSegmenter(final LoadedModel model, final int scoreCamBatch) {
		this.mapper = new ClassActivationMapper(model, scoreCamBatch);
		this.spec = model.card().inputSpec();
	}

	public InputSpec inputSpec() {
		return spec;
	}

	/** The class index a card calls {@code name} (for "explain polyp whatever the prediction"). */
	public static int classIndex(final LoadedModel model, final String name) {
		if (name == null || name.isBlank() || name.equalsIgnoreCase("predicted")) return -1;
		final int index = model.card().classes.indexOf(name.trim());
		if (index < 0) {
			throw new MedXaiException("The model has no class '" + name + "'; its classes are " + model.card().classes +
				" (or use 'predicted').");
		}
		return index;
	}

	public Segmentation segment(final PixelPlanes image, final CamMethod method, final int targetClass,
		final MaskRule rule, final MaskCleanup.Options cleanup)
	{
		final float[] input = TensorConverter.convert(image, spec);
		return finish(image.width(), image.height(), input, mapper.compute(input, method, targetClass), rule, cleanup);
	}

	/** The network tensor of an image (the step before {@link #explain}). */
	public float[] tensor(final PixelPlanes image) {
		return TensorConverter.convert(image, spec);
	}

	/**
	 * The maps of several tensors in one batch where the method allows ({@link ClassActivationMapper#computeBatch}).
	 */
	public List<CamResult> explain(final List<float[]> inputs, final CamMethod method, final int targetClass) {
		return mapper.computeBatch(inputs, method, targetClass);
	}

	/**
	 * The step after {@link #explain} for an image of {@code width} × {@code height} (its pixels are no longer needed):
	 * the map at the image's own size, the mask rule and the clean-up.
	 */
	public Segmentation finish(final int width, final int height, final float[] input, final CamResult result,
		final MaskRule rule, final MaskCleanup.Options cleanup)
	{
		final float[] cam = TensorConverter.resize(result.map(), result.width(), result.height(), width, height);
		for (int i = 0; i < cam.length; i++) cam[i] = Math.max(0, Math.min(1, cam[i]));
		final byte[] mask = MaskCleanup.apply(rule.apply(cam), width, height, cleanup);
		return new Segmentation(result, width, height, cam, mask, input);
	}
}
