package org.medxai.meibo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.fixtures.MeibographyDemoTrainer;

/** Sets read from several folders (two resolutions of one data set) and split by grade and lid side. */
class MeibographySetTest {

	@TempDir
	Path temp;

	/** A second folder of lids whose names start with {@code prefix}, graded only in the first folder's table. */
	private Path renamedSet(final String folder, final int count, final long seed, final String prefix)
		throws IOException
	{
		final Path set = temp.resolve(folder);
		MeibographyDemoTrainer.writeSet(set, count, seed);
		final List<String> grades = Files.readAllLines(set.resolve("meiboscores.csv"));
		Files.delete(set.resolve("meiboscores.csv"));
		for (final String sub : List.of("images", "eyelid_masks", "gland_masks")) {
			try (Stream<Path> files = Files.list(set.resolve(sub))) {
				for (final Path file : files.toList())
					Files.move(file, file.resolveSibling(prefix + file.getFileName()));
			}
		}
		final StringBuilder moved = new StringBuilder();
		for (final String line : grades.subList(1, grades.size())) moved.append(prefix).append(line).append('\n');
		Files.writeString(temp.resolve(folder + "-grades.txt"), moved);
		return set;
	}

	@Test
	void severalFoldersFormOneSetGradedByAnyFoldersTableAndANameTwiceIsRefused() throws IOException {
		final Path a = temp.resolve("full");
		MeibographyDemoTrainer.writeSet(a, 6, 11);
		final Path b = renamedSet("half", 4, 40, "half_");
		Files.writeString(a.resolve("meiboscores.csv"),
			Files.readString(a.resolve("meiboscores.csv")) + Files.readString(temp.resolve("half-grades.txt")));
		final MeibographySet both = MeibographySet.read(List.of(a, b));
		assertEquals(10, both.size());
		assertTrue(both.description().startsWith("full (6) + half (4), 10 images"), both.description());
		assertTrue(both.items().stream().allMatch(i -> i.meiboscore() >= 0), "every lid graded");
		final MedXaiException twice = assertThrows(MedXaiException.class, () -> MeibographySet.read(List.of(a, a)));
		assertTrue(twice.getMessage().contains("keep one copy"), twice.getMessage());
	}

	@Test
	void stratifiedSplitsKeepEveryGradeAndSideInProportionAndDoNotDependOnFileOrder() throws IOException {
		final Path a = temp.resolve("set");
		MeibographyDemoTrainer.writeSet(a, 40, 5);
		final MeibographySet all = MeibographySet.read(a);
		final MeibographySet held = all.splitStratified(0.25, 2026, true);
		final MeibographySet rest = all.splitStratified(0.25, 2026, false);
		assertEquals(all.size(), held.size() + rest.size());
		final Set<String> names = new HashSet<>();
		for (final MeibographySet.Item i : held.items()) names.add(i.name());
		for (final MeibographySet.Item i : rest.items()) assertTrue(names.add(i.name()), "in both parts: " + i.name());
		final Map<String, int[]> strata = new HashMap<>();
		for (final MeibographySet.Item i : all.items()) {
			strata.computeIfAbsent(i.meiboscore() + "/" + LidSide.of(i.name()), k -> new int[2])[0]++;
		}
		for (final MeibographySet.Item i : held.items()) strata.get(i.meiboscore() + "/" + LidSide.of(i.name()))[1]++;
		assertTrue(strata.size() >= 4, "the fixture has several strata: " + strata.keySet());
		for (final Map.Entry<String, int[]> s : strata.entrySet()) {
			final double share = 0.25 * s.getValue()[0];
			assertTrue(s.getValue()[1] == Math.floor(share) || s.getValue()[1] == Math.ceil(share),
				"stratum " + s.getKey() + ": " + s.getValue()[1] + " of " + s.getValue()[0]);
		}
		assertEquals(Math.round(0.25 * all.size()), held.size(), "the whole fraction");
		final MeibographySet few = new MeibographySet("one per stratum", all.items().subList(0, 7));
		assertEquals(Math.round(0.15 * 7), few.splitStratified(0.15, 1, true).size(), "small strata still add up");
		final List<MeibographySet.Item> reversed = new ArrayList<>(all.items());
		Collections.reverse(reversed);
		assertEquals(held.items().stream().map(MeibographySet.Item::name).sorted().toList(),
			new MeibographySet("reversed", reversed).splitStratified(0.25, 2026, true).items().stream()
				.map(MeibographySet.Item::name).sorted().toList());
		assertTrue(held.description().contains("stratified by meiboscore and side (seed 2026)"), held.description());
	}
}
