package org.medxai.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.medxai.cam.CamMethod;
import org.medxai.cam.CamResult;
import org.medxai.cam.ClassActivationMapper;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.ij1.ImageFiles;
import org.medxai.image.TensorConverter;
import org.medxai.math.Scores;

/**
 * How far a model's Grad-CAM maps and probabilities move when its batches enter the network in channels-last layout.
 *
 * The folder's groups of 8 (channels-last on the CPU) against the same images one at a time (the default layout), on
 * real images: largest map and probability differences, labels that differ. {@code polyp} is the bundled polyp model.
 *
 * Usage: {@code bash scripts/run-experiment.sh ChannelsLastAgreement polyp|CARD IMAGE_FOLDER [IMAGES=200]}
 */
public final class ChannelsLastAgreement {

	private static final int GROUP = 8;

	private ChannelsLastAgreement() {}

	public static void main(final String[] args) throws IOException {
		final Path card = args[0].equals("polyp") ? BundledModels.card(BundledModels.POLYP_DEFAULT) : Path.of(args[0]);
		final List<Path> files;
		try (Stream<Path> list = Files.list(Path.of(args[1]))) {
			files = list.sorted().limit(args.length > 2 ? Integer.parseInt(args[2]) : 200).toList();
		}
		double mapDifference = 0, probabilityDifference = 0;
		int labels = 0;
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.CPU)) {
			final ClassActivationMapper mapper = new ClassActivationMapper(model, 32);
			final int target = model.card().classes.contains("polyp") ? model.card().classes.indexOf("polyp") : 1;
			for (int from = 0; from < files.size(); from += GROUP) {
				final List<float[]> inputs = new ArrayList<>();
				for (final Path file : files.subList(from, Math.min(files.size(), from + GROUP)))
					inputs.add(TensorConverter.convert(ImageFiles.readPlanes(file).get(0), model.card().inputSpec()));
				final List<CamResult> grouped = mapper.computeBatch(inputs, CamMethod.GRAD_CAM, target);
				for (int i = 0; i < inputs.size(); i++) {
					final CamResult alone = mapper.compute(inputs.get(i), CamMethod.GRAD_CAM, target);
					final CamResult inGroup = grouped.get(i);
					for (int p = 0; p < alone.map().length; p++)
						mapDifference = Math.max(mapDifference, Math.abs(alone.map()[p] - inGroup.map()[p]));
					final double[] a = alone.probabilities(), b = inGroup.probabilities();
					for (int c = 0; c < a.length; c++)
						probabilityDifference = Math.max(probabilityDifference, Math.abs(a[c] - b[c]));
					if (Scores.argmax(a) != Scores.argmax(b)) labels++;
				}
			}
		}
		System.out.printf(Locale.ROOT,
			"%d images: maps within %.2g, probabilities within %.2g, %d labels differ (groups of %d against one at a " +
				"time)%n",
			files.size(), mapDifference, probabilityDifference, labels, GROUP);
	}

}
