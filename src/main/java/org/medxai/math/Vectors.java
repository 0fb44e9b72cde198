package org.medxai.math;

/** Small vector arithmetic shared by the clusterings and their measures. */
public final class Vectors {

	private Vectors() {}

	/** Euclidean distance of two points of the same dimension. */
	public static double distance(final double[] a, final double[] b) {
		double s = 0;
		for (int d = 0; d < a.length; d++) s += (a[d] - b[d]) * (a[d] - b[d]);
		return Math.sqrt(s);
	}

	/** Dot product of two vectors of the same dimension. */
	public static double dot(final double[] a, final double[] b) {
		double s = 0;
		for (int d = 0; d < a.length; d++) s += a[d] * b[d];
		return s;
	}
}
