package org.medxai.experiments.video;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.medxai.ProgressListener;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.io.CsvWriter;
import org.medxai.video.FrameSampling;
import org.medxai.videomodel.VideoClips;
import org.medxai.videomodel.VideoSet;

/**
 * Writes the COVID-BLUES videos' frames as the B-lines evaluation reads them, grey, for a baseline outside MedXAI.
 *
 * FRAMES frames per video sampled evenly (fewer where a video has fewer), SIZE × SIZE, the channels averaged:
 * {@code OUT/frames.u8} (bytes, video after video, frame after frame, row after row) and {@code OUT/index.csv}
 * ({@code file, label, group, frames}; label 1 = B-lines, group = patient). Read by
 * {@code src/experiments/python/blines_feature_baseline.py}.
 *
 * Usage: {@code bash scripts/run-experiment.sh BLinesFrameDump DATA OUT [FRAMES SIZE]}
 */
public final class BLinesFrameDump {

	public static void main(final String[] args) throws IOException {
		final Path data = Path.of(args[0]);
		final Path out = Path.of(args[1]);
		final int frames = args.length > 2 ? Integer.parseInt(args[2]) : 16;
		final int size = args.length > 3 ? Integer.parseInt(args[3]) : 112;
		Files.createDirectories(out);
		final VideoSet set = VideoSet.fromCsv(data.resolve("lus_videos"),
			BLinesEvaluation.labels(data, out.resolve("labels.csv")));
		try (OutputStream bytes = new BufferedOutputStream(Files.newOutputStream(out.resolve("frames.u8")));
			CsvWriter index = new CsvWriter(out.resolve("index.csv")))
		{
			index.row(List.of("file", "label", "group", "frames"));
			for (final VideoSet.Entry entry : set.videos()) {
				final VideoClips.Clip clip = VideoClips.read(entry.file(), FrameSampling.ALL_FRAMES, frames, size,
					file -> List.of(ImageDecoding.read(file).planes()), ProgressListener.NONE);
				for (final PixelPlanes frame : clip.frames()) bytes.write(grey(frame, size));
				index.row(List.of(entry.file().getFileName().toString(), Integer.toString(entry.label()), entry.group(),
					Integer.toString(clip.frames().size())));
			}
		}
		System.out.printf("%d videos written to %s%n", set.videos().size(), out);
	}

	private static byte[] grey(final PixelPlanes frame, final int size) {
		if (frame.width() != size || frame.height() != size)
			throw new IllegalStateException("a frame of " + frame.width() + " × " + frame.height() + ", not " + size);
		final byte[] out = new byte[size * size];
		for (int i = 0; i < out.length; i++) {
			double sum = 0;
			for (int c = 0; c < frame.channels(); c++) sum += frame.plane(c)[i];
			out[i] = (byte) Math.max(0, Math.min(255, Math.round(sum / frame.channels())));
		}
		return out;
	}
}
