package org.medxai.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;

import org.medxai.MedXaiException;

/**
 * Labelled images for training: from a folder with one sub-folder per class (searched recursively, so a class may have
 * sub-folders of its own), or from a folder plus a CSV of labels. Splits are deterministic and stratified.
 */
public final class TrainingSet {

	/** Image file endings read for training. */
	public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff");

	private final List<String> classes;
	private final List<LabelledImage> images;
	private final String description;

	public TrainingSet(final List<String> classes, final List<LabelledImage> images, final String description) {
		this.classes = List.copyOf(classes);
		this.images = List.copyOf(images);
		this.description = description;
	}

	public List<String> classes() {
		return classes;
	}

	public List<LabelledImage> images() {
		return images;
	}

	public String description() {
		return description;
	}

	public int size() {
		return images.size();
	}

	/** Images per class, in class order. */
	public int[] counts() {
		final int[] counts = new int[classes.size()];
		for (final LabelledImage image : images) counts[image.label()]++;
		return counts;
	}

	/** One sub-folder per class (sorted by name); images found recursively in each. */
	public static TrainingSet fromClassFolders(final Path root) {
		if (root == null || !Files.isDirectory(root)) {
			throw new MedXaiException("Training folder not found: " + root + ".");
		}
		final List<Path> folders;
		try (Stream<Path> children = Files.list(root)) {
			folders = children.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
				.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + root + ": " + e.getMessage(), e);
		}
		final List<String> classes = new ArrayList<>();
		final List<LabelledImage> images = new ArrayList<>();
		for (final Path folder : folders) {
			final List<Path> files = imagesIn(folder);
			if (files.isEmpty()) continue;
			for (final Path file : files) images.add(new LabelledImage(file, classes.size()));
			classes.add(folder.getFileName().toString());
		}
		if (classes.isEmpty()) {
			throw new MedXaiException("No training images in " + root + ": put each class's " +
				"images in its own sub-folder (e.g. polyp/ and non-polyp/).");
		}
		if (classes.size() < 2) {
			throw new MedXaiException("Only one class found in " + root + " (" + classes.get(0) +
				"): a classifier needs at least two class sub-folders with images.");
		}
		return new TrainingSet(classes, images, "class folders of " + root.getFileName());
	}

	/**
	 * A folder of images and a CSV with columns {@code file,label} (header first; file names relative to the folder).
	 * Every listed file must exist.
	 */
	public static TrainingSet fromCsv(final Path folder, final Path csv) {
		if (folder == null || !Files.isDirectory(folder)) {
			throw new MedXaiException("Image folder not found: " + folder + ".");
		}
		final List<String> lines;
		try {
			lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read label CSV " + csv + ": " + e.getMessage(), e);
		}
		if (lines.isEmpty()) throw new MedXaiException("The label CSV " + csv.getFileName() + " is empty.");
		final String[] header = lines.get(0).split(",", -1);
		int fileColumn = -1;
		int labelColumn = -1;
		for (int i = 0; i < header.length; i++) {
			final String h = header[i].trim().toLowerCase(Locale.ROOT);
			if (h.equals("file")) fileColumn = i;
			if (h.equals("label")) labelColumn = i;
		}
		if (fileColumn < 0 || labelColumn < 0) {
			throw new MedXaiException(
				"The label CSV " + csv.getFileName() + " needs a header with columns 'file' and 'label'.");
		}
		final Map<String, List<Path>> byLabel = new TreeMap<>();
		final List<String> missing = new ArrayList<>();
		for (int row = 1; row < lines.size(); row++) {
			final String line = lines.get(row);
			if (line.isBlank()) continue;
			final String[] cells = line.split(",", -1);
			if (cells.length <= Math.max(fileColumn, labelColumn)) {
				throw new MedXaiException("Line " + (row + 1) + " of " + csv.getFileName() + " has too few columns.");
			}
			final String name = cells[fileColumn].trim();
			final String label = cells[labelColumn].trim();
			if (label.isEmpty()) continue;
			final Path file = folder.resolve(name);
			if (!Files.isRegularFile(file)) {
				missing.add(name);
				continue;
			}
			byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(file);
		}
		if (!missing.isEmpty()) {
			throw new MedXaiException(
				"The label CSV " + csv.getFileName() + " lists " + missing.size() + " file(s) not found in " + folder +
					", e.g. " + String.join(", ", missing.subList(0, Math.min(5, missing.size()))) + ".");
		}
		if (byLabel.size() < 2) {
			throw new MedXaiException("The label CSV " + csv.getFileName() + " has " +
				(byLabel.isEmpty()
					? "no labelled rows"
					: "only one class (" + byLabel.keySet().iterator().next() + ")") +
				": a classifier needs at least two classes.");
		}
		final List<String> classes = new ArrayList<>(byLabel.keySet());
		final List<LabelledImage> images = new ArrayList<>();
		for (int c = 0; c < classes.size(); c++) {
			for (final Path file : byLabel.get(classes.get(c))) images.add(new LabelledImage(file, c));
		}
		return new TrainingSet(classes, images, "labels from " + csv.getFileName());
	}

	/** The two parts of a split. */
	public record Split(TrainingSet kept, TrainingSet taken) {}

	/**
	 * Takes {@code ceil(fraction * n)} images of every class into the second part: those whose SHA-256 of "seed:file
	 * name" is smallest. Deterministic, independent of listing order and machine.
	 */
	public Split split(final double fraction, final long seed, final String takenName) {
		if (!(fraction > 0 && fraction < 1)) {
			throw new MedXaiException("A split fraction must be between 0 and 1, not " + fraction + ".");
		}
		final String rule = String.format(Locale.ROOT, "%s: %.0f%% per class, seed %d", takenName, fraction * 100,
			seed);
		return take(seed, rule, n -> 0, n -> (int) Math.ceil(fraction * n),
			"set " + Math.round(fraction * 100) + "% aside");
	}

	/**
	 * Fold {@code fold} of {@code folds} (k-fold cross-validation) in the order {@link #split} uses: in every class the
	 * images sorted by the SHA-256 of "seed:file name", fold k being positions {@code ceil((k - 1) n / folds)} to
	 * {@code ceil(k n / folds)}. So the folds partition each class, and fold 1 of 4 is exactly
	 * {@code split(0.25, seed, ...)}'s taken part.
	 */
	public Split fold(final int fold, final int folds, final long seed, final String takenName) {
		if (folds < 2) throw new MedXaiException("Cross-validation needs at least 2 folds, not " + folds + ".");
		if (fold < 1 || fold > folds) {
			throw new MedXaiException("The fold must be between 1 and " + folds + ", not " + fold + ".");
		}
		final int[] counts = counts();
		for (int c = 0; c < classes.size(); c++) {
			// every fold, not only this one, must get an image of every class
			if (counts[c] < folds) {
				throw new MedXaiException(
					"Class " + classes.get(c) + " has too few images (" + counts[c] + ") to make " + folds + " folds.");
			}
		}
		final String rule = String.format(Locale.ROOT, "%s: fold %d of %d per class, seed %d", takenName, fold, folds,
			seed);
		return take(seed, rule, n -> (int) Math.ceil((fold - 1) * (double) n / folds),
			n -> (int) Math.ceil(fold * (double) n / folds), "make " + folds + " folds");
	}

	/** In every class, sorted by split key: positions [from(n), to(n)) taken, the rest kept. */
	private Split take(final long seed, final String rule, final IntUnaryOperator from, final IntUnaryOperator to,
		final String purpose)
	{
		final List<LabelledImage> kept = new ArrayList<>();
		final List<LabelledImage> taken = new ArrayList<>();
		for (int c = 0; c < classes.size(); c++) {
			final int label = c;
			final List<LabelledImage> members = new ArrayList<>(
				images.stream().filter(i -> i.label() == label).toList());
			members.sort(Comparator.comparing((LabelledImage i) -> splitKey(seed, i.file()))
				.thenComparing(i -> i.file().toString()));
			final int start = from.applyAsInt(members.size());
			final int end = to.applyAsInt(members.size());
			if (members.size() - (end - start) < 1 || end <= start) {
				throw new MedXaiException(
					"Class " + classes.get(c) + " has too few images (" + members.size() + ") to " + purpose + ".");
			}
			taken.addAll(members.subList(start, end));
			kept.addAll(members.subList(0, start));
			kept.addAll(members.subList(end, members.size()));
		}
		return new Split(new TrainingSet(classes, kept, description + ", minus " + rule),
			new TrainingSet(classes, taken, rule + " of " + description));
	}

	/** Images of another set relabelled to this set's class order (names must match). */
	public TrainingSet alignedTo(final List<String> order) {
		final Map<Integer, Integer> map = new LinkedHashMap<>();
		for (int c = 0; c < classes.size(); c++) {
			final int target = order.indexOf(classes.get(c));
			if (target < 0) {
				throw new MedXaiException("Class '" + classes.get(c) + "' of the validation images " +
					"is not among the training classes " + order + ".");
			}
			map.put(c, target);
		}
		final List<LabelledImage> relabelled = images.stream().map(i -> new LabelledImage(i.file(), map.get(i.label())))
			.toList();
		return new TrainingSet(order, relabelled, description);
	}

	static String splitKey(final long seed, final Path file) {
		try {
			final MessageDigest digest = MessageDigest.getInstance("SHA-256");
			final byte[] hash = digest.digest((seed + ":" + file.getFileName()).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Image files below a folder (recursive, sorted). */
	public static List<Path> imagesIn(final Path folder) {
		try (Stream<Path> files = Files.walk(folder, 8, FileVisitOption.FOLLOW_LINKS)) {
			return files.filter(Files::isRegularFile).filter(TrainingSet::isImage).sorted().toList();
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + folder + ": " + e.getMessage(), e);
		}
	}

	private static boolean isImage(final Path file) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot > 0 && !name.startsWith(".") &&
			EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}
}
