package org.medxai.video;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medxai.MedXaiException;

/**
 * Reference stages of a video's frames, for evaluation: either ranges ({@code phase,first,last} per line, frames
 * numbered from 1, inclusive, as time-lapse annotations give them) or one row per frame ({@code frame,label}). A header
 * line is allowed. Frames without a stage are unlabelled.
 *
 * @param names stage names in order of appearance
 * @param byFrame stage index (into names) for each frame number, 1-based; -1 where none
 * @param lastStart the largest first frame of a range, or frame of a row: the labels need a video at least this long
 */
public record StageLabels(List<String> names, Map<Integer, Integer> byFrame, int lastStart) {

	public static StageLabels read(final Path csv) {
		final List<String> lines;
		try {
			lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read the stage labels " + csv.getFileName() + ": " + e.getMessage(), e);
		}
		final List<String> names = new ArrayList<>();
		final Map<Integer, Integer> byFrame = new LinkedHashMap<>();
		int lineNumber = 0, lastStart = 0;
		for (final String raw : lines) {
			lineNumber++;
			final String line = raw.strip();
			if (line.isEmpty()) continue;
			final String[] f = Arrays.stream(line.split("[,;\\t]")).map(String::strip).toArray(String[]::new);
			final boolean ranges = f.length >= 3;
			if (lineNumber == 1 && !isInteger(ranges ? f[1] : f[0])) continue; // a header
			if (f.length < 2)
				throw new MedXaiException(csv.getFileName() + " line " + lineNumber + ": expected 'stage,first,last' " +
					"or 'frame,stage', found '" + line + "'.");
			try {
				if (ranges) {
					final int first = Integer.parseInt(f[1]), last = Integer.parseInt(f[2]);
					if (first < 1 || last < first)
						throw new MedXaiException(csv.getFileName() + " line " + lineNumber + ": frames " + first +
							"–" + last + " are not a range of frame numbers from 1.");
					final int stage = index(names, f[0]);
					for (int frame = first; frame <= last; frame++) put(byFrame, frame, stage, csv, lineNumber);
					lastStart = Math.max(lastStart, first);
				}
				else {
					final int frame = Integer.parseInt(f[0]);
					if (frame < 1)
						throw new MedXaiException(
							csv.getFileName() + " line " + lineNumber + ": frame numbers start at 1.");
					put(byFrame, frame, index(names, f[1]), csv, lineNumber);
					lastStart = Math.max(lastStart, frame);
				}
			}
			catch (final NumberFormatException e) {
				throw new MedXaiException(csv.getFileName() + " line " + lineNumber + ": '" + line + "' has a frame " +
					"number that is not a whole number.", e);
			}
		}
		if (byFrame.isEmpty()) throw new MedXaiException("The stage labels " + csv.getFileName() + " name no frames.");
		return new StageLabels(names, byFrame, lastStart);
	}

	/**
	 * The stage of each of the given frames (-1 where unlabelled). A stage that starts, or a labelled row, beyond the
	 * video's last frame is refused: the labels belong to another video. A last range that runs past the end (as
	 * annotations of the final stage often do) is cut at the end.
	 */
	public int[] forFrames(final int[] frameNumbers, final int framesInVideo) {
		if (lastStart > framesInVideo)
			throw new MedXaiException("The stage labels name frame " + lastStart + ", but the video has " +
				framesInVideo + " frames: are they the labels of this video?");
		final int[] stages = new int[frameNumbers.length];
		for (int i = 0; i < frameNumbers.length; i++) stages[i] = byFrame.getOrDefault(frameNumbers[i], -1);
		return stages;
	}

	private static void put(final Map<Integer, Integer> byFrame, final int frame, final int stage, final Path csv,
		final int line)
	{
		final Integer before = byFrame.put(frame, stage);
		if (before != null && before != stage)
			throw new MedXaiException(csv.getFileName() + " line " + line + ": frame " + frame + " has two stages.");
	}

	private static int index(final List<String> names, final String name) {
		final int i = names.indexOf(name);
		if (i >= 0) return i;
		names.add(name);
		return names.size() - 1;
	}

	private static boolean isInteger(final String s) {
		try {
			Integer.parseInt(s);
			return true;
		}
		catch (final NumberFormatException e) {
			return false;
		}
	}
}
