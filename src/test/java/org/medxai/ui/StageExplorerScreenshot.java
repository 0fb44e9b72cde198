package org.medxai.ui;

import java.awt.Color;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.process.ColorProcessor;

import org.medxai.ProgressListener;
import org.medxai.fixtures.SyntheticVideos;
import org.medxai.ij1.ImagePlusPlanes;
import org.medxai.ij1.VideoStageWindow;
import org.medxai.video.FrameEmbeddings;
import org.medxai.video.FrameMap;
import org.medxai.video.StageClustering;
import org.medxai.video.StageReport;

/**
 * Opens the stage explorer on a generated stack of four stages in a real window (run under a display, e.g. Xvfb),
 * clicks a point, drags a selection, asks for its substack, clicks the timeline and moves the stack, checking what each
 * does; saves a screenshot. Prints "STAGES OK" and exits 0 when every check holds; prints the failed check and exits 1
 * otherwise. Usage: StageExplorerScreenshot OUTPUT_DIR
 */
public final class StageExplorerScreenshot {

	public static void main(final String[] args) {
		try {
			run(Path.of(args[0]));
			System.exit(0);
		}
		catch (final Throwable e) {
			System.out.println("STAGES CHECK FAILED: " + e);
			e.printStackTrace(System.out);
			System.exit(1);
		}
	}

	private static void run(final Path out) throws Exception {
		Files.createDirectories(out);
		final int[] lengths = { 20, 12, 25, 15 };
		final Random random = new Random(4);
		final ImageStack stack = new ImageStack(96, 96);
		for (int s = 0; s < lengths.length; s++)
			for (int f = 0; f < lengths[s]; f++)
				stack.addSlice("frame " + (stack.getSize() + 1),
					new ColorProcessor(96, 96, SyntheticVideos.stageFrame(s, random)));
		final ImagePlus image = new ImagePlus("stages", stack);
		final ImagePlusPlanes planes = new ImagePlusPlanes(image);
		final StageClustering.Result result = StageClustering.run(
			FrameEmbeddings.global(planes.count(), planes::planes, ProgressListener.NONE),
			new StageClustering.Options(4, StageClustering.Method.TIME_ORDERED, StageClustering.Reduction.PCA, 8,
				FrameMap.Kind.UMAP, 20, 1),
			ProgressListener.NONE);
		final int n = result.stage().length;
		final StageExplorer[] holder = new StageExplorer[1];
		SwingUtilities.invokeAndWait(() -> {
			image.show();
			holder[0] = VideoStageWindow.explorer(image, result);
			holder[0].window().setLocation(0, 0);
			holder[0].show();
		});
		final StageExplorer explorer = holder[0];
		settle();

		// a click on a point shows that frame in the stack
		final Point p40 = onEdt(() -> explorer.screenPoint(40));
		click(explorer.mapPanel(), p40);
		check(image.getCurrentSlice() == 41 && explorer.current() == 40,
			"clicking point 40 shows slice 41: slice " + image.getCurrentSlice() + ", marker " + explorer.current());

		// a dragged rectangle selects the points inside it; the button makes their substack
		final List<Point> stage2 = new ArrayList<>();
		for (int i = 0; i < n; i++) if (result.stage()[i] == 2) stage2.add(onEdt(screen(explorer, i)));
		final Rectangle box = new Rectangle(stage2.get(0));
		for (final Point p : stage2) box.add(p);
		box.grow(4, 4);
		drag(explorer.mapPanel(), new Point(box.x, box.y), new Point(box.x + box.width, box.y + box.height));
		final int[] selected = explorer.selection();
		final List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < n; i++) if (box.contains(onEdt(screen(explorer, i)))) expected.add(i);
		check(Arrays.equals(selected, expected.stream().mapToInt(Integer::intValue).toArray()),
			"the selection is the points in the rectangle: " + Arrays.toString(selected) + " vs " + expected);
		check(selected.length >= stage2.size(), "all of stage 2 is selected: " + selected.length);
		final int before = WindowManager.getImageCount();
		SwingUtilities
			.invokeAndWait(() -> button(explorer.window().getContentPane(), "Substack of selection").doClick());
		settle();
		final ImagePlus substack = WindowManager.getImage(WindowManager.getIDList()[WindowManager.getImageCount() - 1]);
		check(WindowManager.getImageCount() == before + 1 && substack.getStackSize() == selected.length &&
			substack.getTitle().startsWith("Selection of"), "a substack of the selection opened");

		// the timeline: a click three quarters along shows a frame there
		final JComponent timeline = explorer.timelinePanel();
		click(timeline, new Point(10 + (timeline.getWidth() - 20) * 3 / 4, 20));
		check(Math.abs(image.getCurrentSlice() - (n * 3 / 4 + 1)) <= 1,
			"timeline click at 3/4 shows slice " + image.getCurrentSlice() + " of " + n);

		// moving through the stack moves the marker
		SwingUtilities.invokeAndWait(() -> image.setSlice(10));
		settle();
		check(explorer.current() == 9, "setting slice 10 marks point 9: " + explorer.current());

		final BufferedImage map = onEdt(explorer::paintMap);
		for (int s = 1; s <= 4; s++)
			check(count(map, StageReport.colour(s)) > 100, "stage " + s + " dots drawn in their colour");
		ImageIO.write(map, "png", out.resolve("stage-explorer-map.png").toFile());
		final Rectangle bounds = onEdt(() -> explorer.window().getBounds());
		ImageIO.write(new Robot().createScreenCapture(bounds), "png",
			out.resolve("stage-explorer-window.png").toFile());
		System.out.println("STAGES OK frames=" + n + " stages=" + result.stages() + " selected=" + selected.length);
	}

	private static java.util.function.Supplier<Point> screen(final StageExplorer explorer, final int i) {
		return () -> explorer.screenPoint(i);
	}

	private static <T> T onEdt(final java.util.function.Supplier<T> supplier) throws Exception {
		final List<T> box = new ArrayList<>();
		SwingUtilities.invokeAndWait(() -> box.add(supplier.get()));
		return box.get(0);
	}

	private static void click(final JComponent target, final Point p) throws Exception {
		SwingUtilities.invokeAndWait(() -> {
			final long t = System.currentTimeMillis();
			target.dispatchEvent(new MouseEvent(target, MouseEvent.MOUSE_PRESSED, t, InputEvent.BUTTON1_DOWN_MASK, p.x,
				p.y, 1, false, MouseEvent.BUTTON1));
			target.dispatchEvent(
				new MouseEvent(target, MouseEvent.MOUSE_RELEASED, t + 5, 0, p.x, p.y, 1, false, MouseEvent.BUTTON1));
		});
		settle();
	}

	private static void drag(final JComponent target, final Point from, final Point to) throws Exception {
		SwingUtilities.invokeAndWait(() -> {
			final long t = System.currentTimeMillis();
			target.dispatchEvent(new MouseEvent(target, MouseEvent.MOUSE_PRESSED, t, InputEvent.BUTTON1_DOWN_MASK,
				from.x, from.y, 1, false, MouseEvent.BUTTON1));
			target.dispatchEvent(new MouseEvent(target, MouseEvent.MOUSE_DRAGGED, t + 5, InputEvent.BUTTON1_DOWN_MASK,
				(from.x + to.x) / 2, (from.y + to.y) / 2, 0, false, MouseEvent.BUTTON1));
			target.dispatchEvent(new MouseEvent(target, MouseEvent.MOUSE_DRAGGED, t + 10, InputEvent.BUTTON1_DOWN_MASK,
				to.x, to.y, 0, false, MouseEvent.BUTTON1));
			target.dispatchEvent(
				new MouseEvent(target, MouseEvent.MOUSE_RELEASED, t + 15, 0, to.x, to.y, 1, false, MouseEvent.BUTTON1));
		});
		settle();
	}

	private static void settle() throws Exception {
		Thread.sleep(400);
		SwingUtilities.invokeAndWait(() -> {});
	}

	private static JButton button(final java.awt.Container root, final String text) {
		for (final java.awt.Component c : root.getComponents()) {
			if (c instanceof JButton b && text.equals(b.getText())) return b;
			if (c instanceof java.awt.Container inner) {
				final JButton found = button(inner, text);
				if (found != null) return found;
			}
		}
		return null;
	}

	private static int count(final BufferedImage image, final Color colour) {
		int n = 0;
		for (int y = 0; y < image.getHeight(); y++)
			for (int x = 0; x < image.getWidth(); x++)
				if ((image.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) n++;
		return n;
	}

	private static void check(final boolean condition, final String what) {
		if (!condition) throw new AssertionError(what);
	}
}
