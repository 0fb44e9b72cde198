package org.medxai.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.EngineEnvironment;

/**
 * A run stopped after some epochs and continued with resume ends exactly where an uninterrupted run ends: same history,
 * same best weights; the optimiser that makes this possible updates as DJL's Adam does.
 */
class TrainingResumeTest {

	@TempDir
	Path temp;

	/** A small regression whose batches and targets come only from the loop's seeded generator. */
	private static TrainingTask<ClassifierTrainer.Validation> task(final String data) {
		return new VectorTask("test-regression", Map.of("data", data)) {

			@Override
			public Block network() {
				return new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(ai.djl.nn.Activation::tanh)
					.add(Linear.builder().setUnits(1).build());
			}

			@Override
			public int trainingSize() {
				return 32;
			}

			@Override
			public NDArray loss(final Trainer trainer, final NDManager manager, final int[] examples,
				final Random random)
			{
				final float[] x = new float[examples.length * 4];
				final float[] y = new float[examples.length];
				for (int i = 0; i < examples.length; i++) {
					// each example is fixed by its index; the loop's generator adds the "augmentation"
					final Random example = new Random(examples[i]);
					float sum = 0;
					for (int j = 0; j < 4; j++) {
						x[i * 4 + j] = (float) (example.nextGaussian() + 0.1 * random.nextGaussian());
						sum += (j + 1) * x[i * 4 + j];
					}
					y[i] = (float) Math.sin(sum);
				}
				final NDArray out = trainer.forward(new NDList(manager.create(x, new Shape(examples.length, 4))))
					.get(0);
				return out.reshape(-1).sub(manager.create(y)).square().mean();
			}

			@Override
			public ClassifierTrainer.Validation validate(final Trainer trainer) {
				try (NDManager manager = trainer.getManager().newSubManager()) {
					final float[] x = new float[16 * 4];
					for (int i = 0; i < x.length; i++) x[i] = (float) Math.cos(i);
					final float loss = trainer.evaluate(new NDList(manager.create(x, new Shape(16, 4)))).get(0).square()
						.mean().getFloat();
					return validation(loss);
				}
			}
		};
	}

	private static TrainingLoop.Settings settings(final int epochs) {
		return new TrainingLoop.Settings("resumable", epochs, 4, 50, 7, DevicePreference.CPU,
			new TrainingLoop.Schedule(3e-2, 100, 1, 1e-4));
	}

	/** Asks to stop once {@code epochs} epochs are done. */
	private static final class StopAfter implements ProgressListener, EpochListener<ClassifierTrainer.Validation> {

		private final int epochs;
		private int done;

		StopAfter(final int epochs) {
			this.epochs = epochs;
		}

		@Override
		public void epochDone(final EpochResult<? extends ClassifierTrainer.Validation> epoch) {
			done = epoch.epoch();
		}

		@Override
		public void progress(final int d, final int total, final String status) {}

		@Override
		public boolean isCancelled() {
			return done >= epochs;
		}
	}

	@Test
	void aStoppedRunContinuedWithResumeEndsAsAnUninterruptedRun() throws Exception {
		final Path whole = temp.resolve("whole");
		final TrainingLoop.Outcome<ClassifierTrainer.Validation> uninterrupted = new TrainingLoop<>(task("d"),
			settings(9)).run(whole, ProgressListener.NONE);
		assertFalse(TrainingLoop.canResume(whole), "a run that ended by itself leaves no state behind");

		final Path parts = temp.resolve("parts");
		final StopAfter stop = new StopAfter(4);
		final TrainingLoop.Outcome<ClassifierTrainer.Validation> stopped = new TrainingLoop<>(task("d"), settings(9))
			.addEpochListener(stop).run(parts, stop);
		assertTrue(stopped.cancelled());
		assertEquals(4, stopped.history().size());
		assertTrue(TrainingLoop.canResume(parts), "a cancelled run keeps what it needs to continue");

		final List<Integer> replayed = new ArrayList<>();
		// the collector runs all the time: restored state must not live in memory that a collection frees
		final AtomicBoolean stopCollecting = new AtomicBoolean();
		final Thread collector = new Thread(() -> {
			while (!stopCollecting.get()) {
				System.gc();
				final List<ByteBuffer> reuse = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					final ByteBuffer b = ByteBuffer.allocateDirect(64 * (1 + i % 4));
					while (b.remaining() >= 4) b.putFloat(Float.NaN);
					reuse.add(b);
				}
			}
		});
		collector.start();
		final TrainingLoop.Outcome<ClassifierTrainer.Validation> continued;
		try {
			continued = new TrainingLoop<>(task("d"), settings(9)).resuming(true)
				.addEpochListener(e -> replayed.add(e.epoch())).run(parts, ProgressListener.NONE);
		}
		finally {
			stopCollecting.set(true);
			collector.join();
		}
		assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), replayed, "the curves show the epochs before the stop too");
		assertEquals(uninterrupted.history().size(), continued.history().size());
		for (int e = 0; e < uninterrupted.history().size(); e++) {
			final EpochResult<ClassifierTrainer.Validation> a = uninterrupted.history().get(e);
			final EpochResult<ClassifierTrainer.Validation> b = continued.history().get(e);
			assertEquals(a.trainLoss(), b.trainLoss(), 1e-6, "train loss of epoch " + a.epoch());
			assertEquals(a.validation().loss(), b.validation().loss(), 1e-6, "validation loss of epoch " + a.epoch());
			assertEquals(a.learningRate(), b.learningRate(), 1e-9);
		}
		assertTrue(uninterrupted.history().get(8).trainLoss() < uninterrupted.history().get(0).trainLoss() * 0.8,
			"the task learns: " + uninterrupted.history());
		assertEquals(uninterrupted.bestEpoch(), continued.bestEpoch());
		assertArrayEquals(weights(uninterrupted.card()), weights(continued.card()), 1e-6f,
			"the best weights are those of the uninterrupted run");
		assertFalse(TrainingLoop.canResume(parts));
	}

	@Test
	void resumeRefusesAFolderWithoutStateAndAStateOfOtherSettingsOrData() {
		final MedXaiException none = assertThrows(MedXaiException.class,
			() -> new TrainingLoop<>(task("d"), settings(5)).resuming(true).run(temp.resolve("empty"),
				ProgressListener.NONE));
		assertTrue(none.getMessage().startsWith("Nothing to continue in "), none.getMessage());

		final Path parts = temp.resolve("parts");
		final StopAfter stop = new StopAfter(2);
		new TrainingLoop<>(task("d"), settings(5)).addEpochListener(stop).run(parts, stop);
		final MedXaiException epochs = assertThrows(MedXaiException.class,
			() -> new TrainingLoop<>(task("d"), settings(6)).resuming(true).run(parts, ProgressListener.NONE));
		assertTrue(epochs.getMessage().contains("(loop.epochs was 5, now 6)"), epochs.getMessage());
		final MedXaiException data = assertThrows(MedXaiException.class,
			() -> new TrainingLoop<>(task("other"), settings(5)).resuming(true).run(parts, ProgressListener.NONE));
		assertTrue(data.getMessage().contains("training.data was \"d\", now \"other\""), data.getMessage());
		assertTrue(TrainingLoop.canResume(parts), "a refused resume leaves the state as it was");
		// a new run replaces the interrupted one at once, even when it is stopped before its first epoch ends
		final StopAfter atOnce = new StopAfter(0);
		new TrainingLoop<>(task("d"), settings(5)).addEpochListener(atOnce).run(parts, atOnce);
		assertFalse(TrainingLoop.canResume(parts), "no state of the replaced run is left to continue");
	}

	@Test
	void aFinishedModelIsNeverReplacedByANewRun() throws Exception {
		final Path done = temp.resolve("done");
		new TrainingLoop<>(task("d"), settings(2)).run(done, ProgressListener.NONE);
		final byte[] card = java.nio.file.Files.readAllBytes(done.resolve("model-card.json"));
		final MedXaiException refused = assertThrows(MedXaiException.class,
			() -> new TrainingLoop<>(task("d"), settings(2)).run(done, ProgressListener.NONE));
		assertTrue(refused.getMessage().contains("already holds a trained model"), refused.getMessage());
		assertArrayEquals(card, java.nio.file.Files.readAllBytes(done.resolve("model-card.json")), "card untouched");
	}

	@Test
	void theResumableOptimiserUpdatesAsDjlsAdam() {
		final Tracker rate = Tracker.fixed(0.01f);
		assertArrayEquals(trainFewSteps(Adam.builder().optLearningRateTracker(rate).optWeightDecays(1e-3f).build()),
			trainFewSteps(new ResumableAdam(rate, 1e-3f, 0)), 1e-7f);
	}

	private static float[] trainFewSteps(final Optimizer optimizer) {
		EngineEnvironment.engine();
		Engine.getInstance().setRandomSeed(11);
		try (Model model = Model.newInstance("adam", EngineEnvironment.ENGINE_NAME)) {
			model.setBlock(Linear.builder().setUnits(3).build());
			try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
				trainer.initialize(new Shape(5, 4));
				for (int step = 0; step < 6; step++) {
					try (NDManager manager = trainer.getManager().newSubManager();
						GradientCollector collector = trainer.newGradientCollector())
					{
						final NDArray x = manager.arange(20f).reshape(5, 4).div(10 + step).sin();
						collector.backward(trainer.forward(new NDList(x)).get(0).sub(0.5f).square().mean());
					}
					trainer.step();
				}
				return model.getBlock().getParameters().valueAt(0).getArray().toFloatArray();
			}
		}
	}

	private static float[] weights(final Path card) throws Exception {
		final Path params = Checkpoint.paramsFile(card.getParent(), "resumable");
		try (Model model = Model.newInstance("check", EngineEnvironment.ENGINE_NAME)) {
			final Block block = task("d").network();
			model.setBlock(block);
			block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4));
			model.load(params.getParent(), "resumable", Map.of("epoch", "0"));
			final List<Float> all = new ArrayList<>();
			for (final var p : block.getParameters())
				for (final float v : p.getValue().getArray().toFloatArray()) all.add(v);
			final float[] flat = new float[all.size()];
			for (int i = 0; i < flat.length; i++) flat[i] = all.get(i);
			return flat;
		}
	}
}
