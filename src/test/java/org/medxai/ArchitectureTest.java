package org.medxai;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering of docs/ARCHITECTURE.md is the layering of the code: every import of one MedXAI package from another is
 * an allowed edge below, and only the hosts reach SciJava or ImageJ's user interface.
 */
class ArchitectureTest {

	private static final String ROOT = "(root)";

	/** Each package and the MedXAI packages it may import (besides itself). */
	static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
		// the root: the user-facing exception and the progress/cancel callback
		Map.entry(ROOT, Set.of()),
		// shared layers
		Map.entry("io", Set.of(ROOT)), Map.entry("math", Set.of(ROOT)), Map.entry("metrics", Set.of(ROOT, "math")),
		Map.entry("cluster", Set.of(ROOT, "math")), Map.entry("attention", Set.of(ROOT)),
		Map.entry("image", Set.of(ROOT, "io", "math")), Map.entry("engine", Set.of(ROOT, "io", "math", "image")),
		Map.entry("batch", Set.of(ROOT, "io", "image")),
		// domains: each on the shared layers; the training loop and its classifier task evaluate with classify;
		// meibography trains with the loop and grades with the tabular logistic model
		Map.entry("classify", Set.of(ROOT, "io", "math", "metrics", "image", "engine", "batch")),
		Map.entry("training", Set.of(ROOT, "io", "math", "metrics", "image", "engine", "classify")),
		Map.entry("cam", Set.of(ROOT, "io", "math", "metrics", "image", "engine", "batch")),
		Map.entry("labelling", Set.of(ROOT, "io", "math", "metrics", "cluster", "image", "training")),
		Map.entry("meibo", Set.of(ROOT, "io", "math", "metrics", "image", "engine", "batch", "training", "tabular")),
		Map.entry("tabular", Set.of(ROOT, "io", "math", "metrics")),
		Map.entry("video", Set.of(ROOT, "io", "math", "metrics", "cluster", "image", "engine", "batch")),
		// domain user interface (Swing, no ImageJ)
		Map.entry("videomodel",
			Set.of(ROOT, "io", "math", "metrics", "image", "engine", "batch", "attention", "training", "video")),
		Map.entry("ui", Set.of(ROOT, "io", "math", "tabular", "video")),
		// the demo's HTML report draws what the folder commands wrote
		Map.entry("report", Set.of(ROOT, "io", "image", "cam")),
		// hosts
		Map.entry("ij1",
			Set.of(ROOT, "io", "math", "metrics", "image", "engine", "batch", "classify", "cam", "meibo", "tabular",
				"ui", "video", "videomodel", "report")),
		Map.entry("commands",
			Set.of(ROOT, "io", "math", "metrics", "cluster", "image", "engine", "batch", "training", "classify", "cam",
				"labelling", "meibo", "tabular", "ui", "video", "videomodel", "attention", "ij1", "install")),
		Map.entry("launcher", Set.of()),
		// distribution: the update site, named by the updater's own rules (SciJava's file-name version stripping)
		Map.entry("install", Set.of(ROOT, "io")));

	private static final Set<String> HOSTS = Set.of("commands", "ij1", "launcher", "install");

	private static final Pattern MEDXAI_IMPORT = Pattern
		.compile("^import (?:static )?org\\.medxai\\.(?:([a-z0-9]+)\\.)?[A-Z]", Pattern.MULTILINE);

	private static final Pattern HOST_IMPORT = Pattern
		.compile("^import (static )?(org\\.scijava\\.|ij\\.IJ;|ij\\.ImagePlus;|ij\\.WindowManager|ij\\.gui\\." +
			"|ij\\.Macro;|ij\\.plugin\\.frame\\.)", Pattern.MULTILINE);

	private static Path main() {
		return TestPaths.project().resolve("src/main/java/org/medxai");
	}

	private static List<Path> sources() throws IOException {
		try (Stream<Path> files = Files.walk(main())) {
			return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
		}
	}

	private static String packageOf(final Path file) {
		final String relative = main().relativize(file.getParent()).toString();
		return relative.isEmpty() ? ROOT : relative.replace('/', '.');
	}

	@Test
	void everyPackageImportsOnlyTheLayersItMay() throws IOException {
		final Set<String> problems = new TreeSet<>();
		for (final Path file : sources()) {
			final String pkg = packageOf(file);
			final Set<String> allowed = ALLOWED.get(pkg);
			if (allowed == null) {
				problems.add(pkg + ": a package the layering does not list (add it to ArchitectureTest and " +
					"docs/ARCHITECTURE.md)");
				continue;
			}
			final Matcher m = MEDXAI_IMPORT.matcher(Files.readString(file));
			while (m.find()) {
				final String target = m.group(1) == null ? ROOT : m.group(1);
				if (!target.equals(pkg) && !allowed.contains(target)) {
					problems.add(main().relativize(file) + " imports " + target);
				}
			}
		}
		assertTrue(problems.isEmpty(), "edges the layering does not allow:\n" + String.join("\n", problems));
	}

	@Test
	void onlyTheHostsTouchSciJavaAndImageJsUserInterface() throws IOException {
		final List<String> offenders = new ArrayList<>();
		for (final Path file : sources()) {
			if (HOSTS.contains(packageOf(file))) continue;
			if (HOST_IMPORT.matcher(Files.readString(file)).find()) offenders.add(main().relativize(file).toString());
		}
		assertTrue(offenders.isEmpty(), "host imports in domain code: " + offenders);
	}

	/** Classes are named by import; a name stays qualified only where two imported classes share it. */
	@Test
	void mainCodeNamesClassesByImportNotInline() throws IOException {
		final Pattern inline = Pattern
			.compile("(?<![\\w.\"])((?:java|javax|org|ai|ij|smile|net|com)\\.(?:[a-z][a-z0-9]*\\.)+)([A-Z]\\w*)");
		final Pattern imported = Pattern.compile("^import ([\\w.]+)\\.([A-Z]\\w*);", Pattern.MULTILINE);
		final List<String> offenders = new ArrayList<>();
		for (final Path file : sources()) {
			final String text = Files.readString(file);
			final Map<String, String> imports = new HashMap<>();
			final Matcher i = imported.matcher(text);
			while (i.find()) imports.put(i.group(2), i.group(1) + "." + i.group(2));
			int number = 0;
			for (final String line : text.split("\n")) {
				number++;
				final String code = line.trim();
				if (code.startsWith("import ") || code.startsWith("package ") || code.startsWith("*") ||
					code.startsWith("//") || code.startsWith("/*")) continue;
				final Matcher m = inline.matcher(code.replaceAll("\"([^\"\\\\]|\\\\.)*\"", "\"\""));
				while (m.find()) {
					final String full = m.group(1) + m.group(2);
					final String clash = imports.get(m.group(2));
					if (clash == null || clash.equals(full))
						offenders.add(main().relativize(file) + ":" + number + ": " + code);
				}
			}
		}
		assertTrue(offenders.isEmpty(), "inline fully qualified names:\n" + String.join("\n", offenders));
	}
}
