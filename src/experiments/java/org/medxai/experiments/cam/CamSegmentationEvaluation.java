package org.medxai.experiments.cam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.medxai.cam.CamMethod;
import org.medxai.cam.CamResult;
import org.medxai.cam.ClassActivationMapper;
import org.medxai.cam.MaskRule;
import org.medxai.engine.BundledModels;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.LoadedModel;
import org.medxai.engine.ModelLoader;
import org.medxai.experiments.polyp.DefaultPolypSplits;
import org.medxai.image.ImageDecoding;
import org.medxai.image.MaskCleanup;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;
import org.medxai.metrics.SegmentationMetrics;
import org.medxai.training.LabelledImage;
import org.medxai.training.TrainingSet;

/**
 * Dice and IoU of CAM-based polyp masks for every CAM method and mask rule.
 *
 * On the Kvasir-SEG polyps the model never trained on (its heldout.csv; with {@code CAM_EVAL_SET=validation} the
 * default splits' validation polyps instead, the validation fraction from {@code VALIDATION}, default 0.15; with
 * {@code CAM_EVAL_SET=folds} and CARD "fold1-card;fold2-card;…" the k-fold networks, each on the polyps of the fold it
 * was validated on, pooled: out of fold), with and without clean-up, Medico style. Defaults: SHARED_DATA
 * ../shared/data, CARD the bundled polyp model, METHODS (e.g. gradcam,layercam) all six, LIMIT (only the first LIMIT
 * polyps, for the slow Score-CAM) none.
 *
 * Usage: {@code bash scripts/run-experiment.sh CamSegmentationEvaluation [SHARED_DATA] [CARD] [METHODS] [LIMIT]}
 */
public final class CamSegmentationEvaluation {

	private CamSegmentationEvaluation() {}

	public static void main(final String[] args) throws Exception {
		final Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
		final String cardArgument = args.length > 1 && !args[1].isBlank()
			? args[1]
			: BundledModels.card(BundledModels.POLYP_DEFAULT).toString();
		final List<CamMethod> methods = new ArrayList<>();
		if (args.length > 2 && !args[2].isBlank()) {
			for (final String m : args[2].split(",")) methods.add(CamMethod.parse(m));
		}
		else methods.addAll(List.of(CamMethod.values()));
		final String set = System.getenv().getOrDefault("CAM_EVAL_SET", "heldout");
		// the model(s) and the polyps each one maps
		final List<Path> cards = new ArrayList<>();
		final List<List<String>> polypsPerCard = new ArrayList<>();
		if (set.equals("folds")) {
			// k-fold: CARD is "fold1-card;fold2-card;…", each mapping the polyps of the fold it was validated on
			final String[] foldCards = cardArgument.split(";");
			final List<TrainingSet> folds = DefaultPolypSplits.folds(data, foldCards.length);
			for (int k = 0; k < foldCards.length; k++) {
				cards.add(Path.of(foldCards[k]));
				polypsPerCard.add(polypNames(folds.get(k)));
			}
		}
		else if (set.equals("validation")) {
			// the polyps the default model's training validated on: never trained on, never held out
			cards.add(Path.of(cardArgument));
			polypsPerCard.add(polypNames(DefaultPolypSplits
				.of(data, Double.parseDouble(System.getenv().getOrDefault("VALIDATION", "0.15"))).validation()));
		}
		else if (set.equals("heldout")) {
			final Path card = Path.of(cardArgument);
			final List<String> polyps = new ArrayList<>();
			final List<String> lines = Files.readAllLines(card.resolveSibling("heldout.csv"));
			for (final String line : lines.subList(1, lines.size())) {
				final String[] f = line.split(",");
				if (f[1].equals("polyp")) polyps.add(f[0]);
			}
			cards.add(card);
			polypsPerCard.add(polyps);
		}
		else throw new IllegalArgumentException("CAM_EVAL_SET must be heldout, validation or folds, not " + set);
		final int limit = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
		final Map<String, double[]> sums = new LinkedHashMap<>();
		for (int k = 0; k < cards.size(); k++) {
			final List<String> polyps = polypsPerCard.get(k);
			if (limit < polyps.size()) polyps.subList(limit, polyps.size()).clear();
			System.err
				.println(set + " polyps" + (cards.size() > 1 ? " of fold " + (k + 1) : "") + ": " + polyps.size());
			accumulate(data, cards.get(k), polyps, methods, sums);
		}
		System.out.println("method,rule,cleanup,mean_dice,mean_iou,images" +
			(set.equals("heldout") ? "" : " (" + (set.equals("folds") ? "out-of-fold" : "validation") + " polyps)"));
		for (final Map.Entry<String, double[]> e : sums.entrySet()) {
			final double[] s = e.getValue();
			System.out.printf(Locale.ROOT, "%s,%.4f,%.4f,%d%n", e.getKey(), s[0] / s[2], s[1] / s[2], (int) s[2]);
		}
	}

	private static List<String> polypNames(final TrainingSet images) {
		final int polyp = images.classes().indexOf("polyp");
		final List<String> names = new ArrayList<>();
		for (final LabelledImage image : images.images())
			if (image.label() == polyp) names.add(image.file().getFileName().toString());
		return names;
	}

	/** Adds each polyp's Dice and IoU, per method, rule and clean-up, to {@code sums} (Dice, IoU, count). */
	private static void accumulate(final Path data, final Path card, final List<String> polyps,
		final List<CamMethod> methods, final Map<String, double[]> sums) throws Exception
	{
		// the low thresholds: the maps are peaked, most of their support lies below 2 % of the peak
		final List<MaskRule> rules = List.of(MaskRule.threshold(0.001), MaskRule.threshold(0.002),
			MaskRule.threshold(0.005), MaskRule.threshold(0.01), MaskRule.threshold(0.02), MaskRule.threshold(0.05),
			MaskRule.threshold(0.1), MaskRule.threshold(0.2), MaskRule.threshold(0.3), MaskRule.threshold(0.4),
			MaskRule.threshold(0.5), MaskRule.threshold(0.6), MaskRule.band(0.4, 0.7), MaskRule.otsu(),
			MaskRule.percentile(50), MaskRule.percentile(55), MaskRule.percentile(60), MaskRule.percentile(65),
			MaskRule.percentile(70), MaskRule.percentile(75), MaskRule.percentile(80), MaskRule.percentile(85),
			MaskRule.percentile(90));
		final List<MaskCleanup.Options> cleanups = List.of(MaskCleanup.Options.NONE,
			new MaskCleanup.Options(0.01, true, true));
		try (LoadedModel model = ModelLoader.load(card, DevicePreference.AUTO)) {
			final ClassActivationMapper mapper = new ClassActivationMapper(model, 32);
			final var spec = model.card().inputSpec();
			final int polypClass = model.card().classes.indexOf("polyp");
			int done = 0;
			final long start = System.nanoTime();
			for (final String name : polyps) {
				final ImageDecoding.Rgb rgb = ImageDecoding.read(data.resolve("kvasir-seg/images/" + name));
				final ImageDecoding.Rgb truthRgb = ImageDecoding.read(data.resolve("kvasir-seg/masks/" + name));
				final boolean[] truth = new boolean[truthRgb.pixels().length];
				for (int i = 0; i < truth.length; i++) truth[i] = (truthRgb.pixels()[i] >> 8 & 0xff) >= 128;
				final PixelPlanes planes = rgb.planes();
				final float[] input = TensorConverter.convert(planes, spec);
				for (final CamMethod method : methods) {
					final CamResult result = mapper.compute(input, method, polypClass);
					final float[] cam = TensorConverter.resize(result.map(), result.width(), result.height(),
						rgb.width(), rgb.height());
					for (final MaskRule rule : rules) {
						final byte[] raw = rule.apply(cam);
						for (final MaskCleanup.Options cleanup : cleanups) {
							final byte[] mask = MaskCleanup.apply(raw, rgb.width(), rgb.height(), cleanup);
							final float[] predicted = new float[mask.length];
							for (int i = 0; i < mask.length; i++) predicted[i] = mask[i];
							final SegmentationMetrics m = SegmentationMetrics.of(predicted, truth);
							final String key = method.key() + "," + rule.key() + "," +
								(cleanup == MaskCleanup.Options.NONE ? "none" : "fill+largest+1%");
							final double[] s = sums.computeIfAbsent(key, k -> new double[3]);
							s[0] += m.dice();
							s[1] += m.iou();
							s[2]++;
						}
					}
				}
				done++;
				if (done % 20 == 0)
					System.err.printf(Locale.ROOT, "%d/%d images, %.1f s%n", done, polyps.size(),
						(System.nanoTime() - start) / 1e9);
			}
		}
	}
}
