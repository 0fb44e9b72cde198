package org.medxai.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.image.PixelPlanes;

class DemoReportTest {

	@TempDir
	Path temp;

	/**
	 * The video section: the expert's label beside the model's, and the frame shown is the one ranked first by the
	 * importance with the largest deletion gain (here rollout's second frame, not attention's third).
	 */
	@Test
	void videoSectionShowsTheFrameOfTheImportanceTheDeletionTestTrustsMost() throws IOException {
		final Path output = temp.resolve("out"), real = temp.resolve("real"), video = output.resolve("real/video");
		Files.createDirectories(video);
		Files.createDirectories(real);
		Files.writeString(real.resolve("video_labels.csv"), "file,label\nclip.avi,no\n");
		Files.writeString(video.resolve("predictions.csv"), "file,label,p_no,p_yes\nclip.avi,yes,0.2,0.8\n");
		Files.writeString(video.resolve("attention.csv"), "file,frame,time,attention,rollout,grad_attention\n" +
			"clip.avi,1,0,0.1,0.2,0.5\nclip.avi,4,0.1,0.2,0.7,0.3\nclip.avi,7,0.2,0.7,0.1,0.2\n");
		Files.writeString(video.resolve("faithfulness.csv"), "file,method,deletion_area,random_area,gain\n" +
			"clip.avi,attention,0.7,0.75,0.05\nclip.avi,rollout,0.55,0.75,0.2\nclip.avi,grad_attention,0.85,0.75,-0.1\n");
		ImageIO.write(new java.awt.image.BufferedImage(20, 10, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
			video.resolve("clip_timeline.png").toFile());
		Files.writeString(video.resolve("clip_cam.tif"), "three frames");
		// the CAM stack's frames: all red, all green, all blue
		final int[] colours = { 0xff0000, 0x00ff00, 0x0000ff };
		final Path index = DemoReport.write(output, temp.resolve("no-images"), real, file -> {
			final List<PixelPlanes> frames = new ArrayList<>();
			for (final int colour : colours) {
				final float[][] planes = new float[3][16];
				for (int c = 0; c < 3; c++) java.util.Arrays.fill(planes[c], colour >> (16 - 8 * c) & 0xff);
				frames.add(PixelPlanes.planes(4, 4, planes));
			}
			return frames;
		});
		final String html = Files.readString(index);
		assertTrue(html.contains("expert: no · model: <b>yes</b>"), html);
		assertTrue(html.contains("frame 2 of 3 explained, first by rollout (deletion gain 0.20)"), html);
		final java.util.regex.Matcher frame = java.util.regex.Pattern.compile("<img src='(report/video-frame[^']+)'")
			.matcher(html);
		assertTrue(frame.find(), html);
		assertEquals(0x00ff00, ImageIO.read(output.resolve(frame.group(1)).toFile()).getRGB(2, 2) & 0xffffff,
			"rollout's first frame, the second of the stack");
	}

	@Test
	void jetRunsFromBlueToRed() {
		assertEquals(0x000080, DemoReport.jet(0), "dark blue at 0");
		assertEquals(0x800000, DemoReport.jet(1), "dark red at 1");
		assertEquals(0x80ff80, DemoReport.jet(0.5), "green-yellow in the middle");
	}

	@Test
	void camOverlayKeepsTheImageWhereTheMapIsLowAndColoursItWhereHigh() {
		final int[] grey = { 0x808080, 0x808080 };
		final int[] out = DemoReport.camOverlay(grey, new float[] { 0, 1 });
		// 15 % of dark blue over grey at 0; 60 % of dark red at 1
		assertEquals(0x6d6d80, out[0]);
		assertEquals(0x803333, out[1]);
	}

	@Test
	void outlinePaintsOnlyTheMaskBorder() {
		final int w = 5, h = 5;
		final boolean[] mask = new boolean[w * h];
		for (int y = 1; y <= 3; y++) for (int x = 1; x <= 3; x++) mask[y * w + x] = true;
		final int[] pixels = new int[w * h];
		DemoReport.outline(pixels, w, h, mask, 7);
		final int[] expected = new int[w * h];
		for (int y = 1; y <= 3; y++) for (int x = 1; x <= 3; x++) if (x != 2 || y != 2) expected[y * w + x] = 7;
		assertArrayEquals(expected, pixels);
	}

	@Test
	void captionsAreEscaped() {
		assertEquals("a&lt;b&gt; &amp; &#39;c&#39;", DemoReport.escape("a<b> & 'c'"));
	}
}
