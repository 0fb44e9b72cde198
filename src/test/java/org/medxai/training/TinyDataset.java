package org.medxai.training;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.medxai.fixtures.SyntheticPolyps;

/** Writes class folders of synthetic polyp / non-polyp PNGs for training tests. */
final class TinyDataset {

	private TinyDataset() {}

	static Path write(final Path root, final int perClass, final int size, final long seed)
		throws IOException
	{
		for (final String label : new String[] { "non-polyp", "polyp" }) {
			final Path folder = Files.createDirectories(root.resolve(label));
			for (int i = 0; i < perClass; i++) {
				final SyntheticPolyps.Sample s = SyntheticPolyps.generate(size, label.equals("polyp"),
					seed + i * 2L + (label.equals("polyp") ? 1 : 0));
				final ImagePlus image = new ImagePlus(label, new ColorProcessor(size, size, s.rgb()));
				if (!new FileSaver(image).saveAsPng(folder.resolve(String.format("%s_%03d.png", label,
					i)).toString())) throw new IOException("cannot write test image");
			}
		}
		return root;
	}
}
