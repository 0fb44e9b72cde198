package org.medxai.meibo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;

import com.google.gson.JsonObject;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.Architectures;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelCard;
import org.medxai.engine.Scalars;
import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;
import org.medxai.image.TensorConverter;
import org.medxai.metrics.SegmentationMetrics;
import org.medxai.training.EpochListener;
import org.medxai.training.EpochResult;
import org.medxai.training.StartModel;
import org.medxai.training.TrainingLoop;
import org.medxai.training.TrainingTask;
import org.medxai.training.ValidationRecord;

/**
 * Trains the meibography segmenter as a task of the {@link TrainingLoop}: a small U-Net
 * ({@link Architectures#UNET_SMALL}) mapping the grey infrared image to two logit maps, eyelid (tarsal plate) and
 * glands. Loss: binary cross-entropy plus soft Dice per map (optionally plus the gland-ratio loss). Augmentation: see
 * {@link #describeAugmentation()}. The epoch with the best validation score (mean of eyelid IoU and gland Dice at the
 * network's size) is kept, with its card, also after cancel.
 */
public final class MeibographyTrainer {

	public static final String[] CLASSES = { "eyelid", "gland" };
	public static final double MEAN = 0.5;
	public static final double STD = 0.25;

	/**
	 * @param glandRatioWeight weight of the gland-ratio loss (0: none): per image, the squared difference between the
	 *     predicted and the true share of gland inside the true eyelid, in tens of points
	 * @param initialModel optional card (or weight file beside it) of a segmenter of the same width and depth whose
	 *     weights training starts from (a stopped long run continues from its best checkpoint); empty: random
	 */
	public record Options(String name, int width, int height, int networkWidth, int depth, int epochs, int batchSize,
		double learningRate, int patience, long seed, DevicePreference device, double glandRatioWeight,
		String initialModel)
	{

		public Options(final String name, final int width, final int height, final int networkWidth, final int depth,
			final int epochs, final int batchSize, final double learningRate, final int patience, final long seed,
			final DevicePreference device, final double glandRatioWeight)
		{
			this(name, width, height, networkWidth, depth, epochs, batchSize, learningRate, patience, seed, device,
				glandRatioWeight, "");
		}

		public Options(final String name, final int width, final int height, final int networkWidth, final int depth,
			final int epochs, final int batchSize, final double learningRate, final int patience, final long seed,
			final DevicePreference device)
		{
			this(name, width, height, networkWidth, depth, epochs, batchSize, learningRate, patience, seed, device, 0);
		}

		/** Without the start model's path (the card names that model by name and SHA-256, not by where it was). */
		Options withoutPaths() {
			return new Options(name, width, height, networkWidth, depth, epochs, batchSize, learningRate, patience,
				seed, device, glandRatioWeight, "");
		}

		public static Options defaults() {
			return new Options("meibography-default", 384, 192, 16, 4, 60, 4, 2e-3, 20, 2026, DevicePreference.AUTO);
		}
	}

	/** One validation: mean eyelid IoU and gland Dice per image at the network's size; the score is their mean. */
	public record Validation(double eyelidIou, double glandDice) implements ValidationRecord {

		@Override
		public double score() {
			return (eyelidIou + glandDice) / 2;
		}

		@Override
		public Map<String, Double> columns() {
			final Map<String, Double> columns = new LinkedHashMap<>();
			columns.put("validation_eyelid_iou", eyelidIou);
			columns.put("validation_gland_dice", glandDice);
			return columns;
		}

		@Override
		public String describe() {
			return String.format(Locale.ROOT, "eyelid IoU %.4f, gland Dice %.4f", eyelidIou, glandDice);
		}

		@Override
		public Map<String, Object> cardMetrics() {
			final Map<String, Object> atInputSize = new LinkedHashMap<>();
			atInputSize.put("eyelid_iou", eyelidIou);
			atInputSize.put("gland_dice", glandDice);
			return Map.of("validation_at_input_size", atInputSize);
		}
	}

	/** Where the best model went (null card: no epoch ended) and how training went. */
	public record Result(Path card, List<EpochResult<Validation>> history, int bestEpoch, double bestEyelidIou,
		double bestGlandDice, boolean cancelled, String status)
	{}

	private MeibographyTrainer() {}

	public static InputSpec inputSpec(final Options o) {
		return new InputSpec(o.width(), o.height(), 1, 255, new double[] { MEAN }, new double[] { STD });
	}

	/** An image and its masks at the network's size: image normalised, masks 0..1. */
	record Sample(float[] image, float[] eyelid, float[] gland) {}

	static Sample load(final MeibographySet.Item item, final InputSpec spec) {
		final float[] image = TensorConverter.convert(ImageDecoding.read(item.image()).planes(), spec);
		return new Sample(image, mask(item.eyelidMask(), spec), mask(item.glandMask(), spec));
	}

	/** A mask at the network's size: 0/1 at the file's size, then bilinear (soft edges). */
	static float[] mask(final Path file, final InputSpec spec) {
		final ImageDecoding.Rgb rgb = ImageDecoding.read(file);
		final float[] unit = new float[rgb.width() * rgb.height()];
		for (int i = 0; i < unit.length; i++) unit[i] = MeibographySet.isForeground(rgb.pixels()[i]) ? 1f : 0f;
		return TensorConverter.resize(unit, rgb.width(), rgb.height(), spec.width(), spec.height());
	}

	public static Result train(final MeibographySet training, final MeibographySet validation, final Options o,
		final Path output, final ProgressListener progress)
	{
		return train(training, validation, o, output, progress, null);
	}

	/**
	 * Reads the images and masks, then trains in the {@link TrainingLoop}; {@code listener} (may be null) is told after
	 * every epoch. Cancelling keeps the best checkpoint; the result's status says so.
	 */
	public static Result train(final MeibographySet training, final MeibographySet validation, final Options o,
		final Path output, final ProgressListener progress, final EpochListener<? super Validation> listener)
	{
		return train(training, validation, o, output, progress, listener, false);
	}

	/**
	 * As {@link #train(MeibographySet, MeibographySet, Options, Path, ProgressListener, EpochListener)}; with
	 * {@code resume} it continues the interrupted run in {@code output} (same sets and options) after its last finished
	 * epoch.
	 */
	public static Result train(final MeibographySet training, final MeibographySet validation, final Options o,
		final Path output, final ProgressListener progress, final EpochListener<? super Validation> listener,
		final boolean resume)
	{
		if (training.size() < 2 || validation.size() < 1)
			throw new MedXaiException(
				"Training needs at least two " + "training images and one validation image (have " + training.size() +
					" and " + validation.size() + ").");
		// checked before the images are read, so a wrong start model fails at once
		final ModelCard initial = o.initialModel() == null || o.initialModel().isBlank()
			? null
			: StartModel.check(Path.of(o.initialModel()), Architectures.UNET_SMALL,
				List.of(Map.entry("width", o.networkWidth()), Map.entry("depth", o.depth())), List.of(CLASSES));
		final Task task = new Task(o, training, validation, initial);
		task.read(progress);
		final TrainingLoop.Outcome<Validation> outcome = new TrainingLoop<>(task,
			new TrainingLoop.Settings(o.name(), o.epochs(), Math.max(1, o.batchSize()), o.patience(), o.seed(),
				o.device(), new TrainingLoop.Schedule(o.learningRate(), 50, 2, 1e-5)))
			.addEpochListener(listener).resuming(resume).run(output, progress);
		final Validation best = outcome.best() == null ? new Validation(0, 0) : outcome.best();
		return new Result(outcome.card(), outcome.history(), outcome.bestEpoch(), best.eyelidIou(), best.glandDice(),
			outcome.cancelled(), outcome.summary());
	}

	/** The segmenter's part of training: samples at the network's size, augmented batches, BCE + Dice. */
	private static final class Task implements TrainingTask<Validation> {

		private final Options o;
		private final InputSpec spec;
		private final MeibographySet training;
		private final MeibographySet validation;
		private final List<Sample> train = new ArrayList<>();
		private final List<Sample> valid = new ArrayList<>();
		private final ModelCard initial;

		Task(final Options o, final MeibographySet training, final MeibographySet validation, final ModelCard initial) {
			this.o = o;
			this.initial = initial;
			this.spec = inputSpec(o);
			this.training = training;
			this.validation = validation;
		}

		void read(final ProgressListener progress) {
			int read = 0;
			final int total = training.size() + validation.size();
			for (final MeibographySet.Item item : training.items()) {
				TrainingLoop.stopIfCancelledWhileReading(progress);
				train.add(load(item, spec));
				progress.progress(++read, total, "Reading " + item.name());
			}
			for (final MeibographySet.Item item : validation.items()) {
				TrainingLoop.stopIfCancelledWhileReading(progress);
				valid.add(load(item, spec));
				progress.progress(++read, total, "Reading " + item.name());
			}
		}

		@Override
		public Block network() {
			return Architectures.unetSmall(o.networkWidth(), o.depth(), CLASSES.length);
		}

		@Override
		public InputSpec input() {
			return spec;
		}

		@Override
		public int trainingSize() {
			return train.size();
		}

		@Override
		public ModelCard startModel() {
			return initial;
		}

		@Override
		public NDArray loss(final Trainer trainer, final NDManager m, final int[] examples, final Random random) {
			final int batch = examples.length;
			final int plane = spec.width() * spec.height();
			final float[] x = new float[batch * plane];
			final float[] y = new float[batch * 2 * plane];
			for (int j = 0; j < batch; j++) augment(train.get(examples[j]), spec, random, x, y, j);
			final NDArray input = m.create(x, new Shape(batch, 1, spec.height(), spec.width()));
			final NDArray target = m.create(y, new Shape(batch, 2, spec.height(), spec.width()));
			final NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
			final NDArray loss = MeibographyTrainer.loss(logits, target);
			return o.glandRatioWeight() > 0
				? loss.add(Scalars.times(glandRatioLoss(logits, target), o.glandRatioWeight()))
				: loss;
		}

		@Override
		public Validation validate(final Trainer trainer) {
			return MeibographyTrainer.validate(trainer, valid, spec);
		}

		@Override
		public ModelCard cardBase() {
			final ModelCard card = new ModelCard();
			card.description = "Meibography segmenter trained with MedXAI (" + Architectures.UNET_SMALL +
				"): eyelid (tarsal plate) and meibomian gland maps from a grey infrared image.";
			card.architecture = Architectures.UNET_SMALL;
			card.architectureOptions = new JsonObject();
			card.architectureOptions.addProperty("width", o.networkWidth());
			card.architectureOptions.addProperty("depth", o.depth());
			card.classes.addAll(List.of(CLASSES));
			card.outputActivation = "sigmoid_maps";
			card.targetLayer = "none (segmentation network: one logit map per class at the input size)";
			return card;
		}

		@Override
		public Map<String, Object> cardTraining() {
			final Map<String, Object> t = new LinkedHashMap<>();
			t.put("data", training.description());
			t.put("training_images", training.size());
			t.put("validation", validation.description());
			t.put("validation_images", validation.size());
			t.put("options", o.withoutPaths());
			if (initial != null) t.put("initial_model", StartModel.describe(initial));
			return t;
		}

		@Override
		public String augmentation() {
			return describeAugmentation();
		}

		@Override
		public String lossDescription() {
			return "binary cross-entropy with logits + soft Dice, per map" + (o.glandRatioWeight() > 0
				? " + " + o.glandRatioWeight() +
					" x gland-ratio loss (per image, squared difference of the gland share of the " +
					"eyelid, in tens of points)"
				: "");
		}
	}

	/** BCE with logits plus soft Dice, both averaged over the two maps. */
	static NDArray loss(final NDArray logits, final NDArray target) {
		final NDArray bce = Scalars.atLeast(logits, 0).sub(logits.mul(target))
			.add(logits.abs().neg().exp().add(1).log()).mean();
		final NDArray p = Activation.sigmoid(logits);
		final int[] axes = { 0, 2, 3 };
		final NDArray intersection = p.mul(target).sum(axes);
		final NDArray sums = p.sum(axes).add(target.sum(axes));
		final NDArray dice = Scalars.times(intersection, 2).add(1).div(sums.add(1));
		return bce.add(dice.neg().add(1).mean());
	}

	/**
	 * Per image: the gland probability mass inside the true eyelid over the eyelid's area against the true gland share
	 * there; mean squared difference, in tens of points. The area ratio is what the dropout and grades are read from,
	 * and Dice alone does not mind glands drawn uniformly wider or narrower.
	 */
	static NDArray glandRatioLoss(final NDArray logits, final NDArray target) {
		final NDArray eyelid = target.get(":, 0, :, :");
		final NDArray glandProbability = Activation.sigmoid(logits.get(":, 1, :, :"));
		final int[] axes = { 1, 2 };
		final NDArray area = eyelid.sum(axes).add(1);
		final NDArray predicted = glandProbability.mul(eyelid).sum(axes).div(area);
		final NDArray truth = target.get(":, 1, :, :").mul(eyelid).sum(axes).div(area);
		return Scalars.times(predicted.sub(truth), 10).square().mean();
	}

	/** Mean eyelid IoU and gland Dice per validation image, at the network's size. */
	static Validation validate(final Trainer trainer, final List<Sample> valid, final InputSpec spec) {
		final int plane = spec.width() * spec.height();
		double iouSum = 0, diceSum = 0;
		for (final Sample s : valid) {
			try (NDManager m = trainer.getManager().newSubManager()) {
				final float[] p = Activation.sigmoid(
					trainer.evaluate(new NDList(m.create(s.image(), new Shape(1, 1, spec.height(), spec.width()))))
						.singletonOrThrow())
					.toFloatArray();
				iouSum += SegmentationMetrics.of(Arrays.copyOfRange(p, 0, plane), atLeastHalf(s.eyelid())).iou();
				diceSum += SegmentationMetrics.of(Arrays.copyOfRange(p, plane, 2 * plane), atLeastHalf(s.gland()))
					.dice();
			}
		}
		return new Validation(iouSum / valid.size(), diceSum / valid.size());
	}

	private static boolean[] atLeastHalf(final float[] mask) {
		final boolean[] b = new boolean[mask.length];
		for (int i = 0; i < b.length; i++) b[i] = mask[i] >= 0.5f;
		return b;
	}

	/** What {@link #augment} does, in words (the model card's {@code augmentation}); kept beside it. */
	static String describeAugmentation() {
		return "horizontal flip, random crop (scale 0.8-1) rescaled to the input size, gain 0.8-1.2, offset +-0.1, " +
			"gamma exp(+-0.25)";
	}

	/** Same random geometry for image and masks; intensity changes for the image only. */
	static void augment(final Sample s, final InputSpec spec, final Random random, final float[] x, final float[] y,
		final int index)
	{
		final int w = spec.width(), h = spec.height(), plane = w * h;
		final boolean flip = random.nextBoolean();
		final double scale = 0.8 + 0.2 * random.nextDouble();
		final int cw = (int) Math.round(w * scale), ch = (int) Math.round(h * scale);
		final int ox = random.nextInt(w - cw + 1), oy = random.nextInt(h - ch + 1);
		final double gain = 0.8 + 0.4 * random.nextDouble();
		final double offset = (random.nextDouble() - 0.5) * 0.4;
		final double gamma = Math.exp((random.nextDouble() - 0.5) * 0.5);
		final float[] image = crop(s.image(), w, ox, oy, cw, ch, w, h, flip);
		final float[] eyelid = crop(s.eyelid(), w, ox, oy, cw, ch, w, h, flip);
		final float[] gland = crop(s.gland(), w, ox, oy, cw, ch, w, h, flip);
		for (int i = 0; i < plane; i++) {
			final double v = Math.max(0, Math.min(1, image[i] * STD + MEAN)); // back to 0..1
			final double a = Math.pow(v, gamma) * gain + offset * 0.5;
			x[index * plane + i] = (float) ((a - MEAN) / STD);
			y[index * 2 * plane + i] = eyelid[i];
			y[index * 2 * plane + plane + i] = gland[i];
		}
	}

	private static float[] crop(final float[] src, final int stride, final int ox, final int oy, final int cw,
		final int ch, final int w, final int h, final boolean flip)
	{
		final float[] c = new float[cw * ch];
		for (int yy = 0; yy < ch; yy++) for (int xx = 0; xx < cw; xx++) {
			final int sx = flip ? ox + cw - 1 - xx : ox + xx;
			c[yy * cw + xx] = src[(oy + yy) * stride + sx];
		}
		return TensorConverter.resize(c, cw, ch, w, h);
	}
}
