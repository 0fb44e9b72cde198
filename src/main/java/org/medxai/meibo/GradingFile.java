package org.medxai.meibo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import org.medxai.MedXaiException;
import org.medxai.tabular.LinearModel;

/** The grading that ships beside a meibography model: {@code grading.json} (healthy ratios, cut-offs, source). */
public final class GradingFile {

	public static final String NAME = "grading.json";

	private GradingFile() {}

	private record Json(double healthy_ratio_upper, double healthy_ratio_lower, double[] meiboscore_cutoffs_percent,
		String source, boolean dropout_from_envelope, LinearModel.Parameters meiboscore_model, Double gland_threshold,
		String gland_threshold_source)
	{}

	public static void write(final MeiboGrading g, final Path file) {
		write(g, 0.5, "default", file);
	}

	/** Also stores the gland probability threshold and how it was chosen. */
	public static void write(final MeiboGrading g, final double glandThreshold, final String thresholdSource,
		final Path file)
	{
		final Gson gson = new GsonBuilder().setPrettyPrinting().create();
		try {
			Files.writeString(file, gson.toJson(new Json(g.healthyUpper(), g.healthyLower(), g.cutoffs(), g.source(),
				g.envelopeDropout(), g.scoreModel(), glandThreshold, thresholdSource)), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write " + file + ": " + e.getMessage(), e);
		}
	}

	/** The gland threshold stored beside a model card, or 0.5. */
	public static double glandThreshold(final Path card) {
		final Path file = card.resolveSibling(NAME);
		if (!Files.exists(file)) return 0.5;
		try {
			final Json j = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Json.class);
			return j.gland_threshold() == null ? 0.5 : j.gland_threshold();
		}
		catch (final IOException | JsonParseException e) {
			throw new MedXaiException("The grading file " + file + " is unreadable: " + e.getMessage(), e);
		}
	}

	/** The grading beside a model card, or Arita's when there is none. */
	public static MeiboGrading besideModel(final Path card) {
		final Path file = card.resolveSibling(NAME);
		if (!Files.exists(file)) return MeiboGrading.arita();
		try {
			final Json j = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Json.class);
			return new MeiboGrading(j.healthy_ratio_upper(), j.healthy_ratio_lower(), j.meiboscore_cutoffs_percent(),
				j.source(), j.dropout_from_envelope(), j.meiboscore_model());
		}
		catch (final IOException | JsonParseException | NullPointerException e) {
			throw new MedXaiException("The grading file " + file + " is unreadable: " + e.getMessage(), e);
		}
	}
}
