package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.tabular.DelimitedTable;

/** The table commands through a headless SciJava context: join image features, then explain with them. */
class TableCommandsTest extends CommandTestBase {

	@TempDir
	Path temp;

	/** Patients whose outcome depends on an image feature (polyp probability) and on age. */
	private void writeTables(final Path table, final Path images) throws Exception {
		final Random random = new Random(3);
		final StringBuilder clinical = new StringBuilder("patient,age,smoker,outcome\n");
		final StringBuilder segmentation = new StringBuilder(
			"file,status,label,p_non-polyp,p_polyp,explained_class,mask_area_fraction,method,rule,message\n");
		for (int i = 0; i < 120; i++) {
			final double p = random.nextDouble();
			final int age = 30 + random.nextInt(50);
			final boolean outcome = p + (age - 55) / 150.0 + 0.1 * random.nextGaussian() > 0.5;
			clinical.append("C").append(i).append(',').append(age).append(',').append(random.nextBoolean() ? "yes" : "no")
				.append(',').append(outcome ? "event" : "none").append('\n');
			if (i == 7) continue; // a patient without an image
			segmentation.append("C").append(i).append(i % 2 == 0 ? ".jpg" : ".png").append(",ok,")
				.append(p > 0.5 ? "polyp" : "non-polyp").append(',').append(1 - p).append(',').append(p)
				.append(",polyp,").append(p * 0.3).append(",gradcam++,otsu,\n");
		}
		segmentation.append("broken.jpg,error,,,,,,,,cannot read\n");
		Files.writeString(table, clinical);
		Files.writeString(images, segmentation);
	}

	@Test
	void imageFeaturesJoinByIdAndTheShapViewExplainsThemBesideClinicalOnes() throws Exception {
		final Path table = temp.resolve("clinical.csv");
		final Path images = temp.resolve("segmentation.csv");
		writeTables(table, images);
		final Path joined = temp.resolve("joined.csv");
		final JoinImageFeaturesCommand join = run(JoinImageFeaturesCommand.class, inputs("table_file", table.toFile(),
			"id_column", "patient", "image_features_file", images.toFile(), "name_pattern", "{id}.*", "output_file",
			joined.toFile()));
		assertNull(join.failure(), join.failure());
		assertTrue(join.summary().contains("119 rows matched an image, 1 did not (IDs C7)"), join.summary());
		final DelimitedTable result = DelimitedTable.read(joined);
		assertEquals(List.of("patient", "age", "smoker", "outcome", "image_label", "image_p_non-polyp", "image_p_polyp",
			"image_explained_class", "image_mask_area_fraction"), result.columns());
		assertEquals("", result.rows().get(7)[6], "no image: missing");
		assertEquals(Files.readAllLines(table).get(13).split(",")[1], result.rows().get(12)[1], "clinical cells kept");

		final Path out = temp.resolve("shap");
		final ExplainTableCommand explain = run(ExplainTableCommand.class, inputs("table_file", joined.toFile(),
			"target_column", "outcome", "feature_columns", "age,smoker,image_p_polyp,image_mask_area_fraction",
			"id_column", "patient", "task", "auto", "model", "random_forest", "trees", 80, "folds", 3, "log_odds", false,
			"seed", 5L, "output_folder", out.toFile()));
		assertNull(explain.failure(), explain.failure());
		final var shap = explain.outcome().shap();
		assertTrue(shap.additivityError() <= 1e-9);
		assertEquals(List.of("age", "smoker", "image_p_polyp", "image_mask_area_fraction"), shap.features());
		final String top = shap.features().get(shap.ranking()[0]);
		assertTrue(top.startsWith("image_") , "the image feature drives the outcome: ranking starts with " + top);
		assertTrue(Files.readAllLines(out.resolve("shap_values.csv")).get(0).contains("shap_image_p_polyp"));
	}

	@Test
	void badJoinsAndTablesGetOneClearMessage() throws Exception {
		final Path table = temp.resolve("clinical.csv");
		final Path images = temp.resolve("segmentation.csv");
		writeTables(table, images);
		final JoinImageFeaturesCommand sameFile = run(JoinImageFeaturesCommand.class, inputs("table_file", table.toFile(),
			"id_column", "patient", "image_features_file", images.toFile(), "name_pattern", "{id}.*", "output_file",
			table.toFile()));
		assertEquals("The joined table must be a new file, not one of the inputs.", sameFile.failure());
		final JoinImageFeaturesCommand noId = run(JoinImageFeaturesCommand.class, inputs("table_file", table.toFile(),
			"id_column", "visit", "image_features_file", images.toFile(), "name_pattern", "{id}.*", "output_file",
			temp.resolve("j.csv").toFile()));
		assertTrue(noId.failure().contains("has no column 'visit'"), noId.failure());
		final JoinImageFeaturesCommand badPattern = run(JoinImageFeaturesCommand.class, inputs("table_file",
			table.toFile(), "id_column", "patient", "image_features_file", images.toFile(), "name_pattern", "*.png",
			"output_file", temp.resolve("j.csv").toFile()));
		assertTrue(badPattern.failure().contains("must contain {id}"), badPattern.failure());
		final Path malformed = temp.resolve("malformed.csv");
		Files.writeString(malformed, "a,b,y\n1,2,3\n4,\"5,6\n");
		final ExplainTableCommand explain = run(ExplainTableCommand.class, inputs("table_file", malformed.toFile(),
			"target_column", "y", "feature_columns", "", "id_column", "", "task", "auto", "model", "random_forest",
			"trees", 10, "folds", 2, "log_odds", false, "seed", 1L, "output_folder", temp.resolve("o").toFile()));
		assertTrue(explain.failure().contains("quoted field that is never closed"), explain.failure());
		assertTrue(!Files.exists(temp.resolve("o").resolve("shap_values.csv")), "nothing written on failure");
	}
}
