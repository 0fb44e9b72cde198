package org.medxai.ij1;

import java.io.IOException;
import java.nio.file.Path;

import org.medxai.MedXaiException;
import org.medxai.report.DemoReport;

/** The demo macro's report, for ImageJ's {@code call()}: the host supplies its image reader. */
public final class DemoReports {

	private DemoReports() {}

	/**
	 * Writes OUTPUT/index.html for a demo run; returns its path, or "error:" and the reason (a macro cannot catch an
	 * exception).
	 */
	public static String write(final String output, final String images, final String real) {
		try {
			return DemoReport.write(Path.of(output), Path.of(images),
				real == null || real.isBlank() ? null : Path.of(real), ImageFiles::readPlanes).toString();
		}
		catch (final IOException | MedXaiException e) {
			return "error:" + e.getMessage();
		}
	}
}
