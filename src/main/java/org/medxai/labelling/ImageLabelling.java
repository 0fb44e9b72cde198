package org.medxai.labelling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.image.GlobalFeatures;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.io.CsvWriter;
import org.medxai.training.LabelledImage;
import org.medxai.training.TrainingSet;

/**
 * Semi-supervised labelling of a folder of unlabelled images from a few labelled ones: global features, then the chosen
 * method(s), a CSV of proposals, and the accepted labels exported as class folders for training.
 */
public final class ImageLabelling {

	/** Which proposal method(s) to run. */
	public enum Method {

		CLUSTER_PURITY, LABEL_SPREADING, BOTH;

		public static Method parse(final String text) {
			return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace(' ', '_')) {
				case "cluster_purity", "k-means", "kmeans" -> CLUSTER_PURITY;
				case "label_spreading", "spreading" -> LABEL_SPREADING;
				case "both" -> BOTH;
				default -> throw new MedXaiException(
					"Unknown labelling method '" + text + "': choose cluster_purity, label_spreading or both.");
			};
		}
	}

	/** Settings; the seed pipeline used k = 50 and a target of 1000 labelled images. */
	public record Options(Method method, int clusters, long seed, int target, int neighbours, double alpha,
		double minConfidence, double[][] maskRegions)
	{}

	/** One unlabelled file's proposal by one method ("" label when none). */
	public record Row(Path file, String method, String label, double confidence, boolean accepted, String error) {}

	/** All rows plus what was exported. */
	public record Result(List<String> classes, List<Row> rows, Map<String, Integer> exported, Path csv) {}

	private ImageLabelling() {}

	public static Result run(final TrainingSet labelled, final List<Path> unlabelled, final Options options,
		final Path output, final boolean export, final ProgressListener progress)
	{
		if (unlabelled.isEmpty()) throw new MedXaiException("No unlabelled images found.");
		final List<double[]> features = new ArrayList<>();
		final List<Integer> labels = new ArrayList<>();
		final List<Path> files = new ArrayList<>();
		final List<Row> failed = new ArrayList<>();
		final int total = labelled.size() + unlabelled.size();
		int done = 0;
		for (final LabelledImage image : labelled.images()) {
			checkCancel(progress);
			final double[] f = features(image.file(), options);
			if (f != null) {
				features.add(f);
				labels.add(image.label());
				files.add(image.file());
			}
			progress.progress(++done, total, "Features " + done + "/" + total);
		}
		for (final Path file : unlabelled) {
			checkCancel(progress);
			try {
				features.add(GlobalFeatures.of(read(file, options)));
				labels.add(SemiSupervisedLabeller.NONE);
				files.add(file);
			}
			catch (final MedXaiException e) {
				failed.add(new Row(file, "", "", 0, false, e.getMessage()));
			}
			progress.progress(++done, total, "Features " + done + "/" + total);
		}
		final double[][] x = GlobalFeatures.standardise(features.toArray(double[][]::new));
		final int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
		final List<Row> rows = new ArrayList<>();
		final Map<String, List<SemiSupervisedLabeller.Proposal>> byMethod = new LinkedHashMap<>();
		if (options.method() != Method.LABEL_SPREADING) {
			byMethod.put("cluster_purity",
				SemiSupervisedLabeller.clusterPurity(x, y, options.clusters(), options.seed(), options.target()));
		}
		if (options.method() != Method.CLUSTER_PURITY) {
			byMethod.put("label_spreading",
				SemiSupervisedLabeller.labelSpreading(x, y, options.neighbours(), options.alpha()));
		}
		// With both methods a label is accepted where they agree and label spreading, whose
		// confidence is the finer-grained one, reaches the minimum.
		final Map<Integer, String> agreed = new LinkedHashMap<>();
		if (byMethod.size() == 2) {
			final List<SemiSupervisedLabeller.Proposal> a = byMethod.get("cluster_purity");
			final List<SemiSupervisedLabeller.Proposal> b = byMethod.get("label_spreading");
			for (int i = 0; i < a.size(); i++) {
				if (a.get(i).label() != SemiSupervisedLabeller.NONE && a.get(i).label() == b.get(i).label() &&
					b.get(i).confidence() >= options.minConfidence())
				{
					agreed.put(a.get(i).index(), labelled.classes().get(a.get(i).label()));
				}
			}
		}
		for (final Map.Entry<String, List<SemiSupervisedLabeller.Proposal>> entry : byMethod.entrySet()) {
			for (final SemiSupervisedLabeller.Proposal p : entry.getValue()) {
				final String label = p.label() == SemiSupervisedLabeller.NONE ? "" : labelled.classes().get(p.label());
				final boolean accepted = byMethod.size() == 2
					? agreed.containsKey(p.index())
					: !label.isEmpty() && p.confidence() >= options.minConfidence();
				rows.add(new Row(files.get(p.index()), entry.getKey(), label, p.confidence(), accepted, null));
			}
		}
		rows.addAll(failed);
		final Path csv = output.resolve("proposed-labels.csv");
		write(csv, rows);
		final Map<String, Integer> exported = export ? export(labelled, rows, output.resolve("accepted")) : Map.of();
		return new Result(labelled.classes(), rows, exported, csv);
	}

	private static double[] features(final Path file, final Options options) {
		try {
			return GlobalFeatures.of(read(file, options));
		}
		catch (final MedXaiException e) {
			return null; // an unreadable labelled example is simply not used
		}
	}

	private static PixelPlanes read(final Path file, final Options options) {
		return ImageDecoding.read(file).planes().masked(options.maskRegions());
	}

	private static void checkCancel(final ProgressListener progress) {
		if (progress.isCancelled()) throw new CancelledException("Labelling cancelled.");
	}

	private static void write(final Path csv, final List<Row> rows) {
		try (CsvWriter out = new CsvWriter(csv)) {
			out.row(List.of("file", "method", "proposed_label", "confidence", "accepted", "message"));
			for (final Row row : rows) {
				out.row(List.of(row.file().getFileName().toString(), row.method(), row.label(),
					String.format(Locale.ROOT, "%.4f", row.confidence()), row.accepted() ? "yes" : "no",
					row.error() == null ? "" : row.error()));
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write " + csv + ": " + e.getMessage(), e);
		}
	}

	/** Copies the labelled examples and every accepted proposal into accepted/CLASS/. */
	private static Map<String, Integer> export(final TrainingSet labelled, final List<Row> rows, final Path folder) {
		final Map<String, Integer> counts = new LinkedHashMap<>();
		try {
			for (final LabelledImage image : labelled.images()) {
				copy(image.file(), folder.resolve(labelled.classes().get(image.label())), counts);
			}
			final Set<Path> done = new HashSet<>();
			for (final Row row : rows) {
				if (row.accepted() && done.add(row.file())) {
					copy(row.file(), folder.resolve(row.label()), counts);
				}
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot export accepted labels to " + folder + ": " + e.getMessage(), e);
		}
		return counts;
	}

	private static void copy(final Path file, final Path classFolder, final Map<String, Integer> counts)
		throws IOException
	{
		Files.createDirectories(classFolder);
		Path target = classFolder.resolve(file.getFileName());
		for (int i = 2; Files.exists(target); i++) {
			target = classFolder.resolve(i + "_" + file.getFileName());
		}
		Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
		counts.merge(classFolder.getFileName().toString(), 1, Integer::sum);
	}
}
