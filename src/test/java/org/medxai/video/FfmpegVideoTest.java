package org.medxai.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.fixtures.SyntheticVideos;

/** Videos the test encodes itself decode back to the frames that went in, by sequence and by seeking. */
class FfmpegVideoTest {

	private static final int W = 96, H = 64;

	@TempDir
	static Path temp;

	@BeforeAll
	static void ffmpegIsHere() {
		assertNull(FfmpegSupport.unavailableReason(), "the FFmpeg natives ship with the build");
	}

	@Test
	void decodedFramesEqualTheFramesThatWentIn() throws Exception {
		for (final String codecAndContainer : List.of("h264:mp4", "mpeg4:mp4", "mjpeg:avi", "mpeg4:mov"))
			decodes(codecAndContainer);
	}

	private static void decodes(final String codecAndContainer) throws Exception {
		final String[] parts = codecAndContainer.split(":");
		final Path file = temp.resolve("test-" + parts[0] + "." + parts[1]);
		SyntheticVideos.write(file, 40, W, H, 20, parts[0]);
		final List<int[]> frames = new ArrayList<>();
		final List<Integer> indices = new ArrayList<>();
		try (FfmpegVideo video = FfmpegVideo.open(file)) {
			assertEquals(W, video.info().width());
			assertEquals(H, video.info().height());
			assertEquals(40, video.info().frameCount());
			assertEquals(20, video.info().fps(), 1e-6);
			final int n = video.read(FrameSampling.ALL_FRAMES.frames(40, 20), (i, rgb) -> {
				indices.add(i);
				frames.add(rgb);
			}, ProgressListener.NONE);
			assertEquals(40, n);
		}
		for (int i = 0; i < 40; i++) {
			final double error = SyntheticVideos.meanAbsoluteDifference(SyntheticVideos.frame(i, W, H), frames.get(i));
			assertTrue(error < 6, codecAndContainer + " frame " + i + " differs by " + error + " grey levels");
			// and it is closer to its own frame than to its neighbours: the order is right
			if (i > 0)
				assertTrue(
					error < SyntheticVideos.meanAbsoluteDifference(SyntheticVideos.frame(i - 1, W, H), frames.get(i)),
					codecAndContainer + " frame " + i + " looks like frame " + (i - 1));
		}
	}

	@Test
	void seekingGivesTheSameFramesAsReadingOn() throws Exception {
		final Path file = temp.resolve("seek.mp4");
		SyntheticVideos.write(file, 120, W, H, 25, "h264");
		final List<int[]> sequential = new ArrayList<>();
		final List<Integer> every7 = FrameSampling.of("every", 7, 0, 0).frames(120, 25);
		try (FfmpegVideo video = FfmpegVideo.open(file)) {
			video.read(every7, (i, rgb) -> sequential.add(rgb), ProgressListener.NONE);
		}
		try (FfmpegVideo video = FfmpegVideo.open(file)) {
			// backwards, then far forwards: every access seeks
			for (int k = every7.size() - 1; k >= 0; k -= 3)
				assertArrayEquals(sequential.get(k), video.frame(every7.get(k)), "frame " + every7.get(k));
			assertTrue(SyntheticVideos.meanAbsoluteDifference(SyntheticVideos.frame(115, W, H), video.frame(115)) < 6);
		}
	}

	@Test
	void aOneFrameVideoOpens() throws Exception {
		final Path file = temp.resolve("one.mp4");
		SyntheticVideos.write(file, 1, W, H, 25, "mpeg4");
		try (FfmpegVideo video = FfmpegVideo.open(file)) {
			assertEquals(1, video.info().frameCount());
			assertTrue(SyntheticVideos.meanAbsoluteDifference(SyntheticVideos.frame(0, W, H), video.frame(0)) < 6);
		}
	}

	@Test
	void damagedFilesGetOneMessage() throws Exception {
		final Path text = temp.resolve("notes.mp4");
		Files.writeString(text, "this is not a video");
		final MedXaiException notVideo = assertThrows(MedXaiException.class, () -> FfmpegVideo.open(text));
		assertTrue(notVideo.getMessage().contains("notes.mp4"), notVideo.getMessage());

		final Path whole = temp.resolve("whole.mp4");
		SyntheticVideos.write(whole, 60, W, H, 25, "h264");
		final byte[] bytes = Files.readAllBytes(whole);
		final Path truncated = temp.resolve("truncated.mp4");
		Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3)); // the index (moov) is at the end: gone
		final MedXaiException cut = assertThrows(MedXaiException.class, () -> FfmpegVideo.open(truncated));
		assertTrue(cut.getMessage().contains("truncated.mp4"), cut.getMessage());

		final MedXaiException missing = assertThrows(MedXaiException.class,
			() -> FfmpegVideo.open(temp.resolve("absent.mp4")));
		assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
	}
}
