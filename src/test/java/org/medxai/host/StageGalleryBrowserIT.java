package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.ProgressListener;
import org.medxai.fixtures.SyntheticVideos;
import org.medxai.image.GlobalFeatures;
import org.medxai.image.PixelPlanes;
import org.medxai.video.FrameMap;
import org.medxai.video.StageClustering;
import org.medxai.video.StageReport;

/**
 * The stage gallery in a real headless browser (Chromium's headless shell, installed by scripts/test.sh as root; the
 * test is skipped visibly without it): the page's DOM holds one captioned thumbnail per frame in a section per stage,
 * and its rendering shows the thumbnails (their pixels, in their stage's frame colour).
 */
class StageGalleryBrowserIT {

	@TempDir
	Path temp;

	@Test
	void galleryRendersEveryStageWithItsThumbnailsInAHeadlessBrowser() throws Exception {
		final HeadlessBrowser browser = HeadlessBrowser.require(temp);
		final int[] lengths = { 8, 6, 10 };
		final Random random = new Random(2);
		final int n = 24;
		final int[][] frames = new int[n][];
		final double[][] features = new double[n][];
		for (int s = 0, i = 0; s < lengths.length; s++) for (int f = 0; f < lengths[s]; f++, i++) {
			frames[i] = SyntheticVideos.stageFrame(s, random);
			features[i] = GlobalFeatures.of(PixelPlanes.rgb(frames[i], 96, 96));
		}
		final StageClustering.Result result = StageClustering
			.run(
				GlobalFeatures.standardise(features), new StageClustering.Options(3,
					StageClustering.Method.TIME_ORDERED, StageClustering.Reduction.PCA, 6, FrameMap.Kind.PCA, 20, 1),
				ProgressListener.NONE);
		final int[] numbers = new int[n];
		final double[] times = new double[n];
		for (int i = 0; i < n; i++) {
			numbers[i] = i + 1;
			times[i] = i * 30.0;
		}
		final Path out = temp.resolve("stages");
		StageReport.write(out, "generated", numbers, times, result, null, null, i -> {
			final BufferedImage picture = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
			picture.setRGB(0, 0, 96, 96, frames[i], 0, 96);
			return picture;
		});
		final String dom = browser.dom(out.resolve("gallery/index.html"));
		assertEquals(n, HeadlessBrowser.count(dom, "<figure>"), dom);
		for (int s = 1; s <= 3; s++) assertTrue(dom.contains("id=\"cluster-" + s + "\""), "section of stage " + s);
		assertTrue(dom.contains("frame 24 · 11:30"), "frame number and time under the last thumbnail");

		final BufferedImage page = browser.screenshot(out.resolve("gallery/index.html"), 1200, 1400,
			"stage-gallery-browser.png");
		for (int s = 1; s <= 3; s++) {
			final int colour = StageReport.colour(s).getRGB() & 0xffffff;
			assertTrue(HeadlessBrowser.pixels(page, p -> p == colour) > 500,
				"stage " + s + "'s thumbnails framed in its colour");
		}
		// the thumbnails themselves: the frames' dark background and bright discs, scaled into the page
		assertTrue(HeadlessBrowser.pixels(page, p -> grey(p) >= 30 && grey(p) <= 60) > 5000,
			"thumbnail backgrounds rendered");
		assertTrue(HeadlessBrowser.pixels(page, p -> grey(p) >= 180 && grey(p) <= 215) > 1000,
			"thumbnail discs rendered");
	}

	private static int grey(final int rgb) {
		final int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
		return Math.abs(r - g) < 8 && Math.abs(g - b) < 8 ? g : -1;
	}
}
