package org.medxai.ui;

import java.awt.BasicStroke;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.WindowConstants;

import org.medxai.video.StageClustering;
import org.medxai.video.StageReport;

/**
 * A window for the stages of a video: the 2-D map of its frames (coloured by stage or by time; click a point to go to
 * that frame, drag a rectangle to select frames) above a timeline of stages over frame index (click to go to a frame).
 * The current frame is ringed on the map and marked on the timeline. What a click or a selection does is the host's
 * business: it is told through the listeners.
 */
public final class StageExplorer {

	private final JFrame frame;
	private final MapPanel map;
	private final TimelinePanel timeline;
	private final JLabel status = new JLabel(" ");
	private final JButton substack = new JButton("Substack of selection");
	private final StageClustering.Result result;
	private final int[] frameNumbers;
	private final double[] times;
	private IntConsumer onFrame = i -> {};
	private Consumer<int[]> onSelection = s -> {};
	private int current = -1;
	private int[] selection = new int[0];

	/**
	 * @param frameNumbers the source frame number of each point (for the status line)
	 * @param times each point's time in seconds (NaN when unknown)
	 */
	public StageExplorer(final String title, final StageClustering.Result result, final int[] frameNumbers,
		final double[] times)
	{
		this.result = result;
		this.frameNumbers = frameNumbers;
		this.times = times;
		frame = new JFrame("MedXAI stages: " + title);
		frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
		map = new MapPanel();
		timeline = new TimelinePanel();
		final JComboBox<String> colours = new JComboBox<>(new String[] { "colour by stage", "colour by time" });
		colours.addActionListener(e -> {
			map.byTime = colours.getSelectedIndex() == 1;
			map.repaint();
		});
		substack.setEnabled(false);
		substack.addActionListener(e -> onSelection.accept(selection.clone()));
		final JPanel controls = new JPanel(new FlowLayout(FlowLayout.LEFT));
		controls.add(colours);
		controls.add(substack);
		controls.add(status);
		final JPanel south = new JPanel(new BorderLayout());
		south.add(timeline, BorderLayout.CENTER);
		south.add(controls, BorderLayout.SOUTH);
		frame.getContentPane().add(map, BorderLayout.CENTER);
		frame.getContentPane().add(south, BorderLayout.SOUTH);
		frame.pack();
	}

	/** Told the index (0-based, into the clustered frames) of a frame the user clicked. */
	public StageExplorer onFrame(final IntConsumer listener) {
		onFrame = listener;
		return this;
	}

	/** Told the indices the user asked a substack of. */
	public StageExplorer onSelection(final Consumer<int[]> listener) {
		onSelection = listener;
		return this;
	}

	public void show() {
		frame.setVisible(true);
	}

	public JFrame window() {
		return frame;
	}

	/** Marks frame {@code index} as the current one (e.g. when the stack moved). */
	public void setCurrent(final int index) {
		current = index;
		if (index >= 0 && index < frameNumbers.length) status.setText(describe(index));
		map.repaint();
		timeline.repaint();
	}

	public int current() {
		return current;
	}

	public int[] selection() {
		return selection.clone();
	}

	/** The map as drawn now, for a screenshot. */
	public BufferedImage paintMap() {
		final BufferedImage image = new BufferedImage(Math.max(1, map.getWidth()), Math.max(1, map.getHeight()),
			BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = image.createGraphics();
		map.paint(g);
		g.dispose();
		return image;
	}

	/** The map's screen position of point {@code index}, in the map panel's coordinates. */
	public Point screenPoint(final int index) {
		return map.toScreen(index);
	}

	/** The map panel (for driving it with mouse events). */
	public JPanel mapPanel() {
		return map;
	}

	/** The timeline panel (for driving it with mouse events). */
	public JPanel timelinePanel() {
		return timeline;
	}

	private String describe(final int index) {
		return String.format(Locale.ROOT, "frame %d%s, stage %d", frameNumbers[index],
			Double.isFinite(times[index]) ? " (" + StageReport.time(times[index]) + ")" : "", result.stage()[index]);
	}

	private static Color timeColour(final double share) {
		return Color.getHSBColor((float) (0.7 * (1 - share)), 0.85f, 0.9f);
	}

	/** The scatter of the map. */
	private final class MapPanel extends JPanel {

		private static final long serialVersionUID = 1L;
		private static final int MARGIN = 20;
		/** minX, spanX, minY, spanY of the map: fixed, so found once, not per point drawn. */
		private final double[] bounds;
		private boolean byTime;
		private Rectangle dragging;
		private int pressX, pressY;

		MapPanel() {
			bounds = StageReport.mapBounds(result.map());
			setBackground(Color.WHITE);
			setPreferredSize(new Dimension(720, 560));
			final MouseAdapter mouse = new MouseAdapter() {

				@Override
				public void mousePressed(final MouseEvent e) {
					pressX = e.getX();
					pressY = e.getY();
					dragging = null;
				}

				@Override
				public void mouseDragged(final MouseEvent e) {
					dragging = new Rectangle(Math.min(pressX, e.getX()), Math.min(pressY, e.getY()),
						Math.abs(e.getX() - pressX), Math.abs(e.getY() - pressY));
					repaint();
				}

				@Override
				public void mouseReleased(final MouseEvent e) {
					if (dragging != null && dragging.width > 3 && dragging.height > 3) {
						final List<Integer> inside = new ArrayList<>();
						for (int i = 0; i < result.map().length; i++) if (dragging.contains(toScreen(i))) inside.add(i);
						selection = inside.stream().mapToInt(Integer::intValue).toArray();
						substack.setEnabled(selection.length > 0);
						status.setText(selection.length + " frame(s) selected");
					}
					else {
						final int nearest = nearest(e.getX(), e.getY());
						if (nearest >= 0) {
							setCurrent(nearest);
							onFrame.accept(nearest);
						}
					}
					dragging = null;
					repaint();
				}
			};
			addMouseListener(mouse);
			addMouseMotionListener(mouse);
		}

		Point toScreen(final int i) {
			final double[] b = bounds;
			final int w = Math.max(1, getWidth() - 2 * MARGIN), h = Math.max(1, getHeight() - 2 * MARGIN);
			return new Point(MARGIN + (int) Math.round((result.map()[i][0] - b[0]) / b[1] * w),
				MARGIN + h - (int) Math.round((result.map()[i][1] - b[2]) / b[3] * h));
		}

		/** The point within 10 pixels of (x, y), nearest first; -1 when none. */
		private int nearest(final int x, final int y) {
			int best = -1;
			double bestDistance = 10;
			for (int i = 0; i < result.map().length; i++) {
				final Point p = toScreen(i);
				final double d = p.distance(x, y);
				if (d <= bestDistance) {
					bestDistance = d;
					best = i;
				}
			}
			return best;
		}

		@Override
		protected void paintComponent(final Graphics graphics) {
			super.paintComponent(graphics);
			final Graphics2D g = (Graphics2D) graphics;
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			final int n = result.map().length;
			final boolean[] selected = new boolean[n];
			for (final int s : selection) selected[s] = true;
			for (int i = 0; i < n; i++) {
				final Point p = toScreen(i);
				g.setColor(
					byTime ? timeColour(i / (double) Math.max(1, n - 1)) : StageReport.colour(result.stage()[i]));
				g.fillOval(p.x - 4, p.y - 4, 9, 9);
				if (selected[i]) {
					g.setColor(Color.BLACK);
					g.drawOval(p.x - 5, p.y - 5, 11, 11);
				}
			}
			if (current >= 0 && current < n) {
				final Point p = toScreen(current);
				g.setColor(Color.BLACK);
				g.setStroke(new BasicStroke(2.5f));
				g.drawOval(p.x - 9, p.y - 9, 19, 19);
			}
			if (dragging != null) {
				g.setColor(new Color(0, 0, 0, 60));
				g.fill(dragging);
				g.setColor(Color.DARK_GRAY);
				g.draw(dragging);
			}
		}
	}

	/** Stages over frame index. */
	private final class TimelinePanel extends JPanel {

		private static final long serialVersionUID = 1L;

		TimelinePanel() {
			setBackground(Color.WHITE);
			setPreferredSize(new Dimension(720, 44));
			addMouseListener(new MouseAdapter() {

				@Override
				public void mouseReleased(final MouseEvent e) {
					final int n = result.stage().length;
					final int index = Math.max(0,
						Math.min(n - 1, (int) ((long) (e.getX() - 10) * n / Math.max(1, getWidth() - 20))));
					setCurrent(index);
					onFrame.accept(index);
				}
			});
		}

		@Override
		protected void paintComponent(final Graphics graphics) {
			super.paintComponent(graphics);
			final int n = result.stage().length, width = Math.max(1, getWidth() - 20);
			for (int i = 0; i < n; i++) {
				final int x0 = 10 + (int) ((long) i * width / n), x1 = 10 + (int) ((long) (i + 1) * width / n);
				graphics.setColor(StageReport.colour(result.stage()[i]));
				graphics.fillRect(x0, 8, Math.max(1, x1 - x0), 26);
			}
			if (current >= 0) {
				final int x = 10 + (int) ((current + 0.5) * width / n);
				graphics.setColor(Color.BLACK);
				graphics.fillRect(x - 1, 2, 3, 38);
			}
		}
	}
}
