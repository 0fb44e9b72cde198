package org.medxai.cluster;

import java.util.Arrays;
import java.util.Random;

import org.medxai.MedXaiException;

/**
 * Lloyd's k-means with k-means++ seeding, deterministic for a seed. Written here because the one library on hand that
 * has it (Smile) brings about 150 MB of native and database dependencies for this single algorithm.
 */
public final class KMeans {

	/** Cluster of each point, the centroids, and the within-cluster sum of squares. */
	public record Result(int[] assignment, double[][] centroids, double inertia, int iterations) {}

	private KMeans() {}

	public static Result fit(final double[][] points, final int k, final long seed, final int maxIterations) {
		final int n = points.length;
		if (k < 1 || k > n) {
			throw new MedXaiException("k-means needs 1 <= k <= number of images (k = " + k + ", " + n + " images).");
		}
		final int d = points[0].length;
		final Random random = new Random(seed);
		final double[][] centroids = new double[k][];
		centroids[0] = points[random.nextInt(n)].clone();
		final double[] nearest = new double[n];
		Arrays.fill(nearest, Double.POSITIVE_INFINITY);
		for (int c = 1; c < k; c++) {
			double total = 0;
			for (int i = 0; i < n; i++) {
				nearest[i] = Math.min(nearest[i], distance2(points[i], centroids[c - 1]));
				total += nearest[i];
			}
			double target = random.nextDouble() * total;
			int chosen = n - 1;
			for (int i = 0; i < n; i++) {
				target -= nearest[i];
				if (target <= 0) {
					chosen = i;
					break;
				}
			}
			centroids[c] = points[chosen].clone();
		}
		final int[] assignment = new int[n];
		Arrays.fill(assignment, -1);
		int iteration = 0;
		boolean changed = true;
		while (changed && iteration < maxIterations) {
			iteration++;
			changed = false;
			for (int i = 0; i < n; i++) {
				int best = 0;
				double bestDistance = Double.POSITIVE_INFINITY;
				for (int c = 0; c < k; c++) {
					final double dist = distance2(points[i], centroids[c]);
					if (dist < bestDistance) {
						bestDistance = dist;
						best = c;
					}
				}
				if (assignment[i] != best) {
					assignment[i] = best;
					changed = true;
				}
			}
			final double[][] sums = new double[k][d];
			final int[] counts = new int[k];
			for (int i = 0; i < n; i++) {
				counts[assignment[i]]++;
				for (int j = 0; j < d; j++) sums[assignment[i]][j] += points[i][j];
			}
			for (int c = 0; c < k; c++) {
				if (counts[c] == 0) continue; // keep an emptied centroid where it was
				for (int j = 0; j < d; j++) centroids[c][j] = sums[c][j] / counts[c];
			}
		}
		double inertia = 0;
		for (int i = 0; i < n; i++) inertia += distance2(points[i], centroids[assignment[i]]);
		return new Result(assignment, centroids, inertia, iteration);
	}

	static double distance2(final double[] a, final double[] b) {
		double sum = 0;
		for (int j = 0; j < a.length; j++) {
			final double diff = a[j] - b[j];
			sum += diff * diff;
		}
		return sum;
	}
}
