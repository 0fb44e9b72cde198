package org.medxai.meibo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import org.medxai.MedXaiException;
import org.medxai.engine.LoadedModel;
import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/**
 * One meibography image → eyelid and gland masks at the image's size → measurements and grades. The segmenter's two
 * probability maps are resized (bilinear) to the image and thresholded at 0.5; the eyelid keeps its largest part with
 * holes filled; glands are kept inside the eyelid, parts smaller than {@link #minGlandArea} dropped.
 */
public final class MeibographyAnalyzer {

	/** Gland parts smaller than this fraction of the image are noise (0.01 % of 1280 x 640 = 82 px). */
	public static final double MIN_GLAND_FRACTION = 1e-4;

	public record Result(int width, int height, boolean[] eyelid, boolean[] glands, LidSide side, int eyelidArea,
		int glandArea, double glandAreaRatio, double dropoutPercent, int meiboscore, int meiboscale,
		List<GlandMorphometry.Gland> morphometry, String rule)
	{}

	private final LoadedModel model;
	private final InputSpec spec;
	private final double glandThreshold;

	public MeibographyAnalyzer(final LoadedModel model) {
		this(model, 0.5);
	}

	/** @param glandThreshold probability above which a pixel is gland (0.5, or calibrated: see GradingFile) */
	public MeibographyAnalyzer(final LoadedModel model, final double glandThreshold) {
		if (!"sigmoid_maps".equals(model.card().outputActivation) || model.card().classes.size() != 2 ||
			!model.card().classes.equals(List.of(MeibographyTrainer.CLASSES)))
			throw new MedXaiException(
				"The model " + model.card().name + " is not a meibography segmenter (its card must " +
					"list the classes eyelid and gland with output_activation sigmoid_maps).");
		if (!(glandThreshold > 0 && glandThreshold < 1))
			throw new MedXaiException("The gland threshold must lie between " + "0 and 1.");
		this.model = model;
		this.spec = model.card().inputSpec();
		this.glandThreshold = glandThreshold;
	}

	public static int minGlandArea(final int width, final int height) {
		return Math.max(4, (int) Math.round(MIN_GLAND_FRACTION * width * height));
	}

	/** The two probability maps (eyelid, gland) at the image's size. */
	public float[][] probabilities(final PixelPlanes image) {
		checkSize(image);
		return atImageSize(networkMaps(List.of(TensorConverter.convert(image, spec))).get(0), image.width(),
			image.height());
	}

	public Result analyze(final PixelPlanes image, final LidSide side, final MeiboGrading grading) {
		return analyze(atImageSize(networkMaps(List.of(input(image))).get(0), image.width(), image.height()),
			image.width(), image.height(), side, grading);
	}

	/** The network input of an image to analyse; refuses a blank or too small image. */
	public float[] input(final PixelPlanes image) {
		checkSize(image);
		if (blank(image)) throw new MedXaiException("The image is blank (a single grey value); nothing to analyse.");
		return TensorConverter.convert(image, spec);
	}

	/** The two probability maps (eyelid, gland) at the network's input size for each input, in one network pass. */
	public List<float[][]> networkMaps(final List<float[]> inputs) {
		final int plane = spec.width() * spec.height();
		final float[] batch = new float[inputs.size() * spec.channels() * plane];
		for (int i = 0; i < inputs.size(); i++)
			System.arraycopy(inputs.get(i), 0, batch, i * spec.channels() * plane, spec.channels() * plane);
		final float[] probabilities;
		try (NDManager m = model.newManager()) {
			final NDArray x = m.create(batch, new Shape(inputs.size(), spec.channels(), spec.height(), spec.width()));
			probabilities = Activation.sigmoid(model.forward(x)).toFloatArray();
		}
		final List<float[][]> maps = new ArrayList<>(inputs.size());
		for (int i = 0; i < inputs.size(); i++) {
			final int start = 2 * i * plane;
			maps.add(new float[][] { Arrays.copyOfRange(probabilities, start, start + plane),
				Arrays.copyOfRange(probabilities, start + plane, start + 2 * plane) });
		}
		return maps;
	}

	/** Network maps resized (bilinear) to an image of {@code width x height}. */
	public float[][] atImageSize(final float[][] networkMaps, final int width, final int height) {
		final float[][] maps = new float[2][];
		for (int c = 0; c < 2; c++)
			maps[c] = TensorConverter.resize(networkMaps[c], spec.width(), spec.height(), width, height);
		return maps;
	}

	/** Masks, measures and grades from the two maps at the image's size, at this analyser's gland threshold. */
	public Result analyze(final float[][] maps, final int width, final int height, final LidSide side,
		final MeiboGrading grading)
	{
		return fromProbabilities(maps, width, height, side, grading, glandThreshold);
	}

	private static void checkSize(final PixelPlanes image) {
		if (image.width() < 16 || image.height() < 16)
			throw new MedXaiException(
				"The image is too small (" + image.width() + " x " + image.height() + ") for meibography analysis.");
	}

	/** Gland thresholds tried by {@link #calibrateGlandThreshold}. */
	public static final double[] THRESHOLDS = { 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65,
		0.7, 0.75, 0.8, 0.85, 0.9, 0.95 };
	private static final int HALF = 9;

	/** A calibrated gland threshold and the gland area ratio RMSD (a ratio, not points) at it and at 0.5. */
	public record GlandThreshold(double threshold, double rmsd, double rmsdAtHalf) {}

	/**
	 * The gland threshold whose gland area ratios agree best (least squares) with the truth masks of the given images —
	 * meant for validation images, never the images a model is evaluated on.
	 */
	public GlandThreshold calibrateGlandThreshold(final List<MeibographySet.Item> items, final MeiboGrading grading) {
		final double[] sq = new double[THRESHOLDS.length];
		for (final MeibographySet.Item item : items) {
			final PixelPlanes image = ImageDecoding.read(item.image()).planes();
			final float[][] maps = probabilities(image);
			final Result truth = measure(image.width(), image.height(), MeibographySet.readMask(item.eyelidMask()),
				MeibographySet.readMask(item.glandMask()), LidSide.of(item.name()), grading);
			for (int t = 0; t < THRESHOLDS.length; t++) {
				final double r = fromProbabilities(maps, image.width(), image.height(), LidSide.of(item.name()),
					grading, THRESHOLDS[t]).glandAreaRatio();
				sq[t] += (r - truth.glandAreaRatio()) * (r - truth.glandAreaRatio());
			}
		}
		int best = HALF;
		for (int t = 0; t < THRESHOLDS.length; t++) if (sq[t] < sq[best]) best = t;
		return new GlandThreshold(THRESHOLDS[best], Math.sqrt(sq[best] / items.size()),
			Math.sqrt(sq[HALF] / items.size()));
	}

	/** Masks and measures from the two probability maps at the image's size. */
	public static Result fromProbabilities(final float[][] maps, final int w, final int h, final LidSide side,
		final MeiboGrading grading, final double glandThreshold)
	{
		final boolean[] eyelid = eyelid(maps[0], w, h);
		final int eyelidArea = BinaryMasks.count(eyelid);
		if (eyelidArea < 0.005 * w * h)
			throw new MedXaiException("No eyelid (tarsal plate) was found in the image " + "(the segmenter marked " +
				eyelidArea + " pixels). Is it an infrared meibography image of an everted lid?");
		return measure(w, h, eyelid, glands(maps[1], eyelid, w, h, glandThreshold), side, grading);
	}

	/** The eyelid mask from its probability map: at least 0.5, the largest part, holes filled. */
	public static boolean[] eyelid(final float[] eyelidMap, final int w, final int h) {
		final boolean[] raw = new boolean[w * h];
		for (int i = 0; i < raw.length; i++) raw[i] = eyelidMap[i] >= 0.5f;
		return BinaryMasks.fillHoles(BinaryMasks.largest(raw, w, h), w, h);
	}

	/** The gland mask: probability at least the threshold, inside the eyelid, parts of noise size dropped. */
	public static boolean[] glands(final float[] glandMap, final boolean[] eyelid, final int w, final int h,
		final double glandThreshold)
	{
		final boolean[] raw = new boolean[w * h];
		for (int i = 0; i < raw.length; i++) raw[i] = glandMap[i] >= glandThreshold && eyelid[i];
		return BinaryMasks.removeSmall(raw, w, h, minGlandArea(w, h));
	}

	/** Measurements and grades of given masks (also used on truth masks). */
	public static Result measure(final int w, final int h, final boolean[] eyelid, final boolean[] glands,
		final LidSide side, final MeiboGrading grading)
	{
		final boolean[] inside = BinaryMasks.and(glands, eyelid);
		final int eyelidArea = BinaryMasks.count(eyelid);
		final int glandArea = BinaryMasks.count(inside);
		final double ratio = eyelidArea == 0 ? 0 : glandArea / (double) eyelidArea;
		final MeiboGrading.Measures measures = MeiboGrading.Measures.of(inside, eyelid, w, h, side);
		final double dropout = grading.dropoutPercent(measures);
		return new Result(w, h, eyelid, inside, side, eyelidArea, glandArea, ratio, dropout,
			grading.meiboscore(measures), MeiboGrading.meiboscale(dropout),
			GlandMorphometry.measure(inside, w, h, minGlandArea(w, h)), grading.describe());
	}

	private static boolean blank(final PixelPlanes image) {
		final float[] p = image.plane(0);
		float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
		for (int c = 0; c < image.channels(); c++) for (final float v : image.plane(c)) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		return max - min < 1e-6 || p.length == 0;
	}
}
