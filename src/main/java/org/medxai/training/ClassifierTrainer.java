package org.medxai.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

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
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;
import org.medxai.io.CsvWriter;
import org.medxai.metrics.ClassificationMetrics;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
 * Trains an image classifier (project architecture {@code medxai-resnet-small})
 * with augmentation, Adam with warm-up and cosine decay, early stopping on
 * validation ROC AUC, and a checkpoint (weights + model card) written whenever
 * validation improves, so stopping at any time leaves the best model behind.
 */
public final class ClassifierTrainer {

	/**
	 * Training settings; {@link #defaults()} are the ones the default model used.
	 *
	 * @param localisationMasks optional folder of object masks (by image base name) for the
	 *          localisation loss; null for none
	 * @param localisationWeight weight of that loss beside the classification loss
	 * @param initialModel optional card (or folder) of a model of the same architecture, width and
	 *          classes whose weights training starts from (its input size may differ); null: random start
	 */
	public record Options(String name, int imageSize, int cacheSize, int width, int epochs,
		int batchSize, double learningRate, int patience, long seed, double[][] maskRegions,
		DevicePreference device, Path localisationMasks, double localisationWeight,
		Path initialModel)
	{

		public Options(final String name, final int imageSize, final int cacheSize, final int width,
			final int epochs, final int batchSize, final double learningRate, final int patience,
			final long seed, final double[][] maskRegions, final DevicePreference device)
		{
			this(name, imageSize, cacheSize, width, epochs, batchSize, learningRate, patience, seed,
				maskRegions, device, null, 0, null);
		}

		public static Options defaults() {
			return new Options("classifier", 224, 256, 32, 40, 16, 1e-3, 10, 42, new double[0][],
				DevicePreference.AUTO);
		}

		public Options with(final int newEpochs, final int newImageSize, final int newWidth) {
			return new Options(name, newImageSize, Math.max(newImageSize, cacheSize * newImageSize /
				imageSize), newWidth, newEpochs, batchSize, learningRate, patience, seed, maskRegions,
				device, localisationMasks, localisationWeight, initialModel);
		}

		public Options withLocalisation(final Path masks, final double weight) {
			return new Options(name, imageSize, cacheSize, width, epochs, batchSize, learningRate,
				patience, seed, maskRegions, device, masks, weight, initialModel);
		}

		public Options withInitialModel(final Path model) {
			return new Options(name, imageSize, cacheSize, width, epochs, batchSize, learningRate,
				patience, seed, maskRegions, device, localisationMasks, localisationWeight, model);
		}

		/** Without the paths (Gson cannot write them; the card records them by name). */
		Options withoutPaths() {
			return withLocalisation(null, localisationWeight).withInitialModel(null);
		}
	}

	/** What one epoch achieved. */
	public record EpochStats(int epoch, double trainLoss, double validationLoss,
		ClassificationMetrics validation, double learningRate, double seconds, boolean improved)
	{}

	/** Told after every epoch (for live plots). */
	@FunctionalInterface
	public interface EpochListener {

		void epochDone(EpochStats stats);
	}

	/** Where the best model went and how training went. */
	public record Result(Path card, List<EpochStats> history, int bestEpoch,
		ClassificationMetrics best, boolean cancelled, List<String> skipped, String status)
	{}

	/** ImageNet channel statistics, a neutral choice for RGB photographs. */
	public static final double[] MEAN = { 0.485, 0.456, 0.406 };
	public static final double[] STD = { 0.229, 0.224, 0.225 };

	private ClassifierTrainer() {}

	/** The input rules a model trained with {@code options} will carry in its card. */
	public static InputSpec inputSpec(final Options options) {
		return new InputSpec(options.imageSize(), options.imageSize(), 3, 255, MEAN, STD, options
			.maskRegions());
	}

	public static Result train(final TrainingSet training, final TrainingSet validation,
		final Options options, final Path output, final ProgressListener progress,
		final EpochListener listener)
	{
		checkSets(training, validation);
		final InputSpec spec = inputSpec(options);
		// checked before the images are read, so a wrong choice fails at once
		final ModelCard initial = options.initialModel() == null ? null : initialModel(options,
			training.classes());
		final List<String> skipped = new ArrayList<>();
		final List<ImageDecoding.Rgb> cache = new ArrayList<>();
		final List<Integer> labels = new ArrayList<>();
		final List<LabelledImage> cachedImages = new ArrayList<>();
		final List<int[]> cachedSizes = new ArrayList<>();
		final int total = training.size() + validation.size();
		int read = 0;
		for (final LabelledImage image : training.images()) {
			if (progress.isCancelled()) throw new org.medxai.CancelledException(
				"Cancelled while reading images; nothing was trained.");
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
		final List<float[]> validationTensors = new ArrayList<>();
		final List<Integer> validationLabels = new ArrayList<>();
		for (final LabelledImage image : validation.images()) {
			try {
				validationTensors.add(TensorConverter.convert(ImageDecoding.read(image.file())
					.planes(), spec));
				validationLabels.add(image.label());
			}
			catch (final MedXaiException e) {
				skipped.add(image.file().getFileName() + ": " + e.getMessage());
			}
			progress.progress(++read, total, "Reading validation images " + read + "/" + total);
		}
		if (cache.isEmpty() || validationTensors.isEmpty()) {
			throw new MedXaiException("No readable " + (cache.isEmpty() ? "training" : "validation") +
				" images (" + skipped.size() + " unreadable, e.g. " + (skipped.isEmpty() ? "-" : skipped
					.get(0)) + ").");
		}
		try {
			Files.createDirectories(output);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot create output folder " + output + ": " + e
				.getMessage(), e);
		}

		final LocalisationTargets localisation = options.localisationMasks() == null || !(options
			.localisationWeight() > 0) ? null
			: LocalisationTargets.match(options.localisationMasks(), cachedImages, cachedSizes, training.classes(),
				mask -> cached(mask, spec, options.cacheSize()));
		EngineEnvironment.engine();
		Engine.getInstance().setRandomSeed((int) options.seed());
		final Device device = EngineEnvironment.device(options.device());
		final int classes = training.classes().size();
		final int batch = Math.max(2, options.batchSize());
		final int stepsPerEpoch = Math.max(1, cache.size() / batch);
		final List<EpochStats> history = new ArrayList<>();
		final Random shuffle = new Random(options.seed());
		final Augmenter augmenter = new Augmenter(spec, options.seed() + 1);
		ClassificationMetrics best = null;
		double bestScore = Double.NEGATIVE_INFINITY;
		double bestLoss = Double.POSITIVE_INFINITY;
		int bestEpoch = 0;
		boolean cancelled = false;
		String stop = "all epochs done";
		final Path card = output.resolve("model-card.json");
		try (Model model = Model.newInstance(options.name(), device,
			EngineEnvironment.ENGINE_NAME))
		{
			final ai.djl.nn.SequentialBlock network = Architectures.resnetSmall(options.width(),
				classes);
			model.setBlock(network);
			if (initial != null) {
				// initialised first so the loaded weights are kept by the trainer's initialisation
				network.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
					new Shape(batch, 3, spec.height(), spec.width()));
				ModelLoader.loadDjlWeights(model, initial);
			}
			final float lr = (float) options.learningRate();
			final int totalSteps = stepsPerEpoch * options.epochs();
			final WarmUpTracker schedule = WarmUpTracker.builder().setMainTracker(CosineTracker
				.builder().setBaseValue(lr).optFinalValue(lr / 100).setMaxUpdates(totalSteps).build())
				.optWarmUpSteps(Math.min(stepsPerEpoch, totalSteps / 10 + 1)).optWarmUpBeginValue(lr /
					10).build();
			final DefaultTrainingConfig config = new DefaultTrainingConfig(Loss
				.softmaxCrossEntropyLoss()).optOptimizer(Adam.builder().optLearningRateTracker(schedule)
					.optWeightDecays(1e-4f).build()).optDevices(new Device[] { device });
			try (Trainer trainer = model.newTrainer(config)) {
				trainer.initialize(new Shape(batch, 3, spec.height(), spec.width()));
				final List<Integer> order = new ArrayList<>();
				for (int i = 0; i < cache.size(); i++) order.add(i);
				int update = 0;
				epochs:
				for (int epoch = 1; epoch <= options.epochs(); epoch++) {
					final long start = System.nanoTime();
					Collections.shuffle(order, shuffle);
					double lossSum = 0;
					int lossCount = 0;
					for (int step = 0; step < stepsPerEpoch; step++) {
						if (progress.isCancelled()) {
							cancelled = true;
							stop = "cancelled in epoch " + epoch;
							break epochs;
						}
						final float[] data = new float[batch * spec.size()];
						final float[] y = new float[batch];
						final float[][] masks = localisation == null ? null : new float[batch][];
						for (int j = 0; j < batch; j++) {
							final int at = order.get(step * batch + j);
							if (localisation == null) augmenter.sample(cache.get(at), data, j);
							else {
								final ImageDecoding.Rgb mask = localisation.mask(at);
								masks[j] = mask == null ? null : new float[spec.width() * spec.height()];
								augmenter.sample(cache.get(at), data, j, mask, masks[j]);
							}
							y[j] = labels.get(at);
						}
						try (NDManager m = trainer.getManager().newSubManager();
							GradientCollector collector = trainer.newGradientCollector())
						{
							final NDArray x = m.create(data, new Shape(batch, 3, spec.height(), spec
								.width()));
							final NDArray loss = localisation == null ? trainer.getLoss().evaluate(
								new NDList(m.create(y)), trainer.forward(new NDList(x)))
								: lossWithLocalisation(model, m, x, m.create(y), masks, localisation
									.objectClass(), spec, options.localisationWeight(), trainer.getLoss());
							collector.backward(loss);
							lossSum += loss.getFloat();
							lossCount++;
						}
						trainer.step();
						update++;
						progress.progress(step + 1, stepsPerEpoch, String.format(Locale.ROOT,
							"Epoch %d/%d, step %d/%d, loss %.4f", epoch, options.epochs(), step + 1,
							stepsPerEpoch, lossSum / lossCount));
					}
					final Evaluation eval = evaluate(trainer, validationTensors, validationLabels, spec,
						classes, batch);
					final double score = Double.isNaN(eval.metrics.rocAuc()) ? eval.metrics.accuracy()
						: eval.metrics.rocAuc() + 1e-3 * eval.metrics.accuracy();
					final boolean improved = score > bestScore + 1e-9 || (Math.abs(score - bestScore) <=
						1e-9 && eval.loss < bestLoss);
					final EpochStats stats = new EpochStats(epoch, lossSum / Math.max(1, lossCount),
						eval.loss, eval.metrics, schedule.getNewValue(update), (System.nanoTime() -
							start) / 1e9, improved);
					history.add(stats);
					if (improved) {
						bestScore = score;
						bestLoss = eval.loss;
						best = eval.metrics;
						bestEpoch = epoch;
						model.setProperty("Epoch", "0");
						model.save(output, options.name());
						writeCard(card, options, training, validation, spec, history, bestEpoch, best,
							skipped, null, initial);
					}
					if (listener != null) listener.epochDone(stats);
					if (epoch - bestEpoch >= options.patience()) {
						stop = "early stop: no validation gain for " + options.patience() + " epochs";
						break;
					}
				}
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write the model to " + output + ": " + e.getMessage(),
				e);
		}
		writeHistory(output.resolve("training-history.csv"), history);
		if (best == null) {
			return new Result(null, history, 0, null, cancelled, skipped,
				"Stopped before the first epoch ended: no model was saved.");
		}
		DecisionCalibration.Result calibration = null;
		if (localisation != null && !cancelled) {
			progress.progress(0, 1, "Calibrating the decision on the validation images");
			calibration = DecisionCalibration.apply(output, options.name(), options.width(), classes,
				localisation.objectClass(), validationTensors, validationLabels, spec);
			best = calibration.after();
		}
		// the card also records the full history and why training stopped
		writeCard(card, options, training, validation, spec, history, bestEpoch, best, skipped,
			calibration, initial);
		final String status = String.format(Locale.ROOT,
			"Best epoch %d of %d (%s): validation accuracy %.4f, ROC AUC %.4f. Model: %s", bestEpoch,
			history.size(), stop, best.accuracy(), best.rocAuc(), card);
		return new Result(card, history, bestEpoch, best, cancelled, skipped, status);
	}

	/** The card of the model to start from, checked against the network about to be trained. */
	private static ModelCard initialModel(final Options options, final List<String> classes) {
		final ModelCard card = ModelCard.read(ModelLoader.findCard(options.initialModel()));
		final String what = "The initial model " + (card.name == null ? "" : card.name + " ");
		if (!ModelCard.ENGINE_DJL.equals(card.engine) || !Architectures.RESNET_SMALL.equals(card
			.architecture))
		{
			throw new MedXaiException(what + "is a " + card.engine + " " + card.architecture +
				"; training can only continue from a " + Architectures.RESNET_SMALL + " trained by MedXAI.");
		}
		final int width = card.architectureOptions == null || !card.architectureOptions.has("width")
			? -1 : card.architectureOptions.get("width").getAsInt();
		if (width != options.width()) {
			throw new MedXaiException(what + "has network width " + width + "; set the network " +
				"width to " + width + ".");
		}
		// no size check: the network is convolutional up to its global average, so the same weights
		// take any input size (e.g. continuing at a larger size than the model was trained at)
		if (!card.classes.equals(classes)) {
			throw new MedXaiException(what + "has classes " + card.classes + " but the training " +
				"images have " + classes + ".");
		}
		WeightFiles.verify(card.file(ModelCard.FILE_PARAMS), card.files.get(ModelCard.FILE_PARAMS).sha256,
			WeightFiles.Kind.DJL_PARAMS);
		return card;
	}

	/**
	 * Classification loss plus the localisation loss: at every location of the backbone's grid the
	 * head's linear layer gives class scores (their mean over the grid is the logit, so they form the
	 * class activation map); binary cross-entropy of the object class against the rest, per location,
	 * against the mask's share of that cell. Samples without a mask target do not count.
	 */
	private static NDArray lossWithLocalisation(final Model model, final NDManager m, final NDArray x,
		final NDArray y, final float[][] masks, final int objectClass, final InputSpec spec,
		final double weight, final Loss classification)
	{
		final ai.djl.nn.SequentialBlock net = (ai.djl.nn.SequentialBlock) model.getBlock();
		final ai.djl.nn.Block backbone = net.getChildren().valueAt(0);
		final ai.djl.nn.SequentialBlock head = (ai.djl.nn.SequentialBlock) net.getChildren().valueAt(1);
		final ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(m, false);
		final NDArray features = backbone.forward(store, new NDList(x), true).singletonOrThrow();
		final NDArray logits = head.forward(store, new NDList(features), true).singletonOrThrow();
		final NDArray loss = classification.evaluate(new NDList(y), new NDList(logits));
		final ai.djl.nn.Block linear = head.getChildren().valueAt(head.getChildren().size() - 1);
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
			java.util.Arrays.fill(sampleWeight, j * gh * gw, (j + 1) * gh * gw, 1f);
			counted++;
		}
		if (counted == 0) return loss;
		// N x h x w x classes
		final NDArray scores = features.transpose(0, 2, 3, 1).matMul(w.transpose()).add(b);
		final NDArray object = scores.get(new ai.djl.ndarray.index.NDIndex("..., {}", objectClass));
		final NDList others = new NDList();
		for (int c = 0; c < classes; c++) {
			if (c != objectClass) others.add(scores.get(new ai.djl.ndarray.index.NDIndex("..., {}:{}", c,
				c + 1)));
		}
		final NDArray rest = others.size() == 1 ? others.singletonOrThrow().squeeze(-1) : logSumExp(
			ai.djl.ndarray.NDArrays.concat(others, -1));
		final NDArray d = object.sub(rest).reshape(n * gh * gw);
		// binary cross-entropy with logits: softplus(d) - t d, written stably
		final NDArray t = m.create(target);
		final NDArray perLocation = d.maximum(0).add(d.abs().neg().exp().add(1).log()).sub(d.mul(t));
		final NDArray localisation = perLocation.mul(m.create(sampleWeight)).sum().div((float) (counted * gh * gw));
		return loss.add(localisation.mul((float) weight));
	}

	private static NDArray logSumExp(final NDArray values) {
		final NDArray max = values.max(new int[] { -1 }, true);
		return values.sub(max).exp().sum(new int[] { -1 }).log().add(max.squeeze(-1));
	}

	private record Evaluation(double loss, ClassificationMetrics metrics) {}

	private static Evaluation evaluate(final Trainer trainer, final List<float[]> tensors,
		final List<Integer> labels, final InputSpec spec, final int classes, final int batch)
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
				final NDArray logits = trainer.evaluate(new NDList(m.create(data, new Shape(count, 3,
					spec.height(), spec.width())))).singletonOrThrow();
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
		return new Evaluation(loss / n, ClassificationMetrics.of(truth, probabilities));
	}

	/** The image as the network will see it, before augmentation: masked, squashed to a square. */
	static ImageDecoding.Rgb cached(final ImageDecoding.Rgb rgb, final InputSpec spec,
		final int size)
	{
		final PixelPlanes planes = rgb.planes().masked(spec.maskRegions());
		final float[][] resized = new float[3][];
		for (int c = 0; c < 3; c++) {
			resized[c] = TensorConverter.resize(planes.plane(c), rgb.width(), rgb.height(), size,
				size);
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
				throw new MedXaiException("Class '" + training.classes().get(c) +
					"' has no training images.");
			}
		}
		if (validation.size() == 0) throw new MedXaiException("No validation images.");
		if (!validation.classes().equals(training.classes())) {
			throw new MedXaiException("Validation classes " + validation.classes() +
				" differ from training classes " + training.classes() + ".");
		}
	}

	private static void writeCard(final Path cardFile, final Options options,
		final TrainingSet training, final TrainingSet validation, final InputSpec spec,
		final List<EpochStats> history, final int bestEpoch, final ClassificationMetrics best,
		final List<String> skipped, final DecisionCalibration.Result calibration,
		final ModelCard initial)
	{
		try {
			final Path params = cardFile.resolveSibling(options.name() + "-0000.params");
			final ModelCard card = new ModelCard();
			card.name = options.name();
			card.description = "Image classifier trained with MedXAI (" + Architectures.RESNET_SMALL +
				") on " + training.description() + ".";
			card.engine = ModelCard.ENGINE_DJL;
			card.architecture = Architectures.RESNET_SMALL;
			card.architectureOptions = new JsonObject();
			card.architectureOptions.addProperty("width", options.width());
			card.files.put(ModelCard.FILE_PARAMS, new ModelCard.WeightFile(params.getFileName()
				.toString(), WeightFiles.sha256(params)));
			card.classes.addAll(training.classes());
			card.input.width = spec.width();
			card.input.height = spec.height();
			card.input.channels = 3;
			card.input.maskRegions = spec.maskRegions().length == 0 ? null : spec.maskRegions();
			card.normalisation.scale = 255;
			card.normalisation.mean = MEAN;
			card.normalisation.std = STD;
			card.outputActivation = "softmax";
			card.targetLayer = "backbone: residual stage 4 (" + spec.width() / 16 + "x" + spec
				.height() / 16 + ")";
			final Gson gson = new Gson();
			final Map<String, Object> train = new LinkedHashMap<>();
			train.put("data", training.description());
			train.put("training_images_per_class", counts(training));
			train.put("validation", validation.description());
			train.put("validation_images_per_class", counts(validation));
			train.put("unreadable_images_skipped", skipped.size());
			// the mask folder and the initial model are recorded by name under "localisation" and "initial_model"
			train.put("options", options.withoutPaths());
			if (initial != null) {
				train.put("initial_model", Map.of("name", String.valueOf(initial.name), "params_sha256",
					initial.files.get(ModelCard.FILE_PARAMS).sha256, "input_size", initial.input.width + " x " +
						initial.input.height));
			}
			if (options.localisationMasks() != null) {
				train.put("localisation", Map.of("masks", options.localisationMasks().getFileName()
					.toString(), "weight", options.localisationWeight(), "loss", "per-location class " +
						"scores of the head's linear layer on the backbone grid (the class activation " +
						"map), binary cross-entropy of the object class against the rest vs the " +
						"mask's share of each cell; images of other classes: empty maps"));
			}
			train.put("augmentation", "JPEG re-encoding q40-95 (p=0.5), random resized crop " +
				"(area 0.55-1, aspect 3/4-4/3), quarter turns + rotation within 15 deg (p=0.5), " +
				"horizontal/vertical flips, brightness/contrast/saturation 0.8-1.2, channel gain 3%, " +
				"random black field-of-view border (p=0.8: rounded rectangle or ellipse)");
			train.put("optimizer", "Adam, weight decay 1e-4, warm-up then cosine decay to lr/100, " +
				"softmax cross-entropy");
			if (calibration != null) {
				train.put("decision_calibration", Map.of("object_logit_shift", calibration.shift(),
					"validation_accuracy_before", calibration.before().accuracy(), "rule", "bias of the " +
						"object class in the head's linear layer shifted for the highest validation accuracy"));
			}
			train.put("epochs_run", history.size());
			train.put("best_epoch", bestEpoch);
			card.training = gson.toJsonTree(train);
			final Map<String, Object> metrics = new LinkedHashMap<>();
			metrics.put("validation", best.asMap());
			card.metrics = gson.toJsonTree(metrics);
			card.write(cardFile);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write model card " + cardFile + ": " + e.getMessage(),
				e);
		}
	}

	private static Map<String, Integer> counts(final TrainingSet set) {
		final Map<String, Integer> map = new LinkedHashMap<>();
		final int[] counts = set.counts();
		for (int c = 0; c < counts.length; c++) map.put(set.classes().get(c), counts[c]);
		return map;
	}

	private static void writeHistory(final Path file, final List<EpochStats> history) {
		try (CsvWriter out = new CsvWriter(file)) {
			out.row(List.of("epoch", "train_loss", "validation_loss", "validation_accuracy",
				"validation_roc_auc", "learning_rate", "seconds", "improved"));
			for (final EpochStats s : history) {
				out.row(Arrays.asList(Integer.toString(s.epoch()), fmt(s.trainLoss()), fmt(s
					.validationLoss()), fmt(s.validation().accuracy()), fmt(s.validation().rocAuc()),
					fmt(s.learningRate()), fmt(s.seconds()), Boolean.toString(s.improved())));
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write " + file + ": " + e.getMessage(), e);
		}
	}

	private static String fmt(final double v) {
		return String.format(Locale.ROOT, "%.6g", v);
	}
}
