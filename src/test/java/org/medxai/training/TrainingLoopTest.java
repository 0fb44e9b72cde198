package org.medxai.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.Trainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;

/** The loop stops a training whose loss is no longer a number, and keeps nothing from that epoch. */
class TrainingLoopTest {

	@TempDir
	Path temp;

	/** A one-layer network whose loss is NaN in batches {@code badFrom} to {@code badUntil} (counted from 1). */
	private static TrainingTask<ClassifierTrainer.Validation> task(final int badFrom, final int badUntil) {
		return new VectorTask("test-linear", Map.of()) {

			private int batches;

			@Override
			public Block network() {
				return Linear.builder().setUnits(2).build();
			}

			@Override
			public int trainingSize() {
				return 8;
			}

			@Override
			public NDArray loss(final Trainer trainer, final NDManager manager, final int[] examples,
				final Random random)
			{
				final NDArray out = trainer
					.forward(new NDList(manager.randomUniform(0, 1, new Shape(examples.length, 4)))).get(0);
				final NDArray loss = out.square().mean();
				++batches;
				return batches >= badFrom && batches <= badUntil ? loss.mul(Float.NaN) : loss;
			}

			@Override
			public ClassifierTrainer.Validation validate(final Trainer trainer) {
				return validation(0.5);
			}
		};
	}

	private static TrainingLoop.Settings settings() {
		return new TrainingLoop.Settings("diverging", 5, 4, 5, 1, DevicePreference.CPU,
			new TrainingLoop.Schedule(1e-3, 100, 1, 0));
	}

	@Test
	void aBatchWhoseLossIsNotANumberIsSkippedAndARunOfThemStopsTraining() {
		// 2 batches per epoch, 5 epochs; batch 3 alone is NaN: skipped, nothing else changes
		final TrainingLoop.Outcome<ClassifierTrainer.Validation> once = new TrainingLoop<>(task(3, 3), settings())
			.run(temp.resolve("once"), ProgressListener.NONE);
		assertEquals(5, once.history().size());
		assertTrue(once.history().stream().allMatch(e -> Double.isFinite(e.trainLoss())), "no NaN reaches the weights");
		assertEquals("all epochs done; 1 batch whose loss was not a finite number skipped", once.stopReason());
		// from batch 6 on: five in a row (batches 6-10) is divergence; the best checkpoint before it is kept
		final TrainingLoop.Outcome<ClassifierTrainer.Validation> later = new TrainingLoop<>(task(6, 99), settings())
			.run(temp.resolve("later"), ProgressListener.NONE);
		assertEquals(3, later.history().size(), "epoch 4 had no good batch: not validated");
		assertTrue(
			later.stopReason().startsWith(
				"training diverged: the loss was not a finite number in 5 batches " + "in a row (epoch 5, step 2)"),
			later.stopReason());
		assertTrue(later.summary().contains("training diverged"), later.summary());
		assertTrue(Files.isRegularFile(later.card()));
		final TrainingLoop.Outcome<ClassifierTrainer.Validation> first = new TrainingLoop<>(task(1, 99), settings())
			.run(temp.resolve("first"), ProgressListener.NONE);
		assertNull(first.card());
		assertEquals(0, first.history().size());
		assertEquals("Stopped before the first epoch ended (training diverged: the loss was not a finite number in 5 " +
			"batches in a row (epoch 3, step 1); try a lower learning rate; 5 batches whose loss was not a finite " +
			"number skipped); no model was saved.", first.summary());
	}
}
