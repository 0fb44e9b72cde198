package org.medxai.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import org.medxai.fixtures.SyntheticPolyps;

/** Writes class folders of synthetic polyp / non-polyp PNGs for training tests. */
final class TinyDataset {

	private TinyDataset() {}

	static Path write(final Path root, final int perClass, final int size, final long seed) throws IOException {
		return write(root, perClass, size, seed, null);
	}

	/** Also writes each polyp's mask (0/255 PNG, same base name) into {@code masks} when given. */
	static Path write(final Path root, final int perClass, final int size, final long seed, final Path masks)
		throws IOException
	{
		if (masks != null) Files.createDirectories(masks);
		for (final String label : new String[] { "non-polyp", "polyp" }) {
			final Path folder = Files.createDirectories(root.resolve(label));
			for (int i = 0; i < perClass; i++) {
				final SyntheticPolyps.Sample s = SyntheticPolyps.generate(size, label.equals("polyp"),
					seed + i * 2L + (label.equals("polyp") ? 1 : 0));
				final ImagePlus image = new ImagePlus(label, new ColorProcessor(size, size, s.rgb()));
				final String name = String.format("%s_%03d.png", label, i);
				if (!new FileSaver(image).saveAsPng(folder.resolve(name).toString()))
					throw new IOException("cannot write test image");
				if (masks != null && s.polyp() &&
					!new FileSaver(new ImagePlus(name, new ij.process.ByteProcessor(size, size, s.mask())))
						.saveAsPng(masks.resolve(name).toString()))
					throw new IOException("cannot write test mask");
			}
		}
		return root;
	}
}
