package org.medxai.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.tabular.ImageLinkPattern;

class FijiLinkedImagesTest {

	@TempDir
	Path temp;

	@Test
	void patternsPlaceTheIdAndWildcards() {
		final ImageLinkPattern exact = new ImageLinkPattern("{id}.*");
		assertTrue(exact.matches("P1.png", "P1"));
		assertFalse(exact.matches("P10.png", "P1"), "P1 must not take P10's image");
		assertTrue(new ImageLinkPattern("{id}*").matches("P1_cam.tif", "P1"));
		assertTrue(new ImageLinkPattern("patient_{id}_?.JPG").matches("Patient_a.b_3.jpg", "a.b"),
			"case-insensitive, ID taken literally");
		assertFalse(new ImageLinkPattern("patient_{id}_?.jpg").matches("patient_aXb_3.jpg", "a.b"));
	}

	@Test
	void aRowsImagesAndTheirMedXaiOutputsOpenFromTheFolder() {
		final boolean batch = Interpreter.batchMode;
		Interpreter.batchMode = true; // images register without windows (headless test)
		final List<ImagePlus> opened = new ArrayList<>();
		try {
			for (final String name : List.of("P1.png", "P1_cam.tif", "P10.png")) {
				final ImagePlus imp = IJ.createImage(name, "8-bit ramp", 16, 12, 1);
				final ij.io.FileSaver saver = new ij.io.FileSaver(imp);
				if (name.endsWith(".png")) saver.saveAsPng(temp.resolve(name).toString());
				else saver.saveAsTiff(temp.resolve(name).toString());
			}
			final FijiLinkedImages linker = new FijiLinkedImages(temp);
			final String first = linker.show("P1", new ImageLinkPattern("{id}.*"));
			assertTrue(first.contains("1 image(s) opened"), first);
			final String withOverlays = linker.show("P10", new ImageLinkPattern("{id}*"));
			assertTrue(withOverlays.contains("1 image(s) opened"), withOverlays);
			for (final int id : WindowManager.getIDList()) opened.add(WindowManager.getImage(id));
			assertEquals(List.of("P1.png", "P10.png"), opened.stream().map(ImagePlus::getTitle).sorted().toList());
			final String again = linker.show("P1", new ImageLinkPattern("{id}*"));
			assertTrue(again.contains("brought forward"), "already open images are not opened twice: " + again);
			final String none = linker.show("Q9", new ImageLinkPattern("{id}.*"));
			assertTrue(none.contains("no image in"), none);
		}
		finally {
			for (final ImagePlus imp : opened) {
				imp.changes = false;
				imp.close();
			}
			Interpreter.batchMode = batch;
		}
	}
}
