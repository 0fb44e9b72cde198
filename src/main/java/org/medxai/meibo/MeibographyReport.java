package org.medxai.meibo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medxai.io.CsvWriter;

/** The per-image and per-gland CSV tables of the meibography commands. */
public final class MeibographyReport implements AutoCloseable {

	public static final List<String> IMAGE_COLUMNS = List.of("file", "status", "side", "eyelid_area", "gland_area",
		"gland_area_ratio", "dropout_percent", "meiboscore", "meiboscale", "gland_count", "mean_gland_length",
		"mean_gland_width", "mean_gland_tortuosity", "rule", "message");
	public static final List<String> GLAND_COLUMNS = List.of("file", "gland", "area", "length", "width", "tortuosity",
		"centroid_x", "centroid_y");

	private final CsvWriter images;
	private final CsvWriter glands;

	public MeibographyReport(final Path imageCsv, final Path glandCsv) throws IOException {
		images = new CsvWriter(imageCsv);
		glands = new CsvWriter(glandCsv);
		images.row(IMAGE_COLUMNS);
		glands.row(GLAND_COLUMNS);
	}

	public void ok(final String file, final MeibographyAnalyzer.Result r) throws IOException {
		images.row(imageRow(file, r));
		for (final GlandMorphometry.Gland g : r.morphometry())
			glands.row(List.of(file, String.valueOf(g.index()), String.valueOf(g.area()), f(g.length()), f(g.width()), f(g
				.tortuosity()), f(g.centroidX()), f(g.centroidY())));
	}

	public void error(final String file, final String message) throws IOException {
		final List<String> row = new ArrayList<>(List.of(file, "error"));
		while (row.size() < IMAGE_COLUMNS.size() - 1) row.add("");
		row.add(message);
		images.row(row);
	}

	public static List<String> imageRow(final String file, final MeibographyAnalyzer.Result r) {
		double length = 0, width = 0, tortuosity = 0;
		final int n = r.morphometry().size();
		for (final GlandMorphometry.Gland g : r.morphometry()) {
			length += g.length() / n;
			width += g.width() / n;
			tortuosity += g.tortuosity() / n;
		}
		return List.of(file, "ok", r.side().name().toLowerCase(Locale.ROOT), String.valueOf(r.eyelidArea()), String.valueOf(r
			.glandArea()), String.format(Locale.ROOT, "%.5f", r.glandAreaRatio()), String.format(Locale.ROOT, "%.2f", r
				.dropoutPercent()), String.valueOf(r.meiboscore()), String.valueOf(r.meiboscale()), String.valueOf(n), n == 0 ? ""
					: f(length), n == 0 ? "" : f(width), n == 0 ? "" : f(tortuosity), r.rule(), "");
	}

	private static String f(final double v) {
		return String.format(Locale.ROOT, "%.3f", v);
	}

	@Override
	public void close() throws IOException {
		images.close();
		glands.close();
	}
}
