package org.medxai.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
import org.medxai.image.MaskCleanup;
import org.medxai.image.PixelPlanes;

/**
 * The folder segmentation in groups (files read and written on several threads, one network batch per group) writes
 * what the serial path writes: the same rows, the same masks, maps within 1e-4; a bad file in a group is reported and
 * the others are done.
 */
class CamSegmentationGroupsTest {

	@TempDir
	Path temp;

	@Test
	void groupsWriteWhatTheSerialPathWrites() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("in"));
		for (final String name : List.of("polyp_01.png", "polyp_02.png", "polyp_03.png", "nonpolyp_01.png",
			"nonpolyp_02.png", "polyp_04.png", "nonpolyp_03.png"))
			Files.copy(TestPaths.testImages().resolve(name), input.resolve(name));
		Files.writeString(input.resolve("broken.png"), "not an image");
		// a bad file in the last group too
		Files.writeString(input.resolve("polyp_99.png"), "not an image either");
		final CamSegmentationBatch.Options options = new CamSegmentationBatch.Options(CamMethod.GRAD_CAM, "polyp",
			MaskRule.parse("percentile:75"), new MaskCleanup.Options(0.01, true, true), false);
		try (LoadedModel model = ModelLoader.load(TestPaths.testImages().resolve("demo-model/model-card.json"),
			DevicePreference.CPU))
		{
			final Path serial = temp.resolve("serial"), grouped = temp.resolve("grouped");
			run(model, options, input, serial, 1);
			run(model, options, input, grouped, 3);
			final List<String> serialRows = Files.readAllLines(serial.resolve(CamSegmentationBatch.TABLE));
			final List<String> groupedRows = Files.readAllLines(grouped.resolve(CamSegmentationBatch.TABLE));
			assertEquals(10, serialRows.size());
			assertEquals(serialRows.size(), groupedRows.size());
			for (int i = 0; i < serialRows.size(); i++) {
				final String[] a = serialRows.get(i).split(","), b = groupedRows.get(i).split(",");
				assertEquals(a.length, b.length);
				for (int k = 0; k < a.length; k++) {
					if (a[k].matches("\\d\\.\\d{6}"))
						assertEquals(Double.parseDouble(a[k]), Double.parseDouble(b[k]), 2e-6, serialRows.get(i));
					else
						assertEquals(a[k], b[k], serialRows.get(i));
				}
			}
			assertEquals(1, groupedRows.stream().filter(r -> r.startsWith("broken.png,error,")).count());
			assertEquals(1, groupedRows.stream().filter(r -> r.startsWith("polyp_99.png,error,")).count());
			for (final String stem : List.of("polyp_01", "polyp_02", "polyp_03", "polyp_04", "nonpolyp_01",
				"nonpolyp_02", "nonpolyp_03"))
			{
				assertArrayEquals(Files.readAllBytes(serial.resolve(stem + CamSegmentationBatch.MASK_SUFFIX)),
					Files.readAllBytes(grouped.resolve(stem + CamSegmentationBatch.MASK_SUFFIX)), stem);
				final PixelPlanes a = ij1Free(serial.resolve(stem + CamSegmentationBatch.CAM_SUFFIX));
				final PixelPlanes b = ij1Free(grouped.resolve(stem + CamSegmentationBatch.CAM_SUFFIX));
				assertArrayEquals(a.plane(0), b.plane(0), 1e-4f, stem);
			}
		}
	}

	private static void run(final LoadedModel model, final CamSegmentationBatch.Options options, final Path input,
		final Path output, final int group)
	{
		FolderBatch.run(
			new FolderBatch.Settings(input, output, ExistingResults.REFUSE, Shard.WHOLE,
				new FolderBatch.Provenance("demo", "0")),
			new CamSegmentationBatch(model, file -> List.of(ImageDecoding.read(file).planes()), options, List.of(),
				group),
			ProgressListener.NONE);
	}

	/** A 32-bit TIFF map as MedXAI writes it, read with ImageJ's opener as a library. */
	private static PixelPlanes ij1Free(final Path tiff) {
		final ij.ImagePlus image = new ij.io.Opener().openImage(tiff.toString());
		return PixelPlanes.gray32((float[]) image.getProcessor().getPixels(), image.getWidth(), image.getHeight());
	}
}
