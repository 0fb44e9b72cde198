package org.medxai.meibo;

import java.util.Arrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.Architectures;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.WeightFiles;
import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;
import org.medxai.image.TensorConverter;
import org.medxai.io.CsvWriter;
import org.medxai.metrics.SegmentationMetrics;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.WarmUpTracker;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

/**
 * Trains the meibography segmenter: a small U-Net ({@link Architectures#UNET_SMALL}) mapping the grey
 * infrared image to two logit maps, eyelid (tarsal plate) and glands. Loss: binary cross-entropy plus
 * soft Dice per map. Augmentation: horizontal flip, random crop-and-rescale (scale 0.8–1), gain, offset and
 * gamma. Adam with warm-up and cosine decay; the epoch with the best validation score (mean of eyelid IoU
 * and gland Dice at the network's size) is kept, with its card.
 */
public final class MeibographyTrainer {

	public static final String[] CLASSES = { "eyelid", "gland" };
	public static final double MEAN = 0.5;
	public static final double STD = 0.25;

	/**
	 * @param glandRatioWeight weight of the gland-ratio loss (0: none): per image, the squared difference
	 *          between the predicted and the true share of gland inside the true eyelid, in tens of points
	 */
	public record Options(String name, int width, int height, int networkWidth, int depth, int epochs, int batchSize,
		double learningRate, int patience, long seed, DevicePreference device, double glandRatioWeight)
	{
		public Options(final String name, final int width, final int height, final int networkWidth, final int depth,
			final int epochs, final int batchSize, final double learningRate, final int patience, final long seed,
			final DevicePreference device)
		{
			this(name, width, height, networkWidth, depth, epochs, batchSize, learningRate, patience, seed, device, 0);
		}

		public static Options defaults() {
			return new Options("meibography-default", 384, 192, 16, 4, 60, 4, 2e-3, 20, 2026, DevicePreference.AUTO);
		}
	}

	public record EpochStats(int epoch, double trainLoss, double eyelidIou, double glandDice, double seconds,
		boolean improved) {}

	public record Result(Path card, List<EpochStats> history, int bestEpoch, double bestEyelidIou,
		double bestGlandDice, String status) {}

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
		if (training.size() < 2 || validation.size() < 1) throw new MedXaiException("Training needs at least two " +
			"training images and one validation image (have " + training.size() + " and " + validation.size() + ").");
		final InputSpec spec = inputSpec(o);
		final List<Sample> train = new ArrayList<>();
		final List<Sample> valid = new ArrayList<>();
		int read = 0;
		final int total = training.size() + validation.size();
		for (final MeibographySet.Item item : training.items()) {
			train.add(load(item, spec));
			progress.progress(++read, total, "Reading " + item.name());
		}
		for (final MeibographySet.Item item : validation.items()) {
			valid.add(load(item, spec));
			progress.progress(++read, total, "Reading " + item.name());
		}
		try {
			Files.createDirectories(output);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot create " + output + ": " + e.getMessage(), e);
		}
		EngineEnvironment.engine();
		Engine.getInstance().setRandomSeed((int) o.seed());
		final Device device = EngineEnvironment.device(o.device());
		final int batch = Math.max(1, o.batchSize());
		final int steps = Math.max(1, train.size() / batch);
		final int plane = spec.width() * spec.height();
		final Random random = new Random(o.seed());
		final List<EpochStats> history = new ArrayList<>();
		double bestScore = -1, bestIou = 0, bestDice = 0;
		int bestEpoch = 0;
		String stop = "all epochs done";
		final Path card = output.resolve(ModelLoader.CARD_NAME);
		try (Model model = Model.newInstance(o.name(), device, EngineEnvironment.ENGINE_NAME)) {
			model.setBlock(Architectures.unetSmall(o.networkWidth(), o.depth(), CLASSES.length));
			final float lr = (float) o.learningRate();
			final int totalSteps = steps * o.epochs();
			final WarmUpTracker schedule = WarmUpTracker.builder().setMainTracker(CosineTracker.builder().setBaseValue(lr)
				.optFinalValue(lr / 50).setMaxUpdates(totalSteps).build()).optWarmUpSteps(Math.min(2 * steps, totalSteps / 10 +
					1)).optWarmUpBeginValue(lr / 10).build();
			final DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(Adam.builder()
				.optLearningRateTracker(schedule).optWeightDecays(1e-5f).build()).optDevices(new Device[] { device });
			try (Trainer trainer = model.newTrainer(config)) {
				trainer.initialize(new Shape(batch, 1, spec.height(), spec.width()));
				final List<Integer> order = new ArrayList<>();
				for (int i = 0; i < train.size(); i++) order.add(i);
				for (int epoch = 1; epoch <= o.epochs(); epoch++) {
					final long start = System.nanoTime();
					Collections.shuffle(order, random);
					double lossSum = 0;
					for (int step = 0; step < steps; step++) {
						if (progress.isCancelled()) throw new CancelledException("Training cancelled; the best model so " +
							"far is in " + output + (bestEpoch == 0 ? " (none yet)." : "."));
						final float[] x = new float[batch * plane];
						final float[] y = new float[batch * 2 * plane];
						for (int j = 0; j < batch; j++) augment(train.get(order.get(step * batch + j)), spec, random, x, y, j);
						try (NDManager m = trainer.getManager().newSubManager();
							GradientCollector collector = trainer.newGradientCollector())
						{
							final NDArray input = m.create(x, new Shape(batch, 1, spec.height(), spec.width()));
							final NDArray target = m.create(y, new Shape(batch, 2, spec.height(), spec.width()));
							final NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
							final NDArray loss = o.glandRatioWeight() > 0 ? loss(logits, target).add(glandRatioLoss(logits, target)
								.mul((float) o.glandRatioWeight())) : loss(logits, target);
							collector.backward(loss);
							lossSum += loss.getFloat();
						}
						trainer.step();
						progress.progress(step + 1, steps, String.format(Locale.ROOT, "Epoch %d/%d, step %d/%d, loss %.4f",
							epoch, o.epochs(), step + 1, steps, lossSum / (step + 1)));
					}
					final double[] scores = validate(trainer, valid, spec);
					final double score = (scores[0] + scores[1]) / 2;
					final boolean improved = score > bestScore + 1e-9;
					history.add(new EpochStats(epoch, lossSum / steps, scores[0], scores[1], (System.nanoTime() - start) / 1e9,
						improved));
					progress.progress(epoch, o.epochs(), String.format(Locale.ROOT,
						"Epoch %d: loss %.4f, validation eyelid IoU %.4f, gland Dice %.4f%s", epoch, lossSum / steps, scores[0],
						scores[1], improved ? " (saved)" : ""));
					if (improved) {
						bestScore = score;
						bestIou = scores[0];
						bestDice = scores[1];
						bestEpoch = epoch;
						model.setProperty("Epoch", "0");
						model.save(output, o.name());
						writeCard(card, o, training, validation, history, bestEpoch, bestIou, bestDice);
					}
					if (epoch - bestEpoch >= o.patience()) {
						stop = "early stop after " + o.patience() + " epochs without gain";
						break;
					}
				}
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write the model to " + output + ": " + e.getMessage(), e);
		}
		writeHistory(output.resolve("training-history.csv"), history);
		writeCard(card, o, training, validation, history, bestEpoch, bestIou, bestDice);
		return new Result(card, history, bestEpoch, bestIou, bestDice, String.format(Locale.ROOT,
			"Best epoch %d of %d (%s): validation eyelid IoU %.4f, gland Dice %.4f at %dx%d. Model: %s", bestEpoch,
			history.size(), stop, bestIou, bestDice, o.width(), o.height(), card));
	}

	/** BCE with logits plus soft Dice, both averaged over the two maps. */
	static NDArray loss(final NDArray logits, final NDArray target) {
		final NDArray bce = logits.maximum(0).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1).log()).mean();
		final NDArray p = Activation.sigmoid(logits);
		final int[] axes = { 0, 2, 3 };
		final NDArray intersection = p.mul(target).sum(axes);
		final NDArray sums = p.sum(axes).add(target.sum(axes));
		final NDArray dice = intersection.mul(2).add(1).div(sums.add(1));
		return bce.add(dice.neg().add(1).mean());
	}

	/**
	 * Per image: the gland probability mass inside the true eyelid over the eyelid's area against the true
	 * gland share there; mean squared difference, in tens of points. The area ratio is what the dropout and
	 * grades are read from, and Dice alone does not mind glands drawn uniformly wider or narrower.
	 */
	static NDArray glandRatioLoss(final NDArray logits, final NDArray target) {
		final NDArray eyelid = target.get(":, 0, :, :");
		final NDArray glandProbability = Activation.sigmoid(logits.get(":, 1, :, :"));
		final int[] axes = { 1, 2 };
		final NDArray area = eyelid.sum(axes).add(1);
		final NDArray predicted = glandProbability.mul(eyelid).sum(axes).div(area);
		final NDArray truth = target.get(":, 1, :, :").mul(eyelid).sum(axes).div(area);
		return predicted.sub(truth).mul(10).square().mean();
	}

	/** Mean eyelid IoU and gland Dice per validation image, at the network's size. */
	static double[] validate(final Trainer trainer, final List<Sample> valid, final InputSpec spec) {
		final int plane = spec.width() * spec.height();
		double iouSum = 0, diceSum = 0;
		for (final Sample s : valid) {
			try (NDManager m = trainer.getManager().newSubManager()) {
				final float[] p = Activation.sigmoid(trainer.evaluate(new NDList(m.create(s.image(), new Shape(1, 1, spec
					.height(), spec.width())))).singletonOrThrow()).toFloatArray();
				iouSum += SegmentationMetrics.of(Arrays.copyOfRange(p, 0, plane), atLeastHalf(s.eyelid())).iou();
				diceSum += SegmentationMetrics.of(Arrays.copyOfRange(p, plane, 2 * plane), atLeastHalf(s.gland()))
					.dice();
			}
		}
		return new double[] { iouSum / valid.size(), diceSum / valid.size() };
	}

	private static boolean[] atLeastHalf(final float[] mask) {
		final boolean[] b = new boolean[mask.length];
		for (int i = 0; i < b.length; i++) b[i] = mask[i] >= 0.5f;
		return b;
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
		for (int yy = 0; yy < ch; yy++)
			for (int xx = 0; xx < cw; xx++) {
				final int sx = flip ? ox + cw - 1 - xx : ox + xx;
				c[yy * cw + xx] = src[(oy + yy) * stride + sx];
			}
		return TensorConverter.resize(c, cw, ch, w, h);
	}

	private static void writeCard(final Path cardFile, final Options o, final MeibographySet training,
		final MeibographySet validation, final List<EpochStats> history, final int bestEpoch, final double iou,
		final double dice)
	{
		try {
			final Path params = cardFile.resolveSibling(o.name() + "-0000.params");
			if (!Files.exists(params)) return;
			final ModelCard card = new ModelCard();
			card.name = o.name();
			card.description = "Meibography segmenter trained with MedXAI (" + Architectures.UNET_SMALL +
				"): eyelid (tarsal plate) and meibomian gland maps from a grey infrared image.";
			card.engine = ModelCard.ENGINE_DJL;
			card.architecture = Architectures.UNET_SMALL;
			card.architectureOptions = new JsonObject();
			card.architectureOptions.addProperty("width", o.networkWidth());
			card.architectureOptions.addProperty("depth", o.depth());
			card.files.put(ModelCard.FILE_PARAMS, new ModelCard.WeightFile(params.getFileName().toString(), WeightFiles
				.sha256(params)));
			card.classes.addAll(List.of(CLASSES));
			card.input.width = o.width();
			card.input.height = o.height();
			card.input.channels = 1;
			card.normalisation.scale = 255;
			card.normalisation.mean = new double[] { MEAN };
			card.normalisation.std = new double[] { STD };
			card.outputActivation = "sigmoid_maps";
			card.targetLayer = "none (segmentation network: one logit map per class at the input size)";
			final Gson gson = new Gson();
			final Map<String, Object> t = new LinkedHashMap<>();
			t.put("data", training.description());
			t.put("training_images", training.size());
			t.put("validation", validation.description());
			t.put("validation_images", validation.size());
			t.put("options", o);
			t.put("augmentation", "horizontal flip, random crop (scale 0.8-1) rescaled to the input size, gain 0.8-1.2, " +
				"offset +-0.1, gamma exp(+-0.25)");
			t.put("loss", "binary cross-entropy with logits + soft Dice, per map" + (o.glandRatioWeight() > 0 ? " + " + o
				.glandRatioWeight() + " x gland-ratio loss (per image, squared difference of the gland share of the " +
				"eyelid, in tens of points)" : ""));
			t.put("optimizer", "Adam, weight decay 1e-5, warm-up then cosine decay to lr/50");
			t.put("epochs_run", history.size());
			t.put("best_epoch", bestEpoch);
			card.training = gson.toJsonTree(t);
			final Map<String, Object> metrics = new LinkedHashMap<>();
			metrics.put("validation_at_input_size", Map.of("eyelid_iou", iou, "gland_dice", dice));
			card.metrics = gson.toJsonTree(metrics);
			card.write(cardFile);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write the model card " + cardFile + ": " + e.getMessage(), e);
		}
	}

	private static void writeHistory(final Path file, final List<EpochStats> history) {
		try (CsvWriter csv = new CsvWriter(file)) {
			csv.row(List.of("epoch", "train_loss", "validation_eyelid_iou", "validation_gland_dice", "seconds", "improved"));
			for (final EpochStats s : history)
				csv.row(List.of(String.valueOf(s.epoch()), String.valueOf(s.trainLoss()), String.valueOf(s.eyelidIou()), String
					.valueOf(s.glandDice()), String.valueOf(s.seconds()), String.valueOf(s.improved())));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write " + file + ": " + e.getMessage(), e);
		}
	}
}
