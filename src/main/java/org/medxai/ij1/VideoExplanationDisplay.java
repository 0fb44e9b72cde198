package org.medxai.ij1;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageCanvas;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.medxai.image.PixelPlanes;
import org.medxai.videomodel.ExplanationPictures;
import org.medxai.videomodel.VideoExplanation;

/**
 * A video explanation in ImageJ: a new stack of the explained frames with each frame's Grad-CAM as an overlay and a
 * border coloured by its importance; the attention timeline whose clicks go to that frame; a montage of the top frames
 * with their CAMs. The source stack is never touched.
 */
public final class VideoExplanationDisplay {

	private VideoExplanationDisplay() {}

	/** The explained frames as an RGB stack with CAM overlays, importance borders and labels. */
	public static ImagePlus explainedStack(final String title, final List<PixelPlanes> frames, final int[] numbers,
		final VideoExplanation e, final String method)
	{
		final int w = frames.get(0).width(), h = frames.get(0).height();
		final ImageStack stack = new ImageStack(w, h);
		for (int f = 0; f < frames.size(); f++)
			stack.addSlice("frame " + numbers[f], new ColorProcessor(w, h, rgb(frames.get(f))));
		final ImagePlus image = new ImagePlus(title, stack);
		final Overlay overlay = new Overlay();
		final double scale = ExplanationPictures.camScale(e);
		final double[] importance = e.importance().get(method);
		double max = 0;
		for (final double v : importance) max = Math.max(max, v);
		final int border = Math.max(2, Math.min(w, h) / 60);
		for (int f = 0; f < frames.size(); f++) {
			final float[] map = new float[e.cams()[f].length];
			for (int i = 0; i < map.length; i++) map[i] = (float) (scale > 0 ? e.cams()[f][i] / scale : 0);
			final ImageProcessor heat = CamDisplay.camProcessor(map, e.camWidth(), e.camHeight(), "fire")
				.resize(w, h, true).convertToRGB();
			final ImageRoi cam = new ImageRoi(0, 0, heat);
			cam.setOpacity(0.4);
			cam.setName("MedXAI CAM " + (f + 1));
			cam.setPosition(f + 1);
			overlay.add(cam);
			final double share = max > 0 ? importance[f] / max : 0;
			final Roi frame = new Roi(border / 2.0, border / 2.0, w - border, h - border);
			frame.setStrokeColor(ExplanationPictures.importanceColour(share));
			frame.setStroke(new BasicStroke(border));
			frame.setPosition(f + 1);
			overlay.add(frame);
			final TextRoi label = new TextRoi(border + 2, border + 2,
				String.format(Locale.ROOT, "frame %d  %s %.3f", numbers[f], method, importance[f]),
				new Font("SansSerif", Font.BOLD, Math.max(11, h / 28)));
			label.setStrokeColor(Color.WHITE);
			label.setFillColor(new Color(0, 0, 0, 140));
			label.setPosition(f + 1);
			overlay.add(label);
		}
		image.setOverlay(overlay);
		return image;
	}

	/** The timeline picture; with a window, a click on it shows that frame of {@code explained}. */
	public static ImagePlus timeline(final String title, final VideoExplanation e, final int[] numbers,
		final String method, final int topK)
	{
		final BufferedImage picture = ExplanationPictures.timeline(e, numbers, method, topK, 720, 200);
		return new ImagePlus(title, picture);
	}

	/** Links a shown timeline to the explained stack: a click moves the stack to the nearest frame. */
	public static void link(final ImagePlus timeline, final ImagePlus explained, final int frames) {
		final ImageCanvas canvas = timeline.getCanvas();
		if (canvas == null) return;
		canvas.addMouseListener(new MouseAdapter() {

			@Override
			public void mouseClicked(final MouseEvent event) {
				final int x = canvas.offScreenX(event.getX());
				final int left = 40, right = 10;
				final double step = frames > 1 ? (timeline.getWidth() - left - right) / (double) (frames - 1) : 1;
				final int frame = (int) Math.max(0, Math.min(frames - 1, Math.round((x - left) / step)));
				explained.setSlice(frame + 1);
			}
		});
	}

	/** The top frames side by side, each with its CAM blended in and its rank. */
	public static ImagePlus montage(final String title, final List<PixelPlanes> frames, final int[] numbers,
		final VideoExplanation e, final String method, final int topK)
	{
		final int[] top = e.topFrames(method, topK);
		final int w = frames.get(0).width(), h = frames.get(0).height();
		final ColorProcessor montage = new ColorProcessor(w * top.length, h);
		final double scale = ExplanationPictures.camScale(e);
		for (int k = 0; k < top.length; k++) {
			final int f = top[k];
			final ColorProcessor tile = new ColorProcessor(w, h,
				ExplanationPictures.blend(frames.get(f), e.cams()[f], e.camWidth(), e.camHeight(), scale, 0.5));
			montage.insert(tile, k * w, 0);
			montage.setColor(Color.WHITE);
			montage.setFont(new Font("SansSerif", Font.BOLD, Math.max(11, h / 20)));
			montage.drawString("#" + (k + 1) + " frame " + numbers[f], k * w + 4, Math.max(14, h / 14));
		}
		return new ImagePlus(title, montage);
	}

	private static int[] rgb(final PixelPlanes frame) {
		final float[] r = frame.plane(0), g = frame.plane(frame.channels() == 3 ? 1 : 0),
			b = frame.plane(frame.channels() == 3 ? 2 : 0);
		final int[] out = new int[r.length];
		for (int i = 0; i < out.length; i++) out[i] = clamp(r[i]) << 16 | clamp(g[i]) << 8 | clamp(b[i]);
		return out;
	}

	private static int clamp(final float v) {
		return Math.max(0, Math.min(255, Math.round(v)));
	}
}
