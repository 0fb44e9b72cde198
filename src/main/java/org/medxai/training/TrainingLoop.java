package org.medxai.training;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.WarmUpTracker;
import ai.djl.util.Pair;

import com.google.gson.JsonObject;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.EngineEnvironment;
import org.medxai.engine.ModelLoader;
import org.medxai.io.CsvWriter;

/**
 * The one training loop every MedXAI network goes through; a {@link TrainingTask} brings the network, its batches, loss
 * and validation. One run, in order: output folder → engine, seed and device → model and trainer (Adam, warm-up then
 * cosine decay) → per epoch: shuffled batches (progress, cancel between steps) → validation → on every gain the weights
 * and card saved → history CSV → resume state ({@link TrainingResume}) → epoch listeners → patience → the task's finish
 * (not after cancel) → final card. Cancelling keeps the best checkpoint and the state to continue from.
 */
public final class TrainingLoop<V extends ValidationRecord> {

	public static final String HISTORY_NAME = "training-history.csv";

	/** The output's sub-folder holding what an interrupted run continues from. */
	public static final String RESUME_FOLDER = TrainingResume.FOLDER;

	/**
	 * Adam with weight decay; the rate warms up from lr/10 over {@code warmUpEpochs} (at most a tenth of all steps),
	 * then decays by a cosine to lr/{@code finalDivisor}.
	 */
	public record Schedule(double learningRate, int finalDivisor, int warmUpEpochs, double weightDecay) {

		WarmUpTracker tracker(final int stepsPerEpoch, final int totalSteps) {
			final float lr = (float) learningRate;
			return WarmUpTracker.builder()
				.setMainTracker(CosineTracker.builder().setBaseValue(lr).optFinalValue(lr / finalDivisor)
					.setMaxUpdates(totalSteps).build())
				.optWarmUpSteps(Math.min(warmUpEpochs * stepsPerEpoch, totalSteps / 10 + 1))
				.optWarmUpBeginValue(lr / 10).build();
		}

		public String describe() {
			return "Adam, weight decay " + BigDecimal.valueOf(weightDecay).stripTrailingZeros().toPlainString() +
				", warm-up from lr/10 over " + warmUpEpochs + (warmUpEpochs == 1 ? " epoch" : " epochs") +
				" then cosine decay to lr/" + finalDivisor;
		}
	}

	/**
	 * What the loop itself needs: the model's name (weight-file prefix), epochs, batches, patience, seed, device,
	 * schedule.
	 */
	public record Settings(String name, int epochs, int batchSize, int patience, long seed, DevicePreference device,
		Schedule schedule)
	{}

	/**
	 * How a run ended.
	 *
	 * @param card the best checkpoint's card; null when no epoch ended
	 * @param stopReason why training stopped, in words
	 */
	public record Outcome<V extends ValidationRecord>(Path card, List<EpochResult<V>> history, int bestEpoch, V best,
		boolean cancelled, String stopReason)
	{

		/** One line for the user; the same wording for every task. */
		public String summary() {
			if (card == null)
				return cancelled
					? "Cancelled before the first epoch ended; no model was saved."
					: "Stopped before the first epoch ended (" + stopReason + "); no model was saved.";
			if (cancelled)
				return String.format(Locale.ROOT,
					"Cancelled after epoch %d; best checkpoint from epoch %d kept at %s (validation %s).",
					history.size(), bestEpoch, card, best.describe());
			return String.format(Locale.ROOT, "Best epoch %d of %d (%s): validation %s. Model: %s", bestEpoch,
				history.size(), stopReason, best.describe(), card);
		}
	}

	private final TrainingTask<V> task;
	private final Settings settings;
	private final List<EpochListener<? super V>> listeners = new ArrayList<>();
	private boolean resume;

	public TrainingLoop(final TrainingTask<V> task, final Settings settings) {
		this.task = task;
		this.settings = settings;
	}

	/** Told after every epoch; null is ignored. */
	public TrainingLoop<V> addEpochListener(final EpochListener<? super V> listener) {
		if (listener != null) listeners.add(listener);
		return this;
	}

	/**
	 * Whether {@link #run} continues the interrupted run whose state ({@link TrainingResume}) is in its output folder;
	 * without, a run starts anew and replaces that state.
	 */
	public TrainingLoop<V> resuming(final boolean continueInterrupted) {
		this.resume = continueInterrupted;
		return this;
	}

	/** Whether {@code output} holds the state of an interrupted run that {@link #resuming} can continue. */
	public static boolean canResume(final Path output) {
		return TrainingResume.exists(output);
	}

	/** Stops reading training data when the user cancels (nothing is trained yet, so nothing is kept). */
	public static void stopIfCancelledWhileReading(final ProgressListener progress) {
		if (progress.isCancelled())
			throw new CancelledException("Cancelled while reading images; nothing was trained.");
	}

	/**
	 * One message, before any work, when {@code folder} holds a finished model (a card without an interrupted run's
	 * resume state beside it): a finished model is never replaced; an interrupted run's checkpoint may be.
	 */
	public static void refuseFinishedModel(final Path folder) {
		if (Files.isRegularFile(folder.resolve(ModelLoader.CARD_NAME)) && !TrainingResume.exists(folder))
			throw new MedXaiException("The output folder " + folder + " already holds a trained model (" +
				ModelLoader.CARD_NAME + "): choose another folder or remove it (nothing is overwritten).");
	}

	/** Trains into {@code output}; the best epoch's weights and card stay there, also after cancel. */
	public Outcome<V> run(final Path output, final ProgressListener progress) {
		if (!resume) refuseFinishedModel(output);
		createFolder(output);
		final JsonObject fingerprint = TrainingResume.fingerprint(task, settings);
		final TrainingResume.State<V> saved = resume ? TrainingResume.read(output, fingerprint) : null;
		// a new run replaces an interrupted one at once: stopped before its first epoch, it must not leave that state
		if (!resume) deleteResumeState(output);
		final Device device = startEngine();
		final Run run = new Run(output, fingerprint);
		try (Model model = Model.newInstance(settings.name(), device, EngineEnvironment.ENGINE_NAME)) {
			model.setBlock(task.network());
			final Shape[] batchShapes = task.inputShapes(settings.batchSize());
			if (saved == null) StartModel.load(model, batchShapes, task.startModel());
			final int stepsPerEpoch = Math.max(1, task.trainingSize() / settings.batchSize());
			final WarmUpTracker schedule = settings.schedule().tracker(stepsPerEpoch,
				stepsPerEpoch * settings.epochs());
			final ResumableAdam optimizer = new ResumableAdam(schedule, (float) settings.schedule().weightDecay(),
				saved == null ? 0 : saved.updates());
			if (saved != null) {
				TrainingResume.restore(saved, model, batchShapes, settings.name(), optimizer);
				run.continueFrom(saved);
			}
			try (Trainer trainer = model.newTrainer(config(optimizer, device))) {
				trainer.initialize(batchShapes);
				task.trainerReady(trainer);
				run.epochs(model, trainer, optimizer, schedule, stepsPerEpoch, progress);
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write the model to " + output + ": " + e.getMessage(), e);
		}
		return run.finish(progress);
	}

	private static void deleteResumeState(final Path output) {
		try {
			TrainingResume.delete(output);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot remove the interrupted run's state in " + output + ": " + e.getMessage(),
				e);
		}
	}

	private static void createFolder(final Path output) {
		try {
			Files.createDirectories(output);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot create output folder " + output + ": " + e.getMessage(), e);
		}
	}

	private Device startEngine() {
		EngineEnvironment.engine();
		Engine.getInstance().setRandomSeed((int) settings.seed());
		return EngineEnvironment.device(settings.device());
	}

	private static DefaultTrainingConfig config(final ResumableAdam optimizer, final Device device) {
		return new DefaultTrainingConfig(new TaskLoss()).optOptimizer(optimizer).optDevices(new Device[] { device });
	}

	/** Batches in a row whose loss is not a finite number after which a run counts as diverged. */
	static final int NON_FINITE_LIMIT = 5;

	/** The state of one run: history, best epoch, why it stopped. */
	private final class Run {

		private final Path output;
		private final JsonObject fingerprint;
		private final List<EpochResult<V>> history = new ArrayList<>();
		private Random random = new Random(settings.seed());
		private final List<Integer> order = new ArrayList<>();
		private int firstEpoch = 1;
		private int update;
		private V best;
		private int bestEpoch;
		private double bestScore = Double.NEGATIVE_INFINITY;
		private double bestTieBreak = Double.POSITIVE_INFINITY;
		private boolean cancelled;
		private String stopReason = "all epochs done";
		private int skippedBatches;
		private int nonFiniteRun;

		Run(final Path output, final JsonObject fingerprint) {
			this.output = output;
			this.fingerprint = fingerprint;
		}

		/** Takes up an interrupted run after its last finished epoch. */
		void continueFrom(final TrainingResume.State<V> saved) {
			history.addAll(saved.history());
			random = saved.random();
			order.addAll(saved.order());
			firstEpoch = saved.epoch() + 1;
			update = saved.updates();
			skippedBatches = saved.skippedBatches();
			bestEpoch = saved.bestEpoch();
			best = saved.best();
			if (best != null) {
				bestScore = best.score();
				bestTieBreak = best.tieBreak();
			}
			// the engine's own draws (e.g. dropout) cannot be restored: seeded from the seed and the epoch instead
			Engine.getInstance().setRandomSeed((int) (settings.seed() * 31 + firstEpoch));
		}

		void epochs(final Model model, final Trainer trainer, final ResumableAdam optimizer,
			final WarmUpTracker schedule, final int stepsPerEpoch, final ProgressListener progress) throws IOException
		{
			// the curves of a continued run start with the epochs before the interruption
			for (final EpochResult<V> earlier : history)
				for (final EpochListener<? super V> listener : listeners) listener.epochDone(earlier);
			// a training set smaller than a batch is one smaller batch
			final int batch = Math.min(settings.batchSize(), task.trainingSize());
			// each epoch shuffles the order the one before left
			if (order.size() != task.trainingSize()) {
				order.clear();
				for (int i = 0; i < task.trainingSize(); i++) order.add(i);
			}
			for (int epoch = firstEpoch; epoch <= settings.epochs(); epoch++) {
				final long start = System.nanoTime();
				Collections.shuffle(order, random);
				double lossSum = 0;
				int lossCount = 0;
				for (int step = 0; step < stepsPerEpoch; step++) {
					if (progress.isCancelled()) {
						cancelled = true;
						stopReason = "cancelled in epoch " + epoch;
						return;
					}
					final int[] examples = new int[batch];
					for (int j = 0; j < batch; j++) examples[j] = order.get(step * batch + j);
					final float stepLoss;
					try (NDManager manager = trainer.getManager().newSubManager();
						GradientCollector collector = trainer.newGradientCollector())
					{
						final NDArray loss = task.loss(trainer, manager, examples, random);
						collector.backward(loss);
						stepLoss = loss.getFloat();
					}
					if (!Float.isFinite(stepLoss)) {
						// a batch whose loss is not a number must not reach the weights; a run of them is divergence
						clearGradients(trainer);
						skippedBatches++;
						if (++nonFiniteRun >= NON_FINITE_LIMIT) {
							stopReason = String.format(Locale.ROOT,
								"training diverged: the loss was not a finite " +
									"number in %d batches in a row (epoch %d, step %d); try a lower learning rate",
								nonFiniteRun, epoch, step + 1);
							return;
						}
						continue;
					}
					nonFiniteRun = 0;
					lossSum += stepLoss;
					lossCount++;
					trainer.step();
					update++;
					progress.progress(step + 1, stepsPerEpoch,
						String.format(Locale.ROOT, "Epoch %d/%d, step %d/%d, loss %.4f", epoch, settings.epochs(),
							step + 1, stepsPerEpoch, lossSum / lossCount));
				}
				if (lossCount == 0) continue; // every batch skipped: nothing learnt to validate
				final V validation = task.validate(trainer);
				final boolean improved = isGain(validation);
				final EpochResult<V> result = new EpochResult<>(epoch, lossSum / Math.max(1, lossCount), validation,
					schedule.getNewValue(update), (System.nanoTime() - start) / 1e9, improved);
				history.add(result);
				if (improved) keep(model, result);
				writeHistory();
				TrainingResume.save(output, fingerprint, model, settings.name(), optimizer, epoch, update,
					skippedBatches, random, order, history, bestEpoch);
				progress.progress(epoch, settings.epochs(), result.describe());
				for (final EpochListener<? super V> listener : listeners) listener.epochDone(result);
				if (epoch - bestEpoch >= settings.patience()) {
					stopReason = "early stop: no validation gain for " + settings.patience() + " epochs";
					return;
				}
			}
		}

		/** Zeroes every gradient (a NaN gradient would survive the optimiser's own zeroing by subtraction). */
		private void clearGradients(final Trainer trainer) {
			for (final Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
				final NDArray array = p.getValue().getArray();
				if (array.hasGradient()) array.getGradient().set(new NDIndex("..."), 0f);
			}
		}

		private boolean isGain(final V validation) {
			final double score = validation.score();
			return score > bestScore + 1e-9 ||
				(Math.abs(score - bestScore) <= 1e-9 && validation.tieBreak() < bestTieBreak);
		}

		private void keep(final Model model, final EpochResult<V> result) throws IOException {
			best = result.validation();
			bestEpoch = result.epoch();
			bestScore = best.score();
			bestTieBreak = best.tieBreak();
			Checkpoint.saveWeights(model, output, settings.name());
			Checkpoint.writeCard(output, task, settings, history, bestEpoch, best,
				"still training when this checkpoint was saved");
		}

		Outcome<V> finish(final ProgressListener progress) {
			try {
				writeHistory();
				if (skippedBatches > 0)
					stopReason += String.format(Locale.ROOT, "; %d batch%s whose loss was not a finite number skipped",
						skippedBatches, skippedBatches == 1 ? "" : "es");
				// a run that ended by itself leaves nothing to continue; a cancelled one keeps its state
				if (!cancelled) TrainingResume.delete(output);
				if (best == null) return new Outcome<>(null, history, 0, null, cancelled, stopReason);
				if (!cancelled) best = task.finish(output, settings.name(), best, progress);
				// the final card also records how many epochs ran and why training stopped
				final Path card = Checkpoint.writeCard(output, task, settings, history, bestEpoch, best, stopReason);
				return new Outcome<>(card, history, bestEpoch, best, cancelled, stopReason);
			}
			catch (final IOException e) {
				throw new MedXaiException("Cannot write the model to " + output + ": " + e.getMessage(), e);
			}
		}

		private void writeHistory() throws IOException {
			try (CsvWriter csv = new CsvWriter(output.resolve(HISTORY_NAME))) {
				final List<String> header = new ArrayList<>(List.of("epoch", "train_loss"));
				if (!history.isEmpty()) header.addAll(history.get(0).validation().columns().keySet());
				header.addAll(List.of("learning_rate", "seconds", "improved"));
				csv.row(header);
				for (final EpochResult<V> e : history) {
					final List<String> row = new ArrayList<>(
						List.of(Integer.toString(e.epoch()), number(e.trainLoss())));
					for (final Map.Entry<String, Double> column : e.validation().columns().entrySet())
						row.add(number(column.getValue()));
					row.addAll(List.of(number(e.learningRate()), number(e.seconds()), Boolean.toString(e.improved())));
					csv.row(row);
				}
			}
		}
	}

	private static String number(final double v) {
		return String.format(Locale.ROOT, "%.6g", v);
	}

	/** DJL's trainer wants a loss; the task computes the real one for each batch. */
	private static final class TaskLoss extends Loss {

		TaskLoss() {
			super("task loss");
		}

		@Override
		public NDArray evaluate(final NDList labels, final NDList predictions) {
			throw new UnsupportedOperationException("The training task computes the loss itself.");
		}
	}
}
