package org.medxai.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

import com.google.gson.JsonObject;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.Architectures;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelCard;
import org.medxai.engine.Scalars;
import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;
import org.medxai.metrics.ClassificationMetrics;

/**
 * Trains an image classifier (project architecture {@code medxai-resnet-small}) as a task of the {@link TrainingLoop}:
 * augmented cached images, softmax cross-entropy (plus, with object masks, the localisation loss and afterwards the
 * decision calibration), validation by ROC AUC. The loop keeps the best checkpoint (weights + model card) on every
 * gain, so stopping at any time leaves it behind.
 */
public final class ClassifierTrainer {

	/**
	 * Training settings; {@link #defaults()} are the ones the default model used.
	 *
	 * @param localisationMasks optional folder of object masks (by image base name) for the localisation loss; null for
	 *     none
	 * @param localisationWeight weight of that loss beside the classification loss
	 * @param initialModel optional card (or folder) of a model of the same architecture, width and classes whose
	 *     weights training starts from (its input size may differ); null: random start
	 */
	public record Options(String name, int imageSize, int cacheSize, int width, int epochs, int batchSize,
		double learningRate, int patience, long seed, double[][] maskRegions, DevicePreference device,
		Path localisationMasks, double localisationWeight, Path initialModel)
	{

		public Options(final String name, final int imageSize, final int cacheSize, final int width, final int epochs,
			final int batchSize, final double learningRate, final int patience, final long seed,
			final double[][] maskRegions, final DevicePreference device)
		{
			this(name, imageSize, cacheSize, width, epochs, batchSize, learningRate, patience, seed, maskRegions,
				device, null, 0, null);
		}

		public static Options defaults() {
			return new Options("classifier", 224, 256, 32, 40, 16, 1e-3, 10, 42, new double[0][],
				DevicePreference.AUTO);
		}

		public Options with(final int newEpochs, final int newImageSize, final int newWidth) {
			return new Options(name, newImageSize, Math.max(newImageSize, cacheSize * newImageSize / imageSize),
				newWidth, newEpochs, batchSize, learningRate, patience, seed, maskRegions, device, localisationMasks,
				localisationWeight, initialModel);
		}

		public Options withLocalisation(final Path masks, final double weight) {
			return new Options(name, imageSize, cacheSize, width, epochs, batchSize, learningRate, patience, seed,
				maskRegions, device, masks, weight, initialModel);
		}

		public Options withInitialModel(final Path model) {
			return new Options(name, imageSize, cacheSize, width, epochs, batchSize, learningRate, patience, seed,
				maskRegions, device, localisationMasks, localisationWeight, model);
		}

		/** Without the paths (Gson cannot write them; the card records them by name). */
		Options withoutPaths() {
			return withLocalisation(null, localisationWeight).withInitialModel(null);
		}
	}

	/**
	 * One validation: mean cross-entropy and the metrics. The best epoch has the highest ROC AUC (accuracy when the AUC
	 * is undefined) plus a thousandth of the accuracy; ties go to the lower loss.
	 */
	public record Validation(double loss, ClassificationMetrics metrics) implements ValidationRecord {

		@Override
		public double score() {
			return Double.isNaN(metrics.rocAuc()) ? metrics.accuracy() : metrics.rocAuc() + 1e-3 * metrics.accuracy();
		}

		@Override
		public double tieBreak() {
			return loss;
		}

		@Override
		public Map<String, Double> columns() {
			final Map<String, Double> columns = new LinkedHashMap<>();
			columns.put("validation_loss", loss);
			columns.put("validation_accuracy", metrics.accuracy());
			columns.put("validation_roc_auc", metrics.rocAuc());
			return columns;
		}

		@Override
		public String describe() {
			return String.format(Locale.ROOT, "loss %.4f, accuracy %.4f, ROC AUC %.4f", loss, metrics.accuracy(),
				metrics.rocAuc());
		}

		@Override
		public Map<String, Object> cardMetrics() {
			final Map<String, Object> metricsPart = new LinkedHashMap<>();
			metricsPart.put("validation", metrics.asMap());
			return metricsPart;
		}
	}

	/** Where the best model went and how training went. */
	public record Result(Path card, List<EpochResult<Validation>> history, int bestEpoch, ClassificationMetrics best,
		boolean cancelled, List<String> skipped, String status)
	{}

	/** ImageNet channel statistics, a neutral choice for RGB photographs. */
	public static final double[] MEAN = { 0.485, 0.456, 0.406 };
	public static final double[] STD = { 0.229, 0.224, 0.225 };

	private ClassifierTrainer() {}

	/** The input rules a model trained with {@code options} will carry in its card. */
	public static InputSpec inputSpec(final Options options) {
		return new InputSpec(options.imageSize(), options.imageSize(), 3, 255, MEAN, STD, options.maskRegions());
	}

	/**
	 * Reads the images (unreadable ones are skipped and listed), then trains in the {@link TrainingLoop}. Cancelling
	 * keeps the best checkpoint; the result's status says so.
	 */
	public static Result train(final TrainingSet training, final TrainingSet validation, final Options options,
		final Path output, final ProgressListener progress, final EpochListener<? super Validation> listener)
	{
		return train(training, validation, options, output, progress, listener, false);
	}

	/**
	 * As {@link #train(TrainingSet, TrainingSet, Options, Path, ProgressListener, EpochListener)}; with {@code resume}
	 * it continues the interrupted run in {@code output} (same sets and options) after its last finished epoch.
	 */
	public static Result train(final TrainingSet training, final TrainingSet validation, final Options options,
		final Path output, final ProgressListener progress, final EpochListener<? super Validation> listener,
		final boolean resume)
	{
		checkSets(training, validation);
		final InputSpec spec = inputSpec(options);
		// checked before the images are read, so a wrong choice fails at once
		final ModelCard initial = options.initialModel() == null
			? null
			: StartModel.check(options.initialModel(), Architectures.RESNET_SMALL,
				List.of(Map.entry("width", options.width())), training.classes());
		final Task task = new Task(options, spec, training, validation, initial);
		task.read(progress);
		final TrainingLoop.Outcome<Validation> outcome = new TrainingLoop<>(task, settings(options))
			.addEpochListener(listener).resuming(resume).run(output, progress);
		return new Result(outcome.card(), outcome.history(), outcome.bestEpoch(),
			outcome.best() == null ? null : outcome.best().metrics(), outcome.cancelled(), task.skipped,
			outcome.summary());
	}

	/** Adam (weight decay 1e-4), one epoch of warm-up, cosine decay to lr/100. */
	private static TrainingLoop.Settings settings(final Options options) {
		return new TrainingLoop.Settings(options.name(), options.epochs(), Math.max(2, options.batchSize()),
			options.patience(), options.seed(), options.device(),
			new TrainingLoop.Schedule(options.learningRate(), 100, 1, 1e-4));
	}

	/** The classifier's part of training: cached images, augmented batches, softmax cross-entropy (+ masks). */
	private static final class Task implements TrainingTask<Validation> {

		private final Options options;
		private final InputSpec spec;
		private final TrainingSet training;
		private final TrainingSet validation;
		private final ModelCard initial;
		private final Augmenter augmenter;
		private final Loss classification = Loss.softmaxCrossEntropyLoss();
		private final List<String> skipped = new ArrayList<>();
		private final List<ImageDecoding.Rgb> cache = new ArrayList<>();
		private final List<Integer> labels = new ArrayList<>();
		private final List<float[]> validationTensors = new ArrayList<>();
		private final List<Integer> validationLabels = new ArrayList<>();
		private LocalisationTargets localisation;
		private DecisionCalibration.Result calibration;

		Task(final Options options, final InputSpec spec, final TrainingSet training, final TrainingSet validation,
			final ModelCard initial)
		{
			this.options = options;
			this.spec = spec;
			this.training = training;
			this.validation = validation;
			this.initial = initial;
			this.augmenter = new Augmenter(spec, options.seed() + 1);
		}

		/** Training images cached at the crop size, validation images as tensors, masks matched. */
		void read(final ProgressListener progress) {
			final List<LabelledImage> cachedImages = new ArrayList<>();
			final List<int[]> cachedSizes = new ArrayList<>();
			final int total = training.size() + validation.size();
			int read = 0;
			for (final LabelledImage image : training.images()) {
				TrainingLoop.stopIfCancelledWhileReading(progress);
				try {
					final ImageDecoding.Rgb rgb = ImageDecoding.read(image.file());
					cache.add(cached(rgb, spec, options.cacheSize()));
					labels.add(image.label());
					cachedImages.add(image);
					cachedSizes.add(new int[] { rgb.width(), rgb.height() });
				}
				catch (final MedXaiException e) {
					skipped.add(image.file().getFileName() + ": " + e.getMessage());
				}
				progress.progress(++read, total, "Reading training images " + read + "/" + total);
			}
			for (final LabelledImage image : validation.images()) {
				TrainingLoop.stopIfCancelledWhileReading(progress);
				try {
					validationTensors.add(TensorConverter.convert(ImageDecoding.read(image.file()).planes(), spec));
					validationLabels.add(image.label());
				}
				catch (final MedXaiException e) {
					skipped.add(image.file().getFileName() + ": " + e.getMessage());
				}
				progress.progress(++read, total, "Reading validation images " + read + "/" + total);
			}
			if (cache.isEmpty() || validationTensors.isEmpty()) {
				throw new MedXaiException("No readable " + (cache.isEmpty() ? "training" : "validation") + " images (" +
					skipped.size() + " unreadable, e.g. " + (skipped.isEmpty() ? "-" : skipped.get(0)) + ").");
			}
			localisation = options.localisationMasks() == null || !(options.localisationWeight() > 0)
				? null
				: LocalisationTargets.match(options.localisationMasks(), cachedImages, cachedSizes, training.classes(),
					mask -> cached(mask, spec, options.cacheSize()));
		}

		@Override
		public Block network() {
			return Architectures.resnetSmall(options.width(), training.classes().size());
		}

		@Override
		public InputSpec input() {
			return spec;
		}

		@Override
		public int trainingSize() {
			return cache.size();
		}

		@Override
		public ModelCard startModel() {
			return initial;
		}

		@Override
		public NDArray loss(final Trainer trainer, final NDManager m, final int[] examples, final Random random) {
			final int batch = examples.length;
			final float[] data = new float[batch * spec.size()];
			final float[] y = new float[batch];
			final float[][] masks = localisation == null ? null : new float[batch][];
			for (int j = 0; j < batch; j++) {
				final int at = examples[j];
				if (localisation == null) augmenter.sample(cache.get(at), data, j);
				else {
					final ImageDecoding.Rgb mask = localisation.mask(at);
					masks[j] = mask == null ? null : new float[spec.width() * spec.height()];
					augmenter.sample(cache.get(at), data, j, mask, masks[j]);
				}
				y[j] = labels.get(at);
			}
			final NDArray x = m.create(data, new Shape(batch, 3, spec.height(), spec.width()));
			return localisation == null
				? classification.evaluate(new NDList(m.create(y)), trainer.forward(new NDList(x)))
				: lossWithLocalisation(trainer.getModel(), m, x, m.create(y), masks, localisation.objectClass(), spec,
					options.localisationWeight(), classification);
		}

		@Override
		public Validation validate(final Trainer trainer) {
			return evaluate(trainer, validationTensors, validationLabels, spec, training.classes().size(),
				Math.max(2, options.batchSize()));
		}

		/** After mask training: the decision calibration, which saves the weights again. */
		@Override
		public Validation finish(final Path folder, final String name, final Validation best,
			final ProgressListener progress)
		{
			if (localisation == null) return best;
			progress.progress(0, 1, "Calibrating the decision on the validation images");
			calibration = DecisionCalibration.apply(folder, name, options.width(), training.classes().size(),
				localisation.objectClass(), validationTensors, validationLabels, spec);
			return new Validation(best.loss(), calibration.after());
		}

		@Override
		public ModelCard cardBase() {
			final ModelCard card = new ModelCard();
			card.description = "Image classifier trained with MedXAI (" + Architectures.RESNET_SMALL + ") on " +
				training.description() + ".";
			card.architecture = Architectures.RESNET_SMALL;
			card.architectureOptions = new JsonObject();
			card.architectureOptions.addProperty("width", options.width());
			card.classes.addAll(training.classes());
			card.outputActivation = "softmax";
			card.targetLayer = "backbone: residual stage 4 (" + spec.width() / 16 + "x" + spec.height() / 16 + ")";
			return card;
		}

		@Override
		public Map<String, Object> cardTraining() {
			final Map<String, Object> train = new LinkedHashMap<>();
			train.put("data", training.description());
			train.put("training_images_per_class", counts(training));
			train.put("validation", validation.description());
			train.put("validation_images_per_class", counts(validation));
			train.put("unreadable_images_skipped", skipped.size());
			// the mask folder and the initial model are recorded by name under "localisation" and "initial_model"
			train.put("options", options.withoutPaths());
			if (initial != null) {
				train.put("initial_model", StartModel.describe(initial));
			}
			if (options.localisationMasks() != null) {
				train.put("localisation",
					ordered("masks", options.localisationMasks().getFileName().toString(), "weight",
						options.localisationWeight(), "loss",
						"per-location class " +
							"scores of the head's linear layer on the backbone grid (the class activation " +
							"map), binary cross-entropy of the object class against the rest vs the " +
							"mask's share of each cell; images of other classes: empty maps"));
			}
			if (calibration != null) {
				train.put("decision_calibration", ordered("object_logit_shift", calibration.shift(),
					"validation_accuracy_before", calibration.before().accuracy(), "rule",
					"bias of the object class in the head's linear layer shifted for the highest validation accuracy " +
						"(the middle of the widest range of shifts that reach it)"));
			}
			return train;
		}

		@Override
		public String augmentation() {
			return Augmenter.describe();
		}

		@Override
		public String lossDescription() {
			return "softmax cross-entropy" + (localisation == null
				? ""
				: " + " + options.localisationWeight() + " x localisation loss (see localisation)");
		}
	}

	/** Alternating keys and values, in this order (Map.of's order changes from run to run, and so would the card). */
	private static Map<String, Object> ordered(final Object... keyValues) {
		final Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) map.put((String) keyValues[i], keyValues[i + 1]);
		return map;
	}

	/**
	 * Classification loss plus the localisation loss: at every location of the backbone's grid the head's linear layer
	 * gives class scores (their mean over the grid is the logit, so they form the class activation map); binary
	 * cross-entropy of the object class against the rest, per location, against the mask's share of that cell. Samples
	 * without a mask target do not count.
	 */
	static NDArray lossWithLocalisation(final Model model, final NDManager m, final NDArray x, final NDArray y,
		final float[][] masks, final int objectClass, final InputSpec spec, final double weight,
		final Loss classification)
	{
		final SequentialBlock net = (SequentialBlock) model.getBlock();
		final Block backbone = net.getChildren().valueAt(0);
		final SequentialBlock head = (SequentialBlock) net.getChildren().valueAt(1);
		final ParameterStore store = new ParameterStore(m, false);
		final NDArray features = backbone.forward(store, new NDList(x), true).singletonOrThrow();
		final NDArray logits = head.forward(store, new NDList(features), true).singletonOrThrow();
		final NDArray loss = classification.evaluate(new NDList(y), new NDList(logits));
		final Block linear = head.getChildren().valueAt(head.getChildren().size() - 1);
		final NDArray w = store.getValue(linear.getParameters().get("weight"), x.getDevice(), true);
		final NDArray b = store.getValue(linear.getParameters().get("bias"), x.getDevice(), true);
		final int n = (int) features.getShape().get(0);
		final int gh = (int) features.getShape().get(2);
		final int gw = (int) features.getShape().get(3);
		final int classes = (int) w.getShape().get(0);
		final float[] target = new float[n * gh * gw];
		final float[] sampleWeight = new float[n * gh * gw];
		int counted = 0;
		for (int j = 0; j < n; j++) {
			if (masks[j] == null) continue;
			LocalisationTargets.pool(masks[j], spec, gw, gh, target, j * gh * gw);
			Arrays.fill(sampleWeight, j * gh * gw, (j + 1) * gh * gw, 1f);
			counted++;
		}
		if (counted == 0) return loss;
		// N x h x w x classes; the transposed weights belong to this step, not to the model's manager (a leak per step)
		final NDArray weightsT = w.transpose();
		weightsT.attach(m);
		final NDArray scores = features.transpose(0, 2, 3, 1).matMul(weightsT).add(b);
		final NDArray object = scores.get(new NDIndex("..., {}", objectClass));
		final NDList others = new NDList();
		for (int c = 0; c < classes; c++) {
			if (c != objectClass) others.add(scores.get(new NDIndex("..., {}:{}", c, c + 1)));
		}
		final NDArray rest = others.size() == 1
			? others.singletonOrThrow().squeeze(-1)
			: logSumExp(NDArrays.concat(others, -1));
		final NDArray d = object.sub(rest).reshape(n * gh * gw);
		// binary cross-entropy with logits: softplus(d) - t d, written stably
		final NDArray t = m.create(target);
		final NDArray perLocation = Scalars.atLeast(d, 0).add(d.abs().neg().exp().add(1).log()).sub(d.mul(t));
		final NDArray localisation = Scalars.over(perLocation.mul(m.create(sampleWeight)).sum(), counted * gh * gw);
		return loss.add(Scalars.times(localisation, weight));
	}

	private static NDArray logSumExp(final NDArray values) {
		final NDArray max = values.max(new int[] { -1 }, true);
		return values.sub(max).exp().sum(new int[] { -1 }).log().add(max.squeeze(-1));
	}

	private static Validation evaluate(final Trainer trainer, final List<float[]> tensors, final List<Integer> labels,
		final InputSpec spec, final int classes, final int batch)
	{
		final int n = tensors.size();
		final double[][] probabilities = new double[n][];
		final int[] truth = new int[n];
		double loss = 0;
		for (int start = 0; start < n; start += batch) {
			final int count = Math.min(batch, n - start);
			final float[] data = new float[count * spec.size()];
			for (int j = 0; j < count; j++) {
				System.arraycopy(tensors.get(start + j), 0, data, j * spec.size(), spec.size());
			}
			try (NDManager m = trainer.getManager().newSubManager()) {
				final NDArray logits = trainer
					.evaluate(new NDList(m.create(data, new Shape(count, 3, spec.height(), spec.width()))))
					.singletonOrThrow();
				final float[] values = logits.softmax(1).toFloatArray();
				for (int j = 0; j < count; j++) {
					final double[] p = new double[classes];
					for (int c = 0; c < classes; c++) p[c] = values[j * classes + c];
					probabilities[start + j] = p;
					truth[start + j] = labels.get(start + j);
					loss -= Math.log(Math.max(1e-12, p[truth[start + j]]));
				}
			}
		}
		return new Validation(loss / n, ClassificationMetrics.of(truth, probabilities));
	}

	/** The image as the network will see it, before augmentation: masked, squashed to a square. */
	static ImageDecoding.Rgb cached(final ImageDecoding.Rgb rgb, final InputSpec spec, final int size) {
		final PixelPlanes planes = rgb.planes().masked(spec.maskRegions());
		final float[][] resized = new float[3][];
		for (int c = 0; c < 3; c++) {
			resized[c] = TensorConverter.resize(planes.plane(c), rgb.width(), rgb.height(), size, size);
		}
		final int[] packed = new int[size * size];
		for (int i = 0; i < packed.length; i++) {
			packed[i] = clamp(resized[0][i]) << 16 | clamp(resized[1][i]) << 8 | clamp(resized[2][i]);
		}
		return new ImageDecoding.Rgb(size, size, packed);
	}

	private static int clamp(final float v) {
		return Math.max(0, Math.min(255, Math.round(v)));
	}

	private static void checkSets(final TrainingSet training, final TrainingSet validation) {
		final int[] counts = training.counts();
		for (int c = 0; c < counts.length; c++) {
			if (counts[c] == 0) {
				throw new MedXaiException("Class '" + training.classes().get(c) + "' has no training images.");
			}
		}
		if (validation.size() == 0) throw new MedXaiException("No validation images.");
		if (!validation.classes().equals(training.classes())) {
			throw new MedXaiException("Validation classes " + validation.classes() + " differ from training classes " +
				training.classes() + ".");
		}
	}

	private static Map<String, Integer> counts(final TrainingSet set) {
		final Map<String, Integer> map = new LinkedHashMap<>();
		final int[] counts = set.counts();
		for (int c = 0; c < counts.length; c++) map.put(set.classes().get(c), counts[c]);
		return map;
	}
}
