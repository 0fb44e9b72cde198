package org.medxai.meibo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.process.BinaryProcessor;
import ij.process.ByteProcessor;

/**
 * Per-gland measurements from a gland mask: each 8-connected component of at least {@code minArea} pixels is a gland.
 * Its skeleton (ImageJ's thinning; unit steps 1, diagonal steps √2) stops about half a width short of each end, so
 * length L solves {@code L = skeleton + area / L} (the skeleton extended by one width), and width = area / L: both
 * exact for a straight bar. Tortuosity: skeleton length / straight distance between the two skeleton points farthest
 * apart (1 for a straight gland).
 */
public final class GlandMorphometry {

	public record Gland(int index, int area, double length, double width, double tortuosity, double centroidX,
		double centroidY)
	{}

	private GlandMorphometry() {}

	public static List<Gland> measure(final boolean[] glands, final int width, final int height, final int minArea) {
		final int[] labels = new int[glands.length];
		final int n = BinaryMasks.label(glands, width, height, labels);
		final int[] minX = new int[n + 1], minY = new int[n + 1], maxX = new int[n + 1], maxY = new int[n + 1];
		final int[] area = new int[n + 1];
		final double[] sx = new double[n + 1], sy = new double[n + 1];
		Arrays.fill(minX, Integer.MAX_VALUE);
		Arrays.fill(minY, Integer.MAX_VALUE);
		for (int i = 0; i < labels.length; i++) {
			final int l = labels[i];
			if (l == 0) continue;
			final int x = i % width, y = i / width;
			area[l]++;
			sx[l] += x;
			sy[l] += y;
			minX[l] = Math.min(minX[l], x);
			minY[l] = Math.min(minY[l], y);
			maxX[l] = Math.max(maxX[l], x);
			maxY[l] = Math.max(maxY[l], y);
		}
		final List<Gland> out = new ArrayList<>();
		for (int l = 1; l <= n; l++) {
			if (area[l] < minArea) continue;
			// crop with a 1-pixel margin so the thinning sees background around the gland
			final int w = maxX[l] - minX[l] + 3, h = maxY[l] - minY[l] + 3;
			final ByteProcessor crop = new ByteProcessor(w, h);
			for (int y = minY[l]; y <= maxY[l]; y++)
				for (int x = minX[l]; x <= maxX[l]; x++)
					if (labels[y * width + x] == l) crop.set(x - minX[l] + 1, y - minY[l] + 1, 255);
			final BinaryProcessor skeleton = new BinaryProcessor(crop);
			skeleton.invert(); // ImageJ's skeletonize thins black objects on white
			skeleton.skeletonize();
			skeleton.invert();
			final List<int[]> points = new ArrayList<>();
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) if (skeleton.get(x, y) != 0) points.add(new int[] { x, y });
			double length = 0;
			for (final int[] p : points) { // each 8-neighbour pair once: right, down, down-right, down-left
				if (on(skeleton, p[0] + 1, p[1])) length += 1;
				if (on(skeleton, p[0], p[1] + 1)) length += 1;
				if (on(skeleton, p[0] + 1, p[1] + 1) && !on(skeleton, p[0] + 1, p[1]) && !on(skeleton, p[0], p[1] + 1))
					length += Math.sqrt(2);
				if (on(skeleton, p[0] - 1, p[1] + 1) && !on(skeleton, p[0] - 1, p[1]) && !on(skeleton, p[0], p[1] + 1))
					length += Math.sqrt(2);
			}
			final double skeletonLength = Math.max(1, length);
			length = (skeletonLength + Math.sqrt(skeletonLength * skeletonLength + 4.0 * area[l])) / 2;
			double chord = 0;
			if (points.size() <= 2000) {
				for (int a = 0; a < points.size(); a++)
					for (int b = a + 1; b < points.size(); b++)
						chord = Math.max(chord,
							Math.hypot(points.get(a)[0] - points.get(b)[0], points.get(a)[1] - points.get(b)[1]));
			}
			else chord = Math.hypot(maxX[l] - minX[l], maxY[l] - minY[l]);
			out.add(new Gland(out.size() + 1, area[l], length, area[l] / length,
				chord > 0 ? Math.max(1, skeletonLength / chord) : 1, sx[l] / area[l], sy[l] / area[l]));
		}
		return out;
	}

	private static boolean on(final ByteProcessor p, final int x, final int y) {
		return x >= 0 && y >= 0 && x < p.getWidth() && y < p.getHeight() && p.get(x, y) != 0;
	}
}
