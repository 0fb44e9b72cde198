package org.medxai.meibo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.ProgressListener;
import org.medxai.TestPaths;
import org.medxai.batch.ExistingResults;
import org.medxai.batch.FolderBatch;
import org.medxai.batch.Shard;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.image.ImageDecoding;

/**
 * The meibography folder in groups (files read, measured and written on several threads, one network pass per group)
 * writes exactly what one file at a time writes; bad files in a group are reported and the others are done.
 */
class MeibographyGroupsTest {

	@TempDir
	Path temp;

	@Test
	void groupsWriteWhatOneFileAtATimeWrites() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("in"));
		try (Stream<Path> images = Files.list(TestPaths.testImages().resolve("meibography/images"))) {
			for (final Path image : images.sorted().limit(9).toList())
				Files.copy(image, input.resolve(image.getFileName()));
		}
		Files.writeString(input.resolve("synthetic_LOWER_03_broken.png"), "not an image");
		ImageIO.write(new BufferedImage(200, 100, BufferedImage.TYPE_BYTE_GRAY), "png",
			input.resolve("synthetic_UPPER_99_blank.png").toFile());
		final Path card = TestPaths.testImages().resolve("meibography-demo-model/model-card.json");
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final MeibographyAnalyzer analyzer = new MeibographyAnalyzer(model, GradingFile.glandThreshold(card));
			final MeiboGrading grading = GradingFile.besideModel(card);
			final Path serial = temp.resolve("serial"), grouped = temp.resolve("grouped");
			run(new MeibographyBatch(analyzer, file -> List.of(ImageDecoding.read(file).planes()), "auto", grading, 1),
				input, serial);
			run(new MeibographyBatch(analyzer, file -> List.of(ImageDecoding.read(file).planes()), "auto", grading, 4),
				input, grouped);
			for (final String table : List.of("meibography.csv", "glands.csv"))
				assertEquals(Files.readAllLines(serial.resolve(table)), Files.readAllLines(grouped.resolve(table)),
					table);
			final List<String> rows = Files.readAllLines(grouped.resolve("meibography.csv"));
			assertEquals(1 + 11, rows.size());
			assertEquals(9, rows.stream().filter(r -> r.contains(",ok,")).count());
			assertTrue(rows.stream().anyMatch(r -> r.startsWith("synthetic_LOWER_03_broken.png,error,")));
			assertTrue(rows.stream()
				.anyMatch(r -> r.startsWith("synthetic_UPPER_99_blank.png,error,") && r.contains("blank")));
			try (Stream<Path> masks = Files.list(serial)) {
				final List<Path> pngs = masks.filter(p -> p.toString().endsWith(".png")).toList();
				assertEquals(18, pngs.size());
				for (final Path mask : pngs)
					assertArrayEquals(Files.readAllBytes(mask), Files.readAllBytes(grouped.resolve(mask.getFileName())),
						mask.getFileName().toString());
			}
		}
	}

	private static void run(final MeibographyBatch batch, final Path input, final Path output) {
		FolderBatch.run(new FolderBatch.Settings(input, output, ExistingResults.REFUSE, Shard.WHOLE,
			new FolderBatch.Provenance("demo", "0")), batch, ProgressListener.NONE);
	}
}
