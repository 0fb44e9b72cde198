package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
			clinical.append("C").append(i).append(',').append(age).append(',')
				.append(random.nextBoolean() ? "yes" : "no").append(',').append(outcome ? "event" : "none")
				.append('\n');
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
		final JoinImageFeaturesCommand join = run(JoinImageFeaturesCommand.class,
			inputs("table_file", table.toFile(), "id_column", "patient", "image_features_file", images.toFile(),
				"name_pattern", "{id}.*", "output_file", joined.toFile()));
		assertNull(join.failure(), join.failure());
		assertTrue(join.summary().contains("119 rows matched an image, 1 did not (IDs C7)"), join.summary());
		final DelimitedTable result = DelimitedTable.read(joined);
		assertEquals(List.of("patient", "age", "smoker", "outcome", "image_label", "image_p_non-polyp", "image_p_polyp",
			"image_explained_class", "image_mask_area_fraction"), result.columns());
		assertEquals("", result.rows().get(7)[6], "no image: missing");
		assertEquals(Files.readAllLines(table).get(13).split(",")[1], result.rows().get(12)[1], "clinical cells kept");

		final Path out = temp.resolve("shap");
		final ExplainTableCommand explain = run(ExplainTableCommand.class,
			inputs("table_file", joined.toFile(), "target_column", "outcome", "feature_columns",
				"age,smoker,image_p_polyp,image_mask_area_fraction", "id_column", "patient", "task", "auto", "model",
				"random_forest", "trees", 80, "folds", 3, "log_odds", false, "seed", 5L, "output_folder",
				out.toFile()));
		assertNull(explain.failure(), explain.failure());
		final var shap = explain.outcome().shap();
		assertTrue(shap.additivityError() <= 1e-9);
		assertEquals(List.of("age", "smoker", "image_p_polyp", "image_mask_area_fraction"), shap.features());
		final String top = shap.features().get(shap.ranking()[0]);
		assertTrue(top.startsWith("image_"), "the image feature drives the outcome: ranking starts with " + top);
		assertTrue(Files.readAllLines(out.resolve("shap_values.csv")).get(0).contains("shap_image_p_polyp"));
	}

	/**
	 * The tester's table: semicolon-separated with decimal commas, one Inf in a measured target, a stray text cell in a
	 * numeric column, a free-text column unique per row and a repeated ID.
	 */
	@Test
	void aTableIsReadAsMeantAndTheOutputsSayHow() throws Exception {
		final Random random = new Random(4);
		final StringBuilder csv = new StringBuilder("patient;remark;dose;age;y\n");
		for (int i = 0; i < 80; i++) {
			final double dose = random.nextDouble() * 5;
			final int age = 30 + random.nextInt(40);
			final String y = i == 3
				? "Inf"
				: String.format(Locale.ROOT, "%.2f", 3 * dose + age / 10.0 + random.nextGaussian()).replace('.', ',');
			csv.append(i == 9 ? "P1" : "P" + i).append(";seen on day ").append(i).append(';')
				.append(i == 6 ? "unknown" : String.format(Locale.ROOT, "%.3f", dose).replace('.', ',')).append(';')
				.append(age).append(';').append(y).append('\n');
		}
		final Path table = temp.resolve("eu.csv");
		Files.writeString(table, csv);
		final Path out = temp.resolve("shap");
		final ExplainTableCommand explain = run(ExplainTableCommand.class,
			inputs("table_file", table.toFile(), "target_column", "y", "feature_columns", "", "id_column", "patient",
				"task", "auto", "model", "random_forest", "trees", 30, "folds", 2, "log_odds", false, "seed", 5L,
				"shap_rows", 50, "output_folder", out.toFile()));
		assertNull(explain.failure(), explain.failure());
		assertEquals(List.of("dose", "age"), explain.outcome().shap().features(), "the free-text column is left out");
		assertTrue(explain.summary().startsWith("regression of 'y' (auto: numbers with a fraction"), explain.summary());
		assertTrue(
			explain.summary().contains("(semicolon-separated, decimal comma)") &&
				explain.summary().contains("on a sample of 50 rows") && explain.summary().contains("4 warnings"),
			explain.summary());
		final List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
		for (final String expected : List.of("table_format,\"semicolon-separated, decimal comma\"", "task,regression",
			"rows,79", "rows_without_target,1", "missing_feature_cells,1", "infinite_cells_read_as_missing,1",
			"text_cells_read_as_missing,1", "id_like_columns_left_out,remark", "duplicate_ids,1", "shap_rows,50",
			"warnings,4")) assertTrue(metrics.contains(expected), expected + " in\n" + String.join("\n", metrics));
		assertTrue(metrics.stream().anyMatch(l -> l.startsWith("task_rule,\"auto: numbers with a fraction, e.g. ")),
			String.join("\n", metrics));
		final List<String> notes = Files.readAllLines(out.resolve("table_notes.csv"));
		assertEquals("kind,severity,column,count,first_rows,message", notes.get(0));
		final String all = String.join("\n", notes);
		for (final String expected : List.of("format,info,,0,,", "infinite_values,warning,y,1,4,",
			"not_numbers,warning," + "dose,1,7,", "id_like_column,warning,remark,79,,",
			"duplicate_ids,warning,patient,1,2,", "task,info,y,0,,", "sampled_rows,info,,50,,"))
			assertTrue(all.contains("\n" + expected), expected + " in\n" + all);
		assertEquals(csv.toString(), Files.readString(table), "the input is not changed");
	}

	@Test
	void aVideoFoldersPredictionsJoinPerPatient() throws Exception {
		final Path table = temp.resolve("clinical.csv");
		Files.writeString(table, "patient_id,cov_test\n4,1\n5,0\n");
		final Path videos = temp.resolve("predictions.csv");
		Files.writeString(videos, "file,label,p_no,p_yes\npatient_4_L1.mp4,yes,0.1,0.9\npatient_4_R1.mp4,no,0.7,0.3\n");
		final Path joined = temp.resolve("joined.csv");
		final JoinImageFeaturesCommand join = run(JoinImageFeaturesCommand.class,
			inputs("table_file", table.toFile(), "id_column", "patient_id", "image_features_file", videos.toFile(),
				"name_pattern", "patient_{id}_*", "several", "mean_and_max", "output_file", joined.toFile()));
		assertNull(join.failure(), join.failure());
		assertTrue(join.summary().contains("1 rows matched an image, 1 did not (IDs 5); 1 matched several files " +
			"(each took the mean (_mean) and the maximum (_max) over the files)"), join.summary());
		assertEquals(
			List.of("patient_id,cov_test,image_label,image_p_no_mean,image_p_no_max,image_p_yes_mean," +
				"image_p_yes_max,image_count", "4,1,yes,0.39999999999999997,0.7,0.6,0.9,2", "5,0,,,,,,0"),
			Files.readAllLines(joined));
		final JoinImageFeaturesCommand mistyped = run(JoinImageFeaturesCommand.class,
			inputs("table_file", table.toFile(), "id_column", "patient_id", "image_features_file", videos.toFile(),
				"name_pattern", "patient_{id}_*", "several", "average", "output_file",
				temp.resolve("j2.csv").toFile()));
		assertEquals("Several matches 'average' is not one of first, mean, max, mean_and_max.", mistyped.failure());
		assertTrue(!Files.exists(temp.resolve("j2.csv")));
	}

	@Test
	void theJoinWarnsAboutRepeatedIds() throws Exception {
		final Path table = temp.resolve("clinical.csv");
		final Path images = temp.resolve("segmentation.csv");
		writeTables(table, images);
		Files.writeString(table, Files.readString(table).replace("\nC5,", "\nC4,"));
		final JoinImageFeaturesCommand join = run(JoinImageFeaturesCommand.class,
			inputs("table_file", table.toFile(), "id_column", "patient", "image_features_file", images.toFile(),
				"name_pattern", "{id}.*", "output_file", temp.resolve("joined.csv").toFile()));
		assertNull(join.failure(), join.failure());
		assertTrue(
			join.summary().startsWith("Warning: 1 ID occurs on more than one row of clinical.csv (C4): each of " +
				"those rows took the same image's values."),
			join.summary());
	}

	@Test
	void badJoinsAndTablesGetOneClearMessage() throws Exception {
		final Path table = temp.resolve("clinical.csv");
		final Path images = temp.resolve("segmentation.csv");
		writeTables(table, images);
		final JoinImageFeaturesCommand sameFile = run(JoinImageFeaturesCommand.class,
			inputs("table_file", table.toFile(), "id_column", "patient", "image_features_file", images.toFile(),
				"name_pattern", "{id}.*", "output_file", table.toFile()));
		assertEquals("The joined table must be a new file, not one of the inputs.", sameFile.failure());
		final JoinImageFeaturesCommand noId = run(JoinImageFeaturesCommand.class,
			inputs("table_file", table.toFile(), "id_column", "visit", "image_features_file", images.toFile(),
				"name_pattern", "{id}.*", "output_file", temp.resolve("j.csv").toFile()));
		assertTrue(noId.failure().contains("has no column 'visit'"), noId.failure());
		final JoinImageFeaturesCommand badPattern = run(JoinImageFeaturesCommand.class,
			inputs("table_file", table.toFile(), "id_column", "patient", "image_features_file", images.toFile(),
				"name_pattern", "*.png", "output_file", temp.resolve("j.csv").toFile()));
		assertTrue(badPattern.failure().contains("must contain {id}"), badPattern.failure());
		final Path malformed = temp.resolve("malformed.csv");
		Files.writeString(malformed, "a,b,y\n1,2,3\n4,\"5,6\n");
		final ExplainTableCommand explain = run(ExplainTableCommand.class,
			inputs("table_file", malformed.toFile(), "target_column", "y", "feature_columns", "", "id_column", "",
				"task", "auto", "model", "random_forest", "trees", 10, "folds", 2, "log_odds", false, "seed", 1L,
				"output_folder", temp.resolve("o").toFile()));
		assertTrue(explain.failure().contains("quoted field that is never closed"), explain.failure());
		assertTrue(!Files.exists(temp.resolve("o").resolve("shap_values.csv")), "nothing written on failure");
	}
}
