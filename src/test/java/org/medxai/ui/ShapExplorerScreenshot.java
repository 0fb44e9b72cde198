package org.medxai.ui;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

import org.medxai.tabular.ModelKind;
import org.medxai.tabular.ShapPlots;

/**
 * Opens the SHAP explorer in a real window (run under a display, e.g. Xvfb), fits a forest on a known table, selects a
 * row, checks what the window shows and saves a screenshot and each plot. Prints "EXPLORER OK" and exits 0 when every
 * check holds; prints the failed check and exits 1 otherwise. Usage: ShapExplorerScreenshot TABLE.csv OUTPUT_DIR
 */
public final class ShapExplorerScreenshot {

	public static void main(final String[] args) {
		try {
			run(args);
		}
		catch (final Throwable e) {
			System.out.println("EXPLORER CHECK FAILED: " + e);
			e.printStackTrace(System.out);
			System.exit(1);
		}
	}

	private static void run(final String[] args) throws Exception {
		final Path table = Path.of(args[0]);
		final Path out = Files.createDirectories(Path.of(args[1]));
		final List<String> linked = new CopyOnWriteArrayList<>();
		final ShapExplorer[] holder = new ShapExplorer[1];
		SwingUtilities.invokeAndWait(() -> {
			holder[0] = new ShapExplorer((id, pattern) -> {
				linked.add(id);
				return "linked " + id;
			});
			holder[0].setLocation(0, 0);
			holder[0].setVisible(true);
			holder[0].openTable(table);
			holder[0].choose("binary", "id", ModelKind.RANDOM_FOREST, 100, 3);
			holder[0].fitAndExplain();
		});
		final ShapExplorer explorer = holder[0];
		explorer.awaitResult();
		for (int wait = 0; wait < 600 && explorer.outcome() == null; wait++) Thread.sleep(100); // done() shows the result on the event thread
		check(explorer.outcome() != null, "the result reached the window");
		check(
			explorer.notesText().contains(
				"info: Task: classification (2 classes) of 'binary' (auto: the target holds " + "text labels)."),
			"the Notes tab states the task: " + explorer.notesText());
		SwingUtilities.invokeAndWait(() -> {
			explorer.selectRow(5);
			explorer.showTab("Beeswarm");
		});
		Thread.sleep(800); // let the window paint
		SwingUtilities.invokeAndWait(() -> {});
		final Map<String, BufferedImage> plots = explorer.plotImages();
		check(plots.keySet().equals(java.util.Set.of("waterfall", "beeswarm", "bar", "dependence")),
			"plots shown: " + plots.keySet());
		final String id = explorer.outcome().shap().data().ids()[5];
		check(linked.contains(id), "selecting row 5 links its images: " + linked + " (expected " + id + ")");
		check(
			count(plots.get("beeswarm"), ShapPlots.NEGATIVE) > 50 &&
				count(plots.get("beeswarm"), ShapPlots.POSITIVE) > 50,
			"beeswarm dots coloured low (blue) to high (red)");
		check(count(plots.get("bar"), ShapPlots.POSITIVE) > 500, "bar plot bars");
		check(
			count(plots.get("waterfall"), ShapPlots.POSITIVE) + count(plots.get("waterfall"), ShapPlots.NEGATIVE) > 500,
			"waterfall bars");
		for (final var e : plots.entrySet())
			ImageIO.write(e.getValue(), "png", out.resolve("shap-explorer-" + e.getKey() + ".png").toFile());
		final Rectangle bounds = explorer.getBounds();
		final BufferedImage screen = new Robot().createScreenCapture(bounds);
		ImageIO.write(screen, "png", out.resolve("shap-explorer-window.png").toFile());
		check(count(screen, ShapPlots.NEGATIVE) > 50, "the window on screen shows the beeswarm");
		System.out.println(
			"EXPLORER OK rows=" + explorer.outcome().shap().rows() + " method=" + explorer.outcome().shap().method());

		// a 10,000-row table: the window keeps answering while the work runs, and Cancel stops it
		final Path big = table.resolveSibling("large.csv");
		Files.writeString(big, org.medxai.tabular.SyntheticTables.csv(10_000, "value", 8));
		SwingUtilities.invokeAndWait(() -> {
			explorer.openTable(big);
			explorer.choose("value", "id", ModelKind.RANDOM_FOREST, 200, 5);
			explorer.fitAndExplain();
		});
		long worst = 0;
		for (int probe = 0; probe < 30 && explorer.isWorking(); probe++) {
			final long t0 = System.nanoTime();
			SwingUtilities.invokeAndWait(() -> explorer.getContentPane().repaint());
			worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
			Thread.sleep(100);
		}
		check(explorer.isWorking(), "the large table was still being worked on after 3 s of probing");
		final long cancelAt = System.nanoTime();
		explorer.requestCancel();
		for (int wait = 0; wait < 1200 && explorer.isWorking(); wait++) Thread.sleep(50);
		final long cancelMs = (System.nanoTime() - cancelAt) / 1_000_000;
		SwingUtilities.invokeAndWait(() -> {});
		Thread.sleep(200);
		check(!explorer.isWorking(), "Cancel stopped the work");
		check(explorer.statusText().startsWith("Cancelled"), "status after cancel: " + explorer.statusText());
		check(explorer.outcome().shap().rows() == 160, "the previous result stays after a cancel");
		check(worst < 250, "the event thread answered within 250 ms while working (worst " + worst + " ms)");
		System.out.println("RESPONSIVE worst_event_ms=" + worst + " cancel_ms=" + cancelMs);
		SwingUtilities.invokeAndWait(explorer::dispose);
		System.exit(0);
	}

	private static void check(final boolean ok, final String what) {
		if (!ok) {
			System.out.println("EXPLORER CHECK FAILED: " + what);
			System.exit(1);
		}
	}

	static int count(final BufferedImage image, final Color colour) {
		int n = 0;
		final int rgb = colour.getRGB() & 0xFFFFFF;
		for (int y = 0; y < image.getHeight(); y++)
			for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
		return n;
	}
}
