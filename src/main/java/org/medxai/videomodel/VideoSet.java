package org.medxai.videomodel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.batch.NaturalOrder;
import org.medxai.image.ImageFileReader;
import org.medxai.io.CsvReader;
import org.medxai.video.FrameSampling;
import org.medxai.video.ImageSequence;

/**
 * Labelled videos: one folder per class (video files, TIFF stacks or folders of frames inside), or a folder and a CSV
 * {@code file,label[,group]}. A group is what must never be split (a patient); without a group column each video is its
 * own group. Splits and folds are by group, deterministic and independent of listing order.
 */
public record VideoSet(List<String> classes, List<Entry> videos, String description) {

	/** Video file extensions looked for in class folders (frame folders and stacks are taken too). */
	public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "mov", "mkv", "m4v", "mpg", "mpeg", "wmv",
		"webm", "tif", "tiff");

	/** One video, its class index and group. */
	public record Entry(Path file, int label, String group) {}

	/** Subfolders of {@code root} are the classes (sorted); each holds videos, stacks or frame folders. */
	public static VideoSet fromClassFolders(final Path root) {
		if (root == null || !Files.isDirectory(root))
			throw new MedXaiException("Video folder not found: " + root + ".");
		final List<Path> classFolders = list(root).stream().filter(Files::isDirectory).toList();
		final List<String> classes = new ArrayList<>();
		final List<Entry> videos = new ArrayList<>();
		for (final Path folder : classFolders) {
			final List<Path> inside = list(folder).stream().filter(VideoSet::isVideo).toList();
			if (inside.isEmpty()) continue;
			classes.add(folder.getFileName().toString());
			for (final Path video : inside)
				videos.add(new Entry(video, classes.size() - 1, folder.getFileName() + "/" + video.getFileName()));
		}
		checkClasses(classes, "The folder " + root.getFileName() + " has");
		return new VideoSet(classes, videos, "class folders of " + root.getFileName());
	}

	/**
	 * A folder and a CSV with a header naming {@code file} and {@code label} (and optionally {@code group}); files are
	 * relative to the folder and must all exist.
	 */
	public static VideoSet fromCsv(final Path folder, final Path csv) {
		if (folder == null || !Files.isDirectory(folder))
			throw new MedXaiException("Video folder not found: " + folder + ".");
		final List<List<String>> rows;
		try {
			rows = CsvReader.completeRecords(csv);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read the label CSV " + csv + ": " + e.getMessage(), e);
		}
		if (rows.isEmpty()) throw new MedXaiException("The label CSV " + csv.getFileName() + " is empty.");
		final List<String> header = rows.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
		final int fileColumn = header.indexOf("file"), labelColumn = header.indexOf("label"),
			groupColumn = header.indexOf("group");
		if (fileColumn < 0 || labelColumn < 0)
			throw new MedXaiException("The label CSV " + csv.getFileName() +
				" needs a header with columns 'file' and 'label' (and optionally 'group').");
		final Map<String, List<String[]>> byLabel = new TreeMap<>();
		final List<String> missing = new ArrayList<>();
		for (int r = 1; r < rows.size(); r++) {
			final List<String> row = rows.get(r);
			if (row.size() <= Math.max(fileColumn, labelColumn))
				throw new MedXaiException("Line " + (r + 1) + " of " + csv.getFileName() + " has too few columns.");
			final String name = row.get(fileColumn).trim(), label = row.get(labelColumn).trim();
			if (name.isEmpty() || label.isEmpty()) continue;
			if (!Files.exists(folder.resolve(name))) {
				missing.add(name);
				continue;
			}
			final String group = groupColumn >= 0 && groupColumn < row.size() && !row.get(groupColumn).isBlank()
				? row.get(groupColumn).trim()
				: name;
			byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(new String[] { name, group });
		}
		if (!missing.isEmpty())
			throw new MedXaiException(
				"The label CSV " + csv.getFileName() + " lists " + missing.size() + " file(s) not found in " + folder +
					", e.g. " + String.join(", ", missing.subList(0, Math.min(5, missing.size()))) + ".");
		final List<String> classes = new ArrayList<>(byLabel.keySet());
		checkClasses(classes, "The label CSV " + csv.getFileName() + " has");
		final List<Entry> videos = new ArrayList<>();
		for (int c = 0; c < classes.size(); c++)
			for (final String[] v : byLabel.get(classes.get(c))) videos.add(new Entry(folder.resolve(v[0]), c, v[1]));
		return new VideoSet(classes, videos, "labels from " + csv.getFileName());
	}

	private static void checkClasses(final List<String> classes, final String what) {
		if (classes.size() < 2)
			throw new MedXaiException(what +
				(classes.isEmpty() ? " no labelled videos" : " videos of one class only (" + classes.get(0) + ")") +
				": a classifier needs at least two classes.");
	}

	/** The two sides of a split. */
	public record Split(VideoSet kept, VideoSet taken) {}

	/**
	 * Whole groups go to the taken side until it holds {@code fraction} of the videos, stratified: groups by their most
	 * frequent class, each class's groups in the order of the SHA-256 of "seed:group"; both sides must keep every
	 * class.
	 */
	public Split split(final double fraction, final long seed, final String takenName) {
		if (!(fraction > 0 && fraction < 1))
			throw new MedXaiException("A split fraction must be between 0 and 1, not " + fraction + ".");
		final List<String> groups = orderedGroups(seed);
		final List<String> taken = new ArrayList<>();
		for (int c = 0; c < classes.size(); c++) {
			final int label = c;
			final List<String> ofClass = groups.stream().filter(g -> majority(g) == label).toList();
			final int total = ofClass.stream().mapToInt(this::size).sum();
			int count = 0;
			for (final String group : ofClass) {
				if (count >= fraction * total) break;
				taken.add(group);
				count += size(group);
			}
		}
		final VideoSet takenSet = subset(taken, true, String.format(Locale.ROOT,
			"%s: %.0f%% of the videos by " + "group, seed %d", takenName, fraction * 100, seed));
		final VideoSet keptSet = subset(taken, false, description + " minus the " + takenName);
		for (final VideoSet side : List.of(takenSet, keptSet)) for (int c = 0; c < classes.size(); c++) {
			final int label = c;
			if (side.videos.stream().noneMatch(v -> v.label() == label))
				throw new MedXaiException("Splitting by group leaves no video of class " + classes.get(c) +
					" on one side: there are too few groups (" + groups.size() + ") for a " +
					Math.round(fraction * 100) + "% " + takenName + ".");
		}
		return new Split(keptSet, takenSet);
	}

	private int size(final String group) {
		return (int) videos.stream().filter(v -> v.group().equals(group)).count();
	}

	/** The most frequent class among a group's videos (the lowest index on a tie). */
	private int majority(final String group) {
		final int[] counts = new int[classes.size()];
		for (final Entry v : videos) if (v.group().equals(group)) counts[v.label()]++;
		int best = 0;
		for (int c = 1; c < counts.length; c++) if (counts[c] > counts[best]) best = c;
		return best;
	}

	/** {@code k} folds of whole groups, balanced by video count (groups in hash order, each to the smallest fold). */
	public List<VideoSet> folds(final int k, final long seed) {
		final List<String> groups = orderedGroups(seed);
		if (k < 2 || k > groups.size())
			throw new MedXaiException(
				"Cross-validation needs between 2 and " + groups.size() + " folds, not " + k + ".");
		final List<List<String>> members = new ArrayList<>();
		final int[] sizes = new int[k];
		for (int f = 0; f < k; f++) members.add(new ArrayList<>());
		for (final String group : groups) {
			int smallest = 0;
			for (int f = 1; f < k; f++) if (sizes[f] < sizes[smallest]) smallest = f;
			members.get(smallest).add(group);
			sizes[smallest] += (int) videos.stream().filter(v -> v.group().equals(group)).count();
		}
		final List<VideoSet> folds = new ArrayList<>();
		for (int f = 0; f < k; f++)
			folds.add(subset(members.get(f), true, "fold " + (f + 1) + " of " + k + " by group, seed " + seed));
		return folds;
	}

	/** The videos not in {@code other} (by file). */
	public VideoSet minus(final VideoSet other) {
		final List<Entry> rest = videos.stream().filter(v -> !other.videos.contains(v)).toList();
		return new VideoSet(classes, rest, description + " minus " + other.description);
	}

	public List<String> groups() {
		return new ArrayList<>(new TreeSet<>(videos.stream().map(Entry::group).toList()));
	}

	private VideoSet subset(final List<String> groups, final boolean inside, final String what) {
		final Set<String> set = new HashSet<>(groups);
		return new VideoSet(classes, videos.stream().filter(v -> set.contains(v.group()) == inside).toList(), what);
	}

	private List<String> orderedGroups(final long seed) {
		final List<String> groups = groups();
		groups.sort(Comparator.comparing((String g) -> hash(seed + ":" + g)).thenComparing(g -> g));
		return groups;
	}

	/**
	 * Reads every video ({@link VideoClips}: sampled, at most {@code keep} frames, shrunk to {@code workingSize}); one
	 * that cannot be read is added to {@code skipped} with why, and left out. Cancel stops the reading.
	 */
	public List<VideoExample> read(final FrameSampling sampling, final int keep, final int workingSize,
		final ImageFileReader stacks, final List<String> skipped, final ProgressListener progress)
	{
		final List<VideoExample> examples = new ArrayList<>();
		for (int i = 0; i < videos.size(); i++) {
			if (progress.isCancelled())
				throw new CancelledException("Cancelled while reading videos; nothing was " + "trained.");
			final Entry entry = videos.get(i);
			try {
				final VideoClips.Clip clip = VideoClips.read(entry.file(), sampling, keep, workingSize, stacks,
					ProgressListener.NONE);
				examples.add(new VideoExample(clip.name(), entry.label(), entry.group(), clip.frames()));
			}
			catch (final MedXaiException e) {
				skipped.add(entry.file().getFileName() + ": " + e.getMessage());
			}
			progress.progress(i + 1, videos.size(), "Reading videos " + (i + 1) + "/" + videos.size());
		}
		return examples;
	}

	/** Counts per class, in class order. */
	public Map<String, Integer> counts() {
		final Map<String, Integer> counts = new LinkedHashMap<>();
		for (final String c : classes) counts.put(c, 0);
		for (final Entry v : videos) counts.merge(classes.get(v.label()), 1, Integer::sum);
		return counts;
	}

	private static String hash(final String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static boolean isVideo(final Path path) {
		if (Files.isDirectory(path)) {
			try (Stream<Path> files = Files.list(path)) {
				return files.anyMatch(f -> Files.isRegularFile(f) && ImageSequence.EXTENSIONS.stream()
					.anyMatch(e -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith("." + e)));
			}
			catch (final IOException e) {
				return false;
			}
		}
		final String name = path.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot > 0 && !name.startsWith(".") &&
			VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	private static List<Path> list(final Path folder) {
		try (Stream<Path> paths = Files.list(folder)) {
			return paths
				.sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()))
				.toList();
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + folder + ": " + e.getMessage(), e);
		}
	}
}
