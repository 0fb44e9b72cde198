package org.medxai.meibo;

import org.medxai.image.MaskCleanup;

/**
 * Binary masks as {@code boolean[y * width + x]}; the component work is {@link MaskCleanup}'s (the same 8-connected
 * components and 4-connected holes as the CAM masks).
 */
public final class BinaryMasks {

	private BinaryMasks() {}

	/** 8-connected component labels 1..n (0 = background) into {@code labels}; returns n. */
	public static int label(final boolean[] mask, final int width, final int height, final int[] labels) {
		return MaskCleanup.label(unit(mask), width, height, labels, (byte) 1, true).length - 1;
	}

	/** The largest 8-connected component only. */
	public static boolean[] largest(final boolean[] mask, final int width, final int height) {
		return clean(mask, width, height, new MaskCleanup.Options(0, false, true));
	}

	/** Fills holes: background not 4-connected to the border becomes foreground. */
	public static boolean[] fillHoles(final boolean[] mask, final int width, final int height) {
		return clean(mask, width, height, new MaskCleanup.Options(0, true, false));
	}

	/** Removes 8-connected components smaller than {@code minArea} pixels. */
	public static boolean[] removeSmall(final boolean[] mask, final int width, final int height, final int minArea) {
		return clean(mask, width, height, new MaskCleanup.Options(minArea / (double) mask.length, false, false));
	}

	private static boolean[] clean(final boolean[] mask, final int width, final int height,
		final MaskCleanup.Options options)
	{
		final byte[] out = MaskCleanup.apply(unit(mask), width, height, options);
		final boolean[] result = new boolean[out.length];
		for (int i = 0; i < out.length; i++) result[i] = out[i] != 0;
		return result;
	}

	private static byte[] unit(final boolean[] mask) {
		final byte[] out = new byte[mask.length];
		for (int i = 0; i < mask.length; i++) out[i] = mask[i] ? (byte) 1 : 0;
		return out;
	}

	public static int count(final boolean[] mask) {
		int n = 0;
		for (final boolean b : mask) if (b) n++;
		return n;
	}

	public static boolean[] and(final boolean[] a, final boolean[] b) {
		final boolean[] out = new boolean[a.length];
		for (int i = 0; i < a.length; i++) out[i] = a[i] && b[i];
		return out;
	}

	/** 0/255 bytes for an 8-bit image. */
	public static byte[] toBytes(final boolean[] mask) {
		final byte[] out = new byte[mask.length];
		for (int i = 0; i < mask.length; i++) out[i] = mask[i] ? (byte) 255 : 0;
		return out;
	}
}
