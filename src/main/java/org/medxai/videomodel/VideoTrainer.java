package org.medxai.videomodel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.VideoModel;
import org.medxai.engine.VideoNetwork;
import org.medxai.image.InputSpec;
import org.medxai.image.TensorConverter;
import org.medxai.metrics.ClassificationMetrics;
import org.medxai.training.ClassifierTrainer.Validation;
import org.medxai.training.EpochListener;
import org.medxai.training.TrainingLoop;
import org.medxai.training.TrainingTask;

/**
 * Trains a CNN-Transformer video classifier on a CPU in two stages of the {@link TrainingLoop} (the decoupled recipe of
 * Mahendar et al.): (1) the frame backbone, each frame a one-frame clip labelled with its video's class; (2) with the
 * backbone frozen, every frame's embedding computed once and cached, then the temporal transformer trained on clips of
 * cached embeddings (random frame subsets in time order, some frames masked as padding). Both stages keep their best
 * checkpoint; the second's is the model, one params file holding both halves.
 */
public final class VideoTrainer {

	/** The frame-stage model's folder inside the output folder. */
	public static final String FRAME_STAGE = "frame-stage";
	/** The temporal-stage model's folder inside the output folder, when fine-tuning follows it. */
	public static final String TEMPORAL_STAGE = "temporal-stage";

	/**
	 * @param frameSize side of the square frames the backbone sees
	 * @param clipFrames frames per clip (the model's frame limit)
	 * @param cachedFrames frames kept per video for training (evenly spaced; at least clipFrames)
	 * @param frameEpochs epochs of the frame stage
	 * @param temporalEpochs epochs of the temporal stage
	 * @param frameDropout share of a training clip's frames masked as padding
	 * @param fineTuneEpochs epochs of end-to-end fine-tuning after the temporal stage (0: none)
	 * @param geometricJitter how far training frames are turned, scaled and shifted, as a share of {@link Jitter}'s
	 *     full ranges (0: only mirrored and re-lit)
	 */
	public record Options(String name, int frameSize, int clipFrames, int cachedFrames, VideoNetwork.Options network,
		int frameEpochs, int temporalEpochs, int batchSize, double frameLearningRate, double temporalLearningRate,
		int patience, double frameDropout, long seed, DevicePreference device, int fineTuneEpochs,
		double fineTuneLearningRate, double geometricJitter)
	{

		/** Without end-to-end fine-tuning, with the full geometric jitter. */
		public Options(final String name, final int frameSize, final int clipFrames, final int cachedFrames,
			final VideoNetwork.Options network, final int frameEpochs, final int temporalEpochs, final int batchSize,
			final double frameLearningRate, final double temporalLearningRate, final int patience,
			final double frameDropout, final long seed, final DevicePreference device)
		{
			this(name, frameSize, clipFrames, cachedFrames, network, frameEpochs, temporalEpochs, batchSize,
				frameLearningRate, temporalLearningRate, patience, frameDropout, seed, device, 0, 0, 1);
		}

		public Options withFineTuning(final int epochs, final double learningRate) {
			return new Options(name, frameSize, clipFrames, cachedFrames, network, frameEpochs, temporalEpochs,
				batchSize, frameLearningRate, temporalLearningRate, patience, frameDropout, seed, device, epochs,
				learningRate, geometricJitter);
		}

		/** The same recipe with another training seed (ensemble members). */
		public Options withSeed(final long trainingSeed) {
			return new Options(name, frameSize, clipFrames, cachedFrames, network, frameEpochs, temporalEpochs,
				batchSize, frameLearningRate, temporalLearningRate, patience, frameDropout, trainingSeed, device,
				fineTuneEpochs, fineTuneLearningRate, geometricJitter);
		}

		public Options withGeometricJitter(final double share) {
			return new Options(name, frameSize, clipFrames, cachedFrames, network, frameEpochs, temporalEpochs,
				batchSize, frameLearningRate, temporalLearningRate, patience, frameDropout, seed, device,
				fineTuneEpochs, fineTuneLearningRate, share);
		}

		public Options {
			if (frameSize < 8) throw new MedXaiException("Frames must be at least 8 pixels wide.");
			if (clipFrames < 1 || clipFrames > network.temporal().maxFrames())
				throw new MedXaiException("Frames per clip must be between 1 and the model's maximum (" +
					network.temporal().maxFrames() + "), not " + clipFrames + ".");
			if (cachedFrames < clipFrames)
				throw new MedXaiException("Keep at least as many frames per video (" + cachedFrames +
					") as a clip has (" + clipFrames + ").");
			if (temporalEpochs < 1 || frameEpochs < 1)
				throw new MedXaiException("Both stages need at least one epoch.");
			if (!(frameDropout >= 0 && frameDropout < 1)) throw new MedXaiException("Frame dropout must be in [0, 1).");
			if (fineTuneEpochs < 0) throw new MedXaiException("Fine-tuning epochs cannot be negative.");
			if (!(geometricJitter >= 0 && geometricJitter <= 1))
				throw new MedXaiException("The geometric jitter is a share in [0, 1], not " + geometricJitter + ".");
		}
	}

	/** Where the model went and how each stage went ({@code fineTuning} null when it did not run). */
	public record Result(Path card, TrainingLoop.Outcome<Validation> frameStage,
		TrainingLoop.Outcome<Validation> temporalStage, TrainingLoop.Outcome<Validation> fineTuning, String status)
	{}

	private VideoTrainer() {}

	/**
	 * Trains on {@code training}, choosing epochs by {@code validation} (videos of other groups). Cancelling keeps the
	 * best checkpoint of the stage that ran.
	 */
	public static Result train(final List<VideoExample> training, final List<VideoExample> validation,
		final List<String> classes, final String dataDescription, final Options options, final Path output,
		final ProgressListener progress, final EpochListener<? super Validation> listener)
	{
		check(training, validation, classes);
		final FrameCache trainFrames = FrameCache.of(training, options, null, progress);
		final FrameCache validationFrames = FrameCache.of(validation, options, trainFrames.spec, progress);
		final Path frameFolder = output.resolve(FRAME_STAGE);
		final TrainingLoop.Outcome<Validation> frameOutcome = new TrainingLoop<>(
			new FrameTask(options, classes, dataDescription, trainFrames, validationFrames),
			settings(options, options.frameEpochs(), options.frameLearningRate())).addEpochListener(listener)
			.run(frameFolder, progress);
		if (frameOutcome.cancelled() || frameOutcome.card() == null)
			return new Result(frameOutcome.card(), frameOutcome, null, null,
				"Frame stage: " + frameOutcome.summary() + " The temporal stage did not run.");
		final ModelCard start = ModelCard.read(frameOutcome.card());
		final TemporalTask temporal = new TemporalTask(options, classes, dataDescription, trainFrames, validationFrames,
			start);
		temporal.cacheEmbeddings(progress);
		final boolean fineTune = options.fineTuneEpochs() > 0;
		final TrainingLoop.Outcome<Validation> temporalOutcome = new TrainingLoop<>(temporal,
			settings(options, options.temporalEpochs(), options.temporalLearningRate())).addEpochListener(listener)
			.run(fineTune ? output.resolve(TEMPORAL_STAGE) : output, progress);
		final String status = "Frame stage: " + frameOutcome.summary() + " Temporal stage: " +
			temporalOutcome.summary();
		if (!fineTune) return new Result(temporalOutcome.card(), frameOutcome, temporalOutcome, null, status);
		if (temporalOutcome.cancelled() || temporalOutcome.card() == null)
			return new Result(temporalOutcome.card(), frameOutcome, temporalOutcome, null,
				status + " Fine-tuning did not run.");
		final TrainingLoop.Outcome<Validation> tuned = new TrainingLoop<>(
			new EndToEndTask(options, classes, dataDescription, trainFrames, validationFrames,
				ModelCard.read(temporalOutcome.card())),
			new TrainingLoop.Settings(options.name(), options.fineTuneEpochs(), Math.max(2, options.batchSize() / 4),
				options.patience(), options.seed(), options.device(),
				new TrainingLoop.Schedule(options.fineTuneLearningRate(), 100, 1, 1e-4)))
			.addEpochListener(listener).run(output, progress);
		// fine-tuning is kept only where it validates better than the temporal stage it started from
		final boolean better = tuned.card() != null && tuned.best() != null &&
			tuned.best().score() > temporalOutcome.best().score();
		return new Result(better ? tuned.card() : temporalOutcome.card(), frameOutcome, temporalOutcome, tuned,
			status + " Fine-tuning: " + tuned.summary() +
				(better
					? ""
					: " It did not validate better than the temporal stage, whose model is the result (" +
						output.relativize(temporalOutcome.card()) + ")."));
	}

	private static void check(final List<VideoExample> training, final List<VideoExample> validation,
		final List<String> classes)
	{
		if (classes.size() < 2)
			throw new MedXaiException("Training needs videos of at least two classes; found " +
				(classes.isEmpty() ? "none" : "only " + classes.get(0)) + ".");
		if (training.isEmpty() || validation.isEmpty())
			throw new MedXaiException("Training needs videos for training and for validation; there are " +
				training.size() + " and " + validation.size() + ".");
		final boolean[] seen = new boolean[classes.size()];
		for (final VideoExample v : training) seen[v.label()] = true;
		for (int c = 0; c < classes.size(); c++)
			if (!seen[c]) throw new MedXaiException("No training video of class " + classes.get(c) + ".");
	}

	private static TrainingLoop.Settings settings(final Options options, final int epochs, final double rate) {
		return new TrainingLoop.Settings(options.name(), epochs, Math.max(2, options.batchSize()), options.patience(),
			options.seed(), options.device(), new TrainingLoop.Schedule(rate, 100, 1, 1e-4));
	}

	/**
	 * The videos' kept frames at the model's size as bytes (channel planes), and the normalisation measured on the
	 * training frames.
	 */
	static final class FrameCache {

		final List<VideoExample> videos;
		final List<byte[][]> frames = new ArrayList<>();
		final InputSpec spec;

		private FrameCache(final List<VideoExample> videos, final InputSpec spec) {
			this.videos = videos;
			this.spec = spec;
		}

		static FrameCache of(final List<VideoExample> videos, final Options options, final InputSpec normalised,
			final ProgressListener progress)
		{
			final int size = options.frameSize();
			final InputSpec raw = new InputSpec(size, size, 3, 1, new double[3], new double[] { 1, 1, 1 },
				new double[0][]);
			final List<byte[][]> frames = new ArrayList<>();
			final double[] sum = new double[3], squares = new double[3];
			long pixels = 0;
			int done = 0;
			for (final VideoExample video : videos) {
				TrainingLoop.stopIfCancelledWhileReading(progress);
				final int[] kept = ClipSampling.evenly(video.frames().size(), options.cachedFrames());
				final byte[][] bytes = new byte[kept.length][];
				for (int i = 0; i < kept.length; i++) {
					final float[] values = TensorConverter.convert(video.frames().get(kept[i]), raw);
					bytes[i] = new byte[values.length];
					for (int j = 0; j < values.length; j++) {
						final int v = Math.max(0, Math.min(255, Math.round(values[j])));
						bytes[i][j] = (byte) v;
						sum[j / (size * size)] += v / 255.0;
						squares[j / (size * size)] += (v / 255.0) * (v / 255.0);
					}
					pixels += size * size;
				}
				frames.add(bytes);
				progress.progress(++done, videos.size(), "Caching frames of video " + done + "/" + videos.size());
			}
			InputSpec spec = normalised;
			if (spec == null) {
				final double[] mean = new double[3], std = new double[3];
				for (int c = 0; c < 3; c++) {
					mean[c] = sum[c] / pixels;
					std[c] = Math.max(1e-3, Math.sqrt(Math.max(0, squares[c] / pixels - mean[c] * mean[c])));
				}
				spec = new InputSpec(size, size, 3, 255, mean, std, new double[0][]);
			}
			final FrameCache cache = new FrameCache(videos, spec);
			cache.frames.addAll(frames);
			return cache;
		}

		/** Frame {@code f} of video {@code v} normalised into {@code out} at frame position {@code at}. */
		void normalised(final int v, final int f, final float[] out, final int at) {
			normalised(v, f, out, at, Jitter.NONE);
		}

		/**
		 * Frame {@code f} of video {@code v}, moved and re-lit by {@code jitter} (bilinear; outside the frame is
		 * black), normalised into {@code out} at frame position {@code at}.
		 */
		void normalised(final int v, final int f, final float[] out, final int at, final Jitter jitter) {
			final byte[] bytes = frames.get(v)[f];
			final int size = spec.width(), plane = size * size;
			final double centre = (size - 1) / 2.0;
			final double cos = Math.cos(jitter.angle) / jitter.scale, sin = Math.sin(jitter.angle) / jitter.scale;
			final float[] level = jitter.levels();
			for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) {
				// the output pixel's place in the stored frame: undo shift, scale and rotation about the centre
				final double dx = (jitter.flip ? size - 1 - x : x) - centre - jitter.shiftX * size;
				final double dy = y - centre - jitter.shiftY * size;
				final double sx = centre + cos * dx + sin * dy, sy = centre - sin * dx + cos * dy;
				final int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
				final double fx = sx - x0, fy = sy - y0;
				for (int c = 0; c < 3; c++) {
					final int base = c * plane;
					final double value = (1 - fy) *
						((1 - fx) * at(bytes, base, size, x0, y0) + fx * at(bytes, base, size, x0 + 1, y0)) +
						fy * ((1 - fx) * at(bytes, base, size, x0, y0 + 1) +
							fx * at(bytes, base, size, x0 + 1, y0 + 1));
					out[at * 3 * plane + base + y * size +
						x] = (float) ((level[(int) Math.round(value)] - spec.mean()[c]) / spec.std()[c]);
				}
			}
		}

		private static int at(final byte[] bytes, final int base, final int size, final int x, final int y) {
			return x < 0 || y < 0 || x >= size || y >= size ? 0 : bytes[base + y * size + x] & 0xff;
		}

		int count(final int v) {
			return frames.get(v).length;
		}
	}

	/** Shared by both stages: the network, its input, card and validation of whole videos. */
	private abstract static class VideoTask implements TrainingTask<Validation> {

		final Options options;
		final List<String> classes;
		final String data;
		final FrameCache train;
		final FrameCache validation;
		final Loss loss = Loss.softmaxCrossEntropyLoss();

		VideoTask(final Options options, final List<String> classes, final String data, final FrameCache train,
			final FrameCache validation)
		{
			this.options = options;
			this.classes = classes;
			this.data = data;
			this.train = train;
			this.validation = validation;
		}

		@Override
		public Block network() {
			return new VideoNetwork(options.network(), classes.size());
		}

		@Override
		public InputSpec input() {
			return train.spec;
		}

		@Override
		public Shape[] inputShapes(final int batchSize) {
			final int s = options.frameSize();
			return new Shape[] { new Shape(batchSize, 1, 3, s, s), new Shape(batchSize, 1) };
		}

		static Validation validation(final double lossSum, final int[] truth, final double[][] probabilities) {
			return new Validation(lossSum / truth.length, ClassificationMetrics.of(truth, probabilities));
		}

		@Override
		public ModelCard cardBase() {
			final VideoNetwork.Options n = options.network();
			final ModelCard card = VideoNetwork.cardBase(n, classes, options.clipFrames(), ClipSampling.RULE);
			card.description = "Video classifier trained with MedXAI (" + VideoNetwork.ARCHITECTURE + ": " +
				n.describeBackbone() + " per frame, " + n.temporal().layers() + " attention layers of " +
				n.temporal().heads() + " heads on " + n.temporal().width() + "-wide tokens) on " + data + ".";
			return card;
		}

		@Override
		public Map<String, Object> cardTraining() {
			final Map<String, Object> facts = new LinkedHashMap<>();
			facts.put("data", data);
			facts.put("training_videos_per_class", counts(train.videos));
			facts.put("validation_videos_per_class", counts(validation.videos));
			facts.put("frames_kept_per_video", options.cachedFrames());
			facts.put("recipe",
				"decoupled: frame stage (" + options.frameEpochs() + " epochs, lr " + options.frameLearningRate() +
					") then temporal stage on cached embeddings (" + options.temporalEpochs() + " epochs, lr " +
					options.temporalLearningRate() + ")" +
					(options.fineTuneEpochs() > 0
						? ", then end-to-end fine-tuning (" + options.fineTuneEpochs() + " epochs, lr " +
							options.fineTuneLearningRate() + ")"
						: ""));
			return facts;
		}

		/**
		 * Each validation video classified from one clip of evenly spaced frames, which {@code clip} makes (in the
		 * given manager) for video {@code v}: the network's input without its mask.
		 */
		Validation validateClips(final Trainer trainer, final BiFunction<NDManager, Integer, NDArray> clip) {
			final int[] truth = new int[validation.videos.size()];
			final double[][] probabilities = new double[truth.length][];
			double lossSum = 0;
			for (int v = 0; v < truth.length; v++) {
				try (NDManager m = trainer.getManager().newSubManager()) {
					final NDArray input = clip.apply(m, v);
					final NDArray logits = trainer
						.evaluate(new NDList(input, m.ones(new Shape(1, input.getShape().get(1))))).get(0);
					probabilities[v] = toDouble(logits.softmax(1).toFloatArray());
				}
				truth[v] = validation.videos.get(v).label();
				lossSum -= Math.log(Math.max(1e-12, probabilities[v][truth[v]]));
			}
			return validation(lossSum, truth, probabilities);
		}

		/** How training clips are drawn, in words. */
		String clipAugmentation() {
			return String.format(Locale.ROOT,
				"clips: a random subset of %d of the kept frames in time order, each frame masked as padding " +
					"with p = %.2f",
				options.clipFrames(), options.frameDropout());
		}

		Map<String, Integer> counts(final List<VideoExample> videos) {
			final Map<String, Integer> counts = new LinkedHashMap<>();
			for (final String c : classes) counts.put(c, 0);
			for (final VideoExample v : videos) counts.merge(classes.get(v.label()), 1, Integer::sum);
			return counts;
		}
	}

	/** Stage 1: every kept frame a one-frame clip with its video's class; validated per video (mean probability). */
	private static final class FrameTask extends VideoTask {

		private final int[][] examples;

		FrameTask(final Options options, final List<String> classes, final String data, final FrameCache train,
			final FrameCache validation)
		{
			super(options, classes, data, train, validation);
			final List<int[]> list = new ArrayList<>();
			for (int v = 0; v < train.videos.size(); v++)
				for (int f = 0; f < train.count(v); f++) list.add(new int[] { v, f });
			examples = list.toArray(new int[0][]);
		}

		@Override
		public int trainingSize() {
			return examples.length;
		}

		@Override
		public NDArray loss(final Trainer trainer, final NDManager manager, final int[] batch, final Random random) {
			final int s = options.frameSize();
			final float[] data = new float[batch.length * 3 * s * s];
			final float[] labels = new float[batch.length];
			for (int i = 0; i < batch.length; i++) {
				final int[] e = examples[batch[i]];
				train.normalised(e[0], e[1], data, i, Jitter.random(random, options.geometricJitter()));
				labels[i] = train.videos.get(e[0]).label();
			}
			final NDList out = trainer.forward(new NDList(manager.create(data, new Shape(batch.length, 1, 3, s, s)),
				manager.ones(new Shape(batch.length, 1))));
			return loss.evaluate(new NDList(manager.create(labels)), new NDList(out.get(0)));
		}

		@Override
		public Validation validate(final Trainer trainer) {
			final int s = options.frameSize();
			final int[] truth = new int[validation.videos.size()];
			final double[][] probabilities = new double[truth.length][];
			double lossSum = 0;
			for (int v = 0; v < truth.length; v++) {
				final int n = validation.count(v);
				final float[] data = new float[n * 3 * s * s];
				for (int f = 0; f < n; f++) validation.normalised(v, f, data, f);
				try (NDManager m = trainer.getManager().newSubManager()) {
					final NDArray logits = trainer
						.evaluate(new NDList(m.create(data, new Shape(n, 1, 3, s, s)), m.ones(new Shape(n, 1)))).get(0);
					final NDArray mean = logits.softmax(1).mean(new int[] { 0 });
					probabilities[v] = toDouble(mean.toFloatArray());
					truth[v] = validation.videos.get(v).label();
					lossSum -= Math.log(Math.max(1e-12, probabilities[v][truth[v]]));
				}
			}
			return validation(lossSum, truth, probabilities);
		}

		@Override
		public String augmentation() {
			return Jitter.describe(options.geometricJitter());
		}

		@Override
		public String lossDescription() {
			return "softmax cross-entropy per frame, the frame labelled with its video's class";
		}
	}

	/**
	 * Stages 2 and 3: trained on clips of a training video's kept frames (a random subset in time order, frames masked
	 * as padding with the frame dropout), starting from the stage before.
	 */
	private abstract static class ClipTask extends VideoTask {

		final ModelCard start;

		ClipTask(final Options options, final List<String> classes, final String data, final FrameCache train,
			final FrameCache validation, final ModelCard start)
		{
			super(options, classes, data, train, validation);
			this.start = start;
		}

		/** The shape of one frame as the network takes it in a clip. */
		abstract Shape frameShape();

		/** The frames (or embeddings) a training video has. */
		abstract int frameCount(int video);

		/** Writes the given frames of a training video into {@code data} from frame position {@code at}. */
		abstract void fillClip(int video, int[] frames, float[] data, int at, Random random);

		@Override
		public ModelCard startModel() {
			return start;
		}

		@Override
		public int trainingSize() {
			return train.videos.size();
		}

		@Override
		public NDArray loss(final Trainer trainer, final NDManager manager, final int[] batch, final Random random) {
			final int t = options.clipFrames();
			final Shape frame = frameShape();
			final float[] data = new float[(int) (batch.length * t * frame.size())];
			final float[] mask = new float[batch.length * t];
			final float[] labels = new float[batch.length];
			for (int i = 0; i < batch.length; i++) {
				final int[] chosen = randomClip(frameCount(batch[i]), t, random);
				fillClip(batch[i], chosen, data, i * t, random);
				for (int k = 0; k < chosen.length; k++)
					mask[i * t + k] = random.nextDouble() < options.frameDropout() ? 0 : 1;
				if (allMasked(mask, i * t, chosen.length)) mask[i * t] = 1;
				labels[i] = train.videos.get(batch[i]).label();
			}
			final NDList out = trainer
				.forward(new NDList(manager.create(data, new Shape(batch.length, t).addAll(frame)),
					manager.create(mask, new Shape(batch.length, t))));
			return loss.evaluate(new NDList(manager.create(labels)), new NDList(out.get(0)));
		}

		/** A random subset of the frames in time order (all, when there are no more than the clip takes). */
		private static int[] randomClip(final int available, final int frames, final Random random) {
			if (available <= frames) return ClipSampling.evenly(available, frames);
			final List<Integer> all = new ArrayList<>();
			for (int i = 0; i < available; i++) all.add(i);
			Collections.shuffle(all, random);
			return all.subList(0, frames).stream().mapToInt(Integer::intValue).sorted().toArray();
		}

		private static boolean allMasked(final float[] mask, final int from, final int count) {
			for (int i = from; i < from + count; i++) if (mask[i] > 0) return false;
			return true;
		}

	}

	/** Stage 2: the backbone frozen, embeddings cached once, the temporal half trained on clips of them. */
	private static final class TemporalTask extends ClipTask {

		private float[][][] trainEmbeddings;
		private float[][][] validationEmbeddings;
		private int features;

		TemporalTask(final Options options, final List<String> classes, final String data, final FrameCache train,
			final FrameCache validation, final ModelCard start)
		{
			super(options, classes, data, train, validation, start);
		}

		/** Each kept frame's embedding by the frame stage's backbone. */
		void cacheEmbeddings(final ProgressListener progress) {
			try (VideoModel model = ModelLoader.loadVideo(start.cardFile(), options.device())) {
				trainEmbeddings = embeddings(model, train, progress);
				validationEmbeddings = embeddings(model, validation, progress);
			}
		}

		private float[][][] embeddings(final VideoModel model, final FrameCache cache,
			final ProgressListener progress)
		{
			final int s = options.frameSize();
			final float[][][] out = new float[cache.videos.size()][][];
			for (int v = 0; v < out.length; v++) {
				TrainingLoop.stopIfCancelledWhileReading(progress);
				final int n = cache.count(v);
				final float[] data = new float[n * 3 * s * s];
				for (int f = 0; f < n; f++) cache.normalised(v, f, data, f);
				try (NDManager m = model.newManager()) {
					final NDArray pooled = VideoNetwork.pool(model.frameMaps(m.create(data, new Shape(n, 3, s, s))));
					features = (int) pooled.getShape().get(1);
					final float[] flat = pooled.toFloatArray();
					out[v] = new float[n][];
					for (int f = 0; f < n; f++) {
						out[v][f] = new float[features];
						System.arraycopy(flat, f * features, out[v][f], 0, features);
					}
				}
				progress.progress(v + 1, out.length, "Frame embeddings of video " + (v + 1) + "/" + out.length);
			}
			return out;
		}

		/**
		 * The backbone frozen once the trainer exists (DJL unfreezes loaded weights when it makes a trainer): else
		 * Adam's weight decay would shrink a backbone that gets no gradient here.
		 */
		@Override
		public void trainerReady(final Trainer trainer) {
			((VideoNetwork) trainer.getModel().getBlock()).backbone().freezeParameters(true);
		}

		@Override
		Shape frameShape() {
			return new Shape(features);
		}

		@Override
		int frameCount(final int video) {
			return trainEmbeddings[video].length;
		}

		@Override
		void fillClip(final int video, final int[] frames, final float[] data, final int at, final Random random) {
			for (int k = 0; k < frames.length; k++)
				System.arraycopy(trainEmbeddings[video][frames[k]], 0, data, (at + k) * features, features);
		}

		@Override
		public Validation validate(final Trainer trainer) {
			return validateClips(trainer, (m, v) -> {
				final float[][] video = validationEmbeddings[v];
				final int[] chosen = ClipSampling.evenly(video.length, options.clipFrames());
				final float[] data = new float[chosen.length * features];
				for (int k = 0; k < chosen.length; k++)
					System.arraycopy(video[chosen[k]], 0, data, k * features, features);
				return m.create(data, new Shape(1, chosen.length, features));
			});
		}

		@Override
		public String augmentation() {
			return clipAugmentation();
		}

		@Override
		public String lossDescription() {
			return "softmax cross-entropy per clip";
		}
	}

	/**
	 * Stage 3 (optional): backbone and attention trained together on clips of frames from the temporal stage's model,
	 * each clip's frames moved and re-lit together; validated like stage 2 (evenly spaced frames per video).
	 */
	private static final class EndToEndTask extends ClipTask {

		EndToEndTask(final Options options, final List<String> classes, final String data, final FrameCache train,
			final FrameCache validation, final ModelCard start)
		{
			super(options, classes, data, train, validation, start);
		}

		@Override
		Shape frameShape() {
			return new Shape(3, options.frameSize(), options.frameSize());
		}

		@Override
		int frameCount(final int video) {
			return train.count(video);
		}

		@Override
		void fillClip(final int video, final int[] frames, final float[] data, final int at, final Random random) {
			final Jitter jitter = Jitter.random(random, options.geometricJitter());
			for (int k = 0; k < frames.length; k++) train.normalised(video, frames[k], data, at + k, jitter);
		}

		@Override
		public Validation validate(final Trainer trainer) {
			final int s = options.frameSize();
			return validateClips(trainer, (m, v) -> {
				final int[] chosen = ClipSampling.evenly(validation.count(v), options.clipFrames());
				final float[] data = new float[chosen.length * 3 * s * s];
				for (int k = 0; k < chosen.length; k++) validation.normalised(v, chosen[k], data, k);
				return m.create(data, new Shape(1, chosen.length, 3, s, s));
			});
		}

		@Override
		public String augmentation() {
			return clipAugmentation() + "; a clip's frames moved and re-lit together (" +
				Jitter.describe(options.geometricJitter()) + ")";
		}

		@Override
		public String lossDescription() {
			return "softmax cross-entropy per clip, backbone and attention trained together";
		}
	}

	/**
	 * The frames' augmentation (frame stage and fine-tuning): mirror, rotation (radians) and scale about the centre,
	 * shift (share of the side), then intensity {@code gain * (v / 255)^gamma + offset}, clipped to [0, 1]. Training
	 * frames of a few dozen patients are near-duplicates within a video, so without moving them the backbone learns
	 * each video's look.
	 */
	record Jitter(boolean flip, double angle, double scale, double shiftX, double shiftY, double gain, double gamma,
		double offset)
	{

		static final Jitter NONE = new Jitter(false, 0, 1, 0, 0, 1, 1, 0);
		static String describe(final double geometric) {
			return String.format(Locale.ROOT,
				"frames: horizontal flip (p = 0.5), %sgamma 0.8-1.25, gain 0.85-1.15, " + "offset ±0.05",
				geometric == 0
					? ""
					: String.format(Locale.ROOT, "rotation ±%.3g°, scale %.3g-%.3g, shift ±%.3g %% of the side, ",
						10 * geometric, 1 - 0.15 * geometric, 1 + 0.15 * geometric, 6 * geometric));
		}

		/** Rotation, scale and shift drawn from {@code geometric} times their full ranges. */
		static Jitter random(final Random random, final double geometric) {
			return new Jitter(random.nextBoolean(), geometric * Math.toRadians(20 * (random.nextDouble() - 0.5)),
				1 + geometric * 0.3 * (random.nextDouble() - 0.5), geometric * 0.12 * (random.nextDouble() - 0.5),
				geometric * 0.12 * (random.nextDouble() - 0.5), 0.85 + 0.3 * random.nextDouble(),
				Math.exp(Math.log(1.25) * (2 * random.nextDouble() - 1)), 0.1 * (random.nextDouble() - 0.5));
		}

		/** What each stored byte value becomes, in [0, 1]. */
		float[] levels() {
			final float[] levels = new float[256];
			for (int i = 0; i < 256; i++)
				levels[i] = (float) Math.min(1, Math.max(0, gain * Math.pow(i / 255.0, gamma) + offset));
			return levels;
		}
	}

	static double[] toDouble(final float[] values) {
		final double[] out = new double[values.length];
		for (int i = 0; i < values.length; i++) out[i] = values[i];
		return out;
	}
}
