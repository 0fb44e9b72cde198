package org.medxai.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayDeque;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Hole filling searched within the foreground's bounding box equals a flood from the whole image border. */
class MaskCleanupTest {

	@Test
	void fillingHolesInTheBoundingBoxEqualsAFloodFromTheImageBorder() {
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
