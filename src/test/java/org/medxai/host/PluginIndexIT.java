package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import com.google.gson.JsonObject;
import com.google.gson.JsonStreamParser;

import org.junit.jupiter.api.Test;
import org.medxai.TestPaths;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.Service;

/** The SciJava plugin index and plugins.config inside the built jar. */
class PluginIndexIT {

	/** Leaf labels of core Fiji / ImageJ commands a plugin must never reuse. */
	private static final Set<String> CORE_LABELS = Set.of("Classify", "Classify...", "Segment", "Train", "Evaluate",
		"Explain", "Analyze", "Analyze Particles...", "Measure", "Threshold...", "Auto Threshold", "Info",
		"Show Info...", "Engine", "Device", "Batch", "Open", "Open...", "Save", "Label", "Labels...", "Cluster",
		"Histogram", "Plot", "Properties...", "About", "Run...", "Options", "Settings", "Process", "Convert...");

	private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

	static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter(p -> p.getFileName().toString().matches("medxai-.*(?<!sources)(?<!tests)\\.jar"))
				.findFirst().orElseThrow();
		}
	}

	static List<JsonObject> index() throws IOException {
		try (ZipFile zip = new ZipFile(jar().toFile())) {
			final var entry = zip.getEntry("META-INF/json/org.scijava.plugin.Plugin");
			assertNotNull(entry, "no SciJava plugin index in the jar: Fiji would show no menu entry");
			final String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
			final List<JsonObject> plugins = new ArrayList<>();
			new JsonStreamParser(text).forEachRemaining(e -> plugins.add(e.getAsJsonObject()));
			return plugins;
		}
	}

	/** The index's commands (it also lists the Java-version service, JavaVersionCheck). */
	static List<JsonObject> commands() throws IOException {
		return index().stream()
			.filter(p -> Command.class.getName().equals(p.getAsJsonObject("values").get("type").getAsString()))
			.toList();
	}

	@Test
	void theJarsIndexListsTheJava8VersionCheckAsAService() throws Exception {
		assertTrue(
			index().stream().anyMatch(p -> p.get("class").getAsString().equals("org.medxai.java8.JavaVersionCheck") &&
				p.getAsJsonObject("values").get("type").getAsString().equals("org.scijava.service.Service")));
	}

	@Test
	void everyCommandSitsUnderMedXaiWithAUniqueSpecificLabel() throws Exception {
		final Set<String> leaves = new HashSet<>();
		int commands = 0;
		for (final JsonObject plugin : index()) {
			final JsonObject values = plugin.getAsJsonObject("values");
			if (!Command.class.getName().equals(values.get("type").getAsString())) continue;
			commands++;
			final String menu = values.get("menuPath").getAsString();
			assertTrue(menu.startsWith("Plugins>MedXAI>"), menu);
			final String leaf = menu.substring(menu.lastIndexOf('>') + 1);
			assertTrue(leaves.add(leaf), "duplicate label " + leaf);
			assertFalse(CORE_LABELS.contains(leaf), "generic label " + leaf);
			assertTrue(leaf.split(" ").length >= 3, "label too generic: " + leaf);
			assertTrue(values.get("headless").getAsBoolean(), menu + " must run headless");
			final Class<?> type = Class.forName(plugin.get("class").getAsString());
			for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
				for (final Field field : c.getDeclaredFields()) {
					if (field.getAnnotation(Parameter.class) == null) continue;
					if (Service.class.isAssignableFrom(field.getType()) ||
						Context.class.isAssignableFrom(field.getType())) continue;
					assertTrue(SNAKE.matcher(field.getName()).matches(),
						type.getSimpleName() + "." + field.getName() + " is not snake_case");
				}
			}
		}
		assertTrue(commands >= 3, "commands found: " + commands);
	}

	@Test
	void pluginsConfigMirrorsTheSciJavaMenu() throws Exception {
		final Map<String, String> sciJava = new HashMap<>();
		for (final JsonObject plugin : commands()) {
			final String menu = plugin.getAsJsonObject("values").get("menuPath").getAsString();
			sciJava.put(plugin.get("class").getAsString(), menu);
		}
		final String config;
		try (ZipFile zip = new ZipFile(jar().toFile())) {
			config = new String(zip.getInputStream(zip.getEntry("plugins.config")).readAllBytes(),
				StandardCharsets.UTF_8);
		}
		final Pattern line = Pattern.compile(
			"^(Plugins>MedXAI[^,]*), \"([^\"]+)\", org\\.medxai\\.ij1\\.CommandBridge\\(\"([^\"]+)\"\\)$",
			Pattern.MULTILINE);
		final Matcher m = line.matcher(config);
		int entries = 0;
		while (m.find()) {
			entries++;
			final String menu = sciJava.get(m.group(3));
			assertNotNull(menu, m.group(3) + " is not a SciJava command");
			assertEquals(menu, m.group(1) + ">" + m.group(2));
		}
		assertEquals(sciJava.size(), entries, "every command needs one plugins.config entry");
		assertTrue(
			Files.exists(Path.of(System.getProperty("medxai.imagej.dir", "target/imagej"), "plugins", "MedXAI_.jar")),
			"ImageJ 1.x needs '_' in the jar name");
	}

	/** Menu labels and macro keys users' macros rely on: frozen before the skeleton refactoring (issue 15). */
	@Test
	void everyFormerMenuLabelAndMacroKeyStillHolds() throws Exception {
		final Map<String, String> menus = new HashMap<>();
		for (final JsonObject plugin : commands()) {
			menus.put(plugin.get("class").getAsString(),
				plugin.getAsJsonObject("values").get("menuPath").getAsString());
		}
		final Path frozen = TestPaths.project().resolve("src/test/resources/command-surface");
		final List<String> problems = new ArrayList<>();
		for (final String line : Files.readAllLines(frozen.resolve("commands.frozen"))) {
			if (line.startsWith("#") || line.isBlank()) continue;
			final String[] parts = line.split(" \\| ", -1);
			final String menu = parts[0], className = parts[1];
			if (!parts[0].equals(menus.get(className))) {
				problems.add(className + ": menu " + menus.get(className) + ", was " + menu);
				continue;
			}
			final Set<String> keys = inputKeys(Class.forName(className));
			for (final String key : parts[2].trim().split(" ")) {
				if (!key.isEmpty() && !keys.contains(key)) problems.add(className + ": macro key " + key + " is gone");
			}
		}
		final String config;
		try (ZipFile zip = new ZipFile(jar().toFile())) {
			config = new String(zip.getInputStream(zip.getEntry("plugins.config")).readAllBytes(),
				StandardCharsets.UTF_8);
		}
		final Set<String> entries = new HashSet<>(config.lines().toList());
		for (final String line : Files.readAllLines(frozen.resolve("plugins.config.frozen"))) {
			if (line.startsWith("Plugins>") && !entries.contains(line)) problems.add("plugins.config lost: " + line);
		}
		assertTrue(problems.isEmpty(), String.join("\n", problems));
	}

	private static Set<String> inputKeys(final Class<?> command) {
		assertNotNull(command.getAnnotation(Plugin.class), command.getName());
		final Set<String> keys = new HashSet<>();
		for (Class<?> c = command; c != null && c != Object.class; c = c.getSuperclass()) {
			for (final Field field : c.getDeclaredFields()) {
				final Parameter parameter = field.getAnnotation(Parameter.class);
				if (parameter == null || parameter.type() == ItemIO.OUTPUT) continue;
				if (Service.class.isAssignableFrom(field.getType()) ||
					Context.class.isAssignableFrom(field.getType()))
				{
					continue;
				}
				keys.add(field.getName());
			}
		}
		return keys;
	}
}
