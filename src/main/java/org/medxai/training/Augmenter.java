package org.medxai.training;

import java.util.Arrays;
import java.util.Random;

import org.medxai.image.ImageDecoding;
import org.medxai.image.InputSpec;

/**
 * Random training views of a cached square RGB image: JPEG re-encoding at a random quality (so compression history
 * cannot tell classes apart), random resized crop, rotation (quarter turns plus a small angle), flips, colour jitter,
 * and a random black field-of-view border (so the shape of the endoscope's black border, which differs between image
 * sources, cannot tell classes apart either), written normalised into a batch. Pixels rotated in from outside are
 * black, like an endoscope's border.
 */
final class Augmenter {

	private final Random random;
	private final InputSpec spec;

	Augmenter(final InputSpec spec, final long seed) {
		this.spec = spec;
		this.random = new Random(seed);
	}

	/**
	 * What {@link #sample} does, in words (the model card's {@code augmentation}); kept beside the code it describes.
	 */
	static String describe() {
		return "JPEG re-encoding q40-95 (p=0.5), random resized crop (area 0.55-1, aspect 3/4-4/3), quarter turns + " +
			"rotation within 15 deg (p=0.5), horizontal/vertical flips, brightness/contrast/saturation 0.8-1.2, " +
			"channel gain 3%, random black field-of-view border (p=0.8: rounded rectangle or ellipse)";
	}

	void sample(final ImageDecoding.Rgb cached, final float[] batch, final int index) {
		sample(cached, batch, index, null, null);
	}

	/**
	 * Also writes the same view of {@code mask} (a cached mask the size of {@code cached}, or
	 * {@link LocalisationTargets#EMPTY}) into {@code maskOut} (width x height, 0..1), when both are given.
	 */
	void sample(final ImageDecoding.Rgb cached, final float[] batch, final int index, final ImageDecoding.Rgb mask,
		final float[] maskOut)
	{
		final boolean withMask = mask != null && maskOut != null && mask != LocalisationTargets.EMPTY;
		if (maskOut != null) Arrays.fill(maskOut, 0f);
		ImageDecoding.Rgb source = cached;
		if (random.nextDouble() < 0.5) {
			source = ImageDecoding.jpegRoundTrip(source, 40 + random.nextInt(56));
		}
		final int sw = source.width();
		final int sh = source.height();
		final int[] px = source.pixels();
		// random resized crop: area fraction and aspect ratio, as a centre and half-sizes
		final double area = 0.55 + 0.45 * random.nextDouble();
		final double ratio = Math.exp(Math.log(0.75) + random.nextDouble() * Math.log(4.0 / 3 / 0.75));
		final double cw = Math.min(1, Math.sqrt(area * ratio)) * sw;
		final double ch = Math.min(1, Math.sqrt(area / ratio)) * sh;
		final double cx = cw / 2 + random.nextDouble() * (sw - cw);
		final double cy = ch / 2 + random.nextDouble() * (sh - ch);
		final double angle = random.nextInt(4) * Math.PI / 2 +
			(random.nextDouble() < 0.5 ? Math.toRadians(-15 + 30 * random.nextDouble()) : 0);
		final double cos = Math.cos(angle);
		final double sin = Math.sin(angle);
		final boolean flipX = random.nextBoolean();
		final boolean flipY = random.nextBoolean();
		final double brightness = 0.8 + 0.4 * random.nextDouble();
		final double contrast = 0.8 + 0.4 * random.nextDouble();
		final double saturation = 0.8 + 0.4 * random.nextDouble();
		final double[] gain = { 1 + 0.06 * (random.nextDouble() - 0.5), 1 + 0.06 * (random.nextDouble() - 0.5),
			1 + 0.06 * (random.nextDouble() - 0.5) };

		final int w = spec.width();
		final int h = spec.height();
		final float[] r = new float[w * h];
		final float[] g = new float[w * h];
		final float[] b = new float[w * h];
		double sum = 0;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double u = (x + 0.5) / w - 0.5;
				double v = (y + 0.5) / h - 0.5;
				if (flipX) u = -u;
				if (flipY) v = -v;
				final double ru = cos * u - sin * v;
				final double rv = sin * u + cos * v;
				final double sx = cx + ru * cw - 0.5;
				final double sy = cy + rv * ch - 0.5;
				final int i = y * w + x;
				bilinear(px, sw, sh, sx, sy, r, g, b, i);
				if (withMask) maskOut[i] = (float) (bilinearChannel(mask.pixels(), sw, sh, sx, sy, 8) / 255);
				sum += 0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i];
			}
		}
		final double mean = sum / (w * h);
		final boolean[] outside = randomFieldOfView(w, h);
		final int offset = index * spec.size();
		final int plane = w * h;
		for (int i = 0; i < plane; i++) {
			final double grey = 0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i];
			final double[] rgb = { r[i], g[i], b[i] };
			for (int c = 0; c < 3; c++) {
				double value = grey + saturation * (rgb[c] - grey);
				value = mean + contrast * (value - mean);
				value = Math.max(0, Math.min(255, value * brightness * gain[c]));
				rgb[c] = outside != null && outside[i] ? 0 : value;
			}
			if (withMask && outside != null && outside[i]) maskOut[i] = 0;
			if (spec.channels() == 1) {
				final double lum = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
				batch[offset + i] = (float) ((lum / spec.scale() - spec.mean()[0]) / spec.std()[0]);
			}
			else {
				for (int c = 0; c < 3; c++) {
					batch[offset + c * plane + i] = (float) ((rgb[c] / spec.scale() - spec.mean()[c]) / spec.std()[c]);
				}
			}
		}
	}

	/**
	 * With probability 0.8, the pixels outside a random field of view: a rounded rectangle (margins up to 12 %, corner
	 * radius up to 40 % of the size) or, one time in three, an ellipse. Null when the view is left whole.
	 */
	private boolean[] randomFieldOfView(final int w, final int h) {
		if (random.nextDouble() >= 0.8) return null;
		final boolean[] outside = new boolean[w * h];
		if (random.nextDouble() < 1 / 3.0) {
			final double ax = w * (0.45 + 0.15 * random.nextDouble());
			final double ay = h * (0.45 + 0.15 * random.nextDouble());
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					final double u = (x + 0.5 - w / 2.0) / ax;
					final double v = (y + 0.5 - h / 2.0) / ay;
					outside[y * w + x] = u * u + v * v > 1;
				}
			}
			return outside;
		}
		final double left = 0.12 * w * random.nextDouble();
		final double right = w - 0.12 * w * random.nextDouble();
		final double top = 0.12 * h * random.nextDouble();
		final double bottom = h - 0.12 * h * random.nextDouble();
		final double radius = 0.4 * Math.min(w, h) * random.nextDouble();
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final double px = x + 0.5;
				final double py = y + 0.5;
				boolean out = px < left || px > right || py < top || py > bottom;
				if (!out) {
					final double cx = Math.max(left + radius, Math.min(right - radius, px));
					final double cy = Math.max(top + radius, Math.min(bottom - radius, py));
					out = (px - cx) * (px - cx) + (py - cy) * (py - cy) > radius * radius;
				}
				outside[y * w + x] = out;
			}
		}
		return outside;
	}

	private static void bilinear(final int[] px, final int w, final int h, final double x, final double y,
		final float[] r, final float[] g, final float[] b, final int i)
	{
		r[i] = (float) bilinearChannel(px, w, h, x, y, 16);
		g[i] = (float) bilinearChannel(px, w, h, x, y, 8);
		b[i] = (float) bilinearChannel(px, w, h, x, y, 0);
	}

	/** One 8-bit channel (bit shift 16, 8 or 0) at (x, y), bilinear; 0 (black) outside the image. */
	private static double bilinearChannel(final int[] px, final int w, final int h, final double x, final double y,
		final int shift)
	{
		if (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5) return 0;
		final double cx = Math.max(0, Math.min(w - 1, x));
		final double cy = Math.max(0, Math.min(h - 1, y));
		final int x0 = (int) Math.floor(cx);
		final int y0 = (int) Math.floor(cy);
		final int x1 = Math.min(w - 1, x0 + 1);
		final int y1 = Math.min(h - 1, y0 + 1);
		return lerp(px[y0 * w + x0] >> shift & 0xff, px[y0 * w + x1] >> shift & 0xff, px[y1 * w + x0] >> shift & 0xff,
			px[y1 * w + x1] >> shift & 0xff, cx - x0, cy - y0);
	}

	private static double lerp(final int a, final int b, final int c, final int d, final double fx, final double fy) {
		return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
	}
}
