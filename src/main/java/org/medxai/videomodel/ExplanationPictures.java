package org.medxai.videomodel;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;

/**
 * Pictures of a video explanation, host-free: the attention timeline (each importance per frame, the chosen one drawn
 * strongest, its top frames marked) and each frame with its Grad-CAM blended in a heat colour.
 */
public final class ExplanationPictures {

	/** Colours of the three importances on the timeline. */
	private static final Color[] METHOD_COLOURS = { new Color(31, 119, 180), new Color(44, 160, 44),
		new Color(214, 39, 40) };

	private ExplanationPictures() {}

	/**
	 * The timeline: x = the sampled frames in order (labelled by their frame numbers), y = each importance scaled to
	 * its maximum; the {@code method} curve thick, its top {@code k} frames marked.
	 */
	public static BufferedImage timeline(final VideoExplanation e, final int[] frameNumbers, final String method,
		final int topK, final int width, final int height)
	{
		final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		final int left = 40, right = 10, top = 22, bottom = 28;
		final int n = e.frames();
		final double step = n > 1 ? (width - left - right) / (double) (n - 1) : 0;
		g.setColor(Color.GRAY);
		g.drawLine(left, height - bottom, width - right, height - bottom);
		g.drawLine(left, top, left, height - bottom);
		g.setFont(new Font("SansSerif", Font.PLAIN, 11));
		final int labelEvery = Math.max(1, (int) Math.ceil(n / ((width - left - right) / 40.0)));
		for (int f = 0; f < n; f += labelEvery)
			g.drawString(Integer.toString(frameNumbers[f]), (int) (left + f * step) - 6, height - bottom + 14);
		g.drawString("frame", width / 2 - 14, height - 3);
		int legend = left + 4;
		int index = 0;
		for (final String name : List.of(VideoExplainer.ATTENTION, VideoExplainer.ROLLOUT,
			VideoExplainer.GRAD_ATTENTION))
		{
			final double[] values = e.importance().get(name);
			double max = 0;
			for (final double v : values) max = Math.max(max, v);
			final Color colour = METHOD_COLOURS[index++];
			g.setColor(colour);
			g.setStroke(new BasicStroke(name.equals(method) ? 2.5f : 1f));
			for (int f = 1; f < n; f++)
				g.drawLine((int) (left + (f - 1) * step), y(values[f - 1], max, top, height - bottom),
					(int) (left + f * step), y(values[f], max, top, height - bottom));
			if (n == 1) g.fillOval(left - 3, y(values[0], max, top, height - bottom) - 3, 6, 6);
			g.drawString(name, legend, 14);
			legend += g.getFontMetrics().stringWidth(name) + 16;
		}
		g.setColor(Color.BLACK);
		for (final int f : e.topFrames(method, topK)) {
			final int x = (int) (left + f * step);
			g.fillPolygon(new int[] { x - 4, x + 4, x }, new int[] { top - 8, top - 8, top - 1 }, 3);
		}
		g.drawString(
			String.format(Locale.ROOT, "class %d: p %.3f", e.explainedClass(), e.probabilities()[e.explainedClass()]),
			width - 130, 14);
		g.dispose();
		return image;
	}

	private static int y(final double value, final double max, final int top, final int bottom) {
		return (int) Math.round(bottom - (max > 0 ? value / max : 0) * (bottom - top));
	}

	/**
	 * A frame with a CAM (at {@code camWidth × camHeight}, scaled by {@code scale}: the clip's largest CAM value)
	 * blended over it as packed RGB: {@code (1 - a·m) · frame + a·m · heat(m)}.
	 */
	public static int[] blend(final PixelPlanes frame, final float[] cam, final int camWidth, final int camHeight,
		final double scale, final double opacity)
	{
		final int w = frame.width(), h = frame.height();
		final float[] map = TensorConverter.resize(cam, camWidth, camHeight, w, h);
		final float[] r = frame.plane(0), gr = frame.plane(frame.channels() == 3 ? 1 : 0),
			b = frame.plane(frame.channels() == 3 ? 2 : 0);
		final int[] out = new int[w * h];
		for (int i = 0; i < out.length; i++) {
			final double m = scale > 0 ? Math.max(0, Math.min(1, map[i] / scale)) : 0;
			final int heat = heat(m);
			final double a = opacity * m;
			out[i] = channel(r[i], heat >> 16 & 0xff, a) << 16 | channel(gr[i], heat >> 8 & 0xff, a) << 8 |
				channel(b[i], heat & 0xff, a);
		}
		return out;
	}

	private static int channel(final float under, final int over, final double a) {
		return (int) Math.max(0, Math.min(255, Math.round((1 - a) * under + a * over)));
	}

	/** A black-red-yellow-white heat colour for 0..1. */
	static int heat(final double m) {
		final int r = (int) Math.round(255 * Math.min(1, 3 * m));
		final int g = (int) Math.round(255 * Math.max(0, Math.min(1, 3 * m - 1)));
		final int b = (int) Math.round(255 * Math.max(0, Math.min(1, 3 * m - 2)));
		return r << 16 | g << 8 | b;
	}

	/** The clip's largest CAM value (0 when every map is empty). */
	public static double camScale(final VideoExplanation e) {
		double max = 0;
		for (final double v : e.camMax()) max = Math.max(max, v);
		return max;
	}

	/** A colour for an importance share 0..1 (frame tint/border): blue (low) to red (high). */
	public static Color importanceColour(final double share) {
		final double s = Math.max(0, Math.min(1, share));
		return new Color((int) Math.round(255 * s), 60, (int) Math.round(255 * (1 - s)));
	}
}
