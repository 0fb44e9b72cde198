package org.medxai.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;

/** A step signal hidden in mixed, louder noise is found as the slowest feature. */
class SlowFeaturesTest {

	@Test
	void theSlowestFeatureIsTheHiddenStepSignal() {
		final Random random = new Random(3);
		final int n = 400;
		final double[] steps = new double[n];
		final double[][] points = new double[n][5];
		for (int i = 0; i < n; i++) {
			steps[i] = i < 150 ? -1 : i < 300 ? 0.5 : 1.5; // three stages
			final double[] sources = { steps[i], 3 * random.nextGaussian(), 3 * random.nextGaussian(),
				2 * random.nextGaussian(), random.nextGaussian() };
			// every coordinate mixes the stages with noise several times louder
			for (int j = 0; j < 5; j++)
				for (int s = 0; s < 5; s++) points[i][j] += sources[s] * (1 + ((j + 2 * s) % 5));
		}
		final SlowFeatures slow = SlowFeatures.fit(points, 2, 1);
		final double[][] z = slow.project(points);
		assertEquals(2, z[0].length);
		assertTrue(Math.abs(correlation(z, steps)) > 0.99, "correlation " + correlation(z, steps));
		assertTrue(slow.slowness()[0] < 0.05 && slow.slowness()[0] <= slow.slowness()[1],
			"slowness " + slow.slowness()[0] + ", " + slow.slowness()[1]);
		double variance = 0;
		for (final double[] p : z) variance += p[0] * p[0] / (n - 1);
		assertEquals(1, variance, 1e-6, "unit variance");
	}

	@Test
	void aShortStageCountsAsSlowAndNoiseDoesNot() {
		// a three-point stage at the start (a fade-in: one jump, then still) beside two slow drifts and louder noise;
		// counting its jump, the fade-in would be faster than both drifts
		final Random random = new Random(5);
		final int n = 150;
		final double[][] points = new double[n][4];
		for (int i = 0; i < n; i++) {
			points[i][0] = i < 3 ? -8 : 0.02 * random.nextGaussian();
			points[i][1] = i / 50.0 + 0.05 * random.nextGaussian();
			points[i][3] = Math.sin(2 * Math.PI * i / n) + 0.05 * random.nextGaussian();
			points[i][2] = 3 * random.nextGaussian();
		}
		final SlowFeatures slow = SlowFeatures.fit(points, 2, 1);
		final double[][] z = slow.project(points);
		final double[] fade = new double[2], rest = new double[2];
		for (int i = 0; i < n; i++) for (int c = 0; c < 2; c++) {
			if (i < 3) fade[c] += z[i][c] / 3;
			else rest[c] += z[i][c] / (n - 3);
		}
		double spread = 0;
		for (int i = 3; i < n; i++) spread += Math.pow(Vectors.distance(z[i], rest), 2) / (n - 3);
		assertTrue(Vectors.distance(fade, rest) > 5 * Math.sqrt(spread),
			"fade-in " + Vectors.distance(fade, rest) + " from the rest, whose spread is " + Math.sqrt(spread));
		// moving a point along the noise coordinate alone barely moves it in the slow features
		final double[] a = points[10].clone(), b = points[10].clone();
		b[2] += 3;
		final double[] za = slow.project(a), zb = slow.project(b);
		assertTrue(Vectors.distance(za, zb) < 0.1 * Vectors.distance(fade, rest),
			"noise moves it by " + Vectors.distance(za, zb));
	}

	@Test
	void aSingleOddPointIsNotTakenForAStage() {
		// a two-stage signal, and one glitch: a point far off along another coordinate, left at once
		final Random random = new Random(8);
		final int n = 200;
		final double[] stage = new double[n];
		final double[][] points = new double[n][3];
		for (int i = 0; i < n; i++) {
			stage[i] = i < 120 ? 0 : 1;
			points[i][0] = stage[i] + 0.1 * random.nextGaussian();
			points[i][1] = (i == 60 ? 12 : 0) + 0.02 * random.nextGaussian();
			points[i][2] = random.nextGaussian();
		}
		final double[][] z = SlowFeatures.fit(points, 1, 1).project(points);
		assertTrue(Math.abs(correlation(z, stage)) > 0.95,
			"the slowest feature is the stage: " + correlation(z, stage));
	}

	@Test
	void tooFewOrConstantPointsAreRefused() {
		assertThrows(MedXaiException.class, () -> SlowFeatures.fit(new double[][] { { 1 }, { 2 } }, 1, 1));
		assertThrows(MedXaiException.class,
			() -> SlowFeatures.fit(new double[][] { { 1, 1 }, { 1, 1 }, { 1, 1 } }, 1, 1));
	}

	private static double correlation(final double[][] z, final double[] y) {
		final int n = y.length;
		double mz = 0, my = 0;
		for (int i = 0; i < n; i++) {
			mz += z[i][0] / n;
			my += y[i] / n;
		}
		double szy = 0, szz = 0, syy = 0;
		for (int i = 0; i < n; i++) {
			szy += (z[i][0] - mz) * (y[i] - my);
			szz += (z[i][0] - mz) * (z[i][0] - mz);
			syy += (y[i] - my) * (y[i] - my);
		}
		return szy / Math.sqrt(szz * syy);
	}
}
