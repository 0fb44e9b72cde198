package org.medxai.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Hole filling equals a flood from the whole image border; labelling from runs equals a union-find of the pixels, its
 * components numbered in the raster order of their first pixel.
 */
class MaskCleanupTest {

	@Test
	void fillingHolesEqualsAFloodFromTheImageBorder() {
		final Random random = new Random(8);
		for (int trial = 0; trial < 300; trial++) {
			final int w = 1 + random.nextInt(40), h = 1 + random.nextInt(40);
			final byte[] mask = new byte[w * h];
			final double density = random.nextDouble();
			// blobs and rings, sometimes touching the border, sometimes empty
			for (int k = 0; k < random.nextInt(6); k++) {
				final int cx = random.nextInt(w), cy = random.nextInt(h), r = 1 + random.nextInt(10);
				final boolean ring = random.nextBoolean();
				for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
					final int d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
					if (d <= r * r && (!ring || d >= (r - 1) * (r - 1))) mask[y * w + x] = 1;
				}
			}
			for (int i = 0; i < mask.length; i++) if (random.nextDouble() < density * 0.1) mask[i] = 1;
			assertArrayEquals(reference(mask, w, h), MaskCleanup.fillHoles(mask, w, h), "trial " + trial);
		}
	}

	@Test
	void labellingEqualsAUnionFindOfTheSamePixels() {
		final Random random = new Random(9);
		for (int trial = 0; trial < 60; trial++) {
			// up to 200 x 200: more runs than the first run arrays hold make them grow
			final int w = 1 + random.nextInt(200), h = 1 + random.nextInt(200);
			final byte[] mask = new byte[w * h];
			final double density = 0.3 + 0.5 * random.nextDouble();
			for (int i = 0; i < mask.length; i++) if (random.nextDouble() < density) mask[i] = 1;
			final boolean eight = random.nextBoolean();
			final int[] labels = new int[mask.length];
			final int[] sizes = MaskCleanup.label(mask, w, h, labels, (byte) 1, eight);
			final int[] parent = new int[mask.length];
			for (int i = 0; i < parent.length; i++) parent[i] = i;
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
				if (mask[y * w + x] != 1) continue;
				for (final int[] d : eight
					? new int[][] { { 1, 0 }, { 0, 1 }, { 1, 1 }, { -1, 1 } }
					: new int[][] { { 1, 0 }, { 0, 1 } })
				{
					final int nx = x + d[0], ny = y + d[1];
					if (nx < 0 || nx >= w || ny >= h || mask[ny * w + nx] != 1) continue;
					parent[root(parent, y * w + x)] = root(parent, ny * w + nx);
				}
			}
			// numbered in the raster order of each component's first pixel
			int seen = 0;
			for (final int l : labels) if (l > seen) {
				assertEquals(seen + 1, l, "trial " + trial);
				seen = l;
			}
			assertEquals(sizes.length - 1, seen);
			final int[] count = new int[mask.length];
			for (int i = 0; i < mask.length; i++) if (mask[i] == 1) count[root(parent, i)]++;
			for (int i = 0; i < mask.length; i++) {
				if (mask[i] != 1) {
					assertEquals(0, labels[i]);
					continue;
				}
				assertEquals(count[root(parent, i)], sizes[labels[i]], "trial " + trial + " pixel " + i);
				for (int j = i + 1; j < Math.min(mask.length, i + 3 * w); j++)
					if (mask[j] == 1) assertEquals(root(parent, i) == root(parent, j), labels[i] == labels[j]);
			}
		}
	}

	private static int root(final int[] parent, int i) {
		while (parent[i] != i) i = parent[i] = parent[parent[i]];
		return i;
	}

	/** Background not reachable from the image border (4-connected) becomes foreground. */
	private static byte[] reference(final byte[] mask, final int w, final int h) {
		final boolean[] outside = new boolean[mask.length];
		final ArrayDeque<int[]> queue = new ArrayDeque<>();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) && mask[y * w + x] == 0)
			{
				outside[y * w + x] = true;
				queue.add(new int[] { x, y });
			}
		while (!queue.isEmpty()) {
			final int[] p = queue.poll();
			for (final int[] d : new int[][] { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } }) {
				final int x = p[0] + d[0], y = p[1] + d[1];
				if (x < 0 || y < 0 || x >= w || y >= h || mask[y * w + x] != 0 || outside[y * w + x]) continue;
				outside[y * w + x] = true;
				queue.add(new int[] { x, y });
			}
		}
		final byte[] out = mask.clone();
		for (int i = 0; i < out.length; i++) if (mask[i] == 0 && !outside[i]) out[i] = 1;
		return out;
	}
}
