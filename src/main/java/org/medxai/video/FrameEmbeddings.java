package org.medxai.video;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.LoadedModel;
import org.medxai.image.GlobalFeatures;
import org.medxai.image.GradientHistograms;
import org.medxai.image.InputSpec;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/**
 * One vector per frame: gradient histograms of the frame's centre, hand-made global features (colour, edges, texture,
 * layout), both standardised over the frames, or the channel means of a model's target layer (the backbone of a MedXAI
 * or TorchScript classifier, e.g. a user's ImageNet ResNet-50 exported to TorchScript).
 */
public final class FrameEmbeddings {

	/** Where the vectors come from. */
	public enum Kind {

		TEXTURE, GLOBAL, MODEL;

		public static Kind parse(final String name) {
			return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
				case "texture", "gradient histograms" -> TEXTURE;
				case "global", "global features" -> GLOBAL;
				case "model", "backbone" -> MODEL;
				default ->
					throw new MedXaiException("The embedding must be texture, global or model, not '" + name + "'.");
			};
		}
	}

	private FrameEmbeddings() {}

	/**
	 * Gradient histograms of each frame's centre (the default: structure getting finer or coarser), standardised over
	 * the frames. Stops early (null) when cancelled.
	 */
	public static double[][] texture(final int count, final IntFunction<PixelPlanes> frame,
		final ProgressListener progress)
	{
		return standardised(count, frame, GradientHistograms::of, progress);
	}

	/** Global features of each frame, standardised over the frames. Stops early (null) when cancelled. */
	public static double[][] global(final int count, final IntFunction<PixelPlanes> frame,
		final ProgressListener progress)
	{
		return standardised(count, frame, GlobalFeatures::of, progress);
	}

	private static double[][] standardised(final int count, final IntFunction<PixelPlanes> frame,
		final Function<PixelPlanes, double[]> features, final ProgressListener progress)
	{
		final double[][] rows = new double[count][];
		for (int i = 0; i < count; i++) {
			if (progress.isCancelled()) return null;
			rows[i] = features.apply(frame.apply(i));
			progress.progress(i + 1, count, "Features of frame " + (i + 1) + "/" + count);
		}
		return GlobalFeatures.standardise(rows);
	}

	/** The model's target-layer channel means for each frame. Stops early (null) when cancelled. */
	public static double[][] backbone(final LoadedModel model, final int count, final IntFunction<PixelPlanes> frame,
		final ProgressListener progress)
	{
		if (!model.hasBackboneHeadSplit())
			throw new MedXaiException("The model " + model.card().name + " has no backbone to take features from " +
				"(its card needs files.backbone and files.head, or a MedXAI DJL architecture).");
		final InputSpec spec = model.card().inputSpec();
		final double[][] features = new double[count][];
		for (int i = 0; i < count; i++) {
			if (progress.isCancelled()) return null;
			final float[] x = TensorConverter.convert(frame.apply(i), spec);
			try (NDManager m = model.newManager()) {
				NDArray maps = model.backbone(m.create(x, new Shape(1, spec.channels(), spec.height(), spec.width())));
				if (maps.getShape().dimension() == 4) maps = maps.mean(new int[] { 3 }).mean(new int[] { 2 });
				final float[] v = maps.toFloatArray();
				features[i] = new double[v.length];
				for (int j = 0; j < v.length; j++) features[i][j] = v[j];
			}
			progress.progress(i + 1, count, "Backbone features of frame " + (i + 1) + "/" + count);
		}
		return features;
	}
}
