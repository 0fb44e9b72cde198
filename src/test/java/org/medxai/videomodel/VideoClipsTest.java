package org.medxai.videomodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.fixtures.SyntheticVideos;
import org.medxai.image.ImageDecoding;
import org.medxai.image.ImageFileReader;
import org.medxai.image.PixelPlanes;
import org.medxai.video.FrameSampling;

/** Videos and frame folders read for a video model: sampled evenly, shrunk, grey kept as one plane. */
class VideoClipsTest {

	static final ImageFileReader DECODER = file -> List.of(ImageDecoding.read(file).planes());

	@TempDir
	Path temp;

	@Test
	void aVideoIsSampledEvenlyAndShrunk() throws Exception {
		final Path video = temp.resolve("clip.avi");
		SyntheticVideos.write(video, 20, 64, 48, 10, "mjpeg");
		final VideoClips.Clip clip = VideoClips.read(video, FrameSampling.ALL_FRAMES, 5, 32, DECODER,
			ProgressListener.NONE);
		assertArrayEquals(new int[] { 2, 6, 10, 14, 18 }, clip.frameIndices());
		assertEquals(5, clip.frames().size());
		assertEquals(32, clip.frames().get(0).width());
		assertEquals(24, clip.frames().get(0).height(), "the aspect ratio is kept");
		assertEquals(1.0, clip.time(2), 1e-9, "frame 10 at 10 frames per second");
		// a time range after the video's end holds no frame: one message
		final MedXaiException late = assertThrows(MedXaiException.class,
			() -> VideoClips.read(video, FrameSampling.of("all", 1, 30, 40), 5, 32, DECODER, ProgressListener.NONE));
		assertTrue(late.getMessage().contains("shorter than one frame"), late.getMessage());
	}

	@Test
	void aFrameFolderOfGreyFramesKeepsOnePlaneWithItsValues() throws Exception {
		final Path folder = Files.createDirectories(temp.resolve("frames"));
		for (int i = 0; i < 6; i++) {
			final BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
			for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) image.setRGB(x, y, (40 + i) * 0x010101);
			ImageIO.write(image, "png", folder.resolve("f" + (i + 1) + ".png").toFile());
		}
		final VideoClips.Clip clip = VideoClips.read(folder, FrameSampling.ALL_FRAMES, 3, 8, DECODER,
			ProgressListener.NONE);
		assertArrayEquals(new int[] { 1, 3, 5 }, clip.frameIndices());
		final PixelPlanes frame = clip.frames().get(1);
		assertEquals(1, frame.channels());
		assertEquals(43, frame.plane(0)[0], 1e-4, "values kept as they are, not stretched");
	}
}
