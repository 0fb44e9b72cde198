package org.medxai.experiments.video;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the COVID-BLUES B-lines labels of the videos present as the video training command reads them.
 *
 * {@code file,label,group} (group: the patient), from the data set's severity.csv (cells trimmed).
 *
 * Usage: {@code bash scripts/run-experiment.sh BLinesLabels DATA OUT_CSV}
 */
public final class BLinesLabels {

	public static void main(final String[] args) throws IOException {
		final Path csv = BLinesEvaluation.labels(Path.of(args[0]), Path.of(args[1]));
		System.out.println("Labels written to " + csv);
	}
}
