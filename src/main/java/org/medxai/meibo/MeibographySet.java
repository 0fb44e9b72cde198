package org.medxai.meibo;

import static org.medxai.io.FileNames.baseName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.medxai.MedXaiException;
import org.medxai.image.ImageDecoding;

/**
 * Meibography images with truth: one or more folders, each holding {@code images/}, {@code eyelid_masks/} and
 * {@code gland_masks/} (masks matched to images by base name, 0/255) and optionally a CSV {@code image,meiboscore}
 * (names matched by base name; a table in any of the folders grades the lids of all of them). Folders may hold
 * different resolutions: training resizes every image to the network's input. Seeded splits by SHA-256 of
 * {@code "seed:name"}, plain or stratified by meiboscore and lid side, so a split never depends on file order.
 */
public record MeibographySet(String description, List<Item> items) {

	public record Item(String name, Path image, Path eyelidMask, Path glandMask, int meiboscore) {

		public boolean upperLid() {
			return LidSide.of(name) == LidSide.UPPER;
		}
	}

	public static MeibographySet read(final Path folder) {
		return read(List.of(folder));
	}

	/** The lids of several folders as one set; a name found in two folders is refused (it would be counted twice). */
	public static MeibographySet read(final List<Path> folders) {
		if (folders.isEmpty()) throw new MedXaiException("Choose at least one meibography data folder.");
		final Map<String, Integer> scores = new HashMap<>();
		for (final Path folder : folders) scores.putAll(readScores(folder));
		final Map<String, Item> items = new TreeMap<>();
		final List<String> parts = new ArrayList<>();
		for (final Path folder : folders) {
			final List<Item> found = items(folder, scores);
			for (final Item item : found) {
				final Item before = items.put(item.name(), item);
				if (before != null) {
					throw new MedXaiException("The lid " + item.name() + " is in " +
						before.image().getParent().getParent() + " and in " + folder + ": keep one copy.");
				}
			}
			parts.add(folder.getFileName() + " (" + found.size() + ")");
		}
		return new MeibographySet(String.join(" + ", parts) + ", " + items.size() + " images",
			List.copyOf(items.values()));
	}

	private static List<Item> items(final Path folder, final Map<String, Integer> scores) {
		final Path images = folder.resolve("images");
		final Path eyelids = folder.resolve("eyelid_masks");
		final Path glands = folder.resolve("gland_masks");
		for (final Path p : List.of(images, eyelids, glands))
			if (!Files.isDirectory(p))
				throw new MedXaiException("The meibography folder " + folder + " needs images/, " +
					"eyelid_masks/ and gland_masks/ (missing: " + p.getFileName() + ").");
		final Map<String, Path> eyelidByName = byBaseName(eyelids);
		final Map<String, Path> glandByName = byBaseName(glands);
		final List<Item> items = new ArrayList<>();
		for (final Map.Entry<String, Path> e : new TreeMap<>(byBaseName(images)).entrySet()) {
			final Path eyelid = eyelidByName.get(e.getKey());
			final Path gland = glandByName.get(e.getKey());
			if (eyelid == null || gland == null) continue;
			items.add(new Item(e.getKey(), e.getValue(), eyelid, gland, scores.getOrDefault(e.getKey(), -1)));
		}
		if (items.isEmpty())
			throw new MedXaiException(
				"No image in " + images + " has both an eyelid and a gland mask " + "with the same base name.");
		return items;
	}

	/**
	 * Like {@link #split}, but within each stratum of meiboscore and lid side: the round(fraction × n) lids to take are
	 * shared out over the strata in proportion to their size (each gets the floor of its share, the rest go to the
	 * largest remainders), and within a stratum the lids with the lowest hashes are taken. Every grade and side is
	 * represented in both parts in proportion (ungraded lids form their own strata), and small strata still add up to
	 * the whole fraction.
	 */
	public MeibographySet splitStratified(final double fraction, final long seed, final boolean taken) {
		final Map<String, List<Item>> strata = new TreeMap<>();
		for (final Item item : items) {
			strata.computeIfAbsent(item.meiboscore() + "/" + LidSide.of(item.name()), k -> new ArrayList<>()).add(item);
		}
		final Map<String, Integer> counts = new TreeMap<>();
		int assigned = 0;
		for (final Map.Entry<String, List<Item>> stratum : strata.entrySet()) {
			final int floor = (int) Math.floor(fraction * stratum.getValue().size());
			counts.put(stratum.getKey(), floor);
			assigned += floor;
		}
		final List<String> byRemainder = new ArrayList<>(strata.keySet());
		byRemainder.sort(Comparator.comparingDouble((String k) -> -(fraction * strata.get(k).size() - counts.get(k)))
			.thenComparing(k -> k));
		for (int i = 0; i < Math.round(fraction * items.size()) - assigned; i++) {
			counts.merge(byRemainder.get(i % byRemainder.size()), 1, Integer::sum);
		}
		final Set<String> chosen = new HashSet<>();
		for (final Map.Entry<String, List<Item>> stratum : strata.entrySet()) {
			final List<Item> byHash = new ArrayList<>(stratum.getValue());
			byHash.sort(Comparator.comparingDouble((Item i) -> unit(seed + ":" + i.name())).thenComparing(Item::name));
			for (final Item item : byHash.subList(0, counts.get(stratum.getKey()))) chosen.add(item.name());
		}
		final List<Item> out = new ArrayList<>();
		for (final Item item : items) if (chosen.contains(item.name()) == taken) out.add(item);
		return new MeibographySet(description + (taken ? ", " : ", minus ") + Math.round(fraction * 100) +
			"% stratified by meiboscore and side (seed " + seed + ")", List.copyOf(out));
	}

	/** The items whose hash falls below {@code fraction} (taken) or not (the rest). */
	public MeibographySet split(final double fraction, final long seed, final boolean taken) {
		final List<Item> out = new ArrayList<>();
		for (final Item item : items) if ((unit(seed + ":" + item.name()) < fraction) == taken) out.add(item);
		return new MeibographySet(
			description + (taken ? ", " : ", minus ") + Math.round(fraction * 100) + "% (seed " + seed + ")",
			List.copyOf(out));
	}

	/** A 0/255 mask file as booleans (foreground: green channel ≥ 128). */
	public static boolean[] readMask(final Path file) {
		final ImageDecoding.Rgb rgb = ImageDecoding.read(file);
		final boolean[] m = new boolean[rgb.width() * rgb.height()];
		for (int i = 0; i < m.length; i++) m[i] = isForeground(rgb.pixels()[i]);
		return m;
	}

	static boolean isForeground(final int rgb) {
		return ((rgb >> 8) & 0xff) >= 128;
	}

	public int size() {
		return items.size();
	}

	static double unit(final String key) {
		try {
			final byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			long v = 0;
			for (int i = 0; i < 7; i++) v = (v << 8) | (h[i] & 0xff);
			return v / (double) (1L << 56);
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Map<String, Path> byBaseName(final Path folder) {
		final Map<String, Path> map = new HashMap<>();
		try (Stream<Path> files = Files.list(folder)) {
			files.filter(Files::isRegularFile).forEach(p -> map.put(baseName(p.getFileName().toString()), p));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + folder + ": " + e.getMessage(), e);
		}
		return map;
	}

	private static Map<String, Integer> readScores(final Path folder) {
		final Map<String, Integer> scores = new HashMap<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (final Path csv : files
				.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).toList())
			{
				final List<String> lines = Files.readAllLines(csv);
				if (lines.isEmpty() ||
					!lines.get(0).toLowerCase(Locale.ROOT).replace(" ", "").startsWith("image,meiboscore")) continue;
				for (final String line : lines.subList(1, lines.size())) {
					final String[] f = line.split(",");
					if (f.length >= 2 && !f[1].isBlank())
						scores.put(baseName(f[0].trim()), Integer.parseInt(f[1].trim()));
				}
			}
		}
		catch (final IOException | NumberFormatException e) {
			throw new MedXaiException("Cannot read the meiboscore table in " + folder + ": " + e.getMessage(), e);
		}
		return scores;
	}
}
