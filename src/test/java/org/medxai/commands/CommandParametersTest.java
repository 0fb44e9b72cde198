package org.medxai.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;
import org.medxai.cam.CamMethod;
import org.medxai.engine.DevicePreference;
import org.scijava.plugin.Parameter;

/** Shared parameters are declared once, choices come from the code that reads them, bad values get one message. */
class CommandParametersTest extends CommandTestBase {

	@TempDir
	Path temp;

	private static List<String> choices(final Class<?> type, final String field) throws Exception {
		for (Class<?> c = type; c != null; c = c.getSuperclass()) {
			for (final Field f : c.getDeclaredFields()) {
				if (f.getName().equals(field)) return Arrays.asList(f.getAnnotation(Parameter.class).choices());
			}
		}
		throw new AssertionError(type + " has no " + field);
	}

	@Test
	void camMethodChoicesAreTheMethodsTheCodeKnows() throws Exception {
		for (final Class<?> command : List.of(ExplainImageCommand.class, SegmentPolypsCommand.class,
			SegmentFolderCommand.class))
		{
			assertEquals(Arrays.asList(CamMethod.keys()), choices(command, "method"), command.getSimpleName());
		}
		assertEquals(Arrays.stream(DevicePreference.values()).map(DevicePreference::key).toList(),
			choices(ClassifyFolderCommand.class, "device"));
	}

	@Test
	void sharedParametersAreDeclaredOnlyInTheirBaseClasses() {
		for (final String field : List.of("model_file", "device", "input_folder", "output_folder", "summary", "status",
			"existing_results", "shard"))
		{
			for (final Class<?> command : List.of(ClassifyFolderCommand.class, SegmentFolderCommand.class,
				MeibographyFolderCommand.class, ClassifyImageCommand.class, ExplainImageCommand.class,
				SegmentPolypsCommand.class, AnalyzeMeibographyCommand.class))
			{
				assertTrue(Arrays.stream(command.getDeclaredFields()).noneMatch(f -> f.getName().equals(field)),
					command.getSimpleName() + " declares " + field + " again");
			}
		}
	}

	@Test
	void impossibleValuesEndInOneMessageNamingWhatIsAllowed() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("in"));
		Files.copy(TestPaths.testImages().resolve("polyp_01.png"), input.resolve("a.png"));
		final Object model = TestPaths.demoModel().toFile();
		final String[][] cases = { { "method", "foo", "Unknown CAM method 'foo'" },
			{ "device", "tpu", "Unknown device 'tpu'" }, { "rule", "percentile:150", "a percentile lies in 0..100" },
			{ "rule", "band:0.9:0.1", "0 <= LOW < HIGH <= 1" }, { "rule", "threshold:", "is not a number" },
			{ "existing_results", "maybe", "choose refuse, resume or overwrite" }, { "shard", "4/3", "1 <= K <= N" } };
		for (final String[] c : cases) {
			final var inputs = inputs("input_folder", input.toFile(), "output_folder",
				temp.resolve("out-" + c[0]).toFile(), "model_file", model, "device", "cpu", "method", "gradcam",
				"target_class", "polyp", "rule", "otsu", "min_area_percent", 1.0, "fill_holes", true, "largest_only",
				true, "faithfulness", false, "existing_results", "refuse", "shard", "", "truth_folder", null);
			inputs.put(c[0], c[1]);
			final SegmentFolderCommand command = run(SegmentFolderCommand.class, inputs);
			assertNotNull(command.failure(), c[0] + "=" + c[1] + " was accepted");
			assertTrue(command.failure().contains(c[2]), command.failure());
			assertTrue(Files.notExists(temp.resolve("out-" + c[0]).resolve("segmentation.csv")), "nothing written");
		}
		final MeibographyFolderCommand lid = run(MeibographyFolderCommand.class,
			inputs("input_folder", input.toFile(), "output_folder", temp.resolve("meibo").toFile(), "model_file",
				TestPaths.testImages().resolve("meibography-demo-model").toFile(), "device", "cpu", "lid", "sideways",
				"cutoffs", ""));
		assertTrue(lid.failure().contains("Unknown lid 'sideways'"), lid.failure());
	}
}
