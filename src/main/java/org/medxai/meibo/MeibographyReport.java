package org.medxai.meibo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The columns of the meibography tables (one row per image, one per gland) and a result's values for them. */
public final class MeibographyReport {

	public static final List<String> IMAGE_COLUMNS = List.of("file", "status", "side", "eyelid_area", "gland_area",
		"gland_area_ratio", "dropout_percent", "meiboscore", "meiboscale", "gland_count", "mean_gland_length",
		"mean_gland_width", "mean_gland_tortuosity", "rule", "message");
	public static final List<String> GLAND_COLUMNS = List.of("file", "gland", "area", "length", "width", "tortuosity",
		"centroid_x", "centroid_y");

	private MeibographyReport() {}

	/** An image's measures by column name (no file, status or message). */
	public static Map<String, String> imageValues(final MeibographyAnalyzer.Result r) {
		double length = 0, width = 0, tortuosity = 0;
		final int n = r.morphometry().size();
		for (final GlandMorphometry.Gland g : r.morphometry()) {
			length += g.length() / n;
			width += g.width() / n;
			tortuosity += g.tortuosity() / n;
		}
		final Map<String, String> values = new LinkedHashMap<>();
		values.put("side", r.side().name().toLowerCase(Locale.ROOT));
		values.put("eyelid_area", String.valueOf(r.eyelidArea()));
		values.put("gland_area", String.valueOf(r.glandArea()));
		values.put("gland_area_ratio", String.format(Locale.ROOT, "%.5f", r.glandAreaRatio()));
		values.put("dropout_percent", String.format(Locale.ROOT, "%.2f", r.dropoutPercent()));
		values.put("meiboscore", String.valueOf(r.meiboscore()));
		values.put("meiboscale", String.valueOf(r.meiboscale()));
		values.put("gland_count", String.valueOf(n));
		values.put("mean_gland_length", n == 0 ? "" : f(length));
		values.put("mean_gland_width", n == 0 ? "" : f(width));
		values.put("mean_gland_tortuosity", n == 0 ? "" : f(tortuosity));
		values.put("rule", r.rule());
		return values;
	}

	/** A gland's measures by column name (no file). */
	public static Map<String, String> glandValues(final GlandMorphometry.Gland g) {
		final Map<String, String> values = new LinkedHashMap<>();
		values.put("gland", String.valueOf(g.index()));
		values.put("area", String.valueOf(g.area()));
		values.put("length", f(g.length()));
		values.put("width", f(g.width()));
		values.put("tortuosity", f(g.tortuosity()));
		values.put("centroid_x", f(g.centroidX()));
		values.put("centroid_y", f(g.centroidY()));
		return values;
	}

	private static String f(final double v) {
		return String.format(Locale.ROOT, "%.3f", v);
	}
}
